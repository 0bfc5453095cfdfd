//lint:file-ignore SA1019 pylambda reads the deprecated logging options to refuse them

package pylambda

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
)

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
	// PowertoolsDelivery is how Powertools reaches the code: a pinned layer
	// (powertools.Layer), the newest layer at every deploy
	// (powertools.LatestLayer), installed into the zip (powertools.Bundled),
	// or not at all (powertools.None).
	// Default: the layer powertools.DefaultLayerVersion for the stack's
	// partition and region and the function's architecture and Python.
	PowertoolsDelivery powertools.Delivery
	// Logs configures the log group pylambda creates (not one given in
	// LogGroup).
	// Default: DefaultLogRetention, DefaultLogRemovalPolicy.
	Logs LogOptions
	// Invocation is how the function is invoked, which decides where its
	// failures go: Asynchronous (a dead-letter queue), Synchronous (back to
	// the caller) or EventSourceMapping (the event source's own failure
	// handling).
	// Default: Asynchronous (a dead-letter queue is created unless
	// DeadLetterQueue, DeadLetterTopic or OnFailure is given).
	Invocation Invocation
	// Bundling controls how the dependencies in Entry/requirements.txt (or
	// pyproject.toml) get into the asset; see BundlingOptions.
	// Default: installed with the local pip for Lambda's platform, cached.
	Bundling BundlingOptions
	// AssetExcludes are patterns of files left out of the asset, in
	// addition to DefaultAssetExcludes: a name at any depth ("*.md") or a
	// path under Entry ("docs/*.md").
	// Default: none.
	AssetExcludes []string

	// Idempotency gives the Powertools idempotency utility its DynamoDB
	// table (created as Powertools expects, or yours), the four item
	// permissions it needs and the table's name (IdempotencyTableSetting).
	// Default: none.
	Idempotency *IdempotencyOptions
	// Batch attaches event sources (SQS queues, Kinesis and DynamoDB
	// streams) whose batches the function processes with the Powertools
	// batch utility: every mapping reports failed items
	// (ReportBatchItemFailures), so that only those are retried. A function
	// with Batch and no asynchronous failure handling is an
	// EventSourceMapping function (see Invocation).
	// Default: none.
	Batch []BatchSource
	// Parameters grants read access to the SSM parameters, Secrets Manager
	// secrets and AppConfig configurations the Powertools Parameters
	// utility reads, and decryption with their customer managed keys.
	// Default: none.
	Parameters *ParametersOptions
	// FeatureFlags creates the AppConfig application, environment and
	// freeform configuration profile of the Powertools feature flags,
	// deploys a JSON file of flags (checked against the Powertools schema
	// at synth), and gives the function read access and the names.
	// Default: none.
	FeatureFlags *FeatureFlagsOptions

	// Alarms turns on the function's CloudWatch alarms (failed invocations,
	// throttles, a p99 duration close to the timeout, the depth of its
	// dead-letter queue or SQS on-failure destination; with Batch, the age
	// of the records waiting and the depth of its failure queues), which
	// notify a topic: AlarmOptions{} for the defaults, with the stack's encrypted
	// alarm topic. See the README's Operations section.
	// Default: none (alarms need someone who reads them).
	Alarms *AlarmOptions
	// Deployment publishes every new version behind the alias "live",
	// which callers invoke (InvokeTarget), and has CodeDeploy shift traffic
	// to it gradually, rolling back when the new version's errors or
	// duration ring its rollback alarms (or yours) or a hook fails; with
	// optional provisioned concurrency on the alias.
	// Default: none (callers invoke the function; a new version takes all
	// the traffic at once).
	Deployment *DeploymentOptions
}

