package powertools

import "strconv"

// Delivery is how Powertools reaches a function's code: one value, built by
// one of the constructors below, so that contradictory choices (a pinned
// layer that is also "latest", a layer on a function that cannot have one)
// cannot be written. The zero value is the default of the function's kind:
// the pinned layer for regional functions, no Powertools for Lambda@Edge.
type Delivery struct {
	kind    DeliveryKind
	version int    // layer version, for LayerDelivery
	release string // package release, for BundledDelivery
}

// DeliveryKind names a Delivery's choice.
type DeliveryKind int

// The ways Powertools reaches a function.
const (
	// DefaultDelivery is the zero value: the function kind's default.
	DefaultDelivery DeliveryKind = iota
	// ReleaseDelivery adds the public layer built from a release: the
	// layer version pylambda knows for it, or the release's public SSM
	// parameter, resolved at deploy time.
	ReleaseDelivery
	// LayerDelivery adds a pinned version of the public layer.
	LayerDelivery
	// LatestLayerDelivery adds the newest public layer, resolved from the
	// public SSM parameter at every deploy.
	LatestLayerDelivery
	// BundledDelivery installs a release of the aws-lambda-powertools package
	// into the function's zip (Lambda@Edge has no layers).
	BundledDelivery
	// NoDelivery adds nothing: the code brings its own Powertools (or uses
	// none). The typed settings are still written.
	NoDelivery
)

// Release adds the public layer built from a Powertools release, e.g.
// "3.23.0": the same release an edge function installs with Bundled. For a
// release pylambda knows (ReleaseLayer), the layer's ARN is written into the
// template; for a newer one, it is read at deploy time from the release's
// public SSM parameter (ReleaseParameterName), where those exist: the way to
// move to a new release without waiting for a pylambda release.
func Release(release string) Delivery { return Delivery{kind: ReleaseDelivery, release: release} }

// Layer pins a version of the public Powertools layer.
func Layer(version int) Delivery { return Delivery{kind: LayerDelivery, version: version} }

// LatestLayer resolves the newest public layer at every deploy, from the
// public SSM parameter: each deploy may bring a new Powertools release.
// Refused where the parameter does not exist (China, GovCloud, me-central-1,
// me-south-1).
func LatestLayer() Delivery { return Delivery{kind: LatestLayerDelivery} }

// Bundled installs aws-lambda-powertools==release into the function's zip
// with the bundler ("" for DefaultRelease, the release regional functions'
// layer holds, so that every function of an app runs the same Powertools). With
// BundlingOptions.FindLinks and NoIndex the wheel can come from a local
// folder.
func Bundled(release string) Delivery { return Delivery{kind: BundledDelivery, release: release} }

// None adds no Powertools: the function's code brings its own, or uses none.
func None() Delivery { return Delivery{kind: NoDelivery} }

// Kind returns the delivery's choice.
func (d Delivery) Kind() DeliveryKind { return d.kind }

// LayerVersion returns the pinned layer version of a LayerDelivery (0
// otherwise).
func (d Delivery) LayerVersion() int { return d.version }

// Release returns the release a function gets, "" when it is not known:
// the given one (Release, Bundled), DefaultRelease for the default and for
// Bundled(""), the release of a layer version pylambda knows (Layer), none
// for LatestLayer and None.
func (d Delivery) Release() string {
	switch d.kind {
	case DefaultDelivery:
		return DefaultRelease
	case ReleaseDelivery:
		return d.release
	case BundledDelivery:
		if d.release == "" {
			return DefaultRelease
		}
		return d.release
	case LayerDelivery:
		r, _ := LayerRelease(d.version)
		return r
	}
	return ""
}

// Requirement returns the pip requirement of a BundledDelivery.
func (d Delivery) Requirement() string { return PackageName + "==" + d.Release() }

// PackageName is the name of Powertools on the package index.
const PackageName = "aws-lambda-powertools"

// String describes the delivery as Go code that builds it.
func (d Delivery) String() string {
	switch d.kind {
	case ReleaseDelivery:
		return "powertools.Release(" + strconv.Quote(d.release) + ")"
	case LayerDelivery:
		return "powertools.Layer(" + strconv.Itoa(d.version) + ")"
	case LatestLayerDelivery:
		return "powertools.LatestLayer()"
	case BundledDelivery:
		return "powertools.Bundled(" + strconv.Quote(d.release) + ")"
	case NoDelivery:
		return "powertools.None()"
	}
	return "the default"
}
