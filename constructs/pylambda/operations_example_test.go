package pylambda_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/pylambda"
)

// A function that tells its team when it fails and ships each new version
// to a tenth of its callers first: alarms on errors, throttles, duration
// and its dead-letter queue notify the stack's encrypted alarm topic;
// CodeDeploy shifts the live alias (InvokeTarget) to a new version in two
// steps and rolls it back when the new version's errors or duration ring.
// A dashboard shows it.
func ExampleNewDashboard() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})

	orders := pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{
		Entry:      "lambda/orders",
		Invocation: pylambda.Synchronous,
		Alarms:     &pylambda.AlarmOptions{},
		Deployment: &pylambda.DeploymentOptions{
			Shift:                  pylambda.Canary(10, 5),
			ProvisionedConcurrency: 2,
			Autoscaling:            &pylambda.ConcurrencyAutoscaling{MaxCapacity: 10},
		},
	})
	orders.AlarmTopic().AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String("oncall@example.com"), nil))
	pylambda.NewDashboard(stack, "Operations", &pylambda.DashboardProps{
		Functions: []pylambda.Function{orders},
	})
	_ = orders.InvokeTarget() // the live alias: give it to API Gateway, event sources, callers
}

// A site in eu-west-1 whose team hears when its Lambda@Edge function fails:
// the alarms go to the us-east-1 stack "SiteEdgeAlarms", where CloudFront
// publishes the distribution's metrics, and notify its encrypted topic.
func ExampleNewEdgeAlarms() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Site"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})

	rewrite := pylambda.NewEdgeFunction(stack, "UrlRewrite", &pylambda.EdgeFunctionProps{
		EventType: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST,
		Entry:     "lambda/edge/url_rewrite",
	})
	dist := awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:      awscloudfrontorigins.NewHttpOrigin(jsii.String("origin.example.com"), nil),
			EdgeLambdas: &[]*awscloudfront.EdgeLambda{rewrite.EdgeLambda()},
		},
	})
	alarms := pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist})
	alarms.AlarmTopic().AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String("oncall@example.com"), nil))
}
