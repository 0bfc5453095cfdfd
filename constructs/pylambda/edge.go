package pylambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront/experimental"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/nag"
)

// EdgeRegion is where Lambda@Edge functions live.
const EdgeRegion = "us-east-1"

// Defaults of an edge function.
const (
	// DefaultEdgeMemorySize, in MB: the viewer events' limit, and plenty for
	// header and URL work.
	DefaultEdgeMemorySize = 128
	// DefaultEdgeTimeoutSeconds: the viewer events' limit.
	DefaultEdgeTimeoutSeconds = 5
)

// Names of the modules pylambda generates into an edge function's bundle
// when it carries Powertools.
const (
	EdgeSettingsModule = "pylambda_edge_settings"
	EdgeWrapperModule  = "pylambda_edge_handler"
)

// EdgeLimits are Lambda@Edge's quotas for one event type. A zero field
// takes the default of the event type (DefaultEdgeLimits).
type EdgeLimits struct {
	// MaxMemorySize in MB: 128 for viewer events, Lambda's maximum (10240)
	// for origin events.
	MaxMemorySize int
	// MaxTimeoutSeconds: 5 for viewer events, 30 for origin events.
	MaxTimeoutSeconds int
	// MaxBundleBytes is the compressed size of the function and its
	// libraries: 1 MB for viewer events, 50 MB for origin events.
	MaxBundleBytes int64
}

// DefaultEdgeLimits returns the quotas of an event type (CloudFront
// developer guide, "Quotas on Lambda@Edge"). Newer copies of the quotas page
// show the origin limits for all events: where AWS allows your account more,
// set FunctionProps.Limits.
func DefaultEdgeLimits(event awscloudfront.LambdaEdgeEventType) EdgeLimits {
	if isViewer(event) {
		return EdgeLimits{MaxMemorySize: 128, MaxTimeoutSeconds: 5, MaxBundleBytes: 1 << 20}
	}
	return EdgeLimits{MaxMemorySize: maxMemory, MaxTimeoutSeconds: 30, MaxBundleBytes: 50 << 20}
}

func isViewer(e awscloudfront.LambdaEdgeEventType) bool {
	return e == awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST || e == awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE
}

// eventName is CloudFront's spelling, e.g. "viewer-request".
func eventName(e awscloudfront.LambdaEdgeEventType) string {
	return strings.ReplaceAll(strings.ToLower(string(e)), "_", "-")
}

// EdgeFunctionProps configure a Lambda@Edge function. What Lambda@Edge
// forbids (environment variables, layers, arm64, X-Ray, VPC, dead-letter
// queues, provisioned concurrency, container images, more than 512 MB of
// ephemeral storage, a customer-managed key, runtime management other than
// Auto) cannot be expressed here; what is added to the function after
// construction is checked at synth.
type EdgeFunctionProps struct {
	// EventType is the CloudFront event the function serves.
	// Required.
	EventType awscloudfront.LambdaEdgeEventType
	// Entry is the folder of the function's code.
	// Required.
	Entry string
	// Handler is "module.function" in Entry.
	// Default: DefaultHandler ("app.handler").
	Handler string
	// Runtime is the Python runtime.
	// Default: awslambda.Runtime_PYTHON_3_11().
	Runtime awslambda.Runtime
	// MemorySize in MB, within the event type's limit.
	// Default: DefaultEdgeMemorySize (128).
	MemorySize int
	// Timeout, within the event type's limit.
	// Default: DefaultEdgeTimeoutSeconds (5 s).
	Timeout awscdk.Duration
	// Description of the function.
	// Default: none.
	Description string
	// IncludeBody exposes the request body to the function (viewer-request
	// and origin-request only).
	// Default: false.
	IncludeBody bool
	// Powertools bundles Powertools for AWS Lambda (Python) into the zip and
	// applies its settings without environment variables.
	// Default: nil (no Powertools: small zips, short cold starts).
	Powertools *EdgePowertools
	// Limits override the event type's quotas where AWS allows more.
	// Default: DefaultEdgeLimits(EventType).
	Limits EdgeLimits
	// Logs configure the log group /aws/lambda/us-east-1.<function name> in
	// us-east-1 (replicas log to groups of that name in each region that runs
	// them; Lambda creates those without retention).
	// Default: DefaultLogRetention, DefaultLogRemovalPolicy.
	Logs LogOptions
	// Bundling controls how dependencies get into the zip.
	// Default: installed with the local pip, cached.
	Bundling BundlingOptions
	// AssetExcludes are left out of the zip besides DefaultAssetExcludes.
	// Default: none.
	AssetExcludes []string
	// StackID names the us-east-1 support stack when the parent stack is in
	// another region.
	// Default: the CDK's, edge-lambda-stack-<address of the parent stack>.
	StackID string
}

