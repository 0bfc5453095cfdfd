package tests

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
)

// rejection is one input pylambda refuses at synth time, and what its error
// must say: the construct path, the property, the rule and the fix.
type rejection struct {
	region string // "" for an environment-agnostic stack
	props  func(stack awscdk.Stack) *pylambda.FunctionProps
	want   []string
}

func basic(mod func(p *pylambda.FunctionProps)) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(awscdk.Stack) *pylambda.FunctionProps {
		p := &pylambda.FunctionProps{Entry: basicHandler}
		mod(p)
		return p
	}
}

// handlerFile is a function whose folder holds one module with the given
// source, run by handler.
func handlerFile(name, source, handler string) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(awscdk.Stack) *pylambda.FunctionProps {
		dir, err := os.MkdirTemp("", "handler-")
		if err != nil {
			panic(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(source), 0o644); err != nil {
			panic(err)
		}
		return &pylambda.FunctionProps{Entry: dir, Handler: handler}
	}
}

func env(kv ...string) *map[string]*string {
	m := map[string]*string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = jsii.String(kv[i+1])
	}
	return &m
}

// functionRejections is the catalogue of inputs NewFunction rejects.
var functionRejections = map[string]rejection{
	"nil props": {"eu-west-1", func(awscdk.Stack) *pylambda.FunctionProps { return nil },
		[]string{"Entry: is required", "e.g. \"lambda/orders\""}},
	"missing entry folder": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Entry = "testdata/handlers/nope" }),
		[]string{"Entry: folder \"testdata/handlers/nope\" does not exist", "point it at the folder"}},
	"entry is a file": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Entry = basicHandler + "/app.py" }),
		[]string{"Entry:", "is a file, not a folder"}},
	"handler without function": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Handler = "app" }),
		[]string{"Handler: \"app\" is not of the form module.function", "\"app.handler\""}},
	"handler with a path": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Handler = "src/app.handler" }),
		[]string{"Handler: \"src/app.handler\" is not of the form module.function"}},
	"handler module missing": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Handler = "main.handler" }),
		[]string{"Handler: module \"main\" has no file main.py", "create it"}},
	"dotted handler module missing": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Handler = "pkg.other.main" }),
		[]string{"module \"pkg.other\" has no file pkg/other.py"}},
	"node runtime": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Runtime = awslambda.Runtime_NODEJS_22_X() }),
		[]string{"Runtime: nodejs22.x is not a Python runtime", "Runtime_PYTHON_3_11()"}},
	"python 3.10": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Runtime = awslambda.Runtime_PYTHON_3_10() }),
		[]string{"Runtime: python3.10 is not supported", "3.11, 3.12, 3.13, 3.14"}},
	"memory too small": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.MemorySize = jsii.Number(64) }),
		[]string{"MemorySize: 64 MB is outside Lambda's range", "default 256"}},
	"memory too large": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.MemorySize = jsii.Number(20480) }),
		[]string{"MemorySize: 20480 MB"}},
	"fractional memory": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.MemorySize = jsii.Number(256.5) }),
		[]string{"MemorySize: 256.5 MB", "whole number"}},
	"timeout too long": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Timeout = awscdk.Duration_Minutes(jsii.Number(20)) }),
		[]string{"Timeout: 1200 s is outside Lambda's range of whole seconds from 1 to 900"}},
	"timeout under a second": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Timeout = awscdk.Duration_Millis(jsii.Number(500)) }),
		[]string{"Timeout: 0.5 s is outside"}},
	"fractional timeout": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Timeout = awscdk.Duration_Millis(jsii.Number(1500)) }),
		[]string{"Timeout: 1.5 s is outside Lambda's range of whole seconds", "whole number of seconds"}},
	"environment over 4 KB with the Powertools settings": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Environment = env("BIG", strings.Repeat("x", 4050)) // fits alone, not with POWERTOOLS_*
	}), []string{"Environment: holds 41", "(Powertools and utility settings included)"}},
	"handler in an excluded folder": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Handler = "env.main.handler" }),
		[]string{"Handler: module \"env.main\" is in env/main.py, which the asset excludes leave out of the zip", "rename or move the module"}},
	"reserved environment variable": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Environment = env("AWS_REGION", "us-east-1") }),
		[]string{"Environment[AWS_REGION]: is reserved", "remove it"}},
	"environment over 4 KB": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Environment = env("BIG", strings.Repeat("x", 5000)) }),
		[]string{"Environment: holds 50", "more than Lambda's 4096", "SSM Parameter Store"}},
	"raw service name contradicts": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Environment = env("POWERTOOLS_SERVICE_NAME", "other")
	}), []string{"Environment[POWERTOOLS_SERVICE_NAME]: \"other\" contradicts the typed Powertools configuration, which gives fn", "set it through the Powertools configuration"}},
	"raw log level contradicts": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Powertools.LogLevel = powertools.LogLevelError
		p.Environment = env("POWERTOOLS_LOG_LEVEL", "DEBUG")
	}), []string{"Environment[POWERTOOLS_LOG_LEVEL]: \"DEBUG\" contradicts", "gives ERROR"}},
	"raw dev mode contradicts": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Environment = env("POWERTOOLS_DEV", "true") }),
		[]string{"Environment[POWERTOOLS_DEV]", "(unset: Powertools' default)"}},
	"blank service name": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Powertools.ServiceName = "   " }),
		[]string{"Powertools.ServiceName: must not be blank"}},
	"invalid log level": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Powertools.LogLevel = "info" }),
		[]string{"Powertools.LogLevel: \"info\" is not a Powertools log level", "DEBUG, INFO, WARNING, ERROR, CRITICAL"}},
	"sample rate above 1": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Powertools.SampleRate = jsii.Number(1.5) }),
		[]string{"Powertools.SampleRate: must be between 0 and 1, got 1.5"}},
	"negative sample rate": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Powertools.SampleRate = jsii.Number(-0.1) }),
		[]string{"Powertools.SampleRate: must be between 0 and 1, got -0.1"}},
	"sampling with JSON logs": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Powertools.SampleRate = jsii.Number(0.1)
		p.LoggingFormat = awslambda.LoggingFormat_JSON
	}), []string{"Powertools.SampleRate: samples DEBUG logs, which Lambda's JSON log filtering would drop", "remove LoggingFormat and ApplicationLogLevelV2"}},
	"sampling with a Lambda log level": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Powertools.SampleRate = jsii.Number(0.1)
		p.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel_DEBUG
	}), []string{"Powertools.SampleRate: samples DEBUG logs"}},
	"NaN sample rate": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { nan := math.NaN(); p.Powertools.SampleRate = &nan }),
		[]string{"Powertools.SampleRate: must be between 0 and 1, got NaN"}},
	"AWS namespace": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Powertools.MetricsNamespace = "AWS/Lambda" }),
		[]string{"Powertools.MetricsNamespace: \"AWS/Lambda\" starts with \"AWS/\"", "choose a namespace of your own"}},
	"negative parameters max age": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { n := -5; p.Powertools.ParametersMaxAge = &n }),
		[]string{"Powertools.ParametersMaxAge: must not be negative"}},
	"log levels disagree": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Powertools.LogLevel = powertools.LogLevelDebug
		p.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel_ERROR
	}), []string{"ApplicationLogLevelV2: ERROR disagrees with Powertools.LogLevel DEBUG", "set only Powertools.LogLevel"}},
	"log level with text logs": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.LoggingFormat = awslambda.LoggingFormat_TEXT
		p.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel_INFO
	}), []string{"ApplicationLogLevelV2: needs JSON logs"}},
	"retention with own log group": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Logs: pylambda.LogOptions{Retention: awslogs.RetentionDays_ONE_DAY},
			FunctionOptions: awslambda.FunctionOptions{LogGroup: awslogs.NewLogGroup(stack, jsii.String("Logs"), nil)}}
	}, []string{"Logs: applies only to the log group pylambda creates", "configure your log group itself"}},
	"deprecated log retention": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		//lint:ignore SA1019 the catalogue proves the deprecated option is refused
		p.LogRetention = awslogs.RetentionDays_ONE_DAY
	}), []string{"LogRetention: is deprecated in the CDK", "set Logs.Retention instead"}},
	"deprecated log removal policy": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		//lint:ignore SA1019 the catalogue proves the deprecated option is refused
		p.LogRemovalPolicy = awscdk.RemovalPolicy_DESTROY
	}), []string{"LogRemovalPolicy: is deprecated in the CDK", "set Logs.RemovalPolicy instead"}},
	"synchronous with a DLQ": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
			FunctionOptions: awslambda.FunctionOptions{DeadLetterQueue: awssqs.NewQueue(stack, jsii.String("Q"), nil)}}
	}, []string{"Invocation: pylambda.Synchronous has no asynchronous invocations", "remove the Invocation"}},
	"event-source consumer with an on-failure destination": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.EventSourceMapping,
			FunctionOptions: awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(awssqs.NewQueue(stack, jsii.String("Q"), nil))}}
	}, []string{"Invocation: pylambda.EventSourceMapping has no asynchronous invocations", "remove the Invocation"}},
	"unknown invocation": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Invocation = 7 }),
		[]string{"Invocation: Invocation(7) is not an invocation", "pylambda.Asynchronous"}},
	"negative layer version": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.Layer(-1) }),
		[]string{"PowertoolsDelivery: powertools.Layer(-1) is not a layer version", "powertools.Layer(27)"}},
	"bundled Powertools without bundling": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.PowertoolsDelivery = powertools.Bundled("")
		p.Bundling.Disabled = true
	}), []string{"PowertoolsDelivery: powertools.Bundled needs bundling", "remove Bundling.Disabled"}},
	"own Powertools layer": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		l := awslambda.LayerVersion_FromLayerVersionArn(stack, jsii.String("L"),
			jsii.String("arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:20"))
		return &pylambda.FunctionProps{Entry: basicHandler, FunctionOptions: awslambda.FunctionOptions{Layers: &[]awslambda.ILayerVersion{l}}}
	}, []string{"Layers: holds a Powertools layer", "PowertoolsDelivery: powertools.Layer(N)"}},
	"arm64 layer in ca-west-1": {"ca-west-1", basic(func(p *pylambda.FunctionProps) {}),
		[]string{"PowertoolsDelivery: powertools publishes no arm64 layer in ca-west-1", "Architecture_X86_64()"}},
	"region without layers": {"ap-east-2", basic(func(p *pylambda.FunctionProps) {}),
		[]string{"PowertoolsDelivery: powertools publishes no layer in ap-east-2", "powertools.Bundled(\"\")"}},
	"latest without the SSM parameter": {"me-central-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.LatestLayer() }),
		[]string{"PowertoolsDelivery: the public SSM parameter /aws/service/powertools/python/arm64/python3.11/latest does not exist in me-central-1", "pin a layer"}},
	"latest in China": {"cn-north-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.LatestLayer() }),
		[]string{"does not exist in cn-north-1"}},
	"old layer for Python 3.14": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Runtime = awslambda.Runtime_PYTHON_3_14()
		p.PowertoolsDelivery = powertools.Layer(20)
	}), []string{"PowertoolsDelivery: layer version 20 does not exist for Python 3.14; the first is 27", "use a later layer version"}},
	"layer newer than any published": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.Layer(40) }),
		[]string{"PowertoolsDelivery: layer version 40 is newer than any published in partition aws (the newest is 37)", "powertools.Release("}},
	"GovCloud layer past its newest": {"us-gov-west-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.Layer(30) }),
		[]string{"layer version 30 is newer than any published in partition aws-us-gov (the newest is 27)"}},
	"release that is not a number": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.Release("3.23") }),
		[]string{"PowertoolsDelivery: \"3.23\" is not a Powertools v3 release", "powertools.Release(\"3.23.0\")"}},
	"release older than the SSM parameters": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.Release("3.3.0") }),
		[]string{"PowertoolsDelivery: pylambda knows no layer version of Powertools 3.3.0", "/aws/service/powertools/python/arm64/python3.11/3.3.0 does not exist in eu-west-1", "powertools.Layer(N)"}},
	"new release in China": {"cn-north-1", basic(func(p *pylambda.FunctionProps) { p.PowertoolsDelivery = powertools.Release("3.30.0") }),
		[]string{"its public SSM parameter", "does not exist in cn-north-1"}},
	"setting the pinned release ignores": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.PowertoolsDelivery = powertools.Release("3.2.0")
		p.Powertools.DisableMetrics = true
	}), []string{"Powertools.DisableMetrics: sets POWERTOOLS_METRICS_DISABLED, which Powertools 3.2.0 ignores", "run a newer release"}},
	"environment key with a hyphen": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Environment = env("table-name", "orders") }),
		[]string{"Environment[table-name]: is not a key Lambda accepts", "rename it, e.g. TABLE_NAME"}},
	"environment key of one letter": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Environment = env("X", "1") }),
		[]string{"Environment[X]: is not a key Lambda accepts"}},
	"five layers and Powertools": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		var layers []awslambda.ILayerVersion
		for i := range 5 {
			layers = append(layers, awslambda.LayerVersion_FromLayerVersionArn(stack, jsii.String(fmt.Sprint("L", i)),
				jsii.String(fmt.Sprintf("arn:aws:lambda:eu-west-1:123456789012:layer:mine%d:1", i))))
		}
		return &pylambda.FunctionProps{Entry: basicHandler, FunctionOptions: awslambda.FunctionOptions{Layers: &layers}}
	}, []string{"Layers: holds 5 layers, and with the Powertools layer pylambda adds the function would have 6: Lambda allows 5"}},
	"layer from another region": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		l := awslambda.LayerVersion_FromLayerVersionArn(stack, jsii.String("L"), jsii.String("arn:aws:lambda:us-east-1:123456789012:layer:mine:3"))
		return &pylambda.FunctionProps{Entry: basicHandler, FunctionOptions: awslambda.FunctionOptions{Layers: &[]awslambda.ILayerVersion{l}}}
	}, []string{"Layers: holds arn:aws:lambda:us-east-1:123456789012:layer:mine:3, a layer in us-east-1, and the function is in eu-west-1", "use the layer's ARN in eu-west-1"}},
	"entry at the project root": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Entry = pylambda.ProjectPath(".") }),
		[]string{"is the CDK project's root (it holds cdk.json)", "point it at the folder of the function's code"}},
	"handler with the file name": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Handler = "app.py.handler" }),
		[]string{"Handler: \"app.py.handler\" names the module's file, not the module", "leave out \".py\": app.handler"}},
	"handler with a syntax error": {"eu-west-1", handlerFile("app.py", "def handler(event, context)\n    return event\n", "app.handler"),
		[]string{"Stack/Fn: Entry:", "app.py:1: syntax error for Python 3.11", "correct the code"}},
	"handler function misspelt": {"eu-west-1", handlerFile("app.py", "def handle(event, context):\n    return event\n", "app.handler"),
		[]string{"Handler:", "defines no handler at module level", "did you mean handle"}},
	"async handler": {"eu-west-1", handlerFile("app.py", "async def handler(event, context):\n    return event\n", "app.handler"),
		[]string{"Handler:", "async"}},
	"module name with a hyphen": {"eu-west-1", handlerFile("my-app.py", "def handler(event, context):\n    return event\n", "my-app.handler"),
		[]string{"Handler: \"my-app.handler\" is not of the form module.function", "rename the module to my_app and write \"my_app.handler\""}},
	"unknown region": {"xx-nowhere-1", basic(func(p *pylambda.FunctionProps) {}),
		[]string{"PowertoolsDelivery: the CDK knows no partition for region \"xx-nowhere-1\"", "typo"}},
	"exclude pattern with **": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.AssetExcludes = []string{"**/*.md"} }),
		[]string{"AssetExcludes: \"**/*.md\" uses **, which pylambda does not support", "matches a name at any depth"}},
	"negated exclude pattern": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.AssetExcludes = []string{"!keep.py"} }),
		[]string{"AssetExcludes: \"!keep.py\" is a negation"}},
	// Powertools utilities: idempotency, batch, parameters, feature flags.
	"idempotency table keyed by another attribute": {"eu-west-1", idempotencyTable("pk", "S", "expiration"),
		[]string{"Idempotency.Table: has partition key \"pk\" (string), and Powertools' DynamoDBPersistenceLayer writes its records under a string partition key \"id\"", "PartitionKey {Name: \"id\", Type: STRING}"}},
	"idempotency table with a number key": {"eu-west-1", idempotencyTable("id", "N", "expiration"),
		[]string{"Idempotency.Table: has partition key \"id\" (number)"}},
	"idempotency table without time to live": {"eu-west-1", idempotencyTable("id", "S", ""),
		[]string{"Idempotency.Table: has no time to live: idempotency records would never expire", "TimeToLiveAttribute \"expiration\""}},
	"idempotency table expiring by another attribute": {"eu-west-1", idempotencyTable("id", "S", "ttl"),
		[]string{"Idempotency.Table: expires items by \"ttl\", and DynamoDBPersistenceLayer writes their expiry to \"expiration\""}},
	"idempotency key with your table": {"eu-west-1", idempotencyOwnTableWith(true, ""),
		[]string{"Idempotency.EncryptionKey: applies only to the table pylambda creates", "encrypt your table itself"}},
	"idempotency removal policy with your table": {"eu-west-1", idempotencyOwnTableWith(false, awscdk.RemovalPolicy_DESTROY),
		[]string{"Idempotency.RemovalPolicy: applies only to the table pylambda creates"}},
	"idempotency table name set by hand": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Idempotency = &pylambda.IdempotencyOptions{}
		p.Environment = env(pylambda.IdempotencyTableSetting, "mine")
	}), []string{"Environment[IDEMPOTENCY_TABLE_NAME]: is set by Idempotency", "remove it from Environment"}},
	"batch without sources": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Batch = []pylambda.BatchSource{} }),
		[]string{"Batch: is empty", "pylambda.SQSBatch"}},
	"zero batch source": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Batch = []pylambda.BatchSource{{}} }),
		[]string{"Batch[0]: is the zero BatchSource", "make sources with pylambda.SQSBatch"}},
	"batch source without a queue": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Batch = []pylambda.BatchSource{pylambda.SQSBatch(nil, nil)} }),
		[]string{"Batch[0]: pylambda.SQSBatch has a nil queue"}},
	"synchronous batch consumer": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60}, pylambda.SQSBatchOptions{}, false, func(p *pylambda.FunctionProps) { p.Invocation = pylambda.Synchronous }),
		[]string{"Invocation: pylambda.Synchronous says callers invoke the function", "set Invocation: pylambda.EventSourceMapping, or leave it unset"}},
	"queue visibility under six function timeouts": {"eu-west-1", sqsFunction(queueSpec{}, pylambda.SQSBatchOptions{}, false, nil),
		[]string{"Batch[0]: queue Stack/Jobs has a visibility timeout of 30 s, less than six times the function's timeout (10 s)", "VisibilityTimeout to at least 60 s"}},
	"queue visibility under the function timeout": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60}, pylambda.SQSBatchOptions{}, false, func(p *pylambda.FunctionProps) {
		p.Timeout = awscdk.Duration_Seconds(jsii.Number(90))
	}), []string{"visibility timeout of 60 s, less than six times the function's timeout (90 s)", "Lambda even refuses a mapping", "at least 540 s"}},
	"queue without a dead-letter queue": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60, noDLQ: true}, pylambda.SQSBatchOptions{}, false, nil),
		[]string{"Batch[0]: queue Stack/Jobs has no dead-letter queue", "DeadLetterQueue: &awssqs.DeadLetterQueue{"}},
	"FIFO queue batch over 10": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60, fifo: true}, pylambda.SQSBatchOptions{BatchSize: 20}, false, nil),
		[]string{"Batch[0].BatchSize: 20 is more than the 10 messages Lambda gives a function from a FIFO queue", "use at most 10"}},
	"FIFO queue with a batching window": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60, fifo: true}, pylambda.SQSBatchOptions{MaxBatchingWindowSeconds: 5}, false, nil),
		[]string{"Batch[0].MaxBatchingWindowSeconds: FIFO queue Stack/Jobs takes no batching window"}},
	"SQS batch over 10 without a window": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60}, pylambda.SQSBatchOptions{BatchSize: 100}, false, nil),
		[]string{"Batch[0].BatchSize: 100 needs a batching window", "set MaxBatchingWindowSeconds (1 to 300)"}},
	"SQS batch over 10000": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60}, pylambda.SQSBatchOptions{BatchSize: 20000, MaxBatchingWindowSeconds: 5}, false, nil),
		[]string{"Batch[0].BatchSize: 20000 is outside Lambda's range of 1 to 10000 messages"}},
	"SQS batching window over 300 s": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60}, pylambda.SQSBatchOptions{MaxBatchingWindowSeconds: 301}, false, nil),
		[]string{"Batch[0].MaxBatchingWindowSeconds: 301 s is outside Lambda's range of 0 to 300 s"}},
	"same queue twice": {"eu-west-1", sqsFunction(queueSpec{visibilitySeconds: 60}, pylambda.SQSBatchOptions{}, true, nil),
		[]string{"Batch[1]: reads Stack/Jobs, as Batch[0] does", "remove one of them"}},
	"table without a stream": {"eu-west-1", streamFunction("table", pylambda.StreamBatchOptions{}),
		[]string{"Batch[0]: table Stack/Orders has no stream to read", "DynamoStream: awsdynamodb.StreamViewType_NEW_AND_OLD_IMAGES"}},
	"stream read from a timestamp": {"eu-west-1", streamFunction("kinesis", pylambda.StreamBatchOptions{StartingPosition: awslambda.StartingPosition_AT_TIMESTAMP}),
		[]string{"Batch[0].StartingPosition: AT_TIMESTAMP needs a timestamp", "use TRIM_HORIZON (the default) or LATEST"}},
	"stream retried forever": {"eu-west-1", streamFunction("dynamodb", pylambda.StreamBatchOptions{RetryAttempts: intp(-1)}),
		[]string{"Batch[0].RetryAttempts: -1 retries a failing record until it expires from the stream, holding up its shard", "bounded number of retries"}},
	"stream retries over 10000": {"eu-west-1", streamFunction("kinesis", pylambda.StreamBatchOptions{RetryAttempts: intp(10001)}),
		[]string{"Batch[0].RetryAttempts: 10001 is outside the range of 0 to 10000 retries"}},
	"stream batch over 10000": {"eu-west-1", streamFunction("kinesis", pylambda.StreamBatchOptions{BatchSize: 10001}),
		[]string{"Batch[0].BatchSize: 10001 is outside Lambda's range of 1 to 10000 records"}},
	"stream parallelization over 10": {"eu-west-1", streamFunction("dynamodb", pylambda.StreamBatchOptions{ParallelizationFactor: 11}),
		[]string{"Batch[0].ParallelizationFactor: 11 is outside Lambda's range of 1 to 10"}},
	"stream record age under a minute": {"eu-west-1", streamFunction("kinesis", pylambda.StreamBatchOptions{MaxRecordAgeSeconds: 30}),
		[]string{"Batch[0].MaxRecordAgeSeconds: 30 s is outside Lambda's range of 60 to 604800 s"}},
	"parameters naming nothing": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Parameters = &pylambda.ParametersOptions{} }),
		[]string{"Parameters: names nothing to read", "list SSMParameters, Secrets or AppConfig"}},
	"parameter in a hierarchy without its leading slash": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{SSMParameters: []string{"orders/api-url"}}
	}), []string{"Parameters.SSMParameters[0]: \"orders/api-url\" is in a hierarchy without its leading slash", "\"/orders/api-url\""}},
	"parameters of the whole account": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{SSMParameters: []string{"/"}}
	}),
		[]string{"Parameters.SSMParameters[0]: \"/\" is every parameter of the account and region", "name the path"}},
	"parameter name with a space": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{SSMParameters: []string{"/orders/api url"}}
	}), []string{"has characters SSM does not allow in a name"}},
	"parameter name with an empty level": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{SSMParameters: []string{"/orders//url"}}
	}), []string{"has an empty level (//)"}},
	"parameter name SSM reserves": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{SSMParameters: []string{"ssm-key"}}
	}),
		[]string{"\"ssm-key\" starts with \"ssm\", which SSM reserves"}},
	"parameter name as a token": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Parameters: &pylambda.ParametersOptions{SSMParameters: []string{*stack.Account()}}}
	}, []string{"Parameters.SSMParameters[0]: is a token", "param.GrantRead(fn)"}},
	"AppConfig by name": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{AppConfig: []pylambda.AppConfigConfiguration{{ApplicationID: "orders", EnvironmentID: "Production", ProfileID: "abc1234"}}}
	}), []string{"Parameters.AppConfig[0].EnvironmentID: \"Production\" is not an AppConfig ID", "give the ID, not the name"}},
	"AppConfig without a profile": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Parameters = &pylambda.ParametersOptions{AppConfig: []pylambda.AppConfigConfiguration{{ApplicationID: "abc1234", EnvironmentID: "def5678"}}}
	}), []string{"Parameters.AppConfig[0].ProfileID: is required"}},
	"nil secret and key": {"eu-west-1", nilSecretAndKey,
		[]string{"Parameters.Secrets[0]: is nil", "Parameters.DecryptionKeys[0]: is nil"}},
	"feature flags file missing": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.FeatureFlags = &pylambda.FeatureFlagsOptions{} }),
		[]string{"FeatureFlags.File: testdata/handlers/basic/feature_flags.json does not exist", "the Powertools schema"}},
	"feature flag with an unknown action": {"eu-west-1", flagsFile(`{"premium": {"default": false, "rules": {"beta": {"when_match": true, "conditions": [{"action": "EQUAL", "key": "tier", "value": "gold"}]}}}}`),
		[]string{"FeatureFlags.File: feature_flags.json: flag \"premium\": rule \"beta\": condition 1: action \"EQUAL\" is not a Powertools feature flags action", "did you mean EQUALS?"}},
	"feature flag without a default": {"eu-west-1", flagsFile(`{"premium": {"rules": {}}}`),
		[]string{"FeatureFlags.File: feature_flags.json: flag \"premium\": has no \"default\" value"}},
	"feature flags that are not JSON": {"eu-west-1", flagsFile(`{"premium": {"default": false,}}`),
		[]string{"FeatureFlags.File: feature_flags.json: is not valid JSON"}},
	"feature flags application name too long": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		p := flagsFile(`{}`)(stack)
		p.FeatureFlags.Application = strings.Repeat("a", 65)
		return p
	}, []string{"FeatureFlags.Application: \"aaaa", "is 65 characters long; AppConfig allows 64"}},
	"environment over 4 KB with the feature flags' names": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		p := flagsFile(`{}`)(stack)
		p.Environment = env("BIG", strings.Repeat("x", 4000)) // 4085 bytes with POWERTOOLS_*: fits without FeatureFlags
		return p
	}, []string{"Environment: holds 4171 bytes of keys and values (Powertools and utility settings included), more than Lambda's 4096"}},
	"feature flags names set by hand": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		p := flagsFile(`{}`)(stack)
		p.Environment = env(pylambda.FeatureFlagsProfileSetting, "mine")
		return p
	}, []string{"Environment[FEATURE_FLAGS_PROFILE]: is set by FeatureFlags"}},
	// Operations: alarms and deployments.
	"alarm error rate above 100%": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Alarms = &pylambda.AlarmOptions{ErrorRatePercent: 150} }),
		[]string{"Alarms.ErrorRatePercent: must be a percentage in (0, 100], got 150", "use e.g. 1"}},
	"duration alarm at the timeout": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Alarms = &pylambda.AlarmOptions{DurationPercentOfTimeout: 100} }),
		[]string{"Alarms.DurationPercentOfTimeout: must be a percentage of the timeout in (0, 100), got 100", "timeouts themselves ring the errors alarm"}},
	"negative throttles threshold": {"eu-west-1", basic(func(p *pylambda.FunctionProps) { p.Alarms = &pylambda.AlarmOptions{ThrottlesThreshold: -1} }),
		[]string{"Alarms.ThrottlesThreshold: must be at least 1 throttled invocation, got -1"}},
	"event age alarm in milliseconds": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{EventAgeSeconds: 5},
			Batch: []pylambda.BatchSource{pylambda.KinesisBatch(awskinesis.NewStream(stack, jsii.String("Events"), nil), nil)}}
	}, []string{"Alarms.EventAgeSeconds: must be at least 60 seconds, got 5", "leave it unset for 900"}},
	"event age alarm without batch sources": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Invocation = pylambda.EventSourceMapping
		p.Alarms = &pylambda.AlarmOptions{EventAgeSeconds: 600}
	}), []string{"Alarms.EventAgeSeconds: sets the event age alarm of Batch sources, and the function has none", "IteratorAge"}},
	"alarms with a timeout unknown at synth": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		seconds := awscdk.NewCfnParameter(stack, jsii.String("TimeoutSeconds"), &awscdk.CfnParameterProps{Type: jsii.String("Number")}).ValueAsNumber()
		return &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{},
			FunctionOptions: awslambda.FunctionOptions{Timeout: awscdk.Duration_Seconds(seconds)}}
	}, []string{"Alarms: the duration alarm compares the p99 duration with the timeout, and Timeout is a token", "awscdk.Duration_Seconds"}},
	"provisioned concurrency on $LATEST": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.CurrentVersionOptions = &awslambda.VersionOptions{ProvisionedConcurrentExecutions: jsii.Number(2)}
	}), []string{"CurrentVersionOptions.ProvisionedConcurrentExecutions: keeps environments of a version warm that no caller invokes", "Deployment: &pylambda.DeploymentOptions{ProvisionedConcurrency: N}"}},
	"provisioned concurrency on the version and the alias": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.CurrentVersionOptions = &awslambda.VersionOptions{ProvisionedConcurrentExecutions: jsii.Number(2)}
		p.Deployment = &pylambda.DeploymentOptions{}
	}), []string{"CurrentVersionOptions.ProvisionedConcurrentExecutions: provisions the version that the live alias points to", "move it to Deployment.ProvisionedConcurrency"}},
	"canary of 0%": {"eu-west-1", basic(withShift(pylambda.Canary(0, 5))),
		[]string{"Deployment.Shift: pylambda.Canary(0, 5) shifts 0% of the traffic at a time, and CodeDeploy shifts 1 to 99%", "pylambda.AllAtOnce()"}},
	"canary of 100%": {"eu-west-1", basic(withShift(pylambda.Canary(100, 5))),
		[]string{"Deployment.Shift: pylambda.Canary(100, 5) shifts 100% of the traffic"}},
	"linear without a wait": {"eu-west-1", basic(withShift(pylambda.Linear(10, 0))),
		[]string{"Deployment.Shift: pylambda.Linear(10, 0) waits 0 minutes between shifts, and CodeDeploy waits at least 1"}},
	"canary past 48 hours": {"eu-west-1", basic(withShift(pylambda.Canary(10, 2881))),
		[]string{"Deployment.Shift: pylambda.Canary(10, 2881) takes 2881 minutes to shift all the traffic, and CodeDeploy allows 2880 (48 hours)"}},
	"linear past 48 hours": {"eu-west-1", basic(withShift(pylambda.Linear(1, 30))),
		[]string{"Deployment.Shift: pylambda.Linear(1, 30) takes 2970 minutes", "shift a larger percentage at a time"}},
	"nil rollback alarm": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Deployment = &pylambda.DeploymentOptions{Alarms: []awscloudwatch.IAlarm{nil}}
	}), []string{"Deployment.Alarms[0]: is nil"}},
	"queue as a traffic hook": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Deployment: &pylambda.DeploymentOptions{PreTrafficHook: awssqs.NewQueue(stack, jsii.String("Q"), nil)}}
	}, []string{"Deployment.PreTrafficHook: is not a Lambda function: CodeDeploy runs hooks by invoking them", "pylambda.Function or an awslambda.IFunction"}},
	"edge function as a traffic hook": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: basicHandler, Deployment: &pylambda.DeploymentOptions{PostTrafficHook: pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler))}}
	}, []string{"Deployment.PostTrafficHook: is a Lambda@Edge function", "pylambda.NewFunction"}},
	"traffic hook in another region": {"eu-west-1", func(stack awscdk.Stack) *pylambda.FunctionProps {
		hook := awslambda.Function_FromFunctionArn(stack, jsii.String("Hook"), jsii.String("arn:aws:lambda:us-east-1:123456789012:function:hook"))
		return &pylambda.FunctionProps{Entry: basicHandler, Deployment: &pylambda.DeploymentOptions{PreTrafficHook: hook}}
	}, []string{"Deployment.PreTrafficHook: is a function in us-east-1, and the deployment runs in eu-west-1", "create the hook function in eu-west-1"}},
	"negative provisioned concurrency": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Deployment = &pylambda.DeploymentOptions{ProvisionedConcurrency: -1}
	}), []string{"Deployment.ProvisionedConcurrency: must not be negative, got -1"}},
	"provisioned above the reserved concurrency": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.ReservedConcurrentExecutions = jsii.Number(5)
		p.Deployment = &pylambda.DeploymentOptions{ProvisionedConcurrency: 10}
	}), []string{"Deployment.ProvisionedConcurrency: 10 is more than ReservedConcurrentExecutions (5)", "raise ReservedConcurrentExecutions"}},
	"autoscaling without provisioned concurrency": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Deployment = &pylambda.DeploymentOptions{Autoscaling: &pylambda.ConcurrencyAutoscaling{MaxCapacity: 5}}
	}), []string{"Deployment.Autoscaling: scales the provisioned concurrency, and Deployment.ProvisionedConcurrency is 0"}},
	"autoscaling minimum above its maximum": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Deployment = &pylambda.DeploymentOptions{ProvisionedConcurrency: 5, Autoscaling: &pylambda.ConcurrencyAutoscaling{MinCapacity: 5, MaxCapacity: 3}}
	}), []string{"Deployment.Autoscaling: MinCapacity 5 and MaxCapacity 3 are not a range"}},
	"provisioned concurrency outside the autoscaling range": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Deployment = &pylambda.DeploymentOptions{ProvisionedConcurrency: 8, Autoscaling: &pylambda.ConcurrencyAutoscaling{MinCapacity: 1, MaxCapacity: 5}}
	}), []string{"Deployment.ProvisionedConcurrency: 8 is outside Autoscaling's range 1 to 5"}},
	"utilization target of 1": {"eu-west-1", basic(func(p *pylambda.FunctionProps) {
		p.Deployment = &pylambda.DeploymentOptions{ProvisionedConcurrency: 1, Autoscaling: &pylambda.ConcurrencyAutoscaling{MaxCapacity: 5, UtilizationTarget: 1}}
	}), []string{"Deployment.Autoscaling.UtilizationTarget: must be a share in (0, 1), got 1", "use e.g. 0.7"}},
}

