package tests

import (
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
	"github.com/pylambda/pylambda/internal/wheel"
)

// edgeHandler writes a function folder whose app.py holds source.
func edgeHandler(source string) string {
	dir, err := os.MkdirTemp("", "edge-")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte(source), 0o644); err != nil {
		panic(err)
	}
	return dir
}

func viewerRequest(entry string) *pylambda.EdgeFunctionProps {
	return &pylambda.EdgeFunctionProps{EventType: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, Entry: entry}
}

// From a stack in another region, the function goes to the us-east-1
// support stack, with a role CloudFront's replicas can assume, a numbered
// version, and a retained log group for its us-east-1 logs.
func TestEdgeFunctionCrossRegion(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var e pylambda.EdgeFunction
	cdktest.Run(t, func() { e = pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler)) })
	edgeStack := awscdk.Stack_Of(e.Lambda())
	if got := *edgeStack.Region(); got != "us-east-1" {
		t.Fatalf("function stack region = %s, want us-east-1", got)
	}
	if got := *edgeStack.StackName(); !strings.HasPrefix(got, "edge-lambda-stack-") {
		t.Errorf("support stack = %s", got)
	}
	tmpl := synth(t, edgeStack)
	p := only(t, tmpl, "AWS::Lambda::Function")["Properties"].(map[string]any)
	for k, want := range map[string]any{"Runtime": "python3.11", "MemorySize": 128.0, "Timeout": 5.0, "Architectures": []any{"x86_64"}, "Handler": "app.handler"} {
		if !reflect.DeepEqual(p[k], want) {
			t.Errorf("%s = %v, want %v", k, p[k], want)
		}
	}
	for _, forbidden := range []string{"Environment", "Layers", "TracingConfig", "DeadLetterConfig", "VpcConfig", "LoggingConfig"} {
		if p[forbidden] != nil {
			t.Errorf("edge function has %s: %v", forbidden, p[forbidden])
		}
	}
	if len(ofType(tmpl, "AWS::Lambda::Version")) != 1 {
		t.Error("no numbered version")
	}
	var roles []string
	for _, r := range ofType(tmpl, "AWS::IAM::Role") {
		roles = append(roles, toJSON(t, at(r, "Properties", "AssumeRolePolicyDocument")))
		if at(r, "Properties", "ManagedPolicyArns") != nil {
			t.Errorf("edge role has managed policies")
		}
	}
	if len(roles) != 1 || !strings.Contains(roles[0], `"edgelambda.amazonaws.com"`) || !strings.Contains(roles[0], `"lambda.amazonaws.com"`) {
		t.Errorf("role trust = %v, want lambda and edgelambda", roles)
	}
	var replicaGroup map[string]any
	for id, lg := range ofType(tmpl, "AWS::Logs::LogGroup") {
		if strings.HasPrefix(id, "EdgeEdgeLogGroup") {
			replicaGroup = lg
		}
	}
	if replicaGroup == nil {
		t.Fatal("no log group for /aws/lambda/us-east-1.<name>")
	}
	if name := toJSON(t, at(replicaGroup, "Properties", "LogGroupName")); !strings.Contains(name, `"/aws/lambda/us-east-1."`) {
		t.Errorf("log group name = %s", name)
	}
	if at(replicaGroup, "Properties", "RetentionInDays") != 90.0 || replicaGroup["DeletionPolicy"] != "Retain" {
		t.Errorf("log group = %v", replicaGroup)
	}

	// The parent stack reads the version ARN across regions and CloudFront
	// gets it through EdgeLambda().
	el := e.EdgeLambda()
	if el.EventType != awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST || el.FunctionVersion == nil || el.IncludeBody != nil {
		t.Errorf("EdgeLambda() = %+v", el)
	}
	parent := synth(t, stack)
	if len(ofType(parent, "Custom::CrossRegionStringParameterReader")) != 1 {
		t.Error("parent stack has no cross-region reader for the version ARN")
	}
}

