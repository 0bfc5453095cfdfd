package pylambda

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/stackinfo"
)

// readerProviderID is the id, under the parent stack, of the custom-resource
// provider that the CDK's experimental EdgeFunction adds to read a version's
// ARN across regions. Its role and handler are raw CfnResources: cdk-nag does
// not check them.
const readerProviderID = "Custom::CrossRegionStringParameterReaderCustomResourceProvider"

var hardened sync.Map // *stackinfo.Info -> true

// hardenReader gives the parent stack's cross-region reader the standards of
// pylambda's own functions, through the escape hatches of its raw resources
// rather than a fork of the CDK's construct: its role loses the managed
// AWSLambdaBasicExecutionRole (logs:CreateLogGroup and writes to every log
// group) for a policy that writes to its own log group only, and its handler
// logs to a group with a retention (the CDK's writes to one that never
// expires). Once per parent stack.
func hardenReader(info *stackinfo.Info, logs LogOptions) {
	if _, done := hardened.LoadOrStore(info, true); done {
		return
	}
	provider := info.Stack.Node().TryFindChild(jsii.String(readerProviderID))
	if provider == nil {
		return
	}
	role, okRole := provider.Node().TryFindChild(jsii.String("Role")).(awscdk.CfnResource)
	handler, okHandler := provider.Node().TryFindChild(jsii.String("Handler")).(awscdk.CfnResource)
	if !okRole || !okHandler {
		return
	}
	scope := provider.(constructs.Construct)
	group := awslogs.NewLogGroup(scope, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention:     logs.Retention,
		RemovalPolicy: logs.RemovalPolicy,
	})
	policy := awsiam.NewCfnPolicy(scope, jsii.String("LogsPolicy"), &awsiam.CfnPolicyProps{
		PolicyName: jsii.String("Logs"),
		Roles:      jsii.Strings(*role.Ref()),
		PolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Effect":   "Allow",
				"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
				"Resource": group.LogGroupArn(),
			}},
		},
	})
	role.AddPropertyDeletionOverride(jsii.String("ManagedPolicyArns"))
	handler.AddPropertyOverride(jsii.String("LoggingConfig"), map[string]any{"LogGroup": group.LogGroupName()})
	handler.Node().AddDependency(policy, group)
}
