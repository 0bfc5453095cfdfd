package pycheck

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// script is the worker that runs the checks; see check.py for its protocol.
//
//go:embed check.py
var script string

// The properties a Problem names.
const (
	PropertyHandler = "Handler"
	PropertyEntry   = "Entry"
)

// minMinor is the oldest local Python 3 that can run the checks: it needs
// sys.stdlib_module_names and the parser of match statements (3.10).
const minMinor = 10

// Request describes one function to check.
type Request struct {
	// Entry is the function's code folder, the root of its bundle.
	Entry string
	// Handler is "module.function"; the module may be dotted
	// ("pkg.mod.handler"), and a "/" separates packages as in the Lambda
	// runtime ("pkg/mod.handler").
	Handler string
	// Python is the function's runtime version, e.g. "3.11".
	Python string
	// Paths are further folders on the import path at run time, e.g. the
	// folder of installed dependencies. Modules are looked up in Entry, then
	// in Paths, in order.
	Paths []string
	// Edge marks a Lambda@Edge function: it has no layers, so every
	// module-level import must come from the standard library or the bundle,
	// and it has no X-Ray tracing.
	Edge bool
}

// Problem is one reason a function would fail to load.
type Problem struct {
	Property string `json:"property"` // PropertyHandler or PropertyEntry
	Rule     string `json:"rule"`     // what is wrong, with file:line where there is one
	Fix      string `json:"fix"`      // how to fix it
}

// String renders the problem as "Property: rule; fix".
func (p Problem) String() string {
	return p.Property + ": " + p.Rule + "; " + p.Fix
}

// NoPythonError reports that no local Python can run the checks: none was
// found, or those found are older than the functions' runtime (or than 3.10).
// Callers may skip the checks with a note when they see it (errors.As).
type NoPythonError struct {
	Need  string   // the oldest Python that can check the requests, e.g. "3.11"
	Tried []string // for each interpreter looked at, why it was not used
}

func (e *NoPythonError) Error() string {
	return fmt.Sprintf("pycheck: no local Python %s or newer to check handlers with (%s)",
		e.Need, strings.Join(e.Tried, "; "))
}

// Checker runs the checks with one local Python. The zero value looks for
// python3.N (N the newest minor version among the requests), then python3.11,
// then python3 on PATH, and takes the first that is new enough. All
// Checkers share the worker of a Python, and the cache.
type Checker struct {
	// Interpreter is the only Python to use, a name on PATH or a path.
	Interpreter string
}

// Check checks one function with the default Checker.
func Check(req Request) ([]Problem, error) {
	return Checker{}.Check(req)
}

// CheckAll checks many functions in one round trip to the worker, using the
// default Checker.
func CheckAll(requests []Request) ([][]Problem, error) {
	return Checker{}.CheckAll(requests)
}