// A timeout given as a token is left to the CDK (and CloudFront) to check.
func TestEdgeFunctionTokenTimeout(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	seconds := awscdk.NewCfnParameter(stack, jsii.String("Seconds"), &awscdk.CfnParameterProps{Type: jsii.String("Number"), Default: 3})
	cdktest.Run(t, func() {
		props := viewerRequest(basicHandler)
		props.Timeout = awscdk.Duration_Seconds(seconds.ValueAsNumber())
		pylambda.NewEdgeFunction(stack, "Edge", props)
	})
}

// An edge function in a stack with an explicit account passes cdk-nag: its
// suppressions match the account number as well as the pseudo parameter.
func TestEdgeFunctionNagWithAccount(t *testing.T) {
	app := cdktest.NewApp(t)
	stack := awscdk.NewStack(app, jsii.String("Stack"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1"), Account: jsii.String("123456789012")},
	})
	var e pylambda.EdgeFunction
	cdktest.Run(t, func() {
		e = pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler))
		nagpacks.Apply(app)
		app.Synth(nil)
	})
	for _, s := range []awscdk.Stack{stack, awscdk.Stack_Of(e.Lambda())} {
		cdktest.Run(t, func() {
			anns := assertions.Annotations_FromStack(s)
			report(t, "error", anns.FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String(`(AwsSolutions|Serverless)-`))))
		})
	}
}

func TestEdgeFunctionInUSEast1(t *testing.T) {
	stack := stackIn(t, "us-east-1")
	var e pylambda.EdgeFunction
	cdktest.Run(t, func() {
		props := viewerRequest(basicHandler)
		props.EventType = awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST
		props.IncludeBody = true
		props.MemorySize = 1024
		props.Timeout = awscdk.Duration_Seconds(jsii.Number(30))
		e = pylambda.NewEdgeFunction(stack, "Edge", props)
	})
	if *awscdk.Stack_Of(e.Lambda()).StackName() != *stack.StackName() {
		t.Fatalf("function is in %s, want in place", *awscdk.Stack_Of(e.Lambda()).StackName())
	}
	if n := len(*awscdk.Stage_Of(stack).Node().Children()); n != 1 {
		t.Errorf("app has %d stacks, want no support stack", n)
	}
	tmpl := synth(t, stack)
	p := only(t, tmpl, "AWS::Lambda::Function")["Properties"].(map[string]any)
	if p["MemorySize"] != 1024.0 || p["Timeout"] != 30.0 {
		t.Errorf("origin limits not honoured: %v MB, %v s", p["MemorySize"], p["Timeout"])
	}
	if el := e.EdgeLambda(); el.IncludeBody == nil || !*el.IncludeBody {
		t.Error("EdgeLambda() lost IncludeBody")
	}
}

