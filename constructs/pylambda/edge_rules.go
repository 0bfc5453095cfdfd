package pylambda

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/bundle"
)

// edgeSpec is what an edge function's rules and steps read from its props,
// as plain values (see functionSpec).
type edgeSpec struct {
	base
	event       awscloudfront.LambdaEdgeEventType
	memory      int
	timeout     float64 // seconds; -1 when a token
	includeBody bool
	limits      EdgeLimits // with the event type's defaults filled in
	rawLimits   EdgeLimits // as given
	removal     awscdk.RemovalPolicy
	trim        bool
	trimKeep    []string
}

// readEdge reads the props of the edge function scope/id.
func readEdge(scope constructs.Construct, id string, p *EdgeFunctionProps) *edgeSpec {
	s := &edgeSpec{
		event:       p.EventType,
		memory:      p.MemorySize,
		includeBody: p.IncludeBody,
		rawLimits:   p.Limits,
		removal:     p.RemovalPolicy,
		trim:        p.Trim,
		trimKeep:    p.TrimKeep,
		limits:      p.Limits.withDefaults(p.EventType),
		timeout:     DefaultEdgeTimeoutSeconds,
	}
	s.base = readBase(scope, id, common{
		entry: p.Entry, handler: p.Handler, runtime: p.Runtime, powertools: p.Powertools,
		delivery: p.PowertoolsDelivery, logs: p.Logs, bundling: p.Bundling, assetExcludes: p.AssetExcludes,
	}, "")
	s.effective.DisableTracing = true
	if s.memory == 0 {
		s.memory = DefaultEdgeMemorySize
	}
	if p.Timeout != nil {
		s.timeout = -1
		if !*p.Timeout.IsUnresolved() {
			s.timeout = *p.Timeout.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
		}
	}
	return s
}

// bundled reports whether Powertools goes into the zip.
func (s *edgeSpec) bundled() bool { return s.delivery.Kind() == powertools.BundledDelivery }

// handlerInZip is the handler Lambda runs: the generated wrapper when the
// zip carries Powertools settings.
func (s *edgeSpec) handlerInZip() string {
	if s.bundled() {
		return EdgeWrapperModule + ".handler"
	}
	return s.handler
}

// codeRequest describes the function's zip: x86_64 always; with Powertools,
// its release and the generated modules that carry its settings.
func (s *edgeSpec) codeRequest() codeRequest {
	c := codeRequest{base: s.base, architecture: "x86_64"}
	if s.bundled() {
		c.extraReqs = []string{s.delivery.Requirement()}
		c.extraFiles = edgeSettingsFiles(s.path, s.handler, s.effective.Environment())
	}
	return c
}

var edgeEvents = []awscloudfront.LambdaEdgeEventType{
	awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE,
	awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST, awscloudfront.LambdaEdgeEventType_ORIGIN_RESPONSE,
}