// EdgePowertools configure Powertools in an edge function's zip.
type EdgePowertools struct {
	// Config is the Powertools configuration, written to a generated
	// settings module. Tracing is always off (Lambda@Edge has no X-Ray).
	// Default: service name from the construct id, namespace from the stack.
	Config powertools.Config
	// Requirement is the pip requirement that installs Powertools: a pinned
	// release, or a local wheel's name with Bundling.FindLinks for offline
	// builds.
	// Default: "aws-lambda-powertools==" + the release of
	// powertools.DefaultLayerVersion, the same release regional functions run.
	Requirement string
}

// EdgeFunction is a Lambda@Edge function: a numbered version in us-east-1.
type EdgeFunction struct {
	// Version is what CloudFront runs; it implements awslambda.IVersion.
	Version experimental.EdgeFunction
	// Function is the function in us-east-1 (in the support stack when the
	// parent stack is elsewhere).
	Function awslambda.Function
	// LogGroup is /aws/lambda/us-east-1.<function name> in us-east-1.
	LogGroup awslogs.LogGroup
	// EventType and IncludeBody, as given.
	EventType   awscloudfront.LambdaEdgeEventType
	IncludeBody bool
}

// EdgeLambda returns the association for a CloudFront behavior's
// EdgeLambdas.
func (e *EdgeFunction) EdgeLambda() *awscloudfront.EdgeLambda {
	el := &awscloudfront.EdgeLambda{EventType: e.EventType, FunctionVersion: e.Version}
	if e.IncludeBody {
		el.IncludeBody = jsii.Bool(true)
	}
	return el
}