// edgeRejections is the catalogue of edge inputs refused at construction.
var edgeRejections = map[string]struct {
	region string
	props  func() *pylambda.EdgeFunctionProps
	want   []string
}{
	"no event type": {"eu-west-1", func() *pylambda.EdgeFunctionProps { return &pylambda.EdgeFunctionProps{Entry: basicHandler} },
		[]string{"EventType: \"\" is not a CloudFront event", "LambdaEdgeEventType_VIEWER_REQUEST"}},
	"environment-agnostic parent": {"", func() *pylambda.EdgeFunctionProps { return viewerRequest(basicHandler) },
		[]string{"the parent stack is environment-agnostic", "give the stack an explicit region"}},
	"missing entry": {"eu-west-1", func() *pylambda.EdgeFunctionProps { return viewerRequest("testdata/nope") },
		[]string{"Entry: folder \"testdata/nope\" does not exist"}},
	"missing handler module": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Handler = "edge.handler"
		return p
	}, []string{"Handler: module \"edge\" has no file edge.py"}},
	"node runtime": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Runtime = awslambda.Runtime_NODEJS_22_X()
		return p
	}, []string{"Runtime: nodejs22.x is not a Python runtime"}},
	"viewer memory": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.MemorySize = 256
		return p
	}, []string{"MemorySize: 256 MB is outside the 128-128 MB Lambda@Edge allows for viewer-request events", "raise Limits.MaxMemorySize"}},
	"viewer timeout": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Timeout = awscdk.Duration_Seconds(jsii.Number(10))
		return p
	}, []string{"Timeout: 10 s is outside the whole seconds from 1 to 5 Lambda@Edge allows for viewer-request events"}},
	"origin timeout": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.EventType = awscloudfront.LambdaEdgeEventType_ORIGIN_RESPONSE
		p.Timeout = awscdk.Duration_Seconds(jsii.Number(31))
		return p
	}, []string{"Timeout: 31 s is outside the whole seconds from 1 to 30 Lambda@Edge allows for origin-response events"}},
	"include body on a response": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.EventType = awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE
		p.IncludeBody = true
		return p
	}, []string{"IncludeBody: CloudFront passes the body to viewer-request and origin-request functions only, not viewer-response"}},
	"negative limit": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Limits.MaxBundleBytes = -1
		return p
	}, []string{"Limits: must not be negative"}},
	"fractional timeout": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Timeout = awscdk.Duration_Millis(jsii.Number(2500))
		return p
	}, []string{"Timeout: 2.5 s is outside the whole seconds from 1 to 5"}},
	"Powertools without bundling": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.PowertoolsDelivery = powertools.Bundled("")
		p.Bundling.Disabled = true
		return p
	}, []string{"PowertoolsDelivery: powertools.Bundled needs bundling to install Powertools into the zip", "remove Bundling.Disabled"}},
	"Powertools layer on the edge": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.PowertoolsDelivery = powertools.Layer(27)
		return p
	}, []string{"PowertoolsDelivery: powertools.Layer(27) is a layer, and Lambda@Edge supports no layers", "powertools.Bundled"}},
	"Powertools settings without Powertools": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Powertools = powertools.Config{ServiceName: "site"}
		return p
	}, []string{"Powertools: is set, but the function gets no Powertools", "PowertoolsDelivery: powertools.Bundled(\"\")"}},
	"handler in an excluded folder": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Handler = "env.main.handler"
		return p
	}, []string{"Handler: module \"env.main\" is in env/main.py"}},
	"tracer options on the edge": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Powertools = powertools.Config{TracerCaptureResponse: jsii.Bool(true)}
		p.PowertoolsDelivery = powertools.Bundled("")
		return p
	}, []string{"Powertools: sets Tracer options, and Lambda@Edge supports no X-Ray tracing"}},
	"limit past Lambda's memory": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Limits.MaxMemorySize = 20480
		return p
	}, []string{"Limits.MaxMemorySize: 20480 MB is more than Lambda's own limit of 10240 MB"}},
	"limit past Lambda's timeout": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Limits.MaxTimeoutSeconds = 3600
		return p
	}, []string{"Limits.MaxTimeoutSeconds: 3600 s is more than Lambda's own limit of 900 s"}},
	"limit past Lambda's zip": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Limits.MaxBundleBytes = 100 << 20
		return p
	}, []string{"Limits.MaxBundleBytes: 100.00 MB is more than the 50.00 MB Lambda accepts for a zip"}},
	"third-party import not bundled": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		return viewerRequest(edgeHandler("import requests\n\ndef handler(event, context):\n    return event\n"))
	}, []string{"Stack/Edge: ", "requests", "requirements.txt"}},
	"Powertools Tracer on the edge": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		return viewerRequest(edgeHandler("from aws_lambda_powertools import Tracer\n\ndef handler(event, context):\n    return event\n"))
	}, []string{"Stack/Edge: ", "Tracer", "X-Ray"}},
	"snapshot removal policy": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.RemovalPolicy = awscdk.RemovalPolicy_SNAPSHOT
		return p
	}, []string{"RemovalPolicy: SNAPSHOT does not apply to a function", "RemovalPolicy_RETAIN"}},
	"trim options without trimming": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.TrimKeep = []string{"plugins"}
		return p
	}, []string{"TrimKeep: names what Trim keeps whole, and Trim is off"}},
	"invalid Powertools config": {"eu-west-1", func() *pylambda.EdgeFunctionProps {
		p := viewerRequest(basicHandler)
		p.Powertools = powertools.Config{LogLevel: "LOUD"}
		p.PowertoolsDelivery = powertools.Bundled("")
		return p
	}, []string{"Powertools.LogLevel: \"LOUD\" is not a Powertools log level"}},
}