// checkEdge adds every problem of an edge function's props to r.
func checkEdge(r *report, s *edgeSpec) {
	validEvent := slices.Contains(edgeEvents, s.event)
	if !validEvent {
		r.add("EventType", fmt.Sprintf("%q is not a CloudFront event", string(s.event)), "set it to awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, _VIEWER_RESPONSE, _ORIGIN_REQUEST or _ORIGIN_RESPONSE")
	}
	if s.info.Region == "" {
		r.add("(stack)", "the parent stack is environment-agnostic, and a Lambda@Edge function must be created in us-east-1 from a stack whose region is known", "give the stack an explicit region: awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String(\"eu-west-1\")}}")
	}
	checkBase(r, s.base)
	if s.rawLimits.MaxMemorySize < 0 || s.rawLimits.MaxTimeoutSeconds < 0 || s.rawLimits.MaxBundleBytes < 0 {
		r.add("Limits", "must not be negative", "leave a field at 0 for the event type's default")
	}
	if s.rawLimits.MaxMemorySize > maxMemory {
		r.add("Limits.MaxMemorySize", fmt.Sprintf("%d MB is more than Lambda's own limit of %d MB", s.rawLimits.MaxMemorySize, maxMemory), "no quota raises a function past Lambda's limits: lower it")
	}
	if s.rawLimits.MaxTimeoutSeconds > maxTimeoutSeconds {
		r.add("Limits.MaxTimeoutSeconds", fmt.Sprintf("%d s is more than Lambda's own limit of %d s", s.rawLimits.MaxTimeoutSeconds, maxTimeoutSeconds), "no quota raises a function past Lambda's limits: lower it")
	}
	if s.rawLimits.MaxBundleBytes > maxZipBytes {
		r.add("Limits.MaxBundleBytes", fmt.Sprintf("%s is more than the %s Lambda accepts for a zip", mb(s.rawLimits.MaxBundleBytes), mb(maxZipBytes)), "no quota raises a function past Lambda's limits: lower it")
	}
	if validEvent {
		if s.memory < minMemory || s.memory > s.limits.MaxMemorySize {
			r.add("MemorySize", fmt.Sprintf("%d MB is outside the %d-%d MB Lambda@Edge allows for %s events", s.memory, minMemory, s.limits.MaxMemorySize, eventName(s.event)),
				fmt.Sprintf("use at most %d MB (default %d), or raise Limits.MaxMemorySize where AWS allows more", s.limits.MaxMemorySize, DefaultEdgeMemorySize))
		}
		if s.timeout != -1 && (s.timeout < 1 || s.timeout > float64(s.limits.MaxTimeoutSeconds) || s.timeout != math.Trunc(s.timeout)) {
			r.add("Timeout", fmt.Sprintf("%v s is outside the whole seconds from 1 to %d Lambda@Edge allows for %s events", s.timeout, s.limits.MaxTimeoutSeconds, eventName(s.event)),
				fmt.Sprintf("use at most %d s (default %d s), or raise Limits.MaxTimeoutSeconds where AWS allows more", s.limits.MaxTimeoutSeconds, DefaultEdgeTimeoutSeconds))
		}
		if s.includeBody && s.event != awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST && s.event != awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST {
			r.add("IncludeBody", fmt.Sprintf("CloudFront passes the body to viewer-request and origin-request functions only, not %s", eventName(s.event)), "remove IncludeBody, or serve a request event")
		}
	}
	if len(s.trimKeep) > 0 && !s.trim {
		r.add("TrimKeep", "names what Trim keeps whole, and Trim is off", "set Trim, or remove TrimKeep")
	}
	switch s.removal {
	case "", awscdk.RemovalPolicy_RETAIN, awscdk.RemovalPolicy_DESTROY:
	default:
		r.add("RemovalPolicy", fmt.Sprintf("%s does not apply to a function", s.removal), "use awscdk.RemovalPolicy_RETAIN (the default) or awscdk.RemovalPolicy_DESTROY")
	}
	switch s.delivery.Kind() {
	case powertools.LayerDelivery, powertools.LatestLayerDelivery, powertools.ReleaseDelivery:
		r.add("PowertoolsDelivery", fmt.Sprintf("%s is a layer, and Lambda@Edge supports no layers", s.delivery), "use powertools.Bundled(\"\") to install Powertools into the zip (powertools.Bundled(\"3.x.y\") for the release of a regional function's layer)")
	case powertools.BundledDelivery:
		if s.bundling.Disabled {
			r.add("PowertoolsDelivery", "powertools.Bundled needs bundling to install Powertools into the zip, and Bundling.Disabled turns it off", "remove Bundling.Disabled, or the Powertools delivery")
		}
		if err := powertools.CheckRelease(s.delivery.Release()); err != nil {
			r.add("PowertoolsDelivery", err.Error(), "give a release number, e.g. powertools.Bundled(\""+powertools.DefaultRelease+"\"), or \"\" for the default")
		}
		for _, p := range s.effective.ReleaseProblems(s.delivery.Release()) {
			r.add("Powertools."+p.Field, p.Rule, p.Fix)
		}
		if s.config.TracerCaptureResponse != nil || s.config.TracerCaptureError != nil {
			r.add("Powertools", "sets Tracer options, and Lambda@Edge supports no X-Ray tracing (pylambda turns the Tracer off)", "remove TracerCaptureResponse and TracerCaptureError")
		}
	default:
		if s.config != (powertools.Config{}) {
			r.add("Powertools", "is set, but the function gets no Powertools (Lambda@Edge has no layers, and nothing installs it)", "add PowertoolsDelivery: powertools.Bundled(\"\") to install it into the zip, or remove Powertools")
		}
	}
}

