package pylambda

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"

	"github.com/pylambda/pylambda/constructs/powertools"
)

// EdgeRegion is where Lambda@Edge functions live.
const EdgeRegion = "us-east-1"

// EdgeFunctionProps configure a Lambda@Edge function. What Lambda@Edge
// forbids (environment variables, layers, arm64, X-Ray, VPC, dead-letter
// queues, provisioned concurrency, container images, more than 512 MB of
// ephemeral storage, a customer-managed key, runtime management other than
// Auto) cannot be expressed here; what is added to the function after
// construction is checked at synth.
type EdgeFunctionProps struct {
	// EventType is the CloudFront event the function serves.
	// Required.
	EventType awscloudfront.LambdaEdgeEventType
	// Entry is the folder of the function's code.
	// Required.
	Entry string
	// Handler is "module.function" in Entry.
	// Default: DefaultHandler ("app.handler").
	Handler string
	// Runtime is the Python runtime.
	// Default: awslambda.Runtime_PYTHON_3_11().
	Runtime awslambda.Runtime
	// MemorySize in MB, within the event type's limit.
	// Default: DefaultEdgeMemorySize (128).
	MemorySize int
	// Timeout, within the event type's limit.
	// Default: DefaultEdgeTimeoutSeconds (5 s).
	Timeout awscdk.Duration
	// Description of the function.
	// Default: none.
	Description string
	// IncludeBody exposes the request body to the function (viewer-request
	// and origin-request only).
	// Default: false.
	IncludeBody bool
	// Powertools is the typed Powertools configuration (the same type as a
	// regional function's), written to a generated settings module that a
	// generated handler applies before your module is imported: Lambda@Edge
	// has no environment variables. Tracing is always off. It needs
	// PowertoolsDelivery: powertools.Bundled(...).
	// Default: service name from the construct id, namespace from the stack.
	Powertools powertools.Config
	// PowertoolsDelivery is powertools.Bundled(release) to install
	// Powertools into the zip (Lambda@Edge has no layers).
	// Default: no Powertools (small zips, short cold starts).
	PowertoolsDelivery powertools.Delivery
	// Limits override the event type's quotas where AWS allows more.
	// Default: DefaultEdgeLimits(EventType).
	Limits EdgeLimits
	// Logs configure the log group /aws/lambda/us-east-1.<function name> in
	// us-east-1 (replicas log to groups of that name in each region that runs
	// them; Lambda creates those without retention).
	// Default: DefaultLogRetention, DefaultLogRemovalPolicy.
	Logs LogOptions
	// Bundling controls how dependencies get into the zip.
	// Default: installed with the local pip, cached.
	Bundling BundlingOptions
	// AssetExcludes are left out of the zip besides DefaultAssetExcludes.
	// Default: none.
	AssetExcludes []string
	// Trim keeps in the zip only the modules the handler can import, found
	// by reading the bundle's import graph with the local Python (never
	// running it): with Powertools bundled, a viewer function with Logger
	// and Metrics drops from about 0.8 MB to about 0.12 MB compressed. A
	// module whose imports are computed at run time makes the trim
	// undecidable: the synth fails with the places and the fix (TrimKeep).
	// Default: false (the whole bundle).
	Trim bool
	// TrimKeep names packages or modules kept whole by Trim, with their
	// data (e.g. plugins loaded by name).
	// Default: none.
	TrimKeep []string
	// RemovalPolicy applies to the function and its versions when they
	// leave the stack (deleted, or replaced by a new function). CloudFront
	// deletes a function's replicas hours after its last association goes,
	// and until then Lambda refuses to delete it: with DESTROY, `cdk destroy`
	// (and the clean-up after a replacement) fails and must be retried
	// later. RETAIN lets CloudFormation finish at once and leaves the
	// function and its versions behind, costing nothing while unused (their
	// code counts toward the account's Lambda storage): delete them once the
	// replicas are gone.
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
	// StackID names the us-east-1 support stack when the parent stack is in
	// another region.
	// Default: the CDK's, edge-lambda-stack-<address of the parent stack>.
	StackID string
}

// EdgeLimits are Lambda@Edge's quotas for one event type. A zero field
// takes the default of the event type (DefaultEdgeLimits).
type EdgeLimits struct {
	// MaxMemorySize in MB: 128 for viewer events, Lambda's maximum (10240)
	// for origin events.
	MaxMemorySize int
	// MaxTimeoutSeconds: 5 for viewer events, 30 for origin events.
	MaxTimeoutSeconds int
	// MaxBundleBytes is the compressed size of the function and its
	// libraries: 1 MB for viewer events, 50 MB for origin events.
	MaxBundleBytes int64
}

// DefaultEdgeLimits returns the quotas of an event type (CloudFront
// developer guide, "Quotas on Lambda@Edge"). Newer copies of the quotas page
// show the origin limits for all events: where AWS allows your account more,
// set EdgeFunctionProps.Limits.
func DefaultEdgeLimits(event awscloudfront.LambdaEdgeEventType) EdgeLimits {
	if isViewer(event) {
		return EdgeLimits{MaxMemorySize: 128, MaxTimeoutSeconds: 5, MaxBundleBytes: 1 << 20}
	}
	return EdgeLimits{MaxMemorySize: maxMemory, MaxTimeoutSeconds: 30, MaxBundleBytes: 50 << 20}
}

// withDefaults fills the zero fields from the event type's quotas.
func (l EdgeLimits) withDefaults(event awscloudfront.LambdaEdgeEventType) EdgeLimits {
	d := DefaultEdgeLimits(event)
	if l.MaxMemorySize != 0 {
		d.MaxMemorySize = l.MaxMemorySize
	}
	if l.MaxTimeoutSeconds != 0 {
		d.MaxTimeoutSeconds = l.MaxTimeoutSeconds
	}
	if l.MaxBundleBytes != 0 {
		d.MaxBundleBytes = l.MaxBundleBytes
	}
	return d
}

func isViewer(e awscloudfront.LambdaEdgeEventType) bool {
	return e == awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST || e == awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE
}

// eventName is CloudFront's spelling, e.g. "viewer-request".
func eventName(e awscloudfront.LambdaEdgeEventType) string {
	return strings.ReplaceAll(strings.ToLower(string(e)), "_", "-")
}
