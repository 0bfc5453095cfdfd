package pylambda

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
)

// edgeSpec is what edge validation needs, as plain values (see spec).
type edgeSpec struct {
	path                  string
	entry                 string
	handler               string
	runtime               string
	runtimeFamily         string
	event                 awscloudfront.LambdaEdgeEventType
	memory                int
	timeout               float64 // seconds; -1 when a token
	excludes              []string
	bundlingDisabled      bool
	includeBody           bool
	limits                EdgeLimits // with the event type's defaults filled in
	rawLimits             EdgeLimits // as given
	regionUnresolved      bool
	powertools            *powertools.Config // as given, nil without Powertools
	effective             powertools.Config
	powertoolsRequirement string
}

func readEdgeSpec(scope constructs.Construct, id string, p *EdgeFunctionProps) edgeSpec {
	es := edgeSpec{
		path:        childPath(scope, id),
		entry:       p.Entry,
		handler:     p.Handler,
		event:       p.EventType,
		memory:      p.MemorySize,
		includeBody: p.IncludeBody,
		rawLimits:   p.Limits,
	}
	if es.handler == "" {
		es.handler = DefaultHandler
	}
	es.runtime, es.runtimeFamily = runtimeOf(p.Runtime)
	if es.memory == 0 {
		es.memory = DefaultEdgeMemorySize
	}
	es.excludes = append(slices.Clone(DefaultAssetExcludes), p.AssetExcludes...)
	es.bundlingDisabled = p.Bundling.Disabled
	es.timeout = DefaultEdgeTimeoutSeconds
	if p.Timeout != nil {
		es.timeout = -1
		if !*p.Timeout.IsUnresolved() {
			es.timeout = *p.Timeout.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
		}
	}
	es.limits = DefaultEdgeLimits(p.EventType)
	if p.Limits.MaxMemorySize != 0 {
		es.limits.MaxMemorySize = p.Limits.MaxMemorySize
	}
	if p.Limits.MaxTimeoutSeconds != 0 {
		es.limits.MaxTimeoutSeconds = p.Limits.MaxTimeoutSeconds
	}
	if p.Limits.MaxBundleBytes != 0 {
		es.limits.MaxBundleBytes = p.Limits.MaxBundleBytes
	}
	es.regionUnresolved = *awscdk.Token_IsUnresolved(awscdk.Stack_Of(scope).Region())
	if p.Powertools != nil {
		cfg := p.Powertools.Config
		es.powertools = &cfg
		es.effective = effectiveConfig(scope, id, cfg, "")
		es.effective.DisableTracing = true
		es.powertoolsRequirement = p.Powertools.Requirement
		if es.powertoolsRequirement == "" {
			v, _ := powertools.PackageVersion(powertools.DefaultLayerVersion)
			es.powertoolsRequirement = "aws-lambda-powertools==" + v
		}
	}
	return es
}

func (es edgeSpec) pythonVersion() string { return spec{runtime: es.runtime}.pythonVersion() }

// validateEdge returns every problem of es, joined, or nil. It is pure.
func validateEdge(es edgeSpec) error {
	var errs []error
	add := func(property, rule, fix string) {
		errs = append(errs, &ValidationError{Path: es.path, Property: property, Rule: rule, Fix: fix})
	}
	events := []awscloudfront.LambdaEdgeEventType{
		awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE,
		awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST, awscloudfront.LambdaEdgeEventType_ORIGIN_RESPONSE,
	}
	validEvent := false
	for _, e := range events {
		validEvent = validEvent || e == es.event
	}
	if !validEvent {
		add("EventType", fmt.Sprintf("%q is not a CloudFront event", string(es.event)), "set it to awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, _VIEWER_RESPONSE, _ORIGIN_REQUEST or _ORIGIN_RESPONSE")
	}
	if es.regionUnresolved {
		add("(stack)", "the parent stack is environment-agnostic, and a Lambda@Edge function must be created in us-east-1 from a stack whose region is known", "give the stack an explicit region: awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String(\"eu-west-1\")}}")
	}
	checkCode(add, es.entry, es.handler, es.excludes)
	checkRuntime(add, es.runtime, es.runtimeFamily)

	if es.rawLimits.MaxMemorySize < 0 || es.rawLimits.MaxTimeoutSeconds < 0 || es.rawLimits.MaxBundleBytes < 0 {
		add("Limits", "must not be negative", "leave a field at 0 for the event type's default")
	}
	if validEvent {
		if es.memory < minMemory || es.memory > es.limits.MaxMemorySize {
			add("MemorySize", fmt.Sprintf("%d MB is outside the %d-%d MB Lambda@Edge allows for %s events", es.memory, minMemory, es.limits.MaxMemorySize, eventName(es.event)),
				fmt.Sprintf("use at most %d MB (default %d), or raise Limits.MaxMemorySize where AWS allows more", es.limits.MaxMemorySize, DefaultEdgeMemorySize))
		}
		if es.timeout != -1 && (es.timeout < 1 || es.timeout > float64(es.limits.MaxTimeoutSeconds) || es.timeout != math.Trunc(es.timeout)) {
			add("Timeout", fmt.Sprintf("%v s is outside the whole seconds from 1 to %d Lambda@Edge allows for %s events", es.timeout, es.limits.MaxTimeoutSeconds, eventName(es.event)),
				fmt.Sprintf("use at most %d s (default %d s), or raise Limits.MaxTimeoutSeconds where AWS allows more", es.limits.MaxTimeoutSeconds, DefaultEdgeTimeoutSeconds))
		}
		if es.includeBody && es.event != awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST && es.event != awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST {
			add("IncludeBody", fmt.Sprintf("CloudFront passes the body to viewer-request and origin-request functions only, not %s", eventName(es.event)), "remove IncludeBody, or serve a request event")
		}
	}
	if es.powertools != nil {
		for _, p := range es.powertools.Problems() {
			add("Powertools.Config."+p.Field, p.Rule, p.Fix)
		}
		if es.bundlingDisabled {
			add("Powertools", "needs bundling to install Powertools into the zip, and Bundling.Disabled turns it off", "remove Bundling.Disabled, or Powertools")
		}
		if es.powertools.TracerCaptureResponse != nil || es.powertools.TracerCaptureError != nil {
			add("Powertools.Config", "sets Tracer options, and Lambda@Edge supports no X-Ray tracing (pylambda turns the Tracer off)", "remove TracerCaptureResponse and TracerCaptureError")
		}
	}
	return errors.Join(errs...)
}

// zipSize returns the size of dir zipped as the CDK zips assets (deflate,
// best compression), or an upper bound of it when even the uncompressed
// files fit within limit (no need to compress them then).
func zipSize(dir string, limit int64) (int64, error) {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return 0, fmt.Errorf("%s is not a folder", dir)
	}
	var bound int64 = 22 // end of central directory
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		// Deflate never grows data by more than a few bytes per block (1%
		// is ample), plus the local and central headers with the name.
		bound += info.Size() + info.Size()/100 + 30 + 46 + 2*int64(len(path)) + 64
		return nil
	})
	if err == nil && bound <= limit {
		return bound, nil
	}
	cw := &countingWriter{}
	zw := zip.NewWriter(cw)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate})
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	if err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