func TestFunctionRejections(t *testing.T) {
	if n := len(functionRejections); n < 20 {
		t.Fatalf("the catalogue has %d rejected inputs, want at least 20", n)
	}
	for name, tc := range functionRejections {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, tc.region)
			msg, panicked := cdktest.Panic(func() { pylambda.NewFunction(stack, "Fn", tc.props(stack)) })
			if !panicked {
				t.Fatal("NewFunction accepted the input")
			}
			for _, w := range append([]string{"Stack/Fn: "}, tc.want...) {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, "@jsii") || strings.Contains(msg, "    at ") {
				t.Errorf("error comes from deep inside jsii, not from pylambda:\n%s", msg)
			}
			// Nothing was added to the tree: a rejected function leaves no half-built construct.
			if stack.Node().TryFindChild(jsii.String("Fn")) != nil {
				t.Error("the rejected function left a construct behind")
			}
		})
	}
}

// Errors are reported together, so that one synth shows every problem.
func TestFunctionRejectionsAreJoined(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	msg, _ := cdktest.Panic(func() {
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Handler: "x",
			FunctionOptions: awslambda.FunctionOptions{MemorySize: jsii.Number(1)}})
	})
	if !strings.Contains(msg, "Handler:") || !strings.Contains(msg, "MemorySize:") {
		t.Errorf("want both problems in one error:\n%s", msg)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A CDK error raised inside a pylambda constructor (here the CDK's own
// check of a dead-letter queue that is also turned off) names the
// construct that failed.
func TestCDKErrorsNameTheFunction(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	msg, panicked := cdktest.Panic(func() {
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, FunctionOptions: awslambda.FunctionOptions{
			DeadLetterQueue: awssqs.NewQueue(stack, jsii.String("Q"), nil), DeadLetterQueueEnabled: jsii.Bool(false)}})
	})
	if !panicked || !strings.HasPrefix(msg, "Stack/Fn: ") || !strings.Contains(strings.ToLower(msg), "deadletterqueue") {
		t.Errorf("error = %q, want the CDK's message behind the function's path", msg)
	}
}

