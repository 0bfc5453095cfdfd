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
	}), []string{"Environment: holds 41", "(Powertools settings included)"}},
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
