package trim

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
)

//go:embed imports.py
var script string

// DefaultVersion is the target Python version when Options.Version is empty.
const DefaultVersion = "3.11"

// runtimeModules are the top-level modules the Lambda Python runtimes can
// import besides the standard library: the AWS SDK for Python with its
// dependencies and the runtime interface client (/var/runtime), pip and
// setuptools (the interpreter's site-packages). More names than the
// runtime has only make fewer imports taken to fail.
var runtimeModules = []string{
	"_distutils_hack", "awslambdaric", "boto3", "botocore", "dateutil", "jmespath", "pip",
	"pkg_resources", "s3transfer", "setuptools", "simplejson", "six", "urllib3",
}

// Options describe one trim.
type Options struct {
	Dir     string   // the bundle: sources and installed dependencies side by side
	Handler string   // the handler's module, e.g. "app" or "pkg.mod"
	Entries []string // more modules that must be kept, e.g. a generated wrapper
	// Keep names packages or modules kept whole, with their data, e.g. for
	// plugins loaded by name. Dynamic imports inside them are accepted.
	Keep []string
	// Provided names top-level modules that the function finds at run time
	// outside the bundle (e.g. in a layer), besides the standard library
	// and the modules of the Lambda runtime.
	Provided []string
	Python   string // the local Python that reads the modules; default python3.11, else python3
	Version  string // the target Python version; default DefaultVersion
}

// Result is what a trim keeps.
type Result struct {
	Dir        string   // the bundle read
	Files      []string // the files kept: relative, slash-separated, sorted
	Modules    []string // the modules kept, sorted
	Unresolved []Import // imports that fail on Lambda
	Sites      []Site   // the dynamic imports of the modules kept
}

// Import is an import that fails on Lambda: of a module that is nowhere
// (not in the bundle, the standard library or the runtime), or of one that
// needs such a module.
type Import struct {
	Module  string `json:"module"`  // the module imported ("." and a name for a relative import beyond the top level)
	Missing string `json:"missing"` // the module nowhere to be found: Module itself, or one Module needs
	File    string `json:"file"`    // the importing file, relative to the bundle
	Line    int    `json:"line"`
	Guarded bool   `json:"guarded"` // inside a try that catches ImportError
}

func (i Import) String() string {
	s := fmt.Sprintf("%s:%d: import %s", i.File, i.Line, i.Module)
	if i.Missing != i.Module {
		s += ", which needs " + i.Missing + ","
	}
	s += " fails: " + i.Missing + " is nowhere"
	if i.Guarded {
		s += " (guarded by except ImportError)"
	}
	return s
}

// Rule tells how a dynamic import was decided.
type Rule string

// The rules, from the most to the least decidable (doc.go explains them).
const (
	Literal     Rule = "literal"     // a literal name or module-level string constant: that module
	Prefix      Rule = "prefix"      // a literal prefix and a variable part: every module whose name starts with it
	Path        Rule = "path"        // pkgutil listing a package's own folder: the package whole
	Extension   Rule = "extension"   // a compiled module, whose imports cannot be read: its top-level package whole
	Hook        Rule = "hook"        // an import hook or a module put in sys.modules: no import is taken to fail
	Forward     Rule = "forward"     // a name a helper is given: each call of the helper is a site
	Kept        Rule = "kept"        // undecidable, inside a package that Options.Keep keeps whole
	Undecidable Rule = "undecidable" // undecidable: Analyze returns an *UndecidableError
)

// Site is a dynamic import (an import whose module is computed at run time)
// or a compiled module.
type Site struct {
	Module  string   `json:"module"`  // the module it is in
	File    string   `json:"file"`    // its file, relative to the bundle
	Line    int      `json:"line"`    // 0 for a compiled module
	Call    string   `json:"call"`    // the call as written, on one line, shortened
	Rule    Rule     `json:"rule"`    // how it was decided
	Modules []string `json:"modules"` // the modules kept because of it
	Helper  string   `json:"helper"`  // for Forward: the helper whose calls decide, e.g. "pkg.lazy.LazyLoader"
}

func (s Site) String() string {
	if s.Line == 0 {
		return fmt.Sprintf("%s: %s (%s)", s.File, s.Call, s.Rule)
	}
	return fmt.Sprintf("%s:%d: %s (%s)", s.File, s.Line, s.Call, s.Rule)
}

// UndecidableError is returned when a module the handler can import makes
// a dynamic import whose module cannot be told without running it.
type UndecidableError struct {
	Sites []Site // the undecidable sites, by file and line
}

func (e *UndecidableError) Error() string {
	lines := make([]string, len(e.Sites))
	var keep []string
	for i, s := range e.Sites {
		lines[i] = s.String()
		top, _, _ := strings.Cut(s.Module, ".")
		if !slices.Contains(keep, top) {
			keep = append(keep, top)
		}
	}
	quoted, _ := json.Marshal(keep)
	return fmt.Sprintf("trim: %d dynamic import(s) cannot be decided without running the code: %s; "+
		"turn trimming off, or keep whole the packages that make them and the modules they load, e.g. Keep: %s",
		len(e.Sites), strings.Join(lines, "; "), quoted)
}

