//lint:file-ignore SA1019 the assertions API returns cxapi.SynthesisMessage; its replacement has no Go binding

package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
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

// Every default shape of a function passes both packs, warnings included:
// each kind of invocation, an on-failure destination, and the edge.
func TestNagCleanShapes(t *testing.T) {
	shapes := map[string]func(stack awscdk.Stack){
		"asynchronous": func(stack awscdk.Stack) {
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler})
		},
		"synchronous": func(stack awscdk.Stack) {
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous})
		},
		"event source mapping": func(stack awscdk.Stack) {
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.EventSourceMapping})
		},
		"on-failure destination": func(stack awscdk.Stack) {
			// The destination is the caller's: encrypted, TLS only, and itself
			// the last stop of failed events.
			failures := awssqs.NewQueue(stack, jsii.String("Failures"), &awssqs.QueueProps{
				Encryption: awssqs.QueueEncryption_SQS_MANAGED, EnforceSSL: jsii.Bool(true)})
			nag.Suppress(failures,
				nag.Suppression{ID: nag.SQSDeadLetterQueue, Reason: "the on-failure destination of Fn"},
				nag.Suppression{ID: nag.ServerlessSQSRedrivePolicy, Reason: "the on-failure destination of Fn"})
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler,
				FunctionOptions: awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(failures)}})
		},
		"edge viewer": func(stack awscdk.Stack) {
			pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler))
		},
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			app := awscdk.Stage_Of(stack)
			cdktest.Run(t, func() {
				shape(stack)
				nagpacks.Apply(app)
				app.Synth(nil)
			})
			for _, s := range *app.Node().Children() {
				s, ok := s.(awscdk.Stack)
				if !ok {
					continue
				}
				cdktest.Run(t, func() {
					anns := assertions.Annotations_FromStack(s)
					pattern := assertions.Match_StringLikeRegexp(jsii.String(`(AwsSolutions|Serverless)-`))
					report(t, "error", anns.FindError(jsii.String("*"), pattern))
					report(t, "warning", anns.FindWarning(jsii.String("*"), pattern))
				})
			}
		})
	}
}
