// Package nagpacks applies the cdk-nag rule packs that pylambda promises to
// pass (AwsSolutions and Serverless). Only cmd/app and the tests import it:
// the library writes its suppressions as metadata and links no cdk-nag.
package nagpacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// Apply adds both packs to scope (an app or a stack). Their findings are
// annotations, shown with the rule's explanation: `cdk synth` fails on any
// error-level one that is not suppressed; the tests fail on warnings too.
func Apply(scope constructs.IConstruct) {
	props := &cdknag.NagPackProps{Verbose: jsii.Bool(true)}
	awscdk.Aspects_Of(scope).Add(cdknag.NewAwsSolutionsChecks(props), nil)
	awscdk.Aspects_Of(scope).Add(cdknag.NewServerlessChecks(props), nil)
}