// SyntaxError is a module the handler can import that Python cannot parse.
type SyntaxError struct {
	File string // relative to the bundle
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("trim: %s:%d: %s (the handler can import this module: fix it, or leave it out of the bundle)", e.File, e.Line, e.Msg)
}

var (
	moduleName    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	pythonVersion = regexp.MustCompile(`^3\.\d+$`)
)

// Analyze reads the modules of the bundle with the local Python (without
// running them) and returns the files the handler needs. It returns an
// *UndecidableError when a kept module imports modules named at run time
// in a way it cannot decide, and a *SyntaxError when a kept module does not
// parse.
func Analyze(o Options) (*Result, error) {
	if info, err := os.Stat(o.Dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("trim: the bundle %q is not a folder", o.Dir)
	}
	entries := append([]string{o.Handler}, o.Entries...)
	for _, name := range append(slices.Clone(entries), o.Keep...) {
		if !moduleName.MatchString(name) {
			return nil, fmt.Errorf("trim: %q is not a module name (e.g. \"app\" or \"pkg.mod\")", name)
		}
	}
	version := o.Version
	if version == "" {
		version = DefaultVersion
	}
	if !pythonVersion.MatchString(version) {
		return nil, fmt.Errorf("trim: the Python version %q is not of the form 3.N", version)
	}
	python, err := interpreter(o.Python)
	if err != nil {
		return nil, err
	}
	a, err := analyze(python, request{
		Root:     o.Dir,
		Entries:  entries,
		Keep:     append([]string{}, o.Keep...),
		Provided: append(slices.Clone(runtimeModules), o.Provided...),
		Version:  version,
	})
	if err != nil {
		return nil, err
	}
	if a.Python != "" {
		return nil, fmt.Errorf("trim: %s is Python %s: reading Python %s modules needs Python %s or newer (and at least 3.10)", python, a.Python, version, version)
	}
	if len(a.Missing) > 0 {
		return nil, fmt.Errorf("trim: no module %s in %s", strings.Join(a.Missing, ", "), o.Dir)
	}
	if len(a.MissingKeep) > 0 {
		return nil, fmt.Errorf("trim: Keep: no module or package %s in %s", strings.Join(a.MissingKeep, ", "), o.Dir)
	}
	if len(a.Errors) > 0 {
		errs := make([]error, len(a.Errors))
		for i, e := range a.Errors {
			errs[i] = &SyntaxError{File: e.File, Line: e.Line, Msg: e.Message}
		}
		return nil, errors.Join(errs...)
	}
	var undecidable []Site
	for _, s := range a.Sites {
		if s.Rule == Undecidable {
			undecidable = append(undecidable, s)
		}
	}
	if len(undecidable) > 0 {
		return nil, &UndecidableError{Sites: undecidable}
	}
	r := &Result{Dir: o.Dir, Unresolved: a.Unresolved, Sites: a.Sites}
	kept := map[string]bool{}
	for _, m := range a.Modules {
		r.Modules = append(r.Modules, m.Name)
		kept[m.File] = true
	}
	if r.Files, err = selectFiles(o.Dir, a.ModuleFiles, kept); err != nil {
		return nil, err
	}
	return r, nil
}

// request is what imports.py reads.
type request struct {
	Root     string   `json:"root"`
	Entries  []string `json:"entries"`
	Keep     []string `json:"keep"`
	Provided []string `json:"provided"`
	Version  string   `json:"version"`
}

// answer is what imports.py writes.
type answer struct {
	Python  string `json:"python"` // set when the local Python is too old
	Modules []struct {
		Name string `json:"name"`
		File string `json:"file"`
	} `json:"modules"`
	ModuleFiles []string `json:"moduleFiles"`
	Unresolved  []Import `json:"unresolved"`
	Sites       []Site   `json:"sites"`
	Errors      []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"errors"`
	Missing     []string `json:"missing"`
	MissingKeep []string `json:"missingKeep"`
}

// analyze runs imports.py with python.
func analyze(python string, req request) (*answer, error) {
	arg, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	// -I: isolated, so neither the environment nor the working folder can
	// put modules in front of the ones the script imports.
	cmd := exec.Command(python, "-I", "-", string(arg))
	cmd.Stdin = strings.NewReader(script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("trim: %s could not read the modules: %v: %s", python, err, lastLines(stderr.String(), 10))
	}
	var a answer
	if err := json.Unmarshal(stdout.Bytes(), &a); err != nil {
		return nil, fmt.Errorf("trim: %s answered what is not JSON: %v", python, err)
	}
	return &a, nil
}

// interpreter returns the path of name, else of python3.11, else python3.
func interpreter(name string) (string, error) {
	candidates := []string{"python3.11", "python3"}
	if name != "" {
		candidates = []string{name}
	}
	for _, c := range candidates {
		if path, err := exec.LookPath(c); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("trim: no %s found: the trim reads the modules with a local Python", strings.Join(candidates, " nor "))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
