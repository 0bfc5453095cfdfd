package pylambda

import (
	"errors"
	"fmt"
	"strings"
)

// ValidationError is one invalid property of a pylambda construct. Every
// construction-time problem of a function is reported before any construct
// is created, all at once (joined with errors.Join), so that one synth shows
// them all; use errors.As to read them.
type ValidationError struct {
	Path     string // construct path, e.g. "Api/Orders"
	Property string // e.g. "Powertools.SampleRate" or "MemorySize"
	Rule     string // what is wrong
	Fix      string // how to fix it
	// Detail is a tool's own output (e.g. pip's), printed after the fix.
	Detail string
}

// Error renders the problem as "path: property: rule; fix", followed by the
// detail on lines of its own.
func (e *ValidationError) Error() string {
	msg := e.Path + ": " + e.Property + ": " + e.Rule + "; " + e.Fix
	if e.Detail != "" {
		msg += "\n" + strings.TrimRight(e.Detail, "\n")
	}
	return msg
}

// report collects the problems of one construct.
type report struct {
	path string
	errs []error
}

// add records a problem of property.
func (r *report) add(property, rule, fix string) {
	r.errs = append(r.errs, &ValidationError{Path: r.path, Property: property, Rule: rule, Fix: fix})
}

// addDetail records a problem with a tool's output.
func (r *report) addDetail(property, rule, fix, detail string) {
	r.errs = append(r.errs, &ValidationError{Path: r.path, Property: property, Rule: rule, Fix: fix, Detail: detail})
}

// ok reports whether nothing was recorded.
func (r *report) ok() bool { return len(r.errs) == 0 }

// err returns the problems joined, or nil.
func (r *report) err() error { return errors.Join(r.errs...) }

// strings returns the problems rendered, for a construct validation.
func (r *report) strings() *[]*string {
	out := make([]*string, 0, len(r.errs))
	for _, e := range r.errs {
		s := e.Error()
		out = append(out, &s)
	}
	return &out
}

// withPath, deferred in a constructor's build steps, adds the construct's
// path to a CDK error raised there, so that it says which function failed.
func withPath(path string) {
	if r := recover(); r != nil {
		panic(fmt.Errorf("%s: %v", path, r))
	}
}