// Function is a production-ready Python function: the construct at
// scope/id, whose children are the function ("Resource") and what pylambda
// creates for it ("LogGroup", "ServiceRole", "TracingPolicy",
// "DeadLetterQueue", each only when it does).
//
// Pass the accessors' values to CDK APIs: they are the CDK's own objects.
// The construct itself is an awsiam.IGrantable, so grants may name it:
// table.GrantReadWriteData(fn) grants to the function's role.
type Function interface {
	constructs.Construct
	awsiam.IGrantable
	// Lambda is the awslambda.Function, for integrations, metrics and
	// anything else the CDK offers.
	Lambda() awslambda.Function
	// InvokeTarget is what callers should invoke: the function itself,
	// or the live alias with a Deployment.
	InvokeTarget() awslambda.IFunction
	// LogGroup is the group the function writes to: the one pylambda
	// created, or the caller's (nil when the caller's LogGroup is only an
	// ILogGroupRef).
	LogGroup() awslogs.ILogGroup
	// DeadLetterQueue is the queue pylambda created for failed
	// asynchronous invocations, or nil when it created none.
	DeadLetterQueue() awssqs.IQueue
	// Role is the function's execution role.
	Role() awsiam.IRole
	// AddEnvironment adds an environment variable after construction,
	// checked as the props' variables are: a key Lambda accepts and does
	// not reserve, a POWERTOOLS_* value that agrees with the typed
	// Powertools configuration, at most Lambda's 4 KB in all. It panics
	// with a *ValidationError otherwise. (The L2's own AddEnvironment,
	// through Lambda(), skips these checks, as the L1's setters do.)
	AddEnvironment(key string, value *string) Function
	// IdempotencyTable is the table of Idempotency: the one pylambda
	// created, or yours; nil without Idempotency.
	IdempotencyTable() awsdynamodb.ITable
	// Alarms are the alarms pylambda created for the function (Alarms, and
	// the rollback alarms of a Deployment), or nil.
	Alarms() []awscloudwatch.Alarm
	// AlarmTopic is the topic the alarms notify (AlarmOptions.Topic or the
	// stack's alarm topic), or nil without Alarms: subscribe to it.
	AlarmTopic() awssns.ITopic
	// Alias is the live alias of a Deployment, or nil.
	Alias() awslambda.Alias
	// DeploymentGroup is the CodeDeploy deployment group of a Deployment,
	// or nil.
	DeploymentGroup() awscodedeploy.LambdaDeploymentGroup
}

// function implements Function. It is registered with jsii as the construct
// at scope/id, so CDK APIs see this very object.
type function struct {
	constructs.Construct
	fn       awslambda.Function
	logGroup awslogs.ILogGroup
	dlq      awssqs.IQueue
	role     awsiam.IRole

	path      string
	effective powertools.Config // the Powertools settings written
	envBytes  int               // the size of the variables, tokens' as written

	idempotencyTable awsdynamodb.ITable
	batchWatch       *batchWatch // what the alarms watch of the Batch sources

	alarms     []awscloudwatch.Alarm
	alarmTopic awssns.ITopic
	alias      awslambda.Alias
	deployment awscodedeploy.LambdaDeploymentGroup
}

func (f *function) Lambda() awslambda.Function { return f.fn }
func (f *function) InvokeTarget() awslambda.IFunction {
	if f.alias != nil {
		return f.alias
	}
	return f.fn
}
func (f *function) LogGroup() awslogs.ILogGroup       { return f.logGroup }
func (f *function) DeadLetterQueue() awssqs.IQueue    { return f.dlq }
func (f *function) Role() awsiam.IRole                { return f.role }
func (f *function) GrantPrincipal() awsiam.IPrincipal { return f.fn.GrantPrincipal() }
func (f *function) Alarms() []awscloudwatch.Alarm     { return f.alarms }
func (f *function) AlarmTopic() awssns.ITopic         { return f.alarmTopic }
func (f *function) Alias() awslambda.Alias            { return f.alias }
func (f *function) DeploymentGroup() awscodedeploy.LambdaDeploymentGroup {
	return f.deployment
}

func (f *function) AddEnvironment(key string, value *string) Function {
	r := &report{path: f.path}
	v := ""
	if value != nil {
		v = *value
	}
	checkAddedVariable(r, f.effective, key, v, f.envBytes)
	if err := r.err(); err != nil {
		panic(err)
	}
	f.envBytes += len(key) + len(v)
	f.fn.AddEnvironment(jsii.String(key), value, nil)
	return f
}

// NewFunction creates a production-ready Python function with Powertools
// and returns the construct at scope/id.
//
// Entry is required. Invalid props panic before anything is added to the
// tree, as CDK constructors do, with every problem at once: *ValidationError
// values (joined) that name the construct path, the property, the rule and
// the fix.
func NewFunction(scope constructs.Construct, id string, props *FunctionProps) Function {
	var p FunctionProps
	if props != nil {
		p = *props
	}
	s := readFunction(scope, id, &p) // the props as given, as plain values
	r := &report{path: s.path}
	features := featuresOf(s, &p)
	checkFunction(r, s, features)
	plan := planCode(r, s.codeRequest())
	checkHandler(r, s.base, false, plan)
	layerArn := resolveLayer(r, scope, s)
	if err := r.err(); err != nil {
		panic(err)
	}

	p = s.fill(p)
	defer withPath(s.path)
	f := &function{path: s.path}
	constructs.NewConstruct_Override(f, scope, jsii.String(id))
	b := &functionBuild{spec: s, props: &p, node: f, out: f}
	b.code(plan)
	b.steps(layerArn, features)
	return f
}
