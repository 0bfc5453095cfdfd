package tests

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
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
	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
)

// basicHandler is a handler folder with app.py and pkg/mod.py.
const basicHandler = "testdata/handlers/basic"

// stackIn returns a stack in region ("" for an environment-agnostic one).
func stackIn(t *testing.T, region string) awscdk.Stack {
	t.Helper()
	var env *awscdk.Environment
	if region != "" {
		env = &awscdk.Environment{Region: jsii.String(region)}
	}
	return awscdk.NewStack(cdktest.NewApp(t), jsii.String("Stack"), &awscdk.StackProps{Env: env})
}

// synth returns the stack's template.
func synth(t *testing.T, stack awscdk.Stack) map[string]any {
	t.Helper()
	tmpl, err := snapshot.Template(stack)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

// ofType returns the resources of a type, by logical id.
func ofType(tmpl map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range tmpl["Resources"].(map[string]any) {
		if res := r.(map[string]any); res["Type"] == typ {
			out[id] = res
		}
	}
	return out
}

// only returns the single resource of a type, failing otherwise.
func only(t *testing.T, tmpl map[string]any, typ string) map[string]any {
	t.Helper()
	rs := ofType(tmpl, typ)
	if len(rs) != 1 {
		t.Fatalf("want one %s, got %d", typ, len(rs))
	}
	for _, r := range rs {
		return r
	}
	return nil
}

// at reads a nested value: at(r, "Properties", "LoggingConfig", "LogFormat").
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func TestFunctionDefaults(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	cdktest.Run(t, func() {
		fn = pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: basicHandler})
	})
	tmpl := synth(t, stack)
	f := only(t, tmpl, "AWS::Lambda::Function")
	p := f["Properties"].(map[string]any)

	want := map[string]any{
		"Runtime":       "python3.11",
		"Handler":       "app.handler",
		"Architectures": []any{"arm64"},
		"MemorySize":    float64(pylambda.DefaultMemorySize),
		"Timeout":       float64(pylambda.DefaultTimeoutSeconds),
		"TracingConfig": map[string]any{"Mode": "Active"},
		"Layers":        []any{"arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27"},
	}
	for k, v := range want {
		if !reflect.DeepEqual(p[k], v) {
			t.Errorf("%s = %v, want %v", k, p[k], v)
		}
	}
	if got := at(p, "LoggingConfig", "LogFormat"); got != "JSON" {
		t.Errorf("LogFormat = %v, want JSON", got)
	}
	if got := at(p, "LoggingConfig", "ApplicationLogLevel"); got != "INFO" {
		t.Errorf("ApplicationLogLevel = %v, want INFO (from the Powertools level)", got)
	}
	if got := at(p, "LoggingConfig", "SystemLogLevel"); got != "INFO" {
		t.Errorf("SystemLogLevel = %v, want INFO", got)
	}
	env := at(p, "Environment", "Variables").(map[string]any)
	wantEnv := map[string]any{"POWERTOOLS_SERVICE_NAME": "orders", "POWERTOOLS_METRICS_NAMESPACE": "Stack", "POWERTOOLS_LOG_LEVEL": "INFO"}
	if !reflect.DeepEqual(env, wantEnv) {
		t.Errorf("environment = %v, want %v", env, wantEnv)
	}

	// An explicit log group with retention, kept on delete, used by the function.
	lgs := ofType(tmpl, "AWS::Logs::LogGroup")
	if len(lgs) != 1 {
		t.Fatalf("want one log group, got %d", len(lgs))
	}
	for id, lg := range lgs {
		if got := at(lg, "Properties", "RetentionInDays"); got != float64(90) {
			t.Errorf("log retention = %v, want 90 days", got)
		}
		if lg["DeletionPolicy"] != "Retain" || lg["UpdateReplacePolicy"] != "Retain" {
			t.Errorf("log group policies = %v/%v, want Retain", lg["DeletionPolicy"], lg["UpdateReplacePolicy"])
		}
		if got := at(p, "LoggingConfig", "LogGroup"); !reflect.DeepEqual(got, map[string]any{"Ref": id}) {
			t.Errorf("function logs to %v, want its own group %s", got, id)
		}
	}

	// Its own role: no managed policies; logs only to its own group; X-Ray in
	// a policy of its own.
	role := only(t, tmpl, "AWS::IAM::Role")
	if mp := at(role, "Properties", "ManagedPolicyArns"); mp != nil {
		t.Errorf("role has managed policies %v", mp)
	}
	stmts := at(role, "Properties", "Policies").([]any)[0].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any)
	if len(stmts) != 1 {
		t.Fatalf("role's inline statements = %v, want one (logs)", stmts)
	}
	logs := stmts[0].(map[string]any)
	if !reflect.DeepEqual(logs["Action"], []any{"logs:CreateLogStream", "logs:PutLogEvents"}) {
		t.Errorf("logs actions = %v", logs["Action"])
	}
	if r, ok := logs["Resource"].(map[string]any); !ok || r["Fn::GetAtt"] == nil {
		t.Errorf("logs resource = %v, want the log group's ARN", logs["Resource"])
	}
	var xray []any
	for id, policy := range ofType(tmpl, "AWS::IAM::Policy") {
		if strings.HasPrefix(id, "OrdersTracingPolicy") {
			xray = at(policy, "Properties", "PolicyDocument", "Statement").([]any)
		}
	}
	if len(xray) != 1 || !reflect.DeepEqual(xray[0].(map[string]any)["Action"], []any{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}) {
		t.Errorf("tracing policy = %v, want the two X-Ray actions only", xray)
	}

	// Asynchronous failures: a dead-letter queue, encrypted, TLS only.
	q := only(t, tmpl, "AWS::SQS::Queue")
	if at(q, "Properties", "SqsManagedSseEnabled") != true {
		t.Errorf("dead-letter queue encryption = %v", at(q, "Properties"))
	}
	if at(p, "DeadLetterConfig", "TargetArn") == nil {
		t.Error("function has no dead-letter target")
	}
	if len(ofType(tmpl, "AWS::SQS::QueuePolicy")) != 1 {
		t.Error("dead-letter queue does not enforce TLS (no queue policy)")
	}

	// The construct tree: the construct is scope/id, the function its
	// child Resource.
	if got := *fn.Node().Path(); got != "Stack/Orders" {
		t.Errorf("construct path = %s", got)
	}
	if got := *fn.Lambda().Node().Path(); got != "Stack/Orders/Resource" {
		t.Errorf("function path = %s", got)
	}
}