func TestEdgeFunctionRejections(t *testing.T) {
	for name, tc := range edgeRejections {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, tc.region)
			msg, panicked := cdktest.Panic(func() { pylambda.NewEdgeFunction(stack, "Edge", tc.props()) })
			if !panicked {
				t.Fatal("NewEdgeFunction accepted the input")
			}
			for _, w := range append([]string{"Stack/Edge: "}, tc.want...) {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if len(*awscdk.Stage_Of(stack).Node().Children()) != 1 || stack.Node().TryFindChild(jsii.String("Edge")) != nil {
				t.Error("the rejected function left constructs behind")
			}
		})
	}
}

// What Lambda@Edge forbids, added to the function after construction, fails
// the synth with the function's path, the setting and the fix.
func TestEdgeFunctionLateChanges(t *testing.T) {
	tests := map[string]struct {
		change func(e pylambda.EdgeFunction)
		want   []string
	}{
		"environment variable on the L1": {func(e pylambda.EdgeFunction) {
			cfn(e).SetEnvironment(&awslambda.CfnFunction_EnvironmentProperty{Variables: &map[string]*string{"STAGE": jsii.String("prod")}})
		}, []string{"Environment: Lambda@Edge supports no environment variables, found STAGE", "powertools.Bundled"}},
		"layer": {func(e pylambda.EdgeFunction) {
			e.Lambda().AddLayers(awslambda.LayerVersion_FromLayerVersionArn(e.Lambda(), jsii.String("L"), jsii.String("arn:aws:lambda:us-east-1:123456789012:layer:x:1")))
		}, []string{"Layers: Lambda@Edge supports no layers"}},
		"arm64": {func(e pylambda.EdgeFunction) { cfn(e).SetArchitectures(jsii.Strings("arm64")) },
			[]string{"Architecture: Lambda@Edge supports x86_64 only, found arm64"}},
		"X-Ray": {func(e pylambda.EdgeFunction) {
			cfn(e).SetTracingConfig(&awslambda.CfnFunction_TracingConfigProperty{Mode: jsii.String("Active")})
		}, []string{"Tracing: Lambda@Edge supports no X-Ray tracing"}},
		"VPC": {func(e pylambda.EdgeFunction) {
			cfn(e).SetVpcConfig(&awslambda.CfnFunction_VpcConfigProperty{SubnetIds: jsii.Strings("subnet-1"), SecurityGroupIds: jsii.Strings("sg-1")})
		}, []string{"Vpc: Lambda@Edge functions cannot run in a VPC"}},
		"dead-letter queue": {func(e pylambda.EdgeFunction) {
			q := awssqs.NewQueue(e.Lambda(), jsii.String("DLQ"), nil)
			cfn(e).SetDeadLetterConfig(&awslambda.CfnFunction_DeadLetterConfigProperty{TargetArn: q.QueueArn()})
		}, []string{"DeadLetterQueue: Lambda@Edge supports no dead-letter queue"}},
		"provisioned concurrency": {func(e pylambda.EdgeFunction) {
			v := e.Lambda().Node().FindChild(jsii.String("CurrentVersion")).Node().DefaultChild().(awslambda.CfnVersion)
			v.SetProvisionedConcurrencyConfig(&awslambda.CfnVersion_ProvisionedConcurrencyConfigurationProperty{ProvisionedConcurrentExecutions: jsii.Number(2)})
		}, []string{"ProvisionedConcurrency: Lambda@Edge supports no provisioned concurrency"}},
		"ephemeral storage": {func(e pylambda.EdgeFunction) {
			cfn(e).SetEphemeralStorage(&awslambda.CfnFunction_EphemeralStorageProperty{Size: jsii.Number(1024)})
		}, []string{"EphemeralStorageSize: Lambda@Edge allows at most 512 MB of ephemeral storage, found 1024 MB"}},
		"customer-managed key": {func(e pylambda.EdgeFunction) {
			cfn(e).SetKmsKeyArn(awskms.NewKey(e.Lambda(), jsii.String("Key"), nil).KeyArn())
		}, []string{"EnvironmentEncryption: Lambda@Edge supports no customer-managed KMS key"}},
		"runtime management": {func(e pylambda.EdgeFunction) {
			cfn(e).SetRuntimeManagementConfig(&awslambda.CfnFunction_RuntimeManagementConfigProperty{UpdateRuntimeOn: jsii.String("FunctionUpdate")})
		}, []string{"RuntimeManagementMode: Lambda@Edge supports runtime management Auto only, found FunctionUpdate"}},
		"container image": {func(e pylambda.EdgeFunction) { cfn(e).SetPackageType(jsii.String("Image")) },
			[]string{"Code: Lambda@Edge supports no container images"}},
		"memory over the viewer limit": {func(e pylambda.EdgeFunction) { cfn(e).SetMemorySize(jsii.Number(512)) },
			[]string{"MemorySize: 512 MB is more than the 128 MB Lambda@Edge allows for viewer-request events"}},
		"timeout over the viewer limit": {func(e pylambda.EdgeFunction) { cfn(e).SetTimeout(jsii.Number(6)) },
			[]string{"Timeout: 6 s is more than the 5 s Lambda@Edge allows for viewer-request events"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			var e pylambda.EdgeFunction
			cdktest.Run(t, func() {
				e = pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler))
				tc.change(e)
			})
			msg, panicked := cdktest.Panic(func() { awscdk.Stage_Of(stack).Synth(nil) })
			if !panicked {
				t.Fatal("synth accepted the change")
			}
			for _, w := range append([]string{"Stack/Edge: ", "(added to the function after construction)"}, tc.want...) {
				if !strings.Contains(msg, w) {
					t.Errorf("synth error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// An environment variable added through the L2 after construction is
// refused by pylambda, before the CDK's own refusal (nested resolution errors
// that suggest an option that silently drops the variable).
func TestEdgeFunctionLateEnvironmentThroughL2(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		e := pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler))
		e.Lambda().AddEnvironment(jsii.String("STAGE"), jsii.String("prod"), nil)
	})
	msg, panicked := cdktest.Panic(func() { awscdk.Stage_Of(stack).Synth(nil) })
	for _, w := range []string{"Stack/Edge: Environment: Lambda@Edge supports no environment variables, found STAGE (added to the function after construction)",
		"the CDK's removeInEdge option would drop them silently"} {
		if !panicked || !strings.Contains(msg, w) {
			t.Errorf("synth error lacks %q:\n%s", w, msg)
		}
	}
}

func cfn(e pylambda.EdgeFunction) awslambda.CfnFunction {
	return e.Lambda().Node().DefaultChild().(awslambda.CfnFunction)
}

// The compressed zip is measured against the event type's limit, before
// anything is created.
func TestEdgeBundleSize(t *testing.T) {
	entry := t.TempDir()
	write(t, filepath.Join(entry, "app.py"), "def handler(event, context):\n    return event\n")
	noise := make([]byte, 1500*1024) // incompressible: ~1.5 MB zipped
	if _, err := rand.Read(noise); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(entry, "blob.bin"), noise, 0o644); err != nil {
		t.Fatal(err)
	}

	stack := stackIn(t, "eu-west-1")
	msg, panicked := cdktest.Panic(func() { pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(entry)) })
	for _, w := range []string{"Stack/Edge: Entry: the zip is 1.4", "more than the 1.00 MB Lambda@Edge allows for viewer-request events", "AssetExcludes"} {
		if !panicked || !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
	// Measured before anything was created: the rejection leaves nothing.
	if len(*awscdk.Stage_Of(stack).Node().Children()) != 1 || stack.Node().TryFindChild(jsii.String("Edge")) != nil {
		t.Error("the rejected function left constructs behind")
	}

	// An origin event allows 50 MB; so does a raised limit.
	for name, props := range map[string]*pylambda.EdgeFunctionProps{
		"origin event":  {EventType: awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST, Entry: entry},
		"raised limits": {EventType: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, Entry: entry, Limits: pylambda.EdgeLimits{MaxBundleBytes: 2 << 20}},
	} {
		t.Run(name, func(t *testing.T) {
			cdktest.Run(t, func() { pylambda.NewEdgeFunction(stackIn(t, "eu-west-1"), "Edge", props) })
		})
	}
}

