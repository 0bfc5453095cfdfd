package tests

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/cdktest"
)

// With the built-in CloudFormation validation off (as in every unit test),
// validations that constructs add with node.AddValidation must still fail
// synthesis: the library's checks that need the finished tree rely on it.
func TestConstructValidationRunsWithBuiltinValidationOff(t *testing.T) {
	app := cdktest.NewApp(t)
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	awscdk.NewCfnWaitConditionHandle(stack, jsii.String("Handle"), nil)
	stack.Node().AddValidation(&failingValidation{msg: "the tree is incomplete"})

	msg, panicked := cdktest.Panic(func() { app.Synth(nil) })
	if !panicked {
		t.Fatal("synth succeeded, want it to fail on the construct validation")
	}
	if !strings.Contains(msg, "the tree is incomplete") {
		t.Fatalf("synth failed with %q, want the construct validation's message", msg)
	}
}

type failingValidation struct{ msg string }

func (v *failingValidation) Validate() *[]*string { return &[]*string{jsii.String(v.msg)} }

// A failed CDK assertion is a panic; cdktest.Panic reports it as a value, so
// that one failing assertion cannot abort the rest of the binary.
func TestFailedAssertionIsRecovered(t *testing.T) {
	app := cdktest.NewApp(t)
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	awscdk.NewCfnWaitConditionHandle(stack, jsii.String("Handle"), nil)
	tmpl := assertions.Template_FromStack(stack, nil)

	msg, panicked := cdktest.Panic(func() { tmpl.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1)) })
	if !panicked || !strings.Contains(msg, "AWS::SQS::Queue") {
		t.Fatalf("Panic() = %q, %v; want the assertion's failure", msg, panicked)
	}
	// The kernel still answers after the failure.
	cdktest.Run(t, func() { tmpl.ResourceCountIs(jsii.String("AWS::CloudFormation::WaitConditionHandle"), jsii.Number(1)) })
}
