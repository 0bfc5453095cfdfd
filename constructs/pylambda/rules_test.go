package pylambda

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// The synth-time rules of an edge function, over finished states built here
// (no CDK): each forbidden setting is found, with the property and a fix.
func TestCheckEdgeState(t *testing.T) {
	s := &edgeSpec{base: base{path: "Site/Edge"}, event: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST,
		limits: DefaultEdgeLimits(awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST)}
	tests := map[string]struct {
		state functionState
		want  string // property, "" for none
	}{
		"clean":              {functionState{architectures: []any{"x86_64"}, memory: 128, timeout: 5, tracing: "PassThrough", runtimeMgmt: "Auto"}, ""},
		"environment":        {functionState{environment: map[string]any{"B": "1", "A": "2"}}, "Environment"},
		"layers":             {functionState{layers: []any{"arn"}}, "Layers"},
		"arm64":              {functionState{architectures: []any{"arm64"}}, "Architecture"},
		"active tracing":     {functionState{tracing: "Active"}, "Tracing"},
		"vpc":                {functionState{vpc: true}, "Vpc"},
		"dead letter":        {functionState{deadLetter: true}, "DeadLetterQueue"},
		"provisioned":        {functionState{provisioned: []string{"Site/Edge/Alias"}}, "ProvisionedConcurrency"},
		"image":              {functionState{packageType: "Image"}, "Code"},
		"ephemeral storage":  {functionState{ephemeralMB: 1024}, "EphemeralStorageSize"},
		"kms key":            {functionState{kmsKey: true}, "EnvironmentEncryption"},
		"runtime management": {functionState{runtimeMgmt: "Manual"}, "RuntimeManagementMode"},
		"memory":             {functionState{memory: 129}, "MemorySize"},
		"timeout":            {functionState{timeout: 6}, "Timeout"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := &report{path: s.path}
			checkEdgeState(r, s, tc.state)
			if tc.want == "" {
				if !r.ok() {
					t.Errorf("problems %v, want none", r.err())
				}
				return
			}
			if len(r.errs) != 1 {
				t.Fatalf("problems %v, want one", r.err())
			}
			ve := r.errs[0].(*ValidationError)
			if ve.Path != "Site/Edge" || ve.Property != tc.want || !strings.Contains(ve.Rule, "after construction") || ve.Fix == "" {
				t.Errorf("problem %+v, want %s with a rule and a fix", ve, tc.want)
			}
		})
	}
	r := &report{path: s.path}
	checkEdgeState(r, s, functionState{environment: map[string]any{"B": "1", "A": "2"}})
	if !strings.Contains(r.err().Error(), "found A, B") {
		t.Errorf("variables are not named in order: %v", r.err())
	}
}

// The construction-time rules of both kinds of function, over specs built
// here: the Powertools delivery each kind accepts.
func TestDeliveryRules(t *testing.T) {
	edge := func(d powertools.Delivery, cfg powertools.Config, disabled bool) error {
		s := &edgeSpec{base: base{path: "Site/Edge", info: &stackinfo.Info{Region: "eu-west-1"}, entry: "testdata", handler: "app.handler", runtime: "python3.11", runtimeFamily: "python",
			delivery: d, config: cfg, bundling: BundlingOptions{Disabled: disabled}}, event: awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST, memory: 128, timeout: 5}
		s.limits = DefaultEdgeLimits(s.event)
		r := &report{path: s.path}
		checkEdge(r, s)
		return r.err()
	}
	regional := func(d powertools.Delivery, disabled bool) error {
		s := &functionSpec{base: base{path: "Api/Fn", entry: "testdata", handler: "app.handler", runtime: "python3.11", runtimeFamily: "python",
			delivery: d, bundling: BundlingOptions{Disabled: disabled}}}
		r := &report{path: s.path}
		checkFunction(r, s, featuresOf(s, &FunctionProps{}))
		return r.err()
	}
	tests := map[string]struct {
		err  error
		want string // a fragment of the error, "" for none
	}{
		"edge default":                  {edge(powertools.Delivery{}, powertools.Config{}, false), ""},
		"edge bundled":                  {edge(powertools.Bundled(""), powertools.Config{ServiceName: "s"}, false), ""},
		"edge layer":                    {edge(powertools.Layer(27), powertools.Config{}, false), "Lambda@Edge supports no layers"},
		"edge latest layer":             {edge(powertools.LatestLayer(), powertools.Config{}, false), "Lambda@Edge supports no layers"},
		"edge settings, no Powertools":  {edge(powertools.None(), powertools.Config{LogLevel: powertools.LogLevelDebug}, false), "gets no Powertools"},
		"edge bundled without bundling": {edge(powertools.Bundled(""), powertools.Config{}, true), "needs bundling"},
		"regional default":              {regional(powertools.Delivery{}, false), ""},
		"regional zero layer":           {regional(powertools.Layer(0), false), "is not a layer version"},
		"regional bundled, no bundling": {regional(powertools.Bundled("3.2.0"), true), "needs bundling"},
		"regional none":                 {regional(powertools.None(), true), ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			switch {
			case tc.want == "" && tc.err != nil:
				t.Errorf("err = %v, want none", tc.err)
			case tc.want != "" && (tc.err == nil || !strings.Contains(tc.err.Error(), tc.want)):
				t.Errorf("err = %v, want %q", tc.err, tc.want)
			}
		})
	}
}
