//lint:file-ignore SA1019 pylambda reads the deprecated logging options to honour them

package pylambda

import (
	"errors"
	"reflect"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/nag"
)

// Defaults of a regional function. Each one is chosen for Python with
// Powertools; the README says why.
const (
	// DefaultHandler is the handler when FunctionProps.Handler is empty.
	DefaultHandler = "app.handler"
	// DefaultMemorySize, in MB: Python and Powertools start in well under a
	// second at 256 MB, and Lambda's 128 MB default is flagged by cdk-nag.
	DefaultMemorySize = 256
	// DefaultTimeoutSeconds: room for a cold start and a downstream call;
	// Lambda's 3 s default is flagged by cdk-nag.
	DefaultTimeoutSeconds = 10
	// DefaultLogRetention keeps logs three months.
	DefaultLogRetention = awslogs.RetentionDays_THREE_MONTHS
	// DefaultLogRemovalPolicy keeps the log group when the stack is deleted.
	DefaultLogRemovalPolicy = awscdk.RemovalPolicy_RETAIN
	// DefaultSystemLogLevel keeps Lambda's platform lines (START, END,
	// REPORT with duration and memory).
	DefaultSystemLogLevel = awslambda.SystemLogLevel_INFO
)

// DefaultRuntime is Python 3.11, the runtime of every function unless told
// otherwise.
func DefaultRuntime() awslambda.Runtime { return awslambda.Runtime_PYTHON_3_11() }

// DefaultAssetExcludes are left out of every function's asset: caches, tests,
// virtual environments and tool folders.
var DefaultAssetExcludes = []string{
	"__pycache__", "*.pyc", "*.pyo", ".pytest_cache", ".mypy_cache", ".ruff_cache",
	"tests", "test", "*_test.py", "test_*.py", "conftest.py",
	".venv", "venv", "env", ".tox", ".nox", "*.egg-info", ".git", ".DS_Store",
}

// FunctionProps configure a Python function. Every awslambda.FunctionOptions
// field is available and wins over pylambda's default.
type FunctionProps struct {
	awslambda.FunctionOptions

	// Entry is the folder of the function's code, the root of its asset
	// (relative to the working directory of the CDK app).
	// Required.
	Entry string
	// Handler is "module.function", e.g. "app.handler" for handler() in
	// Entry/app.py; dotted modules (pkg.mod.fn) are allowed. The module's
	// file must exist.
	// Default: DefaultHandler ("app.handler").
	Handler string
	// Runtime is the Python runtime: 3.11, or a later Python 3 for which
	// Powertools publishes layers.
	// Default: awslambda.Runtime_PYTHON_3_11().
	Runtime awslambda.Runtime
	// Powertools is the typed Powertools configuration, written to the
	// POWERTOOLS_* environment variables. Lambda's application log level is
	// derived from Powertools.LogLevel (or the other way round when only
	// ApplicationLogLevelV2 is set).
	// Default: service name from the construct id (e.g. "orders" for
	// "Orders"), metrics namespace from the stack name, log level INFO.
	Powertools powertools.Config
	// Layer selects the Powertools layer.
	// Default: the pinned powertools.DefaultLayerVersion for the stack's
	// region and the function's architecture and Python version.
	Layer LayerOptions
	// Logs configures the log group pylambda creates (not one given in
	// LogGroup).
	// Default: DefaultLogRetention, DefaultLogRemovalPolicy.
	Logs LogOptions
	// Synchronous declares that the function is only invoked synchronously
	// (API Gateway, function URLs, RequestResponse calls): failures return
	// to the caller, so no dead-letter queue is created.
	// Default: false (a dead-letter queue is created unless DeadLetterQueue,
	// DeadLetterTopic or OnFailure is given).
	Synchronous bool
	// Bundling controls how the dependencies in Entry/requirements.txt (or
	// pyproject.toml) get into the asset; see BundlingOptions.
	// Default: installed with the local pip for Lambda's platform, cached.
	Bundling BundlingOptions
	// AssetExcludes are glob patterns left out of the asset, in addition to
	// DefaultAssetExcludes.
	// Default: none.
	AssetExcludes []string
}

// LogOptions configure the log group of a function.
type LogOptions struct {
	// Retention is how long the group keeps log events.
	// Default: DefaultLogRetention (three months).
	Retention awslogs.RetentionDays
	// RemovalPolicy applies when the group leaves the stack.
	// Default: DefaultLogRemovalPolicy (retain).
	RemovalPolicy awscdk.RemovalPolicy
}