func TestFunctionCallerWins(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	queue := awssqs.NewQueue(stack, jsii.String("MyDLQ"), nil)
	cdktest.Run(t, func() {
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{
			Entry:   basicHandler,
			Handler: "pkg.mod.main",
			Runtime: awslambda.Runtime_PYTHON_3_13(),
			FunctionOptions: awslambda.FunctionOptions{
				Architecture:     awslambda.Architecture_X86_64(),
				MemorySize:       jsii.Number(1024),
				Timeout:          awscdk.Duration_Seconds(jsii.Number(30)),
				Tracing:          awslambda.Tracing_DISABLED,
				LoggingFormat:    awslambda.LoggingFormat_JSON,
				SystemLogLevelV2: awslambda.SystemLogLevel_WARN,
				DeadLetterQueue:  queue,
				Environment:      &map[string]*string{"TABLE": jsii.String("orders"), "POWERTOOLS_LOG_LEVEL": jsii.String("DEBUG")},
			},
			Powertools:         powertools.Config{LogLevel: powertools.LogLevelDebug, LogEvent: true, ServiceName: "billing", DisableMetrics: true},
			PowertoolsDelivery: powertools.Layer(30),
			Logs:               pylambda.LogOptions{Retention: awslogs.RetentionDays_ONE_YEAR, RemovalPolicy: awscdk.RemovalPolicy_DESTROY},
		})
	})
	tmpl := synth(t, stack)
	p := only(t, tmpl, "AWS::Lambda::Function")["Properties"].(map[string]any)
	checks := map[string][2]any{
		"Runtime":        {p["Runtime"], "python3.13"},
		"Handler":        {p["Handler"], "pkg.mod.main"},
		"Architectures":  {p["Architectures"], []any{"x86_64"}},
		"MemorySize":     {p["MemorySize"], float64(1024)},
		"Timeout":        {p["Timeout"], float64(30)},
		"TracingConfig":  {p["TracingConfig"], nil},
		"SystemLogLevel": {at(p, "LoggingConfig", "SystemLogLevel"), "WARN"},
		"AppLogLevel":    {at(p, "LoggingConfig", "ApplicationLogLevel"), "DEBUG"},
		"Layers":         {p["Layers"], []any{"arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:30"}},
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c[0], c[1]) {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
	env := at(p, "Environment", "Variables").(map[string]any)
	for k, v := range map[string]string{"TABLE": "orders", "POWERTOOLS_LOG_LEVEL": "DEBUG", "POWERTOOLS_SERVICE_NAME": "billing",
		"POWERTOOLS_LOGGER_LOG_EVENT": "true", "POWERTOOLS_METRICS_DISABLED": "true"} {
		if env[k] != v {
			t.Errorf("env %s = %v, want %s", k, env[k], v)
		}
	}
	if len(ofType(tmpl, "AWS::IAM::Policy")) != 1 { // the default policy for the caller's queue, no tracing policy
		t.Errorf("policies = %v, want only the default policy", ofType(tmpl, "AWS::IAM::Policy"))
	}
	if n := len(ofType(tmpl, "AWS::SQS::Queue")); n != 1 {
		t.Errorf("queues = %d, want only the caller's", n)
	}
	lg := only(t, tmpl, "AWS::Logs::LogGroup")
	if at(lg, "Properties", "RetentionInDays") != float64(365) || lg["DeletionPolicy"] != "Delete" {
		t.Errorf("log group = %v, want the caller's retention and removal policy", lg)
	}
}

