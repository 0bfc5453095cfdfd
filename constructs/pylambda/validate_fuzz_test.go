package pylambda

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pylambda/pylambda/constructs/powertools"
)

// FuzzValidate feeds arbitrary values to the rules, which are pure Go: they
// must never panic, and every problem it finds must be a *ValidationError
// that names the construct path, a property, a rule and a fix.
//
//	go test -fuzz FuzzValidate ./constructs/pylambda
func FuzzValidate(f *testing.F) {
	f.Add("testdata", "app.handler", "python3.11", 256.0, 10.0, "KEY", "value", "INFO", "orders", "Shop", 0.5, 27, false)
	f.Add("", "", "nodejs22.x", -1.0, 1e9, "AWS_REGION", strings.Repeat("x", 5000), "LOUD", " ", "AWS/x", math.NaN(), -3, true)
	f.Add("/nonexistent", "a.b.c", "python3.10", math.Inf(1), math.NaN(), "POWERTOOLS_LOG_LEVEL", "DEBUG", "WARN", "\t", "Café", 2.0, 0, true)
	f.Fuzz(func(t *testing.T, entry, handler, runtime string, memory, timeout float64, envKey, envVal, appLevel, service, namespace string, rate float64, layerVersion int, latest bool) {
		delivery := powertools.Layer(layerVersion)
		if latest {
			delivery = powertools.LatestLayer()
		}
		s := &functionSpec{
			base: base{
				path:          "Stack/Fn",
				entry:         entry,
				handler:       handler,
				runtime:       runtime,
				runtimeFamily: "python",
				config:        powertools.Config{ServiceName: service, MetricsNamespace: namespace, SampleRate: &rate, LogLevel: powertools.LogLevel(appLevel)},
				delivery:      delivery,
				excludes:      excludesOf(nil),
			},
			memory:      &memory,
			timeout:     &timeout,
			env:         map[string]string{envKey: envVal},
			appLogLevel: appLevel,
		}
		s.effective = s.config
		r := &report{path: s.path}
		checkFunction(r, s, featuresOf(s, &FunctionProps{}))
		err := r.err()
		if err == nil {
			return
		}
		var joined interface{ Unwrap() []error }
		if !errors.As(err, &joined) {
			t.Fatalf("checkFunction() reported %T, want joined validation errors", err)
		}
		for _, e := range joined.Unwrap() {
			var ve *ValidationError
			if !errors.As(e, &ve) || ve.Path != "Stack/Fn" || ve.Property == "" || ve.Rule == "" || ve.Fix == "" {
				t.Fatalf("problem %#v lacks a path, property, rule or fix", e)
			}
		}
	})
}

func TestServiceName(t *testing.T) {
	for id, want := range map[string]string{
		"Orders": "orders", "OrdersAPI": "orders-api", "OrdersApi": "orders-api", "APIHandler": "api-handler",
		"orders_v2": "orders-v2", "Fn2Go": "fn2-go", "---": "service", "ÉtéFn": "été-fn",
	} {
		if got := ServiceName(id); got != want {
			t.Errorf("ServiceName(%q) = %q, want %q", id, got, want)
		}
	}
}
