package powertools

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// DefaultRelease is the Powertools for AWS Lambda (Python) release that
// every function runs unless told otherwise, whatever reaches it: the layer
// of a regional function (DefaultLayerVersion) and the package installed
// into an edge function's zip alike. It is the newest release whose layer
// version is confirmed: the layer's announcement names the release it was
// built from.
const DefaultRelease = "3.23.0"

// releaseLayers maps the releases whose layer version is confirmed (release
// announcements and the project's layer-version updates) to that version.
// The number is the same in every partition: China mirrors the commercial
// layers, and GovCloud's copies keep their numbers.
var releaseLayers = map[string]int{
	"3.1.0":  2,
	"3.2.0":  3,
	"3.4.0":  5,
	"3.4.1":  6,
	"3.20.0": 23,
	"3.22.1": 26,
	"3.23.0": 27,
}

// newestLayer is the newest layer version each partition publishes (the
// install documentation, November 2026): GovCloud lags behind.
var newestLayer = map[string]int{PartitionAWS: 37, PartitionChina: 37, PartitionGovCloud: 27}

// NewestLayer returns the newest layer version published in a partition
// (0 for a partition without layers).
func NewestLayer(partition string) int { return newestLayer[partition] }

// ReleaseLayer returns the layer version built from a release, when it is
// known.
func ReleaseLayer(release string) (int, bool) {
	v, ok := releaseLayers[release]
	return v, ok
}

// LayerRelease returns the release a layer version was built from, when it
// is known.
func LayerRelease(version int) (string, bool) {
	for r, v := range releaseLayers {
		if v == version {
			return r, true
		}
	}
	return "", false
}

var releasePattern = regexp.MustCompile(`^3\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

// CheckRelease returns an error unless release is a v3 release number such
// as "3.23.0".
func CheckRelease(release string) error {
	if !releasePattern.MatchString(release) {
		return fmt.Errorf("%q is not a Powertools v3 release such as %q", release, DefaultRelease)
	}
	return nil
}

// compareReleases compares two valid release numbers like strings.Compare.
func compareReleases(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range 3 {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// ReleaseParameterName returns the public SSM parameter that holds the ARN
// of the layer built from a release, e.g.
// /aws/service/powertools/python/arm64/python3.11/3.24.0.
func ReleaseParameterName(python string, arch Architecture, release string) string {
	return "/aws/service/powertools/python/" + string(arch) + "/python" + python + "/" + release
}

// firstReleaseParameter is the first release for which the project's
// release workflow wrote per-release SSM parameters.
const firstReleaseParameter = "3.4.0"

// brokenReleaseParameters are releases whose per-release parameters were
// written under a wrong name for some Python versions (a literal
// "PACKAGE_VERSION": python3.11 and later for 3.23.0).
var brokenReleaseParameters = map[string][]string{"3.23.0": {"3.11", "3.12", "3.13", "3.14"}}

// HasReleaseParameter reports whether the public per-release SSM parameter
// of release exists in region of partition for python (where the "latest"
// parameters exist, from 3.4.0 on, but for the releases written under a
// wrong name).
func HasReleaseParameter(partition, region, python, release string) bool {
	if !HasLatestParameter(partition, region) || CheckRelease(release) != nil || compareReleases(release, firstReleaseParameter) < 0 {
		return false
	}
	return !slices.Contains(brokenReleaseParameters[release], python)
}

// releaseSetting is a setting that exists only from some release on.
type releaseSetting struct {
	field, env string
	after      string // the setting is missing from this release and every earlier one
	why        string
}

// releaseSettings are the typed settings that older releases ignore.
var releaseSettings = []releaseSetting{
	// Read from releases of 2025 on; 3.2.0's metrics code does not read it
	// (its wheel, checked). The releases between are not confirmed either way.
	{field: "DisableMetrics", env: EnvMetricsDisabled, after: "3.2.0",
		why: "the variable exists in the releases of 2025 and later"},
}

// ReleaseProblems returns the settings of c that release does not know: it
// would silently ignore them.
func (c Config) ReleaseProblems(release string) []Problem {
	if CheckRelease(release) != nil {
		return nil
	}
	var ps []Problem
	env := c.Environment()
	for _, s := range releaseSettings {
		if _, set := env[s.env]; set && compareReleases(release, s.after) <= 0 {
			ps = append(ps, Problem{Field: s.field,
				Rule: fmt.Sprintf("sets %s, which Powertools %s ignores (%s)", s.env, release, s.why),
				Fix:  "run a newer release (the default is " + DefaultRelease + "), or remove the setting"})
		}
	}
	return ps
}