// Every awslambda.FunctionOptions field reaches the function: pylambda copies
// them by name, so a new CDK option must have its match in FunctionProps.
func TestEveryFunctionOptionPassesThrough(t *testing.T) {
	opts := reflect.TypeOf(awslambda.FunctionOptions{})
	props := reflect.TypeOf(awslambda.FunctionProps{})
	for i := range opts.NumField() {
		f := opts.Field(i)
		g, ok := props.FieldByName(f.Name)
		if !ok || g.Type != f.Type {
			t.Errorf("FunctionOptions.%s has no FunctionProps field of the same type", f.Name)
		}
	}
}

func TestSynchronousAndOnFailure(t *testing.T) {
	for name, tc := range map[string]struct {
		props      func(stack awscdk.Stack) pylambda.FunctionProps
		wantQueues int    // queues in the stack
		wantReason string // of the Serverless-LambdaDLQ suppression, "" for none
	}{
		"default": {func(awscdk.Stack) pylambda.FunctionProps { return pylambda.FunctionProps{} }, 1, ""},
		"synchronous": {func(awscdk.Stack) pylambda.FunctionProps {
			return pylambda.FunctionProps{Invocation: pylambda.Synchronous}
		}, 0, "synchronous-only"},
		"event source mapping": {func(awscdk.Stack) pylambda.FunctionProps {
			return pylambda.FunctionProps{Invocation: pylambda.EventSourceMapping}
		}, 0, "event source mapping only"},
		"on-failure destination": {func(stack awscdk.Stack) pylambda.FunctionProps {
			failures := awssqs.NewQueue(stack, jsii.String("Failures"), nil)
			return pylambda.FunctionProps{FunctionOptions: awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(failures)}}
		}, 1, "on-failure destination"},
		"dead-letter queue turned off": {func(awscdk.Stack) pylambda.FunctionProps {
			return pylambda.FunctionProps{FunctionOptions: awslambda.FunctionOptions{DeadLetterQueueEnabled: jsii.Bool(false)}}
		}, 0, ""},
	} {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			cdktest.Run(t, func() {
				p := tc.props(stack)
				p.Entry = basicHandler
				pylambda.NewFunction(stack, "Fn", &p)
			})
			tmpl := synth(t, stack)
			if n := len(ofType(tmpl, "AWS::SQS::Queue")); n != tc.wantQueues {
				t.Errorf("queues = %d, want %d", n, tc.wantQueues)
			}
			md := toJSON(t, only(t, tmpl, "AWS::Lambda::Function")["Metadata"])
			has := strings.Contains(md, "Serverless-LambdaDLQ")
			if (tc.wantReason != "") != has || (has && !strings.Contains(md, tc.wantReason)) {
				t.Errorf("DLQ suppression = %v, want reason %q: %s", has, tc.wantReason, md)
			}
		})
	}
}