// withDefaults fills DefaultLogRetention and DefaultLogRemovalPolicy.
func (o LogOptions) withDefaults() LogOptions {
	if o.Retention == "" {
		o.Retention = DefaultLogRetention
	}
	if o.RemovalPolicy == "" {
		o.RemovalPolicy = DefaultLogRemovalPolicy
	}
	return o
}

// LayerOptions select the Powertools layer of a function.
type LayerOptions struct {
	// Version pins a layer version.
	// Default: powertools.DefaultLayerVersion.
	Version int
	// Latest resolves the newest layer from the public SSM parameter at
	// every deploy, instead of pinning a version.
	// Default: false.
	Latest bool
	// Disabled adds no layer (e.g. when Powertools is bundled with the code).
	// Default: false.
	Disabled bool
}

// NewFunction creates a production-ready Python function with the Powertools
// layer and returns it as an awslambda.Function, usable with any CDK API.
//
// The function is the child "Resource" of a construct at scope/id, beside its
// "LogGroup", "ServiceRole", "TracingPolicy" and "DeadLetterQueue" (each only
// when pylambda creates it). Entry is required. Invalid props panic, as CDK
// constructors do, with a *ValidationError (several joined) that names the
// construct path, the property, the rule and the fix.
func NewFunction(scope constructs.Construct, id string, props *FunctionProps) awslambda.Function {
	var p FunctionProps
	if props != nil {
		p = *props
	}
	s := readSpec(scope, id, &p)
	path := s.path
	if err := validate(s); err != nil {
		panic(err)
	}

	arch := p.Architecture
	if arch == nil {
		arch = awslambda.Architecture_ARM_64()
	}
	runtime := p.Runtime
	if runtime == nil {
		runtime = DefaultRuntime()
	}

	code, err := assetCode(codeSpec{
		path:         path,
		entry:        p.Entry,
		excludes:     s.excludes,
		architecture: *arch.Name(),
		python:       s.pythonVersion(),
		bundling:     p.Bundling,
	})
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			panic(err)
		}
		panic(bundleError(path, err))
	}
	var layerArn *string
	if !p.Layer.Disabled {
		layerArn, err = powertools.ResolveLayerARN(scope, powertools.LayerProps{
			Architecture: powertools.Architecture(*arch.Name()),
			Python:       s.pythonVersion(),
			Version:      p.Layer.Version,
			Latest:       p.Layer.Latest,
		})
		if err != nil {
			panic(layerError(path, *arch.Name(), err))
		}
	}

	node := constructs.NewConstruct(scope, jsii.String(id))
	cfg := s.effective

	fp := functionProps(p.FunctionOptions)
	fp.Runtime = runtime
	fp.Architecture = arch
	fp.Handler = jsii.String(s.handler)
	fp.Code = code
	if fp.MemorySize == nil {
		fp.MemorySize = jsii.Number(DefaultMemorySize)
	}
	if fp.Timeout == nil {
		fp.Timeout = awscdk.Duration_Seconds(jsii.Number(DefaultTimeoutSeconds))
	}
	// Tracing is applied to the L1 below, with X-Ray permissions in a policy
	// of their own, rather than by the L2 (which would add them to the role's
	// default policy, where a cdk-nag suppression would also hide later grants).
	tracing := fp.Tracing
	if tracing == "" {
		tracing = awslambda.Tracing_ACTIVE
	}
	fp.Tracing = ""
	if fp.LoggingFormat == "" && fp.LogFormat == nil {
		fp.LoggingFormat = awslambda.LoggingFormat_JSON
	}
	if s.jsonLogs() {
		if fp.ApplicationLogLevelV2 == "" && fp.ApplicationLogLevel == nil {
			fp.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel(cfg.Level().LambdaLogLevel())
		}
		if fp.SystemLogLevelV2 == "" && fp.SystemLogLevel == nil {
			fp.SystemLogLevelV2 = DefaultSystemLogLevel
		}
	}

	// Logs: an explicit group with retention, unless the caller brings one.
	var logGroupArn *string
	if p.LogGroup == nil {
		logs := p.Logs.withDefaults()
		lg := awslogs.NewLogGroup(node, jsii.String("LogGroup"), &awslogs.LogGroupProps{
			Retention:     logs.Retention,
			RemovalPolicy: logs.RemovalPolicy,
		})
		fp.LogGroup = lg
		logGroupArn = lg.LogGroupArn()
	} else {
		logGroupArn = p.LogGroup.LogGroupRef().LogGroupArn
	}

	// Role: its own, with no managed policies; logs only to its own group.
	logsStatement := awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: jsii.Strings(*logGroupArn),
	})
	role := p.Role
	if role == nil {
		role = awsiam.NewRole(node, jsii.String("ServiceRole"), &awsiam.RoleProps{
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			Description: jsii.String("Execution role of " + path),
			InlinePolicies: &map[string]awsiam.PolicyDocument{
				"Logs": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{logsStatement}}),
			},
		})
	} else {
		role.AddToPrincipalPolicy(logsStatement)
	}
	fp.Role = role

	// Environment: the caller's entries and the Powertools settings.
	env := map[string]*string{}
	if p.Environment != nil {
		for k, v := range *p.Environment {
			env[k] = v
		}
	}
	for k, v := range cfg.Environment() {
		env[k] = jsii.String(v)
	}
	fp.Environment = &env

	if layerArn != nil {
		layer := awslambda.LayerVersion_FromLayerVersionArn(node, jsii.String("PowertoolsLayer"), layerArn)
		layers := []awslambda.ILayerVersion{layer}
		if p.Layers != nil {
			layers = append(layers, *p.Layers...)
		}
		fp.Layers = &layers
	}

	// Failed asynchronous invocations land in a dead-letter queue unless the
	// caller routes them elsewhere or declares the function synchronous.
	if s.needsDLQ() {
		fp.DeadLetterQueue = awssqs.NewQueue(node, jsii.String("DeadLetterQueue"), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
		})
	}

	fn := awslambda.NewFunction(node, jsii.String("Resource"), &fp)
	cfn := fn.Node().DefaultChild().(awslambda.CfnFunction)

	if tracing != awslambda.Tracing_DISABLED {
		mode := "Active"
		if tracing == awslambda.Tracing_PASS_THROUGH {
			mode = "PassThrough"
		}
		cfn.SetTracingConfig(&awslambda.CfnFunction_TracingConfigProperty{Mode: jsii.String(mode)})
		policy := awsiam.NewPolicy(node, jsii.String("TracingPolicy"), &awsiam.PolicyProps{
			Roles: &[]awsiam.IRole{role},
			Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
				Resources: jsii.Strings("*"),
			})},
		})
		fn.Node().AddDependency(policy)
		nag.Suppress(policy.Node().DefaultChild().(awscdk.CfnResource), nag.Suppression{
			ID:        nag.IAMWildcard,
			Reason:    "X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; this policy holds nothing else",
			AppliesTo: []string{"Resource::*"},
		})
	}

	var suppressions []nag.Suppression
	for _, id := range []string{nag.LambdaLatestVersion, nag.ServerlessLambdaLatestVersion} {
		suppressions = append(suppressions, nag.Suppression{
			ID:     id,
			Reason: "the runtime " + s.runtime + " is chosen deliberately (pylambda Runtime): the Powertools layer and bundled dependencies are built for it",
		})
	}
	switch {
	case p.Synchronous:
		suppressions = append(suppressions, nag.Suppression{
			ID:     nag.ServerlessLambdaDLQ,
			Reason: "declared synchronous-only (pylambda Synchronous): failed invocations return their error to the caller and nothing is retried asynchronously",
		})
	case p.OnFailure != nil && p.DeadLetterQueue == nil && p.DeadLetterTopic == nil:
		suppressions = append(suppressions, nag.Suppression{
			ID:     nag.ServerlessLambdaDLQ,
			Reason: "failed asynchronous invocations go to the on-failure destination (OnFailure), which supersedes a dead-letter queue",
		})
	}
	nag.Suppress(cfn, suppressions...)
	return fn
}

// functionProps copies every FunctionOptions field into FunctionProps, which
// holds the same fields plus Code, Handler and Runtime: new CDK options pass
// through without a change here (a test checks that every field has its match).
func functionProps(o awslambda.FunctionOptions) awslambda.FunctionProps {
	var p awslambda.FunctionProps
	src := reflect.ValueOf(o)
	dst := reflect.ValueOf(&p).Elem()
	for i := range src.NumField() {
		dst.FieldByName(src.Type().Field(i).Name).Set(src.Field(i))
	}
	return p
}

func childPath(scope constructs.Construct, id string) string {
	if p := *scope.Node().Path(); p != "" {
		return p + "/" + id
	}
	return id
}