// checkEdgeSize measures the zip (trimmed, when it is) as the CDK zips it
// and compares it with the event type's limit. The dependencies must be
// installed: it measures nothing for a stack the CLI does not bundle.
func checkEdgeSize(r *report, s *edgeSpec, plan *bundle.Plan, t *trimmed) {
	if plan == nil || !r.ok() || (plan.HasDependencies() && !plan.Cached()) {
		return
	}
	files, err := plan.Files()
	if t != nil {
		files, err = t.files()
	}
	if err != nil {
		return
	}
	size, err := bundle.ZipSize(files, s.limits.MaxBundleBytes)
	if err != nil {
		r.add("Entry", "its files cannot be measured: "+err.Error(), "check the folder's permissions")
		return
	}
	if size > s.limits.MaxBundleBytes {
		r.add("Entry", fmt.Sprintf("the zip is %s compressed, more than the %s Lambda@Edge allows for %s events", mb(size), mb(s.limits.MaxBundleBytes), eventName(s.event)),
			"leave out what the function does not need (AssetExcludes, fewer requirements, no Powertools), use an origin event, or raise Limits.MaxBundleBytes where AWS allows more")
	}
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/(1<<20)) }

// edgeStateRules returns the synth-time rules of an edge function: what
// Lambda@Edge forbids, read from the finished function, including what was
// added after construction. (The CDK itself refuses environment variables
// added through the L2, earlier, when it renders the function.)
func edgeStateRules(s *edgeSpec) func(functionState) *report {
	return func(st functionState) *report {
		r := &report{path: s.path}
		checkEdgeState(r, s, st)
		return r
	}
}

// checkEdgeState adds what Lambda@Edge forbids in st to r (CloudFront
// developer guide, "Restrictions on Lambda@Edge").
func checkEdgeState(r *report, s *edgeSpec, st functionState) {
	add := func(property, rule, fix string) {
		r.add(property, rule+" (added to the function after construction)", fix)
	}
	if len(st.environment) > 0 {
		keys := slices.Sorted(maps.Keys(st.environment))
		add("Environment", "Lambda@Edge supports no environment variables, found "+strings.Join(keys, ", "), "remove them; put settings in the code, or Powertools settings in Powertools (with powertools.Bundled); the CDK's removeInEdge option would drop them silently")
	}
	if len(st.layers) > 0 {
		add("Layers", "Lambda@Edge supports no layers", "remove them; bundle the libraries into the zip (requirements.txt, powertools.Bundled)")
	}
	for _, a := range st.architectures {
		if a != "x86_64" {
			add("Architecture", fmt.Sprintf("Lambda@Edge supports x86_64 only, found %v", a), "remove the architecture setting")
		}
	}
	if st.tracing != "" && st.tracing != "PassThrough" {
		add("Tracing", "Lambda@Edge supports no X-Ray tracing", "remove the tracing setting")
	}
	if st.vpc {
		add("Vpc", "Lambda@Edge functions cannot run in a VPC", "remove the VPC settings")
	}
	if st.deadLetter {
		add("DeadLetterQueue", "Lambda@Edge supports no dead-letter queue", "remove it; CloudFront invokes the function synchronously")
	}
	if len(st.provisioned) > 0 {
		add("ProvisionedConcurrency", "Lambda@Edge supports no provisioned concurrency, found on "+strings.Join(st.provisioned, ", "), "remove it")
	}
	if st.packageType == "Image" {
		add("Code", "Lambda@Edge supports no container images", "use a zip (NewEdgeFunction's Entry)")
	}
	if st.ephemeralMB > 512 {
		add("EphemeralStorageSize", fmt.Sprintf("Lambda@Edge allows at most 512 MB of ephemeral storage, found %v MB", st.ephemeralMB), "remove the setting or lower it to 512 MB")
	}
	if st.kmsKey {
		add("EnvironmentEncryption", "Lambda@Edge supports no customer-managed KMS key for the function", "remove the key")
	}
	if st.runtimeMgmt != "" && st.runtimeMgmt != "Auto" {
		add("RuntimeManagementMode", fmt.Sprintf("Lambda@Edge supports runtime management Auto only, found %s", st.runtimeMgmt), "remove the setting")
	}
	if st.memory > float64(s.limits.MaxMemorySize) {
		add("MemorySize", fmt.Sprintf("%v MB is more than the %d MB Lambda@Edge allows for %s events", st.memory, s.limits.MaxMemorySize, eventName(s.event)), "lower it, or raise Limits.MaxMemorySize where AWS allows more")
	}
	if st.timeout > float64(s.limits.MaxTimeoutSeconds) {
		add("Timeout", fmt.Sprintf("%v s is more than the %d s Lambda@Edge allows for %s events", st.timeout, s.limits.MaxTimeoutSeconds, eventName(s.event)), "lower it, or raise Limits.MaxTimeoutSeconds where AWS allows more")
	}
}
