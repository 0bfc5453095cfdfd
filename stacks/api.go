package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
)

// APIStack is the HTTP API example: API Gateway v2 in front of a Python 3.11
// Powertools function.
type APIStack struct {
	awscdk.Stack
	Orders    pylambda.Function
	API       awsapigatewayv2.HttpApi
	Dashboard awscloudwatch.Dashboard
	// OrderEvents is the queue of OrderCreated messages, which Fulfilment
	// consumes in batches.
	OrderEvents awssqs.Queue
	Fulfilment  pylambda.Function
}

// accessLogFormat is the JSON access log line of the API's stage.
var accessLogFormat = map[string]string{
	"requestId":      "$context.requestId",
	"ip":             "$context.identity.sourceIp",
	"requestTime":    "$context.requestTime",
	"httpMethod":     "$context.httpMethod",
	"routeKey":       "$context.routeKey",
	"status":         "$context.status",
	"protocol":       "$context.protocol",
	"responseLength": "$context.responseLength",
	"latency":        "$context.responseLatency",
	"integrationErr": "$context.integrationErrorMessage",
}

// NewAPIStack builds the example. code is the folder of the orders handler.
//
// Routes: GET /health (public: it reveals nothing), POST /orders and
// GET /orders/{id} (IAM-authorized: callers sign requests with SigV4).
func NewAPIStack(scope constructs.Construct, id, code string, props *awscdk.StackProps) APIStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	orders := pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{
		Entry: code,
		FunctionOptions: awslambda.FunctionOptions{
			Description: jsii.String("Orders API (pylambda example)"),
		},
		Powertools: powertools.Config{
			ServiceName:      "orders",
			MetricsNamespace: "PylambdaExample",
		},
		// API Gateway invokes it synchronously: errors go back to the caller.
		Invocation: pylambda.Synchronous,
		// POST /orders with an Idempotency-Key header is idempotent: its
		// records live in a table made as Powertools expects.
		Idempotency: &pylambda.IdempotencyOptions{},
		// The priority_processing flag of lambda/orders/feature_flags.json,
		// served by AppConfig.
		FeatureFlags: &pylambda.FeatureFlagsOptions{},
		// Failures, throttles and slow invocations notify the stack's alarm
		// topic (output AlarmTopicArn: subscribe the team to it).
		Alarms: &pylambda.AlarmOptions{},
		// Each new version takes 10% of the requests for 5 minutes, and is
		// rolled back if its errors or duration ring its rollback alarms.
		Deployment: &pylambda.DeploymentOptions{Shift: pylambda.Canary(10, 5)},
	})
	orderEvents, fulfilment := newFulfilment(stack, code)
	orders.AddEnvironment("ORDER_EVENTS_QUEUE_URL", orderEvents.QueueUrl())
	orderEvents.GrantSendMessages(orders)
	dashboard := pylambda.NewDashboard(stack, "Dashboard", &pylambda.DashboardProps{Functions: []pylambda.Function{orders, fulfilment}})

	api := awsapigatewayv2.NewHttpApi(stack, jsii.String("Api"), &awsapigatewayv2.HttpApiProps{
		Description:        jsii.String("Orders API (pylambda example)"),
		CreateDefaultStage: jsii.Bool(false),
	})
	stage := awsapigatewayv2.NewHttpStage(stack, jsii.String("DefaultStage"), &awsapigatewayv2.HttpStageProps{
		HttpApi:    api,
		StageName:  jsii.String("$default"),
		AutoDeploy: jsii.Bool(true),
		Throttle: &awsapigatewayv2.ThrottleSettings{
			RateLimit:  jsii.Number(50),
			BurstLimit: jsii.Number(100),
		},
	})
	accessLogs := awslogs.NewLogGroup(stack, jsii.String("AccessLogs"), &awslogs.LogGroupProps{
		Retention:     awslogs.RetentionDays_THREE_MONTHS,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	stage.Node().DefaultChild().(awsapigatewayv2.CfnStage).SetAccessLogSettings(&awsapigatewayv2.CfnStage_AccessLogSettingsProperty{
		DestinationArn: accessLogs.LogGroupArn(),
		Format:         awscdk.Stack_Of(stack).ToJsonString(accessLogFormat, nil),
	})

	integration := awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("Orders"), orders.InvokeTarget(), nil)
	iam := awsapigatewayv2authorizers.NewHttpIamAuthorizer()
	api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/orders"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_POST},
		Integration: integration,
		Authorizer:  iam,
	})
	api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/orders/{id}"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
		Integration: integration,
		Authorizer:  iam,
	})
	health := api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/health"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
		Integration: integration,
	})
	for _, route := range *health {
		nag.Suppress(route, nag.Suppression{ID: "AwsSolutions-APIG4",
			Reason: "GET /health is public by design: load balancers and uptime checks call it unsigned, and it returns only {\"status\": \"ok\"}"})
	}

	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{Value: api.ApiEndpoint()})
	awscdk.NewCfnOutput(stack, jsii.String("AlarmTopicArn"), &awscdk.CfnOutputProps{Value: orders.AlarmTopic().TopicArn()})
	return APIStack{Stack: stack, Orders: orders, API: api, Dashboard: dashboard, OrderEvents: orderEvents, Fulfilment: fulfilment}
}

// newFulfilment builds the queue the orders API announces orders to, and
// the worker that consumes it in batches (lambda/orders/worker.py): a failed
// message is retried alone and, after five receives, kept in the queue's
// dead-letter queue.
func newFulfilment(stack awscdk.Stack, code string) (awssqs.Queue, pylambda.Function) {
	dlq := awssqs.NewQueue(stack, jsii.String("OrderEventsDLQ"), &awssqs.QueueProps{
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
	})
	nag.Suppress(dlq,
		nag.Suppression{ID: nag.SQSDeadLetterQueue, Reason: "the dead-letter queue of OrderEvents, the end of the line for messages Fulfilment keeps failing"},
		nag.Suppression{ID: nag.ServerlessSQSRedrivePolicy, Reason: "the dead-letter queue of OrderEvents, the end of the line for messages Fulfilment keeps failing"})
	queue := awssqs.NewQueue(stack, jsii.String("OrderEvents"), &awssqs.QueueProps{
		Encryption: awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL: jsii.Bool(true),
		// Six times the worker's timeout (10 s), as AWS recommends.
		VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(60)),
		DeadLetterQueue:   &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)},
	})
	worker := pylambda.NewFunction(stack, "Fulfilment", &pylambda.FunctionProps{
		Entry:   code,
		Handler: "worker.handler",
		FunctionOptions: awslambda.FunctionOptions{
			Description: jsii.String("Fulfilment worker: routes created orders (pylambda example)"),
		},
		Powertools: powertools.Config{
			ServiceName:      "orders-worker",
			MetricsNamespace: "PylambdaExample",
		},
		// Read by an event source mapping, which reports failed messages
		// (Invocation is EventSourceMapping: no function dead-letter queue).
		Batch: []pylambda.BatchSource{pylambda.SQSBatch(queue, nil)},
		// With Batch, the alarms also watch how long messages wait in the
		// queue and its dead-letter queue.
		Alarms: &pylambda.AlarmOptions{},
	})
	return queue, worker
}
