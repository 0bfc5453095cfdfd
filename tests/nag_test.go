//lint:file-ignore SA1019 the assertions API returns cxapi.SynthesisMessage; its replacement has no Go binding

package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/cdktest"
)

// TestNagClean requires every example stack to pass the AwsSolutions and
// Serverless packs: each finding is either fixed or suppressed on the exact
// resource with a reason.
func TestNagClean(t *testing.T) {
	for name, stack := range allStacks(exampleApp(t)) {
		t.Run(name, func(t *testing.T) {
			cdktest.Run(t, func() {
				anns := assertions.Annotations_FromStack(stack)
				pattern := assertions.Match_StringLikeRegexp(jsii.String(`(AwsSolutions|Serverless)-`))
				report(t, "error", anns.FindError(jsii.String("*"), pattern))
				report(t, "warning", anns.FindWarning(jsii.String("*"), pattern))
			})
		})
	}
}

func report(t *testing.T, level string, msgs *[]*cxapi.SynthesisMessage) {
	t.Helper()
	for _, m := range *msgs {
		line, _, _ := strings.Cut(fmt.Sprint(m.Entry.Data), "\n")
		t.Errorf("cdk-nag %s at %s: %s", level, *m.Id, line)
	}
}
