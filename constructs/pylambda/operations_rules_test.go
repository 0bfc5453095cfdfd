package pylambda

import (
	"math"
	"strings"
	"testing"
)

// The traffic shifts CodeDeploy accepts, at the edges of its ranges: a
// whole percentage from 1 to 99, at least a minute between shifts, and at
// most 48 hours from the first shift to the last.
func TestTrafficShiftCheck(t *testing.T) {
	tests := map[string]struct {
		shift TrafficShift
		want  string // in the rule, "" for accepted
	}{
		"default":                  {TrafficShift{}, ""},
		"all at once":              {AllAtOnce(), ""},
		"canary 1%":                {Canary(1, 1), ""},
		"canary 99% for 48 hours":  {Canary(99, 2880), ""},
		"canary past 48 hours":     {Canary(99, 2881), "takes 2881 minutes"},
		"canary 0%":                {Canary(0, 5), "shifts 0% of the traffic"},
		"canary 100%":              {Canary(100, 5), "shifts 100% of the traffic"},
		"canary without a wait":    {Canary(10, 0), "waits 0 minutes"},
		"linear 25% for 48 hours":  {Linear(25, 960), ""},                   // 3 waits
		"linear 25% past 48 hours": {Linear(25, 961), "takes 2883 minutes"}, // 3 waits
		"linear 30%":               {Linear(30, 960), ""},                   // 30, 60, 90, 100: 3 waits
		"linear 1%":                {Linear(1, 29), ""},                     // 99 waits
		"linear 1% too slow":       {Linear(1, 30), "takes 2970 minutes"},
		"negative linear":          {Linear(-10, 5), "shifts -10% of the traffic"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := &report{path: "Stack/Fn"}
			tc.shift.check(r)
			msg := ""
			if err := r.err(); err != nil {
				msg = err.Error()
			}
			switch {
			case tc.want == "" && msg != "":
				t.Errorf("%s refused: %s", tc.shift, msg)
			case tc.want != "" && (!strings.HasPrefix(msg, "Stack/Fn: Deployment.Shift: "+tc.shift.String()+" ") || !strings.Contains(msg, tc.want)):
				t.Errorf("%s: error %q, want %q", tc.shift, msg, tc.want)
			}
		})
	}
}

// Linear shifts wait one interval fewer than they have steps.
func TestTrafficShiftSteps(t *testing.T) {
	for percent, want := range map[int]int{10: 9, 20: 4, 25: 3, 30: 3, 33: 3, 34: 2, 50: 1, 99: 1, 1: 99} {
		if got := Linear(percent, 1).steps(); got != want {
			t.Errorf("Linear(%d, 1) waits %d times, want %d", percent, got, want)
		}
	}
}

func TestAlarmThresholdsCheck(t *testing.T) {
	tests := map[string]struct {
		opts AlarmOptions
		want string // property, "" for accepted
	}{
		"defaults":           {AlarmOptions{}, ""},
		"every error":        {AlarmOptions{ErrorRatePercent: 100}, ""},
		"tiny share":         {AlarmOptions{ErrorRatePercent: 0.01, DurationPercentOfTimeout: 99.9}, ""},
		"error rate above":   {AlarmOptions{ErrorRatePercent: 100.5}, "Alarms.ErrorRatePercent"},
		"negative rate":      {AlarmOptions{ErrorRatePercent: -1}, "Alarms.ErrorRatePercent"},
		"NaN rate":           {AlarmOptions{ErrorRatePercent: math.NaN()}, "Alarms.ErrorRatePercent"},
		"duration at 100%":   {AlarmOptions{DurationPercentOfTimeout: 100}, "Alarms.DurationPercentOfTimeout"},
		"negative throttles": {AlarmOptions{ThrottlesThreshold: -2}, "Alarms.ThrottlesThreshold"},
		"event age minute":   {AlarmOptions{EventAgeSeconds: 60}, ""},
		"event age seconds":  {AlarmOptions{EventAgeSeconds: 30}, "Alarms.EventAgeSeconds"},
		"negative event age": {AlarmOptions{EventAgeSeconds: -1}, "Alarms.EventAgeSeconds"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := &report{path: "Stack/Fn"}
			tc.opts.checkThresholds(r, "Alarms")
			msg := ""
			if err := r.err(); err != nil {
				msg = err.Error()
			}
			if (tc.want == "") != (msg == "") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want one of %q", msg, tc.want)
			}
		})
	}
	if o := (AlarmOptions{}).withDefaults(); o.ErrorRatePercent != DefaultErrorRatePercent ||
		o.DurationPercentOfTimeout != DefaultDurationPercentOfTimeout || o.ThrottlesThreshold != DefaultThrottlesThreshold ||
		o.EventAgeSeconds != DefaultEventAgeSeconds {
		t.Errorf("defaults = %+v", o)
	}
}
