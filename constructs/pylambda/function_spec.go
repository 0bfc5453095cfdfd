//lint:file-ignore SA1019 pylambda reads the deprecated logging options to honour or refuse them

package pylambda

import (
	"errors"
	"fmt"
	"maps"
	"math"
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
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// Lambda's limits (Lambda developer guide, "Lambda quotas").
const (
	minMemory         = 128
	maxMemory         = 10240
	maxTimeoutSeconds = 900
	maxEnvBytes       = 4096
	maxZipBytes       = 50 << 20 // a zip uploaded with the function
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

// functionSpec is what a regional function's rules and steps read from its
// props, as plain values: readFunction reads every jsii value once, and the
// rules that follow are pure.
type functionSpec struct {
	base
	architecture string            // "arm64" or "x86_64"
	memory       *float64          // nil when unset or a token
	timeout      *float64          // seconds; nil when unset or a token
	env          map[string]string // the caller's variables (values that are tokens left out)
	envKeys      []string          // every key the caller gives, sorted
	appLogLevel  string            // Lambda's application log level, if set
	logFormat    string            // "JSON" or "Text", if set
	tracing      awslambda.Tracing
	layers       int      // how many layers the caller gives
	layerArns    []string // the caller's layers (concrete ARNs only)
	logGroup     bool     // the caller brings a log group
	deprecated   []string // deprecated FunctionOptions fields that are set
	invocation   Invocation
	dlq          bool // DeadLetterQueue, DeadLetterTopic or DeadLetterQueueEnabled
	dlqDisabled  bool // DeadLetterQueueEnabled explicitly false
	onFailure    bool
}

// readFunction reads the props of the function scope/id.
func readFunction(scope constructs.Construct, id string, p *FunctionProps) *functionSpec {
	s := &functionSpec{
		architecture: "arm64",
		tracing:      p.Tracing,
		logGroup:     p.LogGroup != nil,
		invocation:   p.Invocation,
		dlq:          p.DeadLetterQueue != nil || p.DeadLetterTopic != nil || (p.DeadLetterQueueEnabled != nil && *p.DeadLetterQueueEnabled),
		dlqDisabled:  p.DeadLetterQueueEnabled != nil && !*p.DeadLetterQueueEnabled,
		onFailure:    p.OnFailure != nil,
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
	s.base = readBase(scope, id, common{
		entry: p.Entry, handler: p.Handler, runtime: p.Runtime, powertools: p.Powertools,
		delivery: p.PowertoolsDelivery, logs: p.Logs, bundling: p.Bundling, assetExcludes: p.AssetExcludes,
	}, s.appLogLevel)
	if s.tracing == awslambda.Tracing_DISABLED {
		// No X-Ray daemon: the Tracer must not try to send segments.
		s.effective.DisableTracing = true
	}
	if p.Architecture != nil {
		s.architecture = *p.Architecture.Name()
	}
	if p.LogRetention != "" {
		s.deprecated = append(s.deprecated, "LogRetention")
	}
	if p.LogRemovalPolicy != "" {
		s.deprecated = append(s.deprecated, "LogRemovalPolicy")
	}
	if p.MemorySize != nil && !*awscdk.Token_IsUnresolved(p.MemorySize) {
		s.memory = p.MemorySize
	}
	if p.Timeout != nil && !*p.Timeout.IsUnresolved() {
		s.timeout = p.Timeout.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
	}
	if p.Environment != nil {
		s.env = map[string]string{}
		for k, v := range *p.Environment {
			s.envKeys = append(s.envKeys, k)
			if v != nil && !stackinfo.IsToken(*v) {
				s.env[k] = *v
			}
		}
		sort.Strings(s.envKeys)
	}
	if p.Layers != nil {
		s.layers = len(*p.Layers)
		for _, l := range *p.Layers {
			if arn := l.LayerVersionArn(); arn != nil && !stackinfo.IsToken(*arn) {
				s.layerArns = append(s.layerArns, *arn)
			}
		}
	}
	return s
}

// sampled reports whether the Logger samples DEBUG logs.
func (s *functionSpec) sampled() bool {
	return s.effective.SampleRate != nil && *s.effective.SampleRate > 0
}

// jsonLogs reports whether Lambda's log format is JSON: the default, but
// for a function whose Logger samples DEBUG logs. With JSON, Lambda drops
// application lines below its application log level (INFO by default), and
// a DEBUG level there would win over the Logger's own level
// (AWS_LAMBDA_LOG_LEVEL) and turn every invocation to DEBUG. With Text,
// Lambda filters nothing: the Logger's own JSON lines, sampled DEBUG ones
// included, reach CloudWatch as written.
func (s *functionSpec) jsonLogs() bool {
	if s.logFormat == "" {
		return !s.sampled()
	}
	return strings.EqualFold(s.logFormat, "JSON")
}

// layer returns the Powertools layer the function gets, and whether it
// gets one.
func (s *functionSpec) layer() (powertools.LayerProps, bool) {
	p := powertools.LayerProps{Architecture: powertools.Architecture(s.architecture), Python: s.python()}
	switch s.delivery.Kind() {
	case powertools.DefaultDelivery, powertools.ReleaseDelivery:
		p.Release = s.delivery.Release()
	case powertools.LayerDelivery:
		p.Version = s.delivery.LayerVersion()
	case powertools.LatestLayerDelivery:
		p.Latest = true
	default:
		return p, false
	}
	return p, true
}

// codeRequest describes the function's asset.
func (s *functionSpec) codeRequest() codeRequest {
	c := codeRequest{base: s.base, architecture: s.architecture}
	if s.delivery.Kind() == powertools.BundledDelivery {
		c.extraReqs = []string{s.delivery.Requirement()}
	}
	return c
}

// checkFunction adds every problem of a regional function's props to r.
func checkFunction(r *report, s *functionSpec, features []feature) {
	checkBase(r, s.base)
	if m := s.memory; m != nil {
		if *m < minMemory || *m > maxMemory || *m != math.Trunc(*m) {
			r.add("MemorySize", fmt.Sprintf("%v MB is outside Lambda's range of whole MB from %d to %d", *m, minMemory, maxMemory), fmt.Sprintf("use a whole number of MB in that range (default %d)", DefaultMemorySize))
		}
	}
	if t := s.timeout; t != nil {
		if *t < 1 || *t > maxTimeoutSeconds || *t != math.Trunc(*t) {
			r.add("Timeout", fmt.Sprintf("%v s is outside Lambda's range of whole seconds from 1 to %d", *t, maxTimeoutSeconds), fmt.Sprintf("use a whole number of seconds in that range (default %d s)", DefaultTimeoutSeconds))
		}
	}
	checkEnvironment(r, s, featureSettings(features))
	if s.appLogLevel != "" && s.config.LogLevel != "" && s.config.LogLevel.LambdaLogLevel() != "" &&
		s.config.LogLevel.LambdaLogLevel() != s.appLogLevel {
		r.add("ApplicationLogLevelV2", fmt.Sprintf("%s disagrees with Powertools.LogLevel %s (Lambda's level filters what Powertools emits)", s.appLogLevel, s.config.LogLevel),
			"set only Powertools.LogLevel; pylambda derives Lambda's level from it")
	}
	if s.sampled() && (s.jsonLogs() || s.appLogLevel != "") {
		r.add("Powertools.SampleRate", "samples DEBUG logs, which Lambda's JSON log filtering would drop (application level INFO) or impose on every invocation (application level DEBUG, which wins over the Logger's level)",
			"remove LoggingFormat and ApplicationLogLevelV2: pylambda then uses Lambda's Text format, which filters nothing, and the Logger's level decides")
	} else if s.appLogLevel != "" && !s.jsonLogs() {
		r.add("ApplicationLogLevelV2", "needs JSON logs: Lambda applies log levels only to the JSON log format", "remove LoggingFormat (JSON is the default) or the log level")
	}
	for _, name := range s.deprecated {
		r.add(name, "is deprecated in the CDK and configures a log group pylambda does not create that way", "set "+deprecatedLogOptions[name]+" instead")
	}
	if s.logGroup && (s.logs.Retention != "" || s.logs.RemovalPolicy != "") {
		r.add("Logs", "applies only to the log group pylambda creates, and LogGroup brings your own", "configure your log group itself, or remove LogGroup")
	}
	if s.delivery.Kind() == powertools.LayerDelivery && s.delivery.LayerVersion() <= 0 {
		r.add("PowertoolsDelivery", fmt.Sprintf("%s is not a layer version", s.delivery), fmt.Sprintf("use a published version such as powertools.Layer(%d), or leave PowertoolsDelivery unset for the default", powertools.DefaultLayerVersion))
	}
	if s.delivery.Kind() == powertools.BundledDelivery && s.bundling.Disabled {
		r.add("PowertoolsDelivery", "powertools.Bundled needs bundling to install Powertools into the zip, and Bundling.Disabled turns it off", "remove Bundling.Disabled, or choose another delivery")
	}
	if release := s.delivery.Release(); release != "" {
		if err := powertools.CheckRelease(release); err != nil {
			r.add("PowertoolsDelivery", err.Error(), "give a release number, e.g. powertools.Release(\""+powertools.DefaultRelease+"\")")
		}
		for _, p := range s.effective.ReleaseProblems(release) {
			r.add("Powertools."+p.Field, p.Rule, p.Fix)
		}
	}
	checkLayers(r, s)
	for _, f := range features {
		f.check(s, r)
	}
}

// checkEnvironment checks the variables the function gets: the caller's
// entries, the Powertools settings and the features' settings.
func checkEnvironment(r *report, s *functionSpec, features map[string]string) {
	merged := maps.Clone(s.env)
	if merged == nil {
		merged = map[string]string{}
	}
	maps.Copy(merged, s.effective.Environment())
	maps.Copy(merged, features)
	size := 0
	for k, v := range merged {
		size += len(k) + len(v)
	}
	for _, k := range s.envKeys {
		switch {
		case slices.Contains(reservedEnv, k):
			r.add("Environment["+k+"]", "is reserved: Lambda sets it and refuses it in a function's configuration", "remove it; read the runtime's value at run time instead")
		case !envKeyPattern.MatchString(k):
			r.add("Environment["+k+"]", "is not a key Lambda accepts: a letter, then at least one letter, digit or underscore", "rename it, e.g. "+suggestEnvKey(k))
		}
	}
	if size > maxEnvBytes {
		r.add("Environment", fmt.Sprintf("holds %d bytes of keys and values (Powertools and utility settings included), more than Lambda's %d", size, maxEnvBytes), "move large values to SSM Parameter Store or Secrets Manager and read them at run time (Powertools Parameters)")
	}
	for _, p := range s.effective.Contradictions(s.env) {
		r.add(p.Field, p.Rule, p.Fix)
	}
}

// checkAddedVariable checks a variable added after construction to a
// function whose variables hold size bytes and whose Powertools settings are
// effective.
func checkAddedVariable(r *report, effective powertools.Config, key, value string, size int) {
	property := "Environment[" + key + "]"
	switch {
	case slices.Contains(reservedEnv, key):
		r.add(property, "is reserved: Lambda sets it and refuses it in a function's configuration", "remove it; read the runtime's value at run time instead")
	case !envKeyPattern.MatchString(key):
		r.add(property, "is not a key Lambda accepts: a letter, then at least one letter, digit or underscore", "rename it, e.g. "+suggestEnvKey(key))
	}
	for _, p := range effective.Contradictions(map[string]string{key: value}) {
		r.add(p.Field, p.Rule+" (added after construction)", p.Fix)
	}
	if size+len(key)+len(value) > maxEnvBytes {
		r.add("Environment", fmt.Sprintf("would hold %d bytes of keys and values with %s, more than Lambda's %d", size+len(key)+len(value), key, maxEnvBytes),
			"move large values to SSM Parameter Store or Secrets Manager and read them at run time (Powertools Parameters)")
	}
}

// envKeyPattern is what Lambda accepts as an environment variable's key.
var envKeyPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]+$`)

// suggestEnvKey turns a key Lambda refuses into one it accepts.
func suggestEnvKey(k string) string {
	out := strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToUpper(r)
		}
		return '_'
	}, k)
	if out == "" || !unicode.IsLetter(rune(out[0])) {
		out = "V" + out
	}
	if len(out) < 2 {
		out += "_"
	}
	return out
}

// maxLayers is how many layers Lambda allows a function.
const maxLayers = 5

// checkLayers checks the caller's layers with the one pylambda adds.
func checkLayers(r *report, s *functionSpec) {
	_, adds := s.layer()
	if adds && s.layers+1 > maxLayers {
		r.add("Layers", fmt.Sprintf("holds %d layers, and with the Powertools layer pylambda adds the function would have %d: Lambda allows %d", s.layers, s.layers+1, maxLayers),
			"merge layers, or bundle a library with the code (requirements.txt)")
	}
	for _, arn := range s.layerArns {
		parts := strings.Split(arn, ":")
		if len(parts) > 3 && s.info.Region != "" && parts[3] != s.info.Region {
			r.add("Layers", fmt.Sprintf("holds %s, a layer in %s, and the function is in %s: Lambda uses layers of its own region only", arn, parts[3], s.info.Region),
				"use the layer's ARN in "+s.info.Region+" (publish it there if it is yours)")
		}
		if adds && strings.Contains(arn, ":layer:AWSLambdaPowertoolsPython") {
			r.add("Layers", fmt.Sprintf("holds a Powertools layer (%s), and pylambda adds one", arn), "remove it from Layers; choose the layer with PowertoolsDelivery: powertools.Layer(N)")
		}
	}
}

// resolveLayer returns the ARN of the Powertools layer the function gets
// (nil for none), or records why there is none in r. It adds nothing to the
// tree unless r is clean.
func resolveLayer(r *report, scope constructs.Construct, s *functionSpec) *string {
	props, layer := s.layer()
	if !layer || !r.ok() {
		return nil
	}
	if err := powertools.CheckLayer(scope, props); err != nil {
		var le *powertools.LayerError
		fix := "deploy to a region where Powertools publishes the layer, or choose PowertoolsDelivery: powertools.Bundled(\"\")"
		if errors.As(err, &le) {
			switch le.Kind {
			case powertools.ErrNoARM64:
				fix = "set Architecture: awslambda.Architecture_X86_64()"
			case powertools.ErrNoLatestParameter:
				fix = "pin a layer instead of powertools.LatestLayer() (leave PowertoolsDelivery unset for the default)"
			case powertools.ErrUnpublishedVersion:
				fix = "use a later layer version in powertools.Layer(N), or the default"
			case powertools.ErrNewerThanPublished:
				fix = "use a published layer version, or the default; for a newer release, powertools.Release(\"x.y.z\") reads its layer from the public SSM parameter"
			case powertools.ErrNoReleaseParameter:
				fix = "pin its layer version with powertools.Layer(N), or use a release pylambda knows (the default is " + powertools.DefaultRelease + ")"
			case powertools.ErrUnknownRegion:
				fix = "check the stack's region for a typo"
			}
		}
		r.add("PowertoolsDelivery", err.Error()+" (architecture "+s.architecture+")", fix)
		return nil
	}
	arn, _ := powertools.ResolveLayerARN(scope, props)
	return arn
}
