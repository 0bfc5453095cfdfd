//lint:file-ignore SA1019 pylambda reads the deprecated logging options to honour or refuse them

package pylambda

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/bundle"
)

// ValidationError is one invalid property of a pylambda construct.
type ValidationError struct {
	Path     string // construct path, e.g. "Api/Orders"
	Property string // e.g. "Powertools.SampleRate" or "MemorySize"
	Rule     string // what is wrong
	Fix      string // how to fix it
}

// Error renders the problem as "path: property: rule; fix".
func (e *ValidationError) Error() string {
	return e.Path + ": " + e.Property + ": " + e.Rule + "; " + e.Fix
}

// Lambda's limits (Lambda developer guide, "Lambda quotas").
const (
	minMemory         = 128
	maxMemory         = 10240
	maxTimeoutSeconds = 900
	maxEnvBytes       = 4096
)

// reservedEnv are the variables Lambda sets itself and refuses in a
// function's configuration (Lambda developer guide, "Defined runtime
// environment variables").
var reservedEnv = []string{
	"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
	"AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
	"AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
	"AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
}

// deprecatedLogOptions maps deprecated FunctionOptions fields to pylambda's.
var deprecatedLogOptions = map[string]string{
	"LogRetention":     "Logs.Retention",
	"LogRemovalPolicy": "Logs.RemovalPolicy",
}

// spec is what validation needs from the props, as plain Go values: every
// jsii value is read once, by readSpec, and validate itself is pure.
type spec struct {
	path          string
	entry         string
	handler       string
	runtime       string   // e.g. "python3.11"
	runtimeFamily string   // "python" for Python runtimes
	memory        *float64 // nil when unset or a token
	timeout       *float64 // seconds; nil when unset or a token
	env           map[string]string
	envTokens     int               // entries whose value is a token (size unknown)
	appLogLevel   string            // Lambda's application log level, if set
	logFormat     string            // "JSON" or "Text", if set
	powertools    powertools.Config // as given
	effective     powertools.Config // with the defaults filled in
	layer         LayerOptions
	layerArns     []string // the caller's layers (concrete ARNs only)
	logGroup      bool
	logs          LogOptions
	deprecated    []string // deprecated FunctionOptions fields that are set
	excludes      []string // asset excludes, defaults included
	synchronous   bool
	dlq           bool // DeadLetterQueue, DeadLetterTopic or DeadLetterQueueEnabled
	dlqDisabled   bool // DeadLetterQueueEnabled explicitly false
	onFailure     bool
}

// readSpec reads the props of the function scope/id into a spec, filling the
// handler, runtime and Powertools defaults and skipping values that are tokens.
func readSpec(scope constructs.Construct, id string, p *FunctionProps) spec {
	s := spec{
		path:        childPath(scope, id),
		entry:       p.Entry,
		handler:     p.Handler,
		powertools:  p.Powertools,
		layer:       p.Layer,
		logGroup:    p.LogGroup != nil,
		logs:        p.Logs,
		synchronous: p.Synchronous,
		dlq:         p.DeadLetterQueue != nil || p.DeadLetterTopic != nil || (p.DeadLetterQueueEnabled != nil && *p.DeadLetterQueueEnabled),
		dlqDisabled: p.DeadLetterQueueEnabled != nil && !*p.DeadLetterQueueEnabled,
		onFailure:   p.OnFailure != nil,
	}
	if s.handler == "" {
		s.handler = DefaultHandler
	}
	if p.LogRetention != "" {
		s.deprecated = append(s.deprecated, "LogRetention")
	}
	if p.LogRemovalPolicy != "" {
		s.deprecated = append(s.deprecated, "LogRemovalPolicy")
	}
	s.runtime, s.runtimeFamily = runtimeOf(p.Runtime)
	if p.MemorySize != nil && !*awscdk.Token_IsUnresolved(p.MemorySize) {
		s.memory = p.MemorySize
	}
	if p.Timeout != nil && !*p.Timeout.IsUnresolved() {
		s.timeout = p.Timeout.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
	}
	if p.Environment != nil {
		s.env = map[string]string{}
		for k, v := range *p.Environment {
			if v == nil || *awscdk.Token_IsUnresolved(v) {
				s.envTokens++
				continue
			}
			s.env[k] = *v
		}
	}
	switch {
	case p.ApplicationLogLevelV2 != "":
		s.appLogLevel = string(p.ApplicationLogLevelV2)
	case p.ApplicationLogLevel != nil:
		s.appLogLevel = *p.ApplicationLogLevel
	}
	switch {
	case p.LoggingFormat != "":
		s.logFormat = string(p.LoggingFormat)
	case p.LogFormat != nil:
		s.logFormat = *p.LogFormat
	}
	s.excludes = append(slices.Clone(DefaultAssetExcludes), p.AssetExcludes...)
	s.effective = effectiveConfig(scope, id, p.Powertools, s.appLogLevel)
	if p.Tracing == awslambda.Tracing_DISABLED {
		// No X-Ray daemon: the Tracer must not try to send segments.
		s.effective.DisableTracing = true
	}
	if p.Layers != nil {
		for _, l := range *p.Layers {
			if arn := l.LayerVersionArn(); arn != nil && !*awscdk.Token_IsUnresolved(arn) {
				s.layerArns = append(s.layerArns, *arn)
			}
		}
	}
	return s
}