// NewEdgeFunction creates a Python Lambda@Edge function in us-east-1 from a
// stack in any region: in place when the stack is in us-east-1, else in the
// us-east-1 support stack that aws-cdk's experimental EdgeFunction uses (its
// ARN reaches the parent stack through SSM). The parent stack needs an
// explicit region, and us-east-1 must be bootstrapped.
//
// Invalid props panic with a *ValidationError; settings added to the
// function later that Lambda@Edge forbids fail the synth.
func NewEdgeFunction(scope constructs.Construct, id string, props *EdgeFunctionProps) *EdgeFunction {
	var p EdgeFunctionProps
	if props != nil {
		p = *props
	}
	es := readEdgeSpec(scope, id, &p)
	if err := validateEdge(es); err != nil {
		panic(err)
	}
	path := es.path
	parent := awscdk.Stack_Of(scope)

	runtime := p.Runtime
	if runtime == nil {
		runtime = DefaultRuntime()
	}
	handler := es.handler
	var extraReqs []string
	var extraFiles map[string]string
	if p.Powertools != nil {
		extraReqs = []string{es.powertoolsRequirement}
		extraFiles = edgePowertoolsFiles(path, es.handler, es.effective)
		handler = EdgeWrapperModule + ".handler"
	}
	code, err := assetCode(codeSpec{
		path:         path,
		entry:        p.Entry,
		excludes:     es.excludes,
		architecture: "x86_64",
		python:       es.pythonVersion(),
		bundling:     p.Bundling,
		extraReqs:    extraReqs,
		extraFiles:   extraFiles,
	})
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			panic(err)
		}
		panic(bundleError(path, err))
	}

	// The role and log group live beside the function: in place, or in the
	// support stack (created here first, with the id and settings the CDK's
	// EdgeFunction looks for, so that it reuses it).
	home := scope
	stackID := p.StackID
	if *parent.Region() != EdgeRegion {
		if stackID == "" {
			stackID = "edge-lambda-stack-" + *parent.Node().Addr()
		}
		home = edgeStack(parent, stackID)
	}
	role := awsiam.NewRole(home, jsii.String(id+"ServiceRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewCompositePrincipal(
			awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			awsiam.NewServicePrincipal(jsii.String("edgelambda.amazonaws.com"), nil)),
		Description: jsii.String("Execution role of the Lambda@Edge function " + path),
	})

	fnProps := &experimental.EdgeFunctionProps{
		Runtime:      runtime,
		Handler:      jsii.String(handler),
		Code:         code,
		Architecture: awslambda.Architecture_X86_64(),
		MemorySize:   jsii.Number(float64(es.memory)),
		Timeout:      p.Timeout,
		Role:         role,
	}
	if fnProps.Timeout == nil {
		fnProps.Timeout = awscdk.Duration_Seconds(jsii.Number(DefaultEdgeTimeoutSeconds))
	}
	if p.Description != "" {
		fnProps.Description = jsii.String(p.Description)
	}
	if stackID != "" {
		fnProps.StackId = jsii.String(stackID)
	}
	version := experimental.NewEdgeFunction(scope, jsii.String(id), fnProps)
	fn := version.Lambda().(awslambda.Function)
	cfn := fn.Node().DefaultChild().(awslambda.CfnFunction)

	// Logs: replicas write to /aws/lambda/us-east-1.<name> in every region
	// that runs them; the us-east-1 group gets a retention here.
	logs := p.Logs.withDefaults()
	logGroup := awslogs.NewLogGroup(home, jsii.String(id+"EdgeLogGroup"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/lambda/" + EdgeRegion + "." + *fn.FunctionName()),
		Retention:     logs.Retention,
		RemovalPolicy: logs.RemovalPolicy,
	})
	// With @aws-cdk/aws-lambda:useCdkManagedLogGroup, the CDK also creates
	// /aws/lambda/<name> in us-east-1 (direct invocations): same settings.
	if managed, ok := fn.Node().TryFindChild(jsii.String("LogGroup")).(awslogs.LogGroup); ok {
		managedCfn := managed.Node().DefaultChild().(awslogs.CfnLogGroup)
		managedCfn.SetRetentionInDays(logGroup.Node().DefaultChild().(awslogs.CfnLogGroup).RetentionInDays())
		managed.ApplyRemovalPolicy(logs.RemovalPolicy)
	}
	fnStack := awscdk.Stack_Of(fn)
	logArn := func(region, group string) string {
		return "arn:" + *fnStack.Partition() + ":logs:" + region + ":" + *fnStack.Account() + ":log-group:" + group
	}
	policy := awsiam.NewPolicy(home, jsii.String(id+"LogsPolicy"), &awsiam.PolicyProps{
		Roles: &[]awsiam.IRole{role},
		Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
			// CreateLogGroup is authorized on the group's ARN, the writes on its
			// streams (":*").
			Resources: jsii.Strings(
				logArn("*", "/aws/lambda/"+EdgeRegion+"."+*fn.FunctionName()),
				logArn("*", "/aws/lambda/"+EdgeRegion+"."+*fn.FunctionName())+":*",
				logArn(EdgeRegion, "/aws/lambda/"+*fn.FunctionName()),
				logArn(EdgeRegion, "/aws/lambda/"+*fn.FunctionName())+":*"),
		})},
	})
	nag.Suppress(policy.Node().DefaultChild().(awscdk.CfnResource), nag.Suppression{
		ID:               nag.IAMWildcard,
		Reason:           "Lambda@Edge replicas log to /aws/lambda/us-east-1.<function name> in whichever region runs them, so the region is a wildcard; the groups are this function's only, the trailing * its log streams",
		AppliesToPattern: []string{`/^Resource::arn:[^:]+:logs:(\*|us-east-1):(<AWS::AccountId>|\d{12}):log-group:\/aws\/lambda\/(us-east-1\.)?<[^>]+>(:\*)?$/`},
	})
	var suppressions []nag.Suppression
	for _, rule := range []string{nag.LambdaLatestVersion, nag.ServerlessLambdaLatestVersion} {
		suppressions = append(suppressions, nag.Suppression{ID: rule,
			Reason: "the runtime " + es.runtime + " is chosen deliberately (pylambda Runtime): bundled dependencies are built for it"})
	}
	suppressions = append(suppressions,
		nag.Suppression{ID: nag.ServerlessLambdaDLQ, Reason: "Lambda@Edge supports no dead-letter queue; CloudFront invokes the function synchronously and returns its errors to the viewer"},
		nag.Suppression{ID: nag.ServerlessLambdaTracing, Reason: "Lambda@Edge supports no X-Ray tracing"})
	if es.memory == minMemory {
		reason := "128 MB is Lambda@Edge's limit for viewer events, not a forgotten default"
		if !isViewer(es.event) {
			reason = "128 MB is chosen deliberately (pylambda's edge default, enough for header and URL work; MemorySize raises it)"
		}
		suppressions = append(suppressions, nag.Suppression{ID: nag.ServerlessLambdaDefaultMemory, Reason: reason})
	}
	nag.Suppress(cfn, suppressions...)

	e := &EdgeFunction{Version: version, Function: fn, LogGroup: logGroup, EventType: p.EventType, IncludeBody: p.IncludeBody}
	if err := checkBundleSize(fn, es); err != nil {
		panic(err)
	}
	version.Node().AddValidation(&edgeValidation{fn: fn, spec: es})
	return e
}

