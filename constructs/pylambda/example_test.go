package pylambda_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
)

// A Python 3.11 function with the Powertools layer and pylambda's defaults
// (arm64, 256 MB, 10 s, X-Ray, JSON logs into a log group kept 90 days, its
// own least-privilege role, a dead-letter queue). The result is an
// awslambda.Function: grant it access and integrate it like any other.
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
}
