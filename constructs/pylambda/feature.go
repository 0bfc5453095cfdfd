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
func featuresOf(s *functionSpec) []feature {
	return []feature{&deadLetter{}}
}
