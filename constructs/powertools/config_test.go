package powertools_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/pylambda/pylambda/constructs/powertools"
)

func ptr[T any](v T) *T { return &v }

func TestEnvironment(t *testing.T) {
	tests := map[string]struct {
		cfg  powertools.Config
		want map[string]string
	}{
		"zero value": {powertools.Config{}, map[string]string{"POWERTOOLS_LOG_LEVEL": "INFO"}},
		"everything": {powertools.Config{
			ServiceName: "orders", MetricsNamespace: "Shop", LogLevel: powertools.LogLevelWarning, LogEvent: true,
			SampleRate: ptr(0.05), TracerCaptureResponse: ptr(false), TracerCaptureError: ptr(false),
			DisableTracing: true, DisableMetrics: true, ParametersMaxAge: ptr(300), Dev: true,
		}, map[string]string{
			"POWERTOOLS_SERVICE_NAME": "orders", "POWERTOOLS_METRICS_NAMESPACE": "Shop", "POWERTOOLS_LOG_LEVEL": "WARNING",
			"POWERTOOLS_LOGGER_LOG_EVENT": "true", "POWERTOOLS_LOGGER_SAMPLE_RATE": "0.05",
			"POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false", "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
			"POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
			"POWERTOOLS_PARAMETERS_MAX_AGE": "300", "POWERTOOLS_DEV": "true",
		}},
		"defaults stated explicitly are omitted": {powertools.Config{SampleRate: ptr(0.0), TracerCaptureResponse: ptr(true)},
			map[string]string{"POWERTOOLS_LOG_LEVEL": "INFO"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := tc.cfg.Environment(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Environment() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestProblems(t *testing.T) {
	tests := map[string]struct {
		cfg   powertools.Config
		field string
	}{
		"blank service":       {powertools.Config{ServiceName: " "}, "ServiceName"},
		"padded service":      {powertools.Config{ServiceName: " orders"}, "ServiceName"},
		"long service":        {powertools.Config{ServiceName: strings.Repeat("s", 256)}, "ServiceName"},
		"blank namespace":     {powertools.Config{MetricsNamespace: "\t"}, "MetricsNamespace"},
		"AWS namespace":       {powertools.Config{MetricsNamespace: "AWS/Lambda"}, "MetricsNamespace"},
		"non-ASCII namespace": {powertools.Config{MetricsNamespace: "Café"}, "MetricsNamespace"},
		"long namespace":      {powertools.Config{MetricsNamespace: strings.Repeat("n", 256)}, "MetricsNamespace"},
		"lowercase level":     {powertools.Config{LogLevel: "debug"}, "LogLevel"},
		"Lambda's WARN level": {powertools.Config{LogLevel: "WARN"}, "LogLevel"},
		"sample rate > 1":     {powertools.Config{SampleRate: ptr(2.0)}, "SampleRate"},
		"sample rate < 0":     {powertools.Config{SampleRate: ptr(-1.0)}, "SampleRate"},
		"sample rate NaN":     {powertools.Config{SampleRate: ptr(math.NaN())}, "SampleRate"},
		"sample rate +Inf":    {powertools.Config{SampleRate: ptr(math.Inf(1))}, "SampleRate"},
		"negative max age":    {powertools.Config{ParametersMaxAge: ptr(-1)}, "ParametersMaxAge"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ps := tc.cfg.Problems()
			if len(ps) != 1 || ps[0].Field != tc.field || ps[0].Rule == "" || ps[0].Fix == "" {
				t.Errorf("Problems() = %+v, want one problem with %s, a rule and a fix", ps, tc.field)
			}
		})
	}
	if ps := (powertools.Config{ServiceName: "orders", MetricsNamespace: "Shop", LogLevel: powertools.LogLevelCritical,
		SampleRate: ptr(1.0), ParametersMaxAge: ptr(0)}).Problems(); len(ps) != 0 {
		t.Errorf("valid config: Problems() = %v", ps)
	}
}

func TestLogLevels(t *testing.T) {
	for p, l := range map[powertools.LogLevel]string{"DEBUG": "DEBUG", "INFO": "INFO", "WARNING": "WARN", "ERROR": "ERROR", "CRITICAL": "FATAL"} {
		if got := p.LambdaLogLevel(); got != l {
			t.Errorf("%s.LambdaLogLevel() = %s, want %s", p, got, l)
		}
		if back, ok := powertools.LogLevelFromLambda(l); !ok || back != p {
			t.Errorf("LogLevelFromLambda(%s) = %s, %v; want %s", l, back, ok, p)
		}
	}
	if got, ok := powertools.LogLevelFromLambda("TRACE"); !ok || got != powertools.LogLevelDebug {
		t.Errorf("LogLevelFromLambda(TRACE) = %s, %v", got, ok)
	}
	if _, ok := powertools.LogLevelFromLambda("LOUD"); ok {
		t.Error("LogLevelFromLambda(LOUD) ok")
	}
}

func TestContradictions(t *testing.T) {
	cfg := powertools.Config{ServiceName: "orders", LogLevel: powertools.LogLevelDebug}
	raw := map[string]string{
		"POWERTOOLS_SERVICE_NAME":         "orders", // agrees
		"POWERTOOLS_LOG_LEVEL":            "INFO",   // contradicts
		"POWERTOOLS_TRACE_DISABLED":       "true",   // contradicts the default
		"POWERTOOLS_IDEMPOTENCY_DISABLED": "true",   // not managed
		"TABLE":                           "x",
	}
	var fields []string
	for _, p := range cfg.Contradictions(raw) {
		fields = append(fields, p.Field)
	}
	want := []string{"Environment[POWERTOOLS_LOG_LEVEL]", "Environment[POWERTOOLS_TRACE_DISABLED]"}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("Contradictions() fields = %v, want %v", fields, want)
	}
}
