package pylambda_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/pylambda"
)

// An idempotent API function: pylambda creates the table Powertools
// expects (partition key "id", time to live on "expiration"), grants the
// four item actions, and sets IDEMPOTENCY_TABLE_NAME.
func ExampleIdempotencyOptions() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
	fn := pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{
		Entry:       "lambda/orders",
		Invocation:  pylambda.Synchronous,
		Idempotency: &pylambda.IdempotencyOptions{},
	})
	fn.IdempotencyTable().MetricConsumedWriteCapacityUnits(nil)
}

// A worker that consumes a queue and a stream in batches, reporting failed
// items. The queue's visibility timeout is six times the function's
// timeout (10 s), and its dead-letter queue takes what keeps failing;
// stream records that exhaust their retries go to a queue pylambda
// creates. Without asynchronous failure handling, the function is an
// EventSourceMapping function: no dead-letter queue of its own.
func ExampleSQSBatch() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
	failed := awssqs.NewQueue(stack, jsii.String("JobsDLQ"), nil)
	jobs := awssqs.NewQueue(stack, jsii.String("Jobs"), &awssqs.QueueProps{
		VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(60)),
		DeadLetterQueue:   &awssqs.DeadLetterQueue{Queue: failed, MaxReceiveCount: jsii.Number(5)},
	})
	events := awskinesis.NewStream(stack, jsii.String("Events"), nil)

	pylambda.NewFunction(stack, "Worker", &pylambda.FunctionProps{
		Entry:   "lambda/orders",
		Handler: "worker.handler",
		Batch: []pylambda.BatchSource{
			pylambda.SQSBatch(jobs, &pylambda.SQSBatchOptions{BatchSize: 100, MaxBatchingWindowSeconds: 5}),
			pylambda.KinesisBatch(events, nil),
		},
	})
}

// Read access to what the Parameters utility fetches, and feature flags
// from feature_flags.json beside the handler, deployed through AppConfig.
func ExampleParametersOptions() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
	apiKey := awssecretsmanager.Secret_FromSecretNameV2(stack, jsii.String("ApiKey"), jsii.String("orders/api-key"))

	pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{
		Entry:      "lambda/orders",
		Invocation: pylambda.Synchronous,
		Parameters: &pylambda.ParametersOptions{
			SSMParameters: []string{"/orders/api-url", "/orders/config/"}, // a name, and a path
			Secrets:       []awssecretsmanager.ISecret{apiKey},
		},
		FeatureFlags: &pylambda.FeatureFlagsOptions{}, // lambda/orders/feature_flags.json
	})
}
