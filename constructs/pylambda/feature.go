package pylambda

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
