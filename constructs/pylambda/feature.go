package pylambda

import "maps"

// feature is an optional capability of a regional function: each lives in a
// file of its own that (a) checks its options into the function's report,
// before anything is created, and (b) applies what it needs to the build:
// props and settings before the function exists (configure), resources,
// grants and cdk-nag suppressions once it does (attach).
type feature interface {
	check(s *functionSpec, r *report)
	configure(b *functionBuild)
	attach(b *functionBuild)
}

// featuresOf returns the features a function uses, in the order they apply.
// Each reads its options from the props here, once, into plain values; a
// function without an option pays nothing for it.
func featuresOf(s *functionSpec, p *FunctionProps) []feature {
	features := []feature{&deadLetter{}}
	// The live alias exists before the features that attach invokers run,
	// so that b.out.InvokeTarget() is what they should attach to.
	if d := deploymentOf(p); d != nil {
		features = append(features, d)
	}
	if p.Idempotency != nil {
		features = append(features, readIdempotency(p))
	}
	if p.Batch != nil {
		features = append(features, readBatch(s, p))
	}
	if p.Parameters != nil {
		features = append(features, readParameters(p))
	}
	if p.FeatureFlags != nil {
		features = append(features, readFeatureFlags(s, p))
	}
	if p.Alarms != nil {
		features = append(features, readAlarms(s, p))
	}
	return features
}

// settingsFeature is a feature that gives the function environment
// variables: the size check counts them before anything is created.
type settingsFeature interface {
	// settings are the variables, a value unknown at synth as "" (as the
	// caller's token values, it is left out of the count).
	settings() map[string]string
}

// featureSettings gathers the variables the features set.
func featureSettings(features []feature) map[string]string {
	out := map[string]string{}
	for _, f := range features {
		if sf, ok := f.(settingsFeature); ok {
			maps.Copy(out, sf.settings())
		}
	}
	return out
}