// edgeStack returns the us-east-1 support stack of parent, creating it as the
// CDK's experimental EdgeFunction would (which then finds and reuses it).
func edgeStack(parent awscdk.Stack, id string) awscdk.Stack {
	stage := awscdk.Stage_Of(parent)
	if existing := stage.Node().TryFindChild(jsii.String(id)); existing != nil {
		return existing.(awscdk.Stack)
	}
	return awscdk.NewStack(stage, jsii.String(id), &awscdk.StackProps{
		Env:  &awscdk.Environment{Region: jsii.String(EdgeRegion), Account: parent.Account()},
		Tags: parent.Tags().TagValues(),
	})
}

// edgePowertoolsFiles returns the generated settings module and the wrapper
// handler that applies the settings before the user's module (and so
// Powertools) is imported.
func edgePowertoolsFiles(path, handler string, cfg powertools.Config) map[string]string {
	settings, _ := json.MarshalIndent(cfg.Environment(), "", "    ")
	module, function := handler[:strings.LastIndex(handler, ".")], handler[strings.LastIndex(handler, ".")+1:]
	return map[string]string{
		EdgeSettingsModule + ".py": fmt.Sprintf(`"""Powertools settings of the Lambda@Edge function %s.

Generated by pylambda: Lambda@Edge has no environment variables, so the
settings travel in the bundle.
"""

SETTINGS = %s
`, path, settings),
		EdgeWrapperModule + ".py": fmt.Sprintf(`"""Entry point of the Lambda@Edge function %s.

Generated by pylambda: applies the Powertools settings to the process
environment, then imports the handler module, so that Powertools reads them
as it would read environment variables.
"""

import importlib
import os

from %s import SETTINGS

os.environ.update(SETTINGS)

handler = getattr(importlib.import_module(%q), %q)
`, path, EdgeSettingsModule, module, function),
	}
}

// checkBundleSize measures the staged asset the way the CDK zips it and
// compares it with the event type's limit.
func checkBundleSize(fn awslambda.Function, es edgeSpec) error {
	asset, ok := fn.Node().TryFindChild(jsii.String("Code")).(awss3assets.Asset)
	if !ok {
		return nil
	}
	dir := filepath.Join(*awscdk.Stage_Of(fn).Outdir(), *asset.AssetPath())
	if !*asset.IsZipArchive() {
		return nil
	}
	size, err := zipSize(dir, es.limits.MaxBundleBytes)
	if err != nil {
		return nil // not staged as a folder (e.g. bundling skipped for this stack)
	}
	if size > es.limits.MaxBundleBytes {
		return &ValidationError{Path: es.path, Property: "Entry",
			Rule: fmt.Sprintf("the zip is %s compressed, more than the %s Lambda@Edge allows for %s events", mb(size), mb(es.limits.MaxBundleBytes), eventName(es.event)),
			Fix:  "leave out what the function does not need (AssetExcludes, fewer requirements, no Powertools), use an origin event, or raise Limits.MaxBundleBytes where AWS allows more"}
	}
	return nil
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/(1<<20)) }

