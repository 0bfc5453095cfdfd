package powertools_test

import (
	"strings"
	"testing"

	"github.com/pylambda/pylambda/constructs/powertools"
)

func TestLayerARN(t *testing.T) {
	tests := map[string]struct {
		partition, region string
		arch              powertools.Architecture
		python            string
		version           int
		want              string // ARN, or a fragment of the error
		wantErr           bool
	}{
		"commercial arm64": {"aws", "eu-west-1", powertools.ARM64, "3.11", 27,
			"arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27", false},
		"commercial x86_64": {"aws", "us-east-1", powertools.X86, "3.12", 30,
			"arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:30", false},
		"china": {"aws-cn", "cn-north-1", powertools.X86, "3.11", 27,
			"arn:aws-cn:lambda:cn-north-1:498634801083:layer:AWSLambdaPowertoolsPythonV3-python311-x86_64:27", false},
		"govcloud east": {"aws-us-gov", "us-gov-east-1", powertools.ARM64, "3.11", 27,
			"arn:aws-us-gov:lambda:us-gov-east-1:165087284144:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27", false},
		"govcloud west": {"aws-us-gov", "us-gov-west-1", powertools.X86, "3.13", 27,
			"arn:aws-us-gov:lambda:us-gov-west-1:165093116878:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:27", false},
		"ca-west-1 x86_64": {"aws", "ca-west-1", powertools.X86, "3.11", 27,
			"arn:aws:lambda:ca-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-x86_64:27", false},
		"ca-west-1 arm64":    {"aws", "ca-west-1", powertools.ARM64, "3.11", 27, "no arm64 layer in ca-west-1", true},
		"unpublished region": {"aws", "ap-east-2", powertools.X86, "3.11", 27, "no layer in ap-east-2", true},
		"cn-northwest-1":     {"aws-cn", "cn-northwest-1", powertools.X86, "3.11", 27, "in partition aws-cn it does in cn-north-1", true},
		"iso partition":      {"aws-iso", "us-iso-east-1", powertools.X86, "3.11", 27, "no layer in partition \"aws-iso\"", true},
		"python 3.10":        {"aws", "eu-west-1", powertools.X86, "3.10", 27, "no Powertools v3 layer for Python \"3.10\"", true},
		"version zero":       {"aws", "eu-west-1", powertools.X86, "3.11", 0, "layer version 0 does not exist", true},
		"3.14 before 27":     {"aws", "eu-west-1", powertools.X86, "3.14", 26, "the first is 27", true},
		"3.14 from 27 on":    {"aws", "eu-west-1", powertools.ARM64, "3.14", 27, "python314-arm64:27", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := powertools.LayerARN(tc.partition, tc.region, tc.arch, tc.python, tc.version)
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("LayerARN() = %q, %v; want an error with %q", got, err, tc.want)
				}
				return
			}
			if err != nil || !strings.HasSuffix(got, tc.want) {
				t.Fatalf("LayerARN() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// Every commercial region the docs list has an x86_64 layer; all but
// ca-west-1 an arm64 one.
func TestPublishedRegions(t *testing.T) {
	regions := strings.Fields(`af-south-1 ap-east-1 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1
		ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-7
		ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2
		eu-west-3 il-central-1 me-central-1 me-south-1 mx-central-1 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2`)
	if len(regions) != 32 {
		t.Fatalf("fixture lists %d regions", len(regions))
	}
	arm := 0
	for _, r := range regions {
		if _, err := powertools.Publisher("aws", r, powertools.X86); err != nil {
			t.Errorf("%s x86_64: %v", r, err)
		}
		if _, err := powertools.Publisher("aws", r, powertools.ARM64); err == nil {
			arm++
		}
	}
	if arm != 31 {
		t.Errorf("arm64 layers in %d regions, want 31", arm)
	}
}

func TestLatestParameter(t *testing.T) {
	if got := powertools.SSMParameterName("3.11", powertools.ARM64); got != "/aws/service/powertools/python/arm64/python3.11/latest" {
		t.Errorf("SSMParameterName() = %s", got)
	}
	for region, want := range map[string]bool{"eu-west-1": true, "ca-west-1": true, "me-central-1": false, "me-south-1": false, "ap-east-2": false} {
		if got := powertools.HasLatestParameter("aws", region); got != want {
			t.Errorf("HasLatestParameter(aws, %s) = %v, want %v", region, got, want)
		}
	}
	for _, p := range [][2]string{{"aws-cn", "cn-north-1"}, {"aws-us-gov", "us-gov-west-1"}} {
		if powertools.HasLatestParameter(p[0], p[1]) {
			t.Errorf("HasLatestParameter(%s, %s) = true, want false", p[0], p[1])
		}
	}
}

// One source of truth for the release: the default layer is the default
// release's, in every partition.
func TestReleases(t *testing.T) {
	if v, ok := powertools.ReleaseLayer(powertools.DefaultRelease); !ok || v != powertools.DefaultLayerVersion {
		t.Errorf("ReleaseLayer(%s) = %d, %v; want the default layer %d", powertools.DefaultRelease, v, ok, powertools.DefaultLayerVersion)
	}
	for _, p := range []string{"aws", "aws-cn", "aws-us-gov"} {
		if powertools.NewestLayer(p) < powertools.DefaultLayerVersion {
			t.Errorf("partition %s publishes up to %d, below the default layer", p, powertools.NewestLayer(p))
		}
	}
	if r, ok := powertools.LayerRelease(3); !ok || r != "3.2.0" {
		t.Errorf("LayerRelease(3) = %q, %v", r, ok)
	}
	if _, ok := powertools.LayerRelease(4); ok {
		t.Error("LayerRelease(4) is known, but no source confirms it")
	}
	for r, ok := range map[string]bool{"3.23.0": true, "3.0.0": true, "3.10.12": true, "2.43.1": false, "3.23": false, "v3.23.0": false, "3.023.0": false, "": false} {
		if got := powertools.CheckRelease(r) == nil; got != ok {
			t.Errorf("CheckRelease(%q) ok = %v, want %v", r, got, ok)
		}
	}
	tests := []struct {
		partition, region, python, release string
		want                               bool
	}{
		{"aws", "eu-west-1", "3.11", "3.24.0", true},
		{"aws", "eu-west-1", "3.11", "3.4.0", true},
		{"aws", "eu-west-1", "3.11", "3.3.0", false},  // before the parameters
		{"aws", "eu-west-1", "3.11", "3.23.0", false}, // written under a wrong name
		{"aws", "me-central-1", "3.11", "3.24.0", false},
		{"aws-cn", "cn-north-1", "3.11", "3.24.0", false},
		{"aws-us-gov", "us-gov-west-1", "3.11", "3.24.0", false},
	}
	for _, tc := range tests {
		if got := powertools.HasReleaseParameter(tc.partition, tc.region, tc.python, tc.release); got != tc.want {
			t.Errorf("HasReleaseParameter(%s, %s, %s, %s) = %v, want %v", tc.partition, tc.region, tc.python, tc.release, got, tc.want)
		}
	}
	if got := powertools.ReleaseParameterName("3.11", powertools.ARM64, "3.24.0"); got != "/aws/service/powertools/python/arm64/python3.11/3.24.0" {
		t.Errorf("ReleaseParameterName() = %s", got)
	}
}

// A setting an older release does not know is reported for that release.
func TestReleaseProblems(t *testing.T) {
	cfg := powertools.Config{DisableMetrics: true}
	for release, n := range map[string]int{"3.1.0": 1, "3.2.0": 1, "3.20.0": 0, "3.23.0": 0, "latest": 0} {
		if ps := cfg.ReleaseProblems(release); len(ps) != n || (n == 1 && (ps[0].Field != "DisableMetrics" || ps[0].Fix == "")) {
			t.Errorf("ReleaseProblems(%s) = %v, want %d", release, ps, n)
		}
	}
	if ps := (powertools.Config{}).ReleaseProblems("3.2.0"); len(ps) != 0 {
		t.Errorf("no setting: ReleaseProblems() = %v", ps)
	}
}
