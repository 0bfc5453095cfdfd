package powertools

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// LogLevel is a Powertools Logger level.
type LogLevel string

// The Powertools Logger levels.
const (
	LogLevelDebug    LogLevel = "DEBUG"
	LogLevelInfo     LogLevel = "INFO"
	LogLevelWarning  LogLevel = "WARNING"
	LogLevelError    LogLevel = "ERROR"
	LogLevelCritical LogLevel = "CRITICAL"
)

// DefaultLogLevel is Powertools' own default.
const DefaultLogLevel = LogLevelInfo

// lambdaLevels maps a Powertools level to Lambda's application log level
// (advanced logging controls), which filters what Powertools emits: deriving
// one from the other keeps the two from ever disagreeing.
var lambdaLevels = map[LogLevel]string{
	LogLevelDebug:    "DEBUG",
	LogLevelInfo:     "INFO",
	LogLevelWarning:  "WARN",
	LogLevelError:    "ERROR",
	LogLevelCritical: "FATAL",
}

// LambdaLogLevel returns Lambda's application log level for l ("" if l is not
// a Powertools level).
func (l LogLevel) LambdaLogLevel() string { return lambdaLevels[l] }

// LogLevelFromLambda returns the Powertools level for one of Lambda's
// application log levels (TRACE maps to DEBUG, the lowest Powertools has).
func LogLevelFromLambda(level string) (LogLevel, bool) {
	if level == "TRACE" {
		return LogLevelDebug, true
	}
	for p, l := range lambdaLevels {
		if l == level {
			return p, true
		}
	}
	return "", false
}

// Environment variable names Powertools reads.
const (
	EnvServiceName           = "POWERTOOLS_SERVICE_NAME"
	EnvMetricsNamespace      = "POWERTOOLS_METRICS_NAMESPACE"
	EnvLogLevel              = "POWERTOOLS_LOG_LEVEL"
	EnvLoggerLogEvent        = "POWERTOOLS_LOGGER_LOG_EVENT"
	EnvLoggerSampleRate      = "POWERTOOLS_LOGGER_SAMPLE_RATE"
	EnvTraceDisabled         = "POWERTOOLS_TRACE_DISABLED"
	EnvTracerCaptureResponse = "POWERTOOLS_TRACER_CAPTURE_RESPONSE"
	EnvTracerCaptureError    = "POWERTOOLS_TRACER_CAPTURE_ERROR"
	EnvMetricsDisabled       = "POWERTOOLS_METRICS_DISABLED"
	EnvParametersMaxAge      = "POWERTOOLS_PARAMETERS_MAX_AGE"
	EnvDev                   = "POWERTOOLS_DEV"
)

// Config is the typed Powertools configuration of a function. The zero value
// is Powertools' own defaults, with the service name and metrics namespace
// left for the construct to fill.
type Config struct {
	// ServiceName names the service in logs, traces and metric dimensions.
	// Default: derived from the construct id by the construct (e.g. "orders"
	// for "Orders").
	ServiceName string
	// MetricsNamespace is the CloudWatch namespace of the function's metrics.
	// Default: the stack name, set by the construct.
	MetricsNamespace string
	// LogLevel is the Logger's level; Lambda's application log level is
	// derived from it.
	// Default: INFO.
	LogLevel LogLevel
	// LogEvent logs every incoming event (may log sensitive data).
	// Default: false.
	LogEvent bool
	// SampleRate is the share of invocations, from 0 to 1, that log at DEBUG.
	// Default: none (0).
	SampleRate *float64
	// TracerCaptureResponse records handler responses in traces.
	// Default: true (Powertools' default).
	TracerCaptureResponse *bool
	// TracerCaptureError records exceptions in traces.
	// Default: true (Powertools' default).
	TracerCaptureError *bool
	// DisableTracing turns the Tracer off.
	// Default: false.
	DisableTracing bool
	// DisableMetrics turns metrics off (POWERTOOLS_METRICS_DISABLED, which
	// releases before 2025 ignore: pylambda refuses it with such a release).
	// Default: false.
	DisableMetrics bool
	// ParametersMaxAge is how long, in seconds, the Parameters utility
	// caches a value.
	// Default: Powertools' own (5 seconds).
	ParametersMaxAge *int
	// Dev turns on Powertools' development mode (pretty logs, more detail).
	// Never in production.
	// Default: false.
	Dev bool
}

// Problem is one invalid field of a Config.
type Problem struct {
	Field string // e.g. "SampleRate"
	Rule  string // what is wrong
	Fix   string // how to fix it
}

// Error renders the problem as "Field: rule; fix".
func (p Problem) Error() string { return p.Field + ": " + p.Rule + "; " + p.Fix }