// With EdgePowertools, Powertools is installed into the zip (here from a
// wheel the test builds), and a generated wrapper applies its settings
// before the handler's module, and so Powertools, is imported.
func TestEdgePowertools(t *testing.T) {
	links := t.TempDir()
	if _, err := wheel.Write(links, wheel.Spec{Name: "aws_lambda_powertools", Version: "3.23.0", Tag: "py3-none-any",
		Files: map[string]string{"__init__.py": "import os\nSERVICE_AT_IMPORT = os.environ.get('POWERTOOLS_SERVICE_NAME')\n"}}); err != nil {
		t.Fatal(err)
	}
	entry := t.TempDir()
	write(t, filepath.Join(entry, "app.py"), `import os
import aws_lambda_powertools

def handler(event, context):
    keys = ["POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL", "POWERTOOLS_TRACE_DISABLED", "POWERTOOLS_METRICS_NAMESPACE"]
    return {"env": {k: os.environ.get(k) for k in keys}, "at_import": aws_lambda_powertools.SERVICE_AT_IMPORT}
`)
	stack := stackIn(t, "eu-west-1")
	var e pylambda.EdgeFunction
	cdktest.Run(t, func() {
		e = pylambda.NewEdgeFunction(stack, "Headers", &pylambda.EdgeFunctionProps{
			EventType:          awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE,
			Entry:              entry,
			Powertools:         powertools.Config{LogLevel: powertools.LogLevelWarning},
			PowertoolsDelivery: powertools.Bundled(""),
			Bundling:           pylambda.BundlingOptions{FindLinks: []string{links}, NoIndex: true, CacheDir: t.TempDir()},
		})
	})
	edgeStack := awscdk.Stack_Of(e.Lambda())
	tmpl := synth(t, edgeStack)
	p := only(t, tmpl, "AWS::Lambda::Function")["Properties"].(map[string]any)
	if p["Handler"] != pylambda.EdgeWrapperModule+".handler" || p["Environment"] != nil || p["Layers"] != nil {
		t.Errorf("function = handler %v, environment %v, layers %v", p["Handler"], p["Environment"], p["Layers"])
	}
	var outdir string
	cdktest.Run(t, func() { outdir = *awscdk.Stage_Of(stack).Synth(nil).Directory() })
	asset := filepath.Join(outdir, "asset."+strings.TrimSuffix(at(p, "Code", "S3Key").(string), ".zip"))
	got := files(t, asset)
	for _, want := range []string{"app.py", "aws_lambda_powertools/__init__.py", pylambda.EdgeSettingsModule + ".py", pylambda.EdgeWrapperModule + ".py"} {
		if !contains(got, want) {
			t.Errorf("zip lacks %s: %v", want, got)
		}
	}

	// Run the wrapper as Lambda would, with nothing in the environment.
	script := `import json, sys
sys.path.insert(0, sys.argv[1])
import ` + pylambda.EdgeWrapperModule + ` as entry
print(json.dumps(entry.handler({}, None)))`
	cmd := exec.Command("python3", "-I", "-c", script, asset)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running the wrapper: %v\n%s", err, out)
	}
	var result struct {
		Env      map[string]string `json:"env"`
		AtImport string            `json:"at_import"`
	}
	if err := json.Unmarshal(out, &result); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]string{"POWERTOOLS_SERVICE_NAME": "headers", "POWERTOOLS_LOG_LEVEL": "WARNING", "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_NAMESPACE": "Stack"}
	if !reflect.DeepEqual(result.Env, want) {
		t.Errorf("settings seen by the handler = %v, want %v", result.Env, want)
	}
	if result.AtImport != "headers" {
		t.Errorf("Powertools saw service %q when imported, want the settings applied first", result.AtImport)
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Every stack of the example app meets the standards of pylambda's own
// functions, the CDK's cross-region reader in the site stack included: no
// managed policy on any role, no log group that never expires, every
// function logging to a group with a retention.
func TestExampleStacksStandards(t *testing.T) {
	for name, stack := range allStacks(exampleApp(t)) {
		tmpl := synth(t, stack)
		groups := ofType(tmpl, "AWS::Logs::LogGroup")
		for id, g := range groups {
			if at(g, "Properties", "RetentionInDays") == nil {
				t.Errorf("%s: log group %s never expires", name, id)
			}
		}
		for id, r := range ofType(tmpl, "AWS::IAM::Role") {
			if mp := at(r, "Properties", "ManagedPolicyArns"); mp != nil {
				t.Errorf("%s: role %s has managed policies %v", name, id, mp)
			}
		}
		for id, f := range ofType(tmpl, "AWS::Lambda::Function") {
			lg := at(f, "Properties", "LoggingConfig", "LogGroup")
			ref, _ := at(lg, "Ref").(string)
			_, ours := groups[ref]
			named := strings.Contains(toJSON(t, groups), toJSON(t, at(f, "Properties", "FunctionName")))
			if !ours && !(lg == nil && named) && !edgeGroupFor(groups, id) {
				t.Errorf("%s: function %s logs to %v, not to a group of the stack with a retention", name, id, lg)
			}
		}
	}
}

// edgeGroupFor reports whether groups hold the /aws/lambda/<name> group of
// the function with logical id fn (edge functions' direct invocations).
func edgeGroupFor(groups map[string]map[string]any, fn string) bool {
	for _, g := range groups {
		data, _ := json.Marshal(at(g, "Properties", "LogGroupName"))
		if strings.Contains(string(data), `"/aws/lambda/"`) && strings.Contains(string(data), `"Ref":"`+fn+`"`) {
			return true
		}
	}
	return false
}

// An edge function and its versions are retained by default, so that
// `cdk destroy` and replacements do not wait for CloudFront's replicas;
// RemovalPolicy DESTROY deletes them.
func TestEdgeFunctionRemovalPolicy(t *testing.T) {
	for _, tc := range []struct {
		policy awscdk.RemovalPolicy
		want   string
	}{{"", "Retain"}, {awscdk.RemovalPolicy_DESTROY, "Delete"}} {
		stack := stackIn(t, "eu-west-1")
		var e pylambda.EdgeFunction
		cdktest.Run(t, func() {
			props := viewerRequest(basicHandler)
			props.RemovalPolicy = tc.policy
			e = pylambda.NewEdgeFunction(stack, "Edge", props)
		})
		tmpl := synth(t, awscdk.Stack_Of(e.Lambda()))
		for _, typ := range []string{"AWS::Lambda::Function", "AWS::Lambda::Version"} {
			r := only(t, tmpl, typ)
			if r["DeletionPolicy"] != tc.want || r["UpdateReplacePolicy"] != tc.want {
				t.Errorf("policy %q: %s has DeletionPolicy %v, UpdateReplacePolicy %v; want %s", tc.policy, typ, r["DeletionPolicy"], r["UpdateReplacePolicy"], tc.want)
			}
		}
	}
}
