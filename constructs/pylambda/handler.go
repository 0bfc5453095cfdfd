package pylambda

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/pycheck"
)

// checkHandler reads the handler's module with the local Python's parser,
// never running it: it parses for the function's Python version, the named
// function is defined at module level, and module names are importable. For
// an edge function whose dependencies are installed (the stacks the CLI
// bundles), its top-level imports must come from the standard library or the
// bundle, and it must not use the Powertools Tracer. It runs only when the
// Go-side checks of Entry and Handler passed; without a local Python it
// says so once and checks nothing.
func checkHandler(r *report, b base, edge bool, plan *bundle.Plan) {
	if !r.ok() {
		return
	}
	req := pycheck.Request{Entry: b.entry, Handler: b.handler, Python: b.python()}
	if edge && plan != nil {
		if dir, ok := plan.DependenciesDir(); ok {
			req.Paths = []string{dir}
		}
		// Without its dependencies at hand, an edge function's imports are
		// not resolved: the stack is not bundled in this synth.
		req.Edge = !plan.HasDependencies() || len(req.Paths) > 0
	}
	problems, err := pycheck.Check(req)
	var noPython *pycheck.NoPythonError
	switch {
	case errors.As(err, &noPython):
		noPythonOnce.Do(func() {
			fmt.Fprintf(os.Stderr, "pylambda: %v; handler modules are not checked\n", err)
		})
		return
	case err != nil:
		r.add("Handler", "its module could not be checked: "+err.Error(), "check that the local Python runs (BundlingOptions.Python)")
		return
	}
	for _, p := range problems {
		r.add(p.Property, p.Rule, p.Fix)
	}
}

var noPythonOnce sync.Once