// Problems returns every invalid field of c.
func (c Config) Problems() []Problem {
	var ps []Problem
	add := func(field, rule, fix string) { ps = append(ps, Problem{field, rule, fix}) }
	if c.ServiceName != "" {
		if strings.TrimSpace(c.ServiceName) == "" {
			add("ServiceName", "must not be blank", "give a name such as \"orders\", or leave it empty to derive one from the construct id")
		} else if strings.TrimSpace(c.ServiceName) != c.ServiceName || strings.ContainsAny(c.ServiceName, "\n\r\t") {
			add("ServiceName", fmt.Sprintf("%q has surrounding or control white space", c.ServiceName), "remove the white space")
		} else if len(c.ServiceName) > 255 {
			add("ServiceName", fmt.Sprintf("is %d characters long, more than the 255 a metric dimension value may have", len(c.ServiceName)), "shorten it")
		}
	}
	if c.MetricsNamespace != "" {
		switch {
		case strings.TrimSpace(c.MetricsNamespace) == "":
			add("MetricsNamespace", "must not be blank", "give a namespace such as \"MyApp\", or leave it empty for the stack name")
		case len(c.MetricsNamespace) > 255:
			add("MetricsNamespace", fmt.Sprintf("is %d characters long, more than CloudWatch's 255", len(c.MetricsNamespace)), "shorten it")
		case strings.HasPrefix(c.MetricsNamespace, "AWS/"):
			add("MetricsNamespace", fmt.Sprintf("%q starts with \"AWS/\", which CloudWatch reserves for AWS services", c.MetricsNamespace), "choose a namespace of your own, such as \"MyApp\"")
		case !printableASCII(c.MetricsNamespace):
			add("MetricsNamespace", fmt.Sprintf("%q has characters CloudWatch does not accept in a namespace", c.MetricsNamespace), "use printable ASCII only")
		}
	}
	if c.LogLevel != "" && c.LogLevel.LambdaLogLevel() == "" {
		add("LogLevel", fmt.Sprintf("%q is not a Powertools log level", string(c.LogLevel)), "use one of DEBUG, INFO, WARNING, ERROR, CRITICAL (powertools.LogLevelInfo, ...)")
	}
	if c.SampleRate != nil {
		if r := *c.SampleRate; math.IsNaN(r) || r < 0 || r > 1 {
			add("SampleRate", fmt.Sprintf("must be between 0 and 1, got %v", r), "use a share such as 0.1 (10% of invocations log at DEBUG)")
		}
	}
	if c.ParametersMaxAge != nil && *c.ParametersMaxAge < 0 {
		add("ParametersMaxAge", fmt.Sprintf("must not be negative, got %d", *c.ParametersMaxAge), "use a number of seconds, 0 to turn caching off")
	}
	return ps
}

func printableASCII(s string) bool {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}

// Level returns the effective log level: LogLevel, or INFO when unset.
func (c Config) Level() LogLevel {
	if c.LogLevel == "" {
		return DefaultLogLevel
	}
	return c.LogLevel
}

// Environment returns the POWERTOOLS_* settings of c. Settings left at
// Powertools' own defaults are omitted, except the service name, metrics
// namespace and log level, which are always written so that what a function
// runs with is visible in its template.
func (c Config) Environment() map[string]string {
	env := map[string]string{EnvLogLevel: string(c.Level())}
	if c.ServiceName != "" {
		env[EnvServiceName] = c.ServiceName
	}
	if c.MetricsNamespace != "" {
		env[EnvMetricsNamespace] = c.MetricsNamespace
	}
	if c.LogEvent {
		env[EnvLoggerLogEvent] = "true"
	}
	if c.SampleRate != nil && *c.SampleRate > 0 {
		env[EnvLoggerSampleRate] = strconv.FormatFloat(*c.SampleRate, 'f', -1, 64)
	}
	if c.TracerCaptureResponse != nil && !*c.TracerCaptureResponse {
		env[EnvTracerCaptureResponse] = "false"
	}
	if c.TracerCaptureError != nil && !*c.TracerCaptureError {
		env[EnvTracerCaptureError] = "false"
	}
	if c.DisableTracing {
		env[EnvTraceDisabled] = "true"
	}
	if c.DisableMetrics {
		env[EnvMetricsDisabled] = "true"
	}
	if c.ParametersMaxAge != nil {
		env[EnvParametersMaxAge] = strconv.Itoa(*c.ParametersMaxAge)
	}
	if c.Dev {
		env[EnvDev] = "true"
	}
	return env
}

// Contradictions returns the entries of a raw environment that set a
// POWERTOOLS_* variable the typed configuration also sets, to another value.
// Raw entries the configuration does not manage are left alone.
func (c Config) Contradictions(raw map[string]string) []Problem {
	typed := c.Environment()
	managed := []string{EnvServiceName, EnvMetricsNamespace, EnvLogLevel, EnvLoggerLogEvent, EnvLoggerSampleRate,
		EnvTraceDisabled, EnvTracerCaptureResponse, EnvTracerCaptureError, EnvMetricsDisabled, EnvParametersMaxAge, EnvDev}
	var ps []Problem
	for _, k := range managed {
		v, ok := raw[k]
		if !ok || v == typed[k] {
			continue
		}
		want := typed[k]
		if want == "" {
			want = "(unset: Powertools' default)"
		}
		ps = append(ps, Problem{
			Field: "Environment[" + k + "]",
			Rule:  fmt.Sprintf("%q contradicts the typed Powertools configuration, which gives %s", v, want),
			Fix:   "set it through the Powertools configuration and remove the raw variable",
		})
	}
	return ps
}