// A variable added through the construct after construction is checked as
// the props' are, naming the function and the setting; an unrelated one is
// added to the function.
func TestFunctionAddEnvironment(t *testing.T) {
	tests := map[string]struct {
		key, value string
		want       []string
	}{
		"raw Powertools setting": {"POWERTOOLS_LOG_LEVEL", "DEBUG", []string{"Stack/Fn: Environment[POWERTOOLS_LOG_LEVEL]: \"DEBUG\" contradicts the typed Powertools configuration, which gives INFO (added after construction)", "set it through the Powertools configuration"}},
		"reserved key":           {"AWS_REGION", "eu-west-1", []string{"Stack/Fn: Environment[AWS_REGION]: is reserved"}},
		"key Lambda refuses":     {"table-name", "orders", []string{"Stack/Fn: Environment[table-name]: is not a key Lambda accepts", "TABLE_NAME"}},
		"past 4 KB":              {"BIG", strings.Repeat("x", 4050), []string{"Stack/Fn: Environment: would hold", "more than Lambda's 4096"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			var fn pylambda.Function
			cdktest.Run(t, func() { fn = pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler}) })
			msg, panicked := cdktest.Panic(func() { fn.AddEnvironment(tc.key, jsii.String(tc.value)) })
			for _, w := range tc.want {
				if !panicked || !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		fn := pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler})
		fn.AddEnvironment("TABLE_NAME", jsii.String("orders")).AddEnvironment("POWERTOOLS_SERVICE_NAME", jsii.String("fn"))
	})
	env := at(only(t, synth(t, stack), "AWS::Lambda::Function"), "Properties", "Environment", "Variables").(map[string]any)
	if env["TABLE_NAME"] != "orders" || env["POWERTOOLS_SERVICE_NAME"] != "fn" {
		t.Errorf("variables = %v, want TABLE_NAME added", env)
	}
}
