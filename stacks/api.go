package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// NewAPIStack is the HTTP API example: a Python 3.11 function behind API Gateway.
// code is the folder of the orders handler.
func NewAPIStack(scope constructs.Construct, id, code string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	awslambda.NewFunction(stack, jsii.String("Orders"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_PYTHON_3_11(),
		Handler: jsii.String("app.handler"),
		Code:    awslambda.Code_FromAsset(jsii.String(code), nil),
	})
	return stack
}