// Check checks one function. It returns a *NoPythonError when no local Python
// can do it.
func (c Checker) Check(req Request) ([]Problem, error) {
	all, err := c.CheckAll([]Request{req})
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

type wireRequest struct {
	Entry   string   `json:"entry"`
	Handler string   `json:"handler"`
	Python  [2]int   `json:"python"`
	Paths   []string `json:"paths"`
	Edge    bool     `json:"edge"`
}

// CheckAll checks many functions and returns their problems in the order of
// requests (nil for a function without any). Functions whose files are
// unchanged since they were last checked are answered from the cache; the
// others go to the worker in one round trip. It returns a *NoPythonError
// when no local Python can do it, and another error when a request is
// malformed or the worker fails.
func (c Checker) CheckAll(requests []Request) ([][]Problem, error) {
	if len(requests) == 0 {
		return nil, nil
	}
	wire := make([]wireRequest, len(requests))
	need := minMinor
	relative := false
	isRelative := func(path string) bool { return !filepath.IsAbs(path) }
	for i, r := range requests {
		minor, err := parseVersion(r.Python)
		if err != nil {
			return nil, fmt.Errorf("pycheck: function %s: %w", r.Handler, err)
		}
		need = max(need, minor)
		paths := r.Paths
		if paths == nil {
			paths = []string{}
		}
		entry := r.Entry
		if entry == "" {
			entry = "."
		}
		relative = relative || isRelative(entry) || slices.ContainsFunc(paths, isRelative)
		wire[i] = wireRequest{Entry: entry, Handler: r.Handler, Python: [2]int{3, minor}, Paths: paths, Edge: r.Edge}
	}
	python, err := c.find(need)
	if err != nil {
		return nil, err
	}
	// Relative paths are resolved in the current folder, which the worker
	// is told and the cache keys hold.
	var cwd string
	if relative {
		cwd, _ = os.Getwd()
	}
	results := make([][]Problem, len(requests))
	keys := make([]cacheKey, len(requests))
	var missed []wireRequest
	var missedAt []int
	for i, r := range wire {
		keys[i] = newCacheKey(python, cwd, r)
		if problems, ok := cache.lookup(keys[i]); ok {
			results[i] = problems
			continue
		}
		missed = append(missed, r)
		missedAt = append(missedAt, i)
	}
	if missed == nil {
		return results, nil
	}
	answers, err := workerOf(python).check(cwd, missed)
	if err != nil {
		return nil, err
	}
	for j, i := range missedAt {
		results[i] = cache.store(keys[i], answers[j])
	}
	return results, nil
}

// parseVersion returns N of "3.N".
func parseVersion(v string) (int, error) {
	minor, ok := strings.CutPrefix(v, "3.")
	n, err := strconv.Atoi(minor)
	if !ok || err != nil || n < 0 || strconv.Itoa(n) != minor {
		return 0, fmt.Errorf("python version %q is not of the form 3.N", v)
	}
	return n, nil
}

// findKey is what the Python find returns depends on.
type findKey struct {
	interpreter string // Checker.Interpreter
	need        int
	path        string // $PATH
}

// found holds the Pythons find returned (findKey -> executable): looking
// them up on PATH again would cost more than a cached check.
var found sync.Map

// find returns the executable of the first candidate Python whose version is
// at least 3.need.
func (c Checker) find(need int) (string, error) {
	key := findKey{c.Interpreter, need, os.Getenv("PATH")}
	if python, ok := found.Load(key); ok {
		return python.(string), nil
	}
	candidates := []string{c.Interpreter}
	if c.Interpreter == "" {
		candidates = []string{fmt.Sprintf("python3.%d", need), "python3.11", "python3"}
	}
	var tried []string
	seen := map[string]bool{}
	for _, name := range candidates {
		if seen[name] {
			continue
		}
		seen[name] = true
		path, err := exec.LookPath(name)
		if err != nil {
			tried = append(tried, name+": not found")
			continue
		}
		p := probeVersion(path)
		switch {
		case p.err != nil:
			tried = append(tried, fmt.Sprintf("%s: %v", path, p.err))
		case p.major != 3 || p.minor < need:
			tried = append(tried, fmt.Sprintf("%s is Python %d.%d", path, p.major, p.minor))
		default:
			found.Store(key, p.executable)
			return p.executable, nil
		}
	}
	return "", &NoPythonError{Need: fmt.Sprintf("3.%d", need), Tried: tried}
}

type probe struct {
	executable   string // sys.executable: runs without the shims of version managers
	major, minor int
	err          error
}

var probes sync.Map // path -> func() probe

// probeVersion asks the Python at path for its version and executable, once
// per process.
func probeVersion(path string) probe {
	v, _ := probes.LoadOrStore(path, sync.OnceValue(func() probe {
		out, err := exec.Command(path, "-I", "-S", "-c",
			"import sys; print('%d %d %s' % (sys.version_info[0], sys.version_info[1], sys.executable))").Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) && len(ee.Stderr) > 0 {
				first, _, _ := strings.Cut(strings.TrimSpace(string(ee.Stderr)), "\n")
				err = fmt.Errorf("%w: %s", err, first)
			}
			return probe{err: err}
		}
		var p probe
		fields := strings.SplitN(strings.TrimRight(string(out), "\r\n"), " ", 3)
		if len(fields) < 2 {
			return probe{err: fmt.Errorf("unexpected version output %q", out)}
		}
		if p.major, err = strconv.Atoi(fields[0]); err == nil {
			p.minor, err = strconv.Atoi(fields[1])
		}
		if err != nil {
			return probe{err: fmt.Errorf("unexpected version output %q", out)}
		}
		p.executable = path
		if len(fields) == 3 && fields[2] != "" {
			p.executable = fields[2]
		}
		return p
	}))
	return v.(func() probe)()
}