func TestPowertoolsLayerResolution(t *testing.T) {
	tests := map[string]struct {
		region string
		props  pylambda.FunctionProps
		want   string // the Layers entry, as JSON
	}{
		"china":    {"cn-north-1", pylambda.FunctionProps{}, `"arn:aws-cn:lambda:cn-north-1:498634801083:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27"`},
		"govcloud": {"us-gov-west-1", pylambda.FunctionProps{}, `"arn:aws-us-gov:lambda:us-gov-west-1:165093116878:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27"`},
		"ca-west-1 x86": {"ca-west-1", pylambda.FunctionProps{FunctionOptions: awslambda.FunctionOptions{Architecture: awslambda.Architecture_X86_64()}},
			`"arn:aws:lambda:ca-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-x86_64:27"`},
		"known release": {"eu-west-1", pylambda.FunctionProps{PowertoolsDelivery: powertools.Release("3.2.0")},
			`"arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:3"`},
		"newer release": {"eu-west-1", pylambda.FunctionProps{PowertoolsDelivery: powertools.Release("3.30.0")},
			`{"Ref":"SsmParameterValueawsservicepowertoolspythonarm64python3113300C96584B6F00A464EAD1953AFF4B05118Parameter"}`},
		"latest":       {"eu-west-1", pylambda.FunctionProps{PowertoolsDelivery: powertools.LatestLayer()}, `{"Ref":"SsmParameterValueawsservicepowertoolspythonarm64python311latestC96584B6F00A464EAD1953AFF4B05118Parameter"}`},
		"env-agnostic": {"", pylambda.FunctionProps{}, `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":lambda:",{"Ref":"AWS::Region"},":",{"Fn::FindInMap":["PowertoolsLayerPublishers",{"Ref":"AWS::Region"},"arm64"]},":layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27"]]}`},
		"none":         {"eu-west-1", pylambda.FunctionProps{PowertoolsDelivery: powertools.None()}, ``},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, tc.region)
			p := tc.props
			p.Entry = basicHandler
			cdktest.Run(t, func() { pylambda.NewFunction(stack, "Fn", &p) })
			tmpl := synth(t, stack)
			layers := at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "Layers")
			got := ""
			if layers != nil {
				got = toJSON(t, layers.([]any)[0])
			}
			if got != tc.want {
				t.Errorf("layer = %s\nwant    %s", got, tc.want)
			}
			if name == "latest" {
				param := at(tmpl, "Parameters", "SsmParameterValueawsservicepowertoolspythonarm64python311latestC96584B6F00A464EAD1953AFF4B05118Parameter", "Default")
				if param != powertools.SSMParameterName("3.11", powertools.ARM64) {
					t.Errorf("SSM parameter = %v", param)
				}
			}
			if name == "env-agnostic" {
				rows := at(tmpl, "Mappings", powertools.MappingID).(map[string]any)
				if at(rows, "eu-west-1", "arm64") != "017000801446" || at(rows, "cn-north-1", "x8664") != "498634801083" ||
					at(rows, "us-gov-east-1", "arm64") != "165087284144" || at(rows, "ca-west-1", "arm64") != nil {
					t.Errorf("mapping rows wrong: %v", rows)
				}
			}
		})
	}
}

// The asset holds the handler code and none of the caches, tests and
// virtual environments beside it.
func TestAssetExcludes(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"app.py", "lib/util.py", "tests/test_app.py", "lib/__pycache__/util.cpython-311.pyc",
		".venv/bin/python", "notes.md", "conftest.py", "test_app.py"} {
		write(t, filepath.Join(dir, f), "x = 1\n")
	}
	write(t, filepath.Join(dir, "app.py"), "def handler(event, context):\n    return event\n")
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: dir, AssetExcludes: []string{"*.md"}})
	})
	var outdir string
	cdktest.Run(t, func() { outdir = *awscdk.Stage_Of(stack).Synth(nil).Directory() })
	assets, _ := filepath.Glob(filepath.Join(outdir, "asset.*"))
	if len(assets) != 1 {
		t.Fatalf("assets = %v, want one", assets)
	}
	got := files(t, assets[0])
	want := []string{"app.py", "lib/util.py"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("asset files = %v, want %v", got, want)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// files lists the regular files under dir, relative and sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// Logical ids are part of the API (CloudFormation replaces a resource whose
// id changes): they derive from the construct id as the CHANGELOG lists.
func TestFunctionLogicalIDs(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() { pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: basicHandler}) })
	tmpl := synth(t, stack)
	want := map[string]string{
		"AWS::Lambda::Function": "Orders", "AWS::Logs::LogGroup": "OrdersLogGroup", "AWS::IAM::Role": "OrdersServiceRole",
		"AWS::SQS::Queue": "OrdersDeadLetterQueue",
	}
	for typ, prefix := range want {
		for id := range ofType(tmpl, typ) {
			if !regexp.MustCompile(`^` + prefix + `[0-9A-F]{8}$`).MatchString(id) {
				t.Errorf("%s logical id = %s, want %s<hash>", typ, id, prefix)
			}
		}
	}
	found := false
	for id := range ofType(tmpl, "AWS::IAM::Policy") {
		found = found || regexp.MustCompile(`^OrdersTracingPolicy[0-9A-F]{8}$`).MatchString(id)
	}
	if !found {
		t.Error("no OrdersTracingPolicy<hash>")
	}
}