// edgeValidation re-checks, at synth, what Lambda@Edge forbids on the
// finished function, including what was added after construction. (The CDK
// itself refuses environment variables added through the L2, earlier, when
// it renders the function.)
type edgeValidation struct {
	fn   awslambda.Function
	spec edgeSpec
}

// Validate implements constructs.IValidation.
func (v *edgeValidation) Validate() *[]*string {
	out := []*string{}
	for _, p := range checkEdgeState(v.spec, readEdgeState(v.fn)) {
		out = append(out, jsii.String(p.Error()))
	}
	return &out
}

// edgeState is the finished function, as plain values.
type edgeState struct {
	environment   map[string]any
	layers        []any
	architectures []any
	tracing       string
	vpc           bool
	deadLetter    bool
	ephemeralMB   float64
	kmsKey        bool
	runtimeMgmt   string
	packageType   string
	memory        float64
	timeout       float64
	provisioned   []string // paths of versions and aliases with provisioned concurrency
}

func readEdgeState(fn awslambda.Function) edgeState {
	cfn := fn.Node().DefaultChild().(awslambda.CfnFunction)
	stack := awscdk.Stack_Of(fn)
	resolve := func(v any) any { return resolveValue(stack, v) }
	var s edgeState
	s.environment = readEdgeEnvironment(stack, cfn)
	if cfn.Layers() != nil {
		s.layers, _ = resolve(cfn.Layers()).([]any)
	}
	if cfn.Architectures() != nil {
		s.architectures, _ = resolve(cfn.Architectures()).([]any)
	}
	if t, ok := resolve(cfn.TracingConfig()).(map[string]any); ok {
		s.tracing, _ = t["mode"].(string)
	}
	s.vpc = resolve(cfn.VpcConfig()) != nil
	if d, ok := resolve(cfn.DeadLetterConfig()).(map[string]any); ok && d["targetArn"] != nil {
		s.deadLetter = true
	}
	if e, ok := resolve(cfn.EphemeralStorage()).(map[string]any); ok {
		s.ephemeralMB, _ = e["size"].(float64)
	}
	s.kmsKey = cfn.KmsKeyArn() != nil
	if r, ok := resolve(cfn.RuntimeManagementConfig()).(map[string]any); ok {
		s.runtimeMgmt, _ = r["updateRuntimeOn"].(string)
	}
	if cfn.PackageType() != nil {
		s.packageType = *cfn.PackageType()
	}
	if m, ok := resolve(cfn.MemorySize()).(float64); ok {
		s.memory = m
	}
	if t, ok := resolve(cfn.Timeout()).(float64); ok {
		s.timeout = t
	}
	for _, c := range *fn.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		switch r := c.(type) {
		case awslambda.CfnVersion:
			if r.ProvisionedConcurrencyConfig() != nil {
				s.provisioned = append(s.provisioned, *r.Node().Path())
			}
		case awslambda.CfnAlias:
			if r.ProvisionedConcurrencyConfig() != nil {
				s.provisioned = append(s.provisioned, *r.Node().Path())
			}
		}
	}
	return s
}

// readEdgeEnvironment returns the environment variables set on the L1
// (cfn.SetEnvironment). Those added through the L2 (AddEnvironment) the CDK
// refuses itself when it renders an edge function, naming them.
func readEdgeEnvironment(stack awscdk.Stack, cfn awslambda.CfnFunction) map[string]any {
	if env, ok := resolveValue(stack, cfn.Environment()).(map[string]any); ok {
		vars, _ := env["variables"].(map[string]any)
		return vars
	}
	return nil
}

