package pylambda_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
)

// A Python 3.11 function with the Powertools layer and pylambda's defaults
// (arm64, 256 MB, 10 s, X-Ray, JSON logs into a log group kept 90 days, its
// own least-privilege role, a dead-letter queue). The result is the
// construct at scope/id: grant it access (it is an IGrantable), and pass
// its accessors to integrations and metrics.
func ExampleNewFunction() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
	table := awsdynamodb.NewTableV2(stack, jsii.String("Orders"), &awsdynamodb.TablePropsV2{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("id"), Type: awsdynamodb.AttributeType_STRING},
	})

	fn := pylambda.NewFunction(stack, "OrdersHandler", &pylambda.FunctionProps{
		Entry: "lambda/orders", // app.py with def handler(event, context)
		Powertools: powertools.Config{
			ServiceName:      "orders",
			MetricsNamespace: "Shop",
			LogLevel:         powertools.LogLevelInfo,
		},
		FunctionOptions: awslambda.FunctionOptions{
			Environment: &map[string]*string{"TABLE_NAME": table.TableName()},
		},
	})
	table.GrantReadWriteData(fn)
	fn.Lambda().MetricErrors(nil)
}

// A viewer-request function in front of a distribution, from a stack in
// eu-west-1: the function and its numbered version go to us-east-1.
func ExampleNewEdgeFunction() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Site"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
	bucket := awss3.NewBucket(stack, jsii.String("Content"), nil)

	rewrite := pylambda.NewEdgeFunction(stack, "UrlRewrite", &pylambda.EdgeFunctionProps{
		EventType: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST,
		Entry:     "lambda/edge/url_rewrite",
	})
	awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:      awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(bucket, nil),
			EdgeLambdas: &[]*awscloudfront.EdgeLambda{rewrite.EdgeLambda()},
		},
	})
}
