package powertools_test

import (
	"errors"
	"testing"

	"github.com/pylambda/pylambda/constructs/powertools"
)

func TestDelivery(t *testing.T) {
	pinned := powertools.DefaultRelease
	tests := map[string]struct {
		d       powertools.Delivery
		kind    powertools.DeliveryKind
		version int
		release string
		str     string
	}{
		"zero value":      {powertools.Delivery{}, powertools.DefaultDelivery, 0, pinned, "the default"},
		"pinned layer":    {powertools.Layer(27), powertools.LayerDelivery, 27, pinned, "powertools.Layer(27)"},
		"unknown layer":   {powertools.Layer(30), powertools.LayerDelivery, 30, "", "powertools.Layer(30)"},
		"release":         {powertools.Release("3.30.0"), powertools.ReleaseDelivery, 0, "3.30.0", `powertools.Release("3.30.0")`},
		"latest layer":    {powertools.LatestLayer(), powertools.LatestLayerDelivery, 0, "", "powertools.LatestLayer()"},
		"bundled default": {powertools.Bundled(""), powertools.BundledDelivery, 0, pinned, `powertools.Bundled("")`},
		"bundled release": {powertools.Bundled("3.2.0"), powertools.BundledDelivery, 0, "3.2.0", `powertools.Bundled("3.2.0")`},
		"none":            {powertools.None(), powertools.NoDelivery, 0, "", "powertools.None()"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if tc.d.Kind() != tc.kind || tc.d.LayerVersion() != tc.version || tc.d.Release() != tc.release || tc.d.String() != tc.str {
				t.Errorf("got kind %v, version %d, release %q, %q", tc.d.Kind(), tc.d.LayerVersion(), tc.d.Release(), tc.d.String())
			}
		})
	}
	if got := powertools.Bundled("3.2.0").Requirement(); got != "aws-lambda-powertools==3.2.0" {
		t.Errorf("Requirement() = %q", got)
	}
}

// Callers choose a fix from the error's kind, never from its text.
func TestLayerErrorKinds(t *testing.T) {
	tests := map[string]struct {
		err  error
		kind powertools.LayerErrorKind
	}{
		"no arm64":           {second(powertools.LayerARN("aws", "ca-west-1", powertools.ARM64, "3.11", 27)), powertools.ErrNoARM64},
		"unpublished":        {second(powertools.LayerARN("aws", "ap-east-2", powertools.X86, "3.11", 27)), powertools.ErrNotPublished},
		"other partition":    {second(powertools.LayerARN("aws-iso", "us-iso-east-1", powertools.X86, "3.11", 27)), powertools.ErrNotPublished},
		"old version":        {second(powertools.LayerARN("aws", "eu-west-1", powertools.X86, "3.14", 3)), powertools.ErrUnpublishedVersion},
		"unsupported python": {second(powertools.LayerARN("aws", "eu-west-1", powertools.X86, "3.9", 27)), powertools.ErrUnsupportedPython},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var le *powertools.LayerError
			if !errors.As(tc.err, &le) || le.Kind != tc.kind || le.Error() == "" {
				t.Errorf("error %v: want a *LayerError of kind %d", tc.err, tc.kind)
			}
		})
	}
}

func second(_ string, err error) error { return err }
