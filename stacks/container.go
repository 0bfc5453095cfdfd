package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
)

// ContainerStack is the container-image example: a Python 3.11 function
// built from the image pylambda generates, with a newer boto3 than the
// runtime's.
type ContainerStack struct {
	awscdk.Stack
	Reports pylambda.Function
}

// Boto3Release is the SDK release the example's image installs over the
// runtime's own.
const Boto3Release = "1.35.0"

// NewContainerStack builds the example. code is the folder of the handler.
func NewContainerStack(scope constructs.Construct, id, code string, props *awscdk.StackProps) ContainerStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	reports := pylambda.NewContainerFunction(stack, "Reports", &pylambda.ContainerFunctionProps{
		FunctionProps: pylambda.FunctionProps{
			Entry:      code,
			Powertools: powertools.Config{ServiceName: "reports", MetricsNamespace: "PylambdaExample"},
			FunctionOptions: awslambda.FunctionOptions{
				Description: jsii.String("Reports from a container image (pylambda example)"),
				MemorySize:  jsii.Number(512),
			},
		},
		Boto3: Boto3Release,
	})
	return ContainerStack{Stack: stack, Reports: reports}
}