// runtimeOf returns a runtime's name and "python" for a Python runtime (the
// default runtime when rt is nil).
func runtimeOf(rt awslambda.Runtime) (name, family string) {
	if rt == nil {
		rt = DefaultRuntime()
	}
	if rt.Family() == awslambda.RuntimeFamily_PYTHON {
		family = "python"
	}
	return *rt.Name(), family
}

// effectiveConfig fills the configuration's defaults: the service name from
// the construct id, the metrics namespace from the stack name, and the log
// level from Lambda's application log level when only that is set.
func effectiveConfig(scope constructs.Construct, id string, c powertools.Config, appLogLevel string) powertools.Config {
	if c.ServiceName == "" {
		c.ServiceName = ServiceName(id)
	}
	if c.MetricsNamespace == "" {
		if name := awscdk.Stack_Of(scope).StackName(); !*awscdk.Token_IsUnresolved(name) {
			c.MetricsNamespace = *name
		}
	}
	if c.LogLevel == "" && appLogLevel != "" {
		c.LogLevel, _ = powertools.LogLevelFromLambda(appLogLevel)
	}
	return c
}

// ServiceName derives a Powertools service name from a construct id:
// kebab-case, e.g. "orders-api" for "OrdersAPI" or "Orders_Api".
func ServiceName(id string) string {
	var b strings.Builder
	rs := []rune(id)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if upper && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('-')
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte('-')
		}
	}
	parts := strings.FieldsFunc(b.String(), func(r rune) bool { return r == '-' })
	if len(parts) == 0 {
		return "service"
	}
	return strings.Join(parts, "-")
}

// pythonVersion returns "3.11" for "python3.11".
func (s spec) pythonVersion() string { return strings.TrimPrefix(s.runtime, "python") }

// jsonLogs reports whether the function logs JSON (the default).
func (s spec) jsonLogs() bool { return s.logFormat == "" || strings.EqualFold(s.logFormat, "JSON") }

// needsDLQ reports whether pylambda creates the dead-letter queue.
func (s spec) needsDLQ() bool { return !s.synchronous && !s.dlq && !s.dlqDisabled && !s.onFailure }

var handlerPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$`)

// validate returns every problem of s, joined, or nil. It is pure: it reads
// only s and the file system.
func validate(s spec) error {
	var errs []error
	add := func(property, rule, fix string) {
		errs = append(errs, &ValidationError{Path: s.path, Property: property, Rule: rule, Fix: fix})
	}

	checkCode(add, s.entry, s.handler, s.excludes)
	checkRuntime(add, s.runtime, s.runtimeFamily)

	if m := s.memory; m != nil {
		if *m < minMemory || *m > maxMemory || *m != math.Trunc(*m) {
			add("MemorySize", fmt.Sprintf("%v MB is outside Lambda's range of whole MB from %d to %d", *m, minMemory, maxMemory), fmt.Sprintf("use a whole number of MB in that range (default %d)", DefaultMemorySize))
		}
	}
	if t := s.timeout; t != nil {
		if *t < 1 || *t > maxTimeoutSeconds || *t != math.Trunc(*t) {
			add("Timeout", fmt.Sprintf("%v s is outside Lambda's range of whole seconds from 1 to %d", *t, maxTimeoutSeconds), fmt.Sprintf("use a whole number of seconds in that range (default %d s)", DefaultTimeoutSeconds))
		}
	}

	// The size counts what the function gets: the caller's entries and the
	// Powertools settings pylambda adds.
	keys := make([]string, 0, len(s.env))
	merged := maps.Clone(s.env)
	if merged == nil {
		merged = map[string]string{}
	}
	for k, v := range s.effective.Environment() {
		merged[k] = v
	}
	size := 0
	for k, v := range merged {
		size += len(k) + len(v)
	}
	for k := range s.env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slices.Contains(reservedEnv, k) {
			add("Environment["+k+"]", "is reserved: Lambda sets it and refuses it in a function's configuration", "remove it; read the runtime's value at run time instead")
		}
	}
	if size > maxEnvBytes {
		add("Environment", fmt.Sprintf("holds %d bytes of keys and values (Powertools settings included), more than Lambda's %d", size, maxEnvBytes), "move large values to SSM Parameter Store or Secrets Manager and read them at run time (Powertools Parameters)")
	}

	for _, p := range s.powertools.Problems() {
		add("Powertools."+p.Field, p.Rule, p.Fix)
	}
	for _, p := range s.effective.Contradictions(s.env) {
		add(p.Field, p.Rule, p.Fix)
	}
	if s.appLogLevel != "" && s.powertools.LogLevel != "" && s.powertools.LogLevel.LambdaLogLevel() != "" &&
		s.powertools.LogLevel.LambdaLogLevel() != s.appLogLevel {
		add("ApplicationLogLevelV2", fmt.Sprintf("%s disagrees with Powertools.LogLevel %s (Lambda's level filters what Powertools emits)", s.appLogLevel, s.powertools.LogLevel),
			"set only Powertools.LogLevel; pylambda derives Lambda's level from it")
	}
	if s.appLogLevel != "" && !s.jsonLogs() {
		add("ApplicationLogLevelV2", "needs JSON logs: Lambda applies log levels only to the JSON log format", "remove LoggingFormat (JSON is the default) or the log level")
	}

	for _, name := range s.deprecated {
		add(name, "is deprecated in the CDK and configures a log group pylambda does not create that way", "set "+deprecatedLogOptions[name]+" instead")
	}
	if s.logGroup && (s.logs.Retention != "" || s.logs.RemovalPolicy != "") {
		add("Logs", "applies only to the log group pylambda creates, and LogGroup brings your own", "configure your log group itself, or remove LogGroup")
	}

	if s.synchronous && (s.dlq || s.onFailure) {
		add("Synchronous", "declares no asynchronous invocations, yet a dead-letter target or OnFailure destination is set", "remove Synchronous, or the asynchronous failure handling")
	}

	if s.layer.Version < 0 {
		add("Layer.Version", fmt.Sprintf("%d is not a layer version", s.layer.Version), fmt.Sprintf("use a published version such as %d, or 0 for the default", powertools.DefaultLayerVersion))
	}
	if s.layer.Latest && s.layer.Version != 0 {
		add("Layer.Latest", fmt.Sprintf("contradicts Layer.Version %d", s.layer.Version), "pin a version or ask for the latest, not both")
	}
	if s.layer.Disabled && (s.layer.Latest || s.layer.Version != 0) {
		add("Layer.Disabled", "contradicts Layer.Version or Layer.Latest", "remove the layer options, or Disabled")
	}
	if !s.layer.Disabled {
		for _, arn := range s.layerArns {
			if strings.Contains(arn, ":layer:AWSLambdaPowertoolsPython") {
				add("Layers", fmt.Sprintf("holds a Powertools layer (%s), and pylambda adds one", arn), "remove it from Layers; choose the version with Layer.Version")
			}
		}
	}
	return errors.Join(errs...)
}

// checkCode checks the entry folder and the handler's module, for regional
// and edge functions alike.
func checkCode(add func(property, rule, fix string), entry, handler string, excludes []string) {
	entryOK := false
	switch info, err := os.Stat(entry); {
	case entry == "":
		add("Entry", "is required", "set it to the folder of the function's code, e.g. \"lambda/orders\"")
	case err != nil:
		wd, _ := os.Getwd()
		add("Entry", fmt.Sprintf("folder %q does not exist (relative paths start at %s)", entry, wd), "point it at the folder that holds the handler module")
	case !info.IsDir():
		add("Entry", fmt.Sprintf("%q is a file, not a folder", entry), "point it at the folder that holds the handler module, and name the module in Handler")
	default:
		entryOK = true
	}

	if !handlerPattern.MatchString(handler) {
		add("Handler", fmt.Sprintf("%q is not of the form module.function", handler), "use e.g. \"app.handler\" for handler() in app.py")
	} else if entryOK {
		module := handler[:strings.LastIndex(handler, ".")]
		rel := filepath.Join(strings.Split(module, ".")...)
		file := rel + ".py"
		if !isFile(filepath.Join(entry, file)) {
			file = filepath.Join(rel, "__init__.py")
		}
		if !isFile(filepath.Join(entry, file)) {
			add("Handler", fmt.Sprintf("module %q has no file %s.py in %s", module, rel, entry), "create it, or name the module that holds the handler")
		} else if excludedPath(filepath.ToSlash(file), excludes) {
			add("Handler", fmt.Sprintf("module %q is in %s, which the asset excludes leave out of the zip", module, filepath.ToSlash(file)),
				"rename or move the module (DefaultAssetExcludes leaves out tests, test_*.py, env, venv, ...), or change AssetExcludes")
		}
	}
}

// excludedPath reports whether an exclude pattern leaves rel, or a folder
// above it, out of the asset.
func excludedPath(rel string, excludes []string) bool {
	parts := strings.Split(rel, "/")
	for i := range parts {
		if bundle.Excluded(strings.Join(parts[:i+1], "/"), excludes) {
			return true
		}
	}
	return false
}

// checkRuntime checks that the runtime is a supported Python.
func checkRuntime(add func(property, rule, fix string), runtime, family string) {
	if family != "python" {
		add("Runtime", fmt.Sprintf("%s is not a Python runtime", runtime), "use awslambda.Runtime_PYTHON_3_11() (the default)")
	} else if !slices.Contains(powertools.PythonVersions(), strings.TrimPrefix(runtime, "python")) {
		add("Runtime", fmt.Sprintf("%s is not supported: pylambda supports Python %s", runtime, strings.Join(powertools.PythonVersions(), ", ")), "use awslambda.Runtime_PYTHON_3_11() (the default) or a later supported version")
	}
}

// layerError turns a layer resolution failure into a validation error.
func layerError(path, arch string, err error) error {
	fix := "deploy to a region where Powertools publishes the layer, or set Layer.Disabled and bundle Powertools"
	msg := err.Error()
	switch {
	case strings.Contains(msg, "no arm64 layer"):
		fix = "set Architecture: awslambda.Architecture_X86_64()"
	case strings.Contains(msg, "SSM parameter"):
		fix = "pin a version instead (remove Layer.Latest)"
	case strings.Contains(msg, "does not exist for Python"):
		fix = "use a later Layer.Version, or the default"
	case strings.Contains(msg, "knows no partition"):
		fix = "check the stack's region for a typo"
	}
	return &ValidationError{Path: path, Property: "Layer", Rule: msg + " (architecture " + arch + ")", Fix: fix}
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}