// resolveValue turns an L1 property into plain values: tokens and lazy
// values (what L2 methods set) through the stack, Go structs (what the L1
// setters take) through their JSON form, nil for an unset property.
func resolveValue(stack awscdk.Stack, v any) any {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
	}
	// jsii proxies (tokens, lazies) are pointers to unexported jsiiProxy_
	// structs and must go through the stack; data structs marshal as JSON.
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct && !strings.HasPrefix(rv.Elem().Type().Name(), "jsiiProxy_") {
		data, err := json.Marshal(v)
		if err != nil {
			return nil
		}
		var out any
		_ = json.Unmarshal(data, &out)
		return out
	}
	return stack.Resolve(v)
}

// checkEdgeState returns what Lambda@Edge forbids in s (CloudFront
// developer guide, "Restrictions on Lambda@Edge").
func checkEdgeState(es edgeSpec, s edgeState) []*ValidationError {
	var out []*ValidationError
	add := func(property, rule, fix string) {
		out = append(out, &ValidationError{Path: es.path, Property: property, Rule: rule + " (added to the function after construction)", Fix: fix})
	}
	if len(s.environment) > 0 {
		keys := make([]string, 0, len(s.environment))
		for k := range s.environment {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		add("Environment", "Lambda@Edge supports no environment variables, found "+strings.Join(keys, ", "), "remove them; put settings in the code, or use EdgePowertools for Powertools settings")
	}
	if len(s.layers) > 0 {
		add("Layers", "Lambda@Edge supports no layers", "remove them; bundle the libraries into the zip (requirements.txt, EdgePowertools)")
	}
	for _, a := range s.architectures {
		if a != "x86_64" {
			add("Architecture", fmt.Sprintf("Lambda@Edge supports x86_64 only, found %v", a), "remove the architecture setting")
		}
	}
	if s.tracing != "" && s.tracing != "PassThrough" {
		add("Tracing", "Lambda@Edge supports no X-Ray tracing", "remove the tracing setting")
	}
	if s.vpc {
		add("Vpc", "Lambda@Edge functions cannot run in a VPC", "remove the VPC settings")
	}
	if s.deadLetter {
		add("DeadLetterQueue", "Lambda@Edge supports no dead-letter queue", "remove it; CloudFront invokes the function synchronously")
	}
	if len(s.provisioned) > 0 {
		add("ProvisionedConcurrency", "Lambda@Edge supports no provisioned concurrency, found on "+strings.Join(s.provisioned, ", "), "remove it")
	}
	if s.packageType == "Image" {
		add("Code", "Lambda@Edge supports no container images", "use a zip (NewEdgeFunction's Entry)")
	}
	if s.ephemeralMB > 512 {
		add("EphemeralStorageSize", fmt.Sprintf("Lambda@Edge allows at most 512 MB of ephemeral storage, found %v MB", s.ephemeralMB), "remove the setting or lower it to 512 MB")
	}
	if s.kmsKey {
		add("EnvironmentEncryption", "Lambda@Edge supports no customer-managed KMS key for the function", "remove the key")
	}
	if s.runtimeMgmt != "" && s.runtimeMgmt != "Auto" {
		add("RuntimeManagementMode", fmt.Sprintf("Lambda@Edge supports runtime management Auto only, found %s", s.runtimeMgmt), "remove the setting")
	}
	if s.memory > float64(es.limits.MaxMemorySize) {
		add("MemorySize", fmt.Sprintf("%v MB is more than the %d MB Lambda@Edge allows for %s events", s.memory, es.limits.MaxMemorySize, eventName(es.event)), "lower it, or raise Limits.MaxMemorySize where AWS allows more")
	}
	if s.timeout > float64(es.limits.MaxTimeoutSeconds) {
		add("Timeout", fmt.Sprintf("%v s is more than the %d s Lambda@Edge allows for %s events", s.timeout, es.limits.MaxTimeoutSeconds, eventName(es.event)), "lower it, or raise Limits.MaxTimeoutSeconds where AWS allows more")
	}
	return out
}
