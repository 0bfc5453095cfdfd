// Package bundle builds the asset of a Python function without Docker: the
// function's sources plus its dependencies, installed with the local pip for
// Lambda's platform (manylinux2014, the function's architecture, CPython
// binary wheels only).
//
// Installed dependencies are cached by everything that decides them
// (requirements, extra requirement lines, architecture, Python version, pip
// options and the wheels of local find-links folders): a second build with
// the same inputs runs no pip at all. The asset hash (Plan.Hash) depends on
// the sources and the requirements only, never on host paths, index URLs,
// modification times or the umask.
//
// The package is pure Go: the pylambda constructs call it from the CDK's
// local-bundling hook.
package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// RequirementsFile is the dependency list the bundler looks for in a
// function's folder; pyproject.toml ([project] dependencies) is read when it
// is absent.
const (
	RequirementsFile = "requirements.txt"
	PyprojectFile    = "pyproject.toml"
)

// CacheEnv overrides the default cache folder.
const CacheEnv = "PYLAMBDA_CACHE_DIR"

// Options describe one bundle.
type Options struct {
	Entry        string   // the function's folder
	Excludes     []string // glob patterns left out of the sources
	Architecture string   // "arm64" or "x86_64"
	Python       string   // the target Python version, e.g. "3.11"

	// ExtraRequirements are requirement lines installed besides the
	// function's own (e.g. a pinned aws-lambda-powertools).
	ExtraRequirements []string
	// ExtraFiles are written at the asset root (relative path -> content).
	ExtraFiles map[string]string
	// IndexURL, FindLinks, NoIndex and PipArgs are passed to pip. The wheels
	// in local FindLinks folders are inputs of the hash; paths and URLs are not.
	IndexURL  string
	FindLinks []string
	NoIndex   bool
	PipArgs   []string
	// NoDependencies skips installing dependencies: the asset is the sources
	// (and ExtraFiles) as they are.
	NoDependencies bool

	CacheDir    string    // default: $PYLAMBDA_CACHE_DIR, else <user cache>/pylambda
	Interpreter string    // the Python that runs pip; default: python3.11, then python3
	Log         io.Writer // progress of slow steps; default: os.Stderr
	Label       string    // names the function in progress messages
}

// Plan is a bundle whose inputs have been read: its hash is known before
// anything is built.
type Plan struct {
	opts         Options
	sources      []string // relative, slash-separated, sorted
	requirements []string // requirement lines: the file's, then the extra ones
	reqFile      string   // the function's requirements.txt, if any
	extra        []string // requirement lines pip gets as arguments
	wheels       []string // "name sha256" of local find-links wheels, sorted
	hash         string
	depsKey      string
}

// NewPlan reads the sources and requirements of opts.
func NewPlan(opts Options) (*Plan, error) {
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	p := &Plan{opts: opts}
	var err error
	if p.sources, err = listSources(opts.Entry, opts.Excludes); err != nil {
		return nil, err
	}
	if !opts.NoDependencies {
		var fromFile bool
		if p.requirements, fromFile, err = readRequirements(opts); err != nil {
			return nil, err
		}
		if fromFile {
			if p.reqFile, err = filepath.Abs(filepath.Join(opts.Entry, RequirementsFile)); err != nil {
				return nil, err
			}
		} else {
			p.extra = slices.Clone(p.requirements)
		}
		p.extra = append(p.extra, opts.ExtraRequirements...)
		p.requirements = append(p.requirements, opts.ExtraRequirements...)
		if p.wheels, err = localWheels(opts.FindLinks); err != nil {
			return nil, err
		}
	}

	h := sha256.New()
	fmt.Fprintf(h, "pylambda-bundle-v1\narch=%s\npython=%s\ndeps=%t\n", opts.Architecture, opts.Python, !opts.NoDependencies)
	for _, rel := range p.sources {
		sum, err := fileSum(filepath.Join(opts.Entry, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "src %s %s\n", rel, sum)
	}
	extra := make([]string, 0, len(opts.ExtraFiles))
	for rel := range opts.ExtraFiles {
		extra = append(extra, rel)
	}
	sort.Strings(extra)
	for _, rel := range extra {
		sum := sha256.Sum256([]byte(opts.ExtraFiles[rel]))
		fmt.Fprintf(h, "extra %s %x\n", rel, sum)
	}
	deps := sha256.New()
	fmt.Fprintf(deps, "arch=%s\npython=%s\n", opts.Architecture, opts.Python)
	for _, r := range p.requirements {
		fmt.Fprintf(h, "req %s\n", r)
		fmt.Fprintf(deps, "req %s\n", r)
	}
	for _, w := range p.wheels {
		fmt.Fprintf(h, "wheel %s\n", w)
		fmt.Fprintf(deps, "wheel %s\n", w)
	}
	refs, err := referencedFiles(opts.Entry, p.requirements)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		fmt.Fprintf(h, "ref %s\n", r)
		fmt.Fprintf(deps, "ref %s\n", r)
	}
	// Only the cache key sees where packages come from and how pip runs.
	fmt.Fprintf(deps, "index=%s\nnoindex=%t\nfind=%q\nargs=%q\n", opts.IndexURL, opts.NoIndex, opts.FindLinks, opts.PipArgs)
	p.hash = hex.EncodeToString(h.Sum(nil))
	p.depsKey = hex.EncodeToString(deps.Sum(nil))
	return p, nil
}

// Hash identifies the bundle's content: equal inputs give equal hashes on
// any machine.
func (p *Plan) Hash() string { return p.hash }

// HasDependencies reports whether the bundle installs anything with pip.
func (p *Plan) HasDependencies() bool { return len(p.requirements) > 0 }

// Requirements returns the requirement lines the bundle installs.
func (p *Plan) Requirements() []string { return slices.Clone(p.requirements) }

// Sources returns the relative paths of the source files the bundle holds.
func (p *Plan) Sources() []string { return slices.Clone(p.sources) }

// Cached reports whether the dependencies are already in the cache.
func (p *Plan) Cached() bool {
	_, err := os.Stat(p.depsDir())
	return !p.HasDependencies() || err == nil
}

// Build writes the bundle into out (an existing, empty folder): the
// dependencies from the cache (installing them first on a miss), then the
// sources and extra files, which win over a dependency file of the same path.
func (p *Plan) Build(out string) error {
	if p.HasDependencies() {
		if err := p.ensureDeps(); err != nil {
			return err
		}
		if err := copyTree(p.depsDir(), out); err != nil {
			return err
		}
	}
	for _, rel := range p.sources {
		if err := copyFile(filepath.Join(p.opts.Entry, filepath.FromSlash(rel)), filepath.Join(out, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	return p.writeExtraFiles(out)
}

// writeExtraFiles writes the generated files into out.
func (p *Plan) writeExtraFiles(out string) error {
	for rel, content := range p.opts.ExtraFiles {
		dst := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (p *Plan) cacheDir() string {
	if p.opts.CacheDir != "" {
		return p.opts.CacheDir
	}
	return DefaultCacheDir()
}

// DefaultCacheDir is $PYLAMBDA_CACHE_DIR, or pylambda in the user's cache
// folder (e.g. ~/.cache/pylambda), or in the temporary folder.
func DefaultCacheDir() string {
	if d := os.Getenv(CacheEnv); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "pylambda")
	}
	return filepath.Join(os.TempDir(), "pylambda")
}

func (p *Plan) depsDir() string { return filepath.Join(p.cacheDir(), "deps", p.depsKey) }

// Prepare installs the dependencies into the cache unless they are there,
// so that Build only copies. It needs a local Python with pip.
func (p *Plan) Prepare() error { return p.ensureDeps() }

// ensureDeps installs the dependencies into the cache unless they are there.
// The install goes to a temporary folder renamed into place, so that an
// interrupted run never leaves a half-filled cache entry.
func (p *Plan) ensureDeps() error {
	if p.Cached() {
		return nil
	}
	python, err := Interpreter(p.opts.Interpreter)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(p.cacheDir(), "deps"), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Join(p.cacheDir(), "deps"), "tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	target := filepath.Join(tmp, "site")
	args := p.PipArgs(p.reqFile, target)
	label := p.opts.Label
	if label == "" {
		label = p.opts.Entry
	}
	fmt.Fprintf(p.opts.Log, "pylambda: installing the dependencies of %s (%s, Python %s) with pip\n", label, p.opts.Architecture, p.opts.Python)
	start := time.Now()
	cmd := exec.Command(python, append([]string{"-m", "pip"}, args...)...)
	cmd.Env = append(os.Environ(), "PIP_DISABLE_PIP_VERSION_CHECK=1", "PYTHONDONTWRITEBYTECODE=1")
	output, err := cmd.CombinedOutput()
	if err != nil {
		return &PipError{Label: label, Args: args, Output: string(output), Platform: strings.Join(Platforms(p.opts.Architecture, p.opts.Python), ", "), Python: p.opts.Python, Err: err}
	}
	if err := os.Rename(target, p.depsDir()); err != nil && !errors.Is(err, fs.ErrExist) && !isDirNotEmpty(err) {
		return err
	}
	fmt.Fprintf(p.opts.Log, "pylambda: installed the dependencies of %s in %.1f s\n", label, time.Since(start).Seconds())
	return nil
}

// PipArgs returns the pip arguments that install the dependencies into
// target, reading the function's requirements file at reqFile (where the
// installing pip sees it: on this host, or in a container).
func (p *Plan) PipArgs(reqFile, target string) []string {
	args := []string{"install"}
	if p.reqFile != "" {
		args = append(args, "--requirement", reqFile)
	}
	args = append(args, p.extra...)
	args = append(args, "--target", target)
	for _, tag := range Platforms(p.opts.Architecture, p.opts.Python) {
		args = append(args, "--platform", tag)
	}
	args = append(args, "--implementation", "cp", "--python-version", p.opts.Python, "--only-binary=:all:", "--no-compile",
		"--disable-pip-version-check", "--root-user-action=ignore", "--no-input", "--quiet")
	if p.opts.IndexURL != "" {
		args = append(args, "--index-url", p.opts.IndexURL)
	}
	if p.opts.NoIndex {
		args = append(args, "--no-index")
	}
	for _, f := range p.opts.FindLinks {
		args = append(args, "--find-links", f)
	}
	return append(args, p.opts.PipArgs...)
}

// DockerInputs is the folder, inside a bundle's output, where WriteDockerInputs
// leaves pip's arguments for DockerScript; the script removes it.
const DockerInputs = ".pylambda-docker"

// WriteDockerInputs prepares out for DockerScript run in a container that
// sees the function's folder at /asset-input and out at /asset-output: pip's
// arguments, one a line, and the extra files. Nothing of it is in the script
// itself, so that the script (which the CDK hashes) holds no index URL, pip
// option or host path.
func (p *Plan) WriteDockerInputs(out string) error {
	reqFile := ""
	if p.reqFile != "" {
		reqFile = "/asset-input/" + RequirementsFile
	}
	args := []string{}
	if p.HasDependencies() {
		args = p.PipArgs(reqFile, "/asset-output")
	}
	if err := os.MkdirAll(filepath.Join(out, DockerInputs), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, DockerInputs, "pip-args"), []byte(strings.Join(args, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	// The extra files wait beside pip's arguments: the script copies them
	// last, so that they win over sources as they do in Build.
	return p.writeExtraFiles(filepath.Join(out, DockerInputs, "extra"))
}

// DockerScript returns the bash script that builds the bundle in a container
// after WriteDockerInputs: it depends on the exclude patterns only.
func DockerScript(excludes []string) string {
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	// The same matching as Excluded: a pattern without a slash matches a
	// name at any depth, one with a slash the path under the folder.
	var names []string
	for _, e := range excludes {
		if strings.Contains(e, "/") {
			names = append(names, "-path "+q("/tmp/src/"+strings.TrimPrefix(e, "/")))
		} else {
			names = append(names, "-name "+q(e))
		}
	}
	lines := []string{
		"set -eu",
		"mkdir -p /tmp/src && cp -R /asset-input/. /tmp/src/",
	}
	if len(names) > 0 {
		lines = append(lines, "find /tmp/src -mindepth 1 \\( "+strings.Join(names, " -o ")+" \\) -prune -exec rm -rf {} +")
	}
	lines = append(lines,
		"args=(); while IFS= read -r a; do [ -n \"$a\" ] && args+=(\"$a\"); done < /asset-output/"+DockerInputs+"/pip-args",
		"if [ ${#args[@]} -gt 0 ]; then pip \"${args[@]}\"; fi",
		"mv /asset-output/"+DockerInputs+" /tmp/inputs",
		"cp -R /tmp/src/. /asset-output/",
		"if [ -d /tmp/inputs/extra ]; then cp -R /tmp/inputs/extra/. /asset-output/; fi",
	)
	return strings.Join(lines, "\n")
}

// Platforms returns pip's platform tags for a Lambda architecture and
// Python version: manylinux2014 (glibc 2.17) always; for Python 3.12 and
// later, whose runtimes run on Amazon Linux 2023 (glibc 2.34), also the
// manylinux_2_28 and manylinux_2_34 wheels that newer packages publish.
func Platforms(arch, python string) []string {
	machine := "aarch64"
	if arch == "x86_64" {
		machine = "x86_64"
	}
	tags := []string{"manylinux2014_" + machine}
	if python != "3.11" {
		tags = append(tags, "manylinux_2_28_"+machine, "manylinux_2_34_"+machine)
	}
	return tags
}

// PipError is a failed pip run, with pip's own output.
type PipError struct {
	Label    string
	Args     []string // pip's arguments
	Output   string
	Platform string
	Python   string
	Err      error
}

// Error says what failed, a hint, and the tail of pip's output.
func (e *PipError) Error() string {
	return fmt.Sprintf("pylambda: installing the dependencies of %s failed (%v); %s\n%s", e.Label, e.Err, e.Hint(), e.Detail())
}

// Hint says how to fix the failure, from pip's output.
func (e *PipError) Hint() string {
	switch {
	case strings.Contains(e.Output, "Invalid requirement") || strings.Contains(e.Output, "Could not parse"):
		return "fix the malformed line in the requirements"
	case strings.Contains(e.Output, "No matching distribution found") || strings.Contains(e.Output, "Could not find a version"):
		return fmt.Sprintf("pylambda installs binary wheels for Lambda only (%s, CPython %s): check that the package and version exist and publish such a wheel, or that the index (IndexURL, FindLinks) serves it", e.Platform, e.Python)
	}
	return "fix the requirement pip names above"
}

// Detail is the pip command and the tail of its output.
func (e *PipError) Detail() string {
	return "pip " + strings.Join(e.Args, " ") + "\n" + tail(e.Output, 40)
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}

var interpreters sync.Map // name -> result of the pip probe

type probe struct {
	path string
	err  error
}

// Interpreter returns the path of a Python that can run pip: name if given,
// else python3.11, else python3 on PATH.
func Interpreter(name string) (string, error) {
	candidates := []string{"python3.11", "python3"}
	if name != "" {
		candidates = []string{name}
	}
	var errs []error
	for _, c := range candidates {
		v, _ := interpreters.LoadOrStore(c, sync.OnceValue(func() probe {
			path, err := exec.LookPath(c)
			if err != nil {
				return probe{err: err}
			}
			if out, err := exec.Command(path, "-m", "pip", "--version").CombinedOutput(); err != nil {
				return probe{err: fmt.Errorf("%s has no pip: %s", path, strings.TrimSpace(string(out)))}
			}
			return probe{path: path}
		}))
		r := v.(func() probe)()
		if r.err == nil {
			return r.path, nil
		}
		errs = append(errs, r.err)
	}
	return "", fmt.Errorf("no Python with pip found: %w", errors.Join(errs...))
}

// readRequirements returns the requirement lines of requirements.txt
// (fromFile), or of pyproject.toml's [project] dependencies, without comments
// and blanks.
func readRequirements(opts Options) (lines []string, fromFile bool, err error) {
	data, err := os.ReadFile(filepath.Join(opts.Entry, RequirementsFile))
	if err == nil {
		var lines []string
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i]
			}
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				lines = append(lines, line)
			}
		}
		return lines, len(lines) > 0, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	if _, err := os.Stat(filepath.Join(opts.Entry, PyprojectFile)); err != nil {
		return nil, false, nil
	}
	lines, err = pyprojectDependencies(opts)
	return lines, false, err
}

// pyprojectDependencies reads [project] dependencies with the interpreter's
// tomllib (Python 3.11+), so that no TOML parser is needed here.
func pyprojectDependencies(opts Options) ([]string, error) {
	python, err := Interpreter(opts.Interpreter)
	if err != nil {
		return nil, err
	}
	const script = `import json, sys, tomllib
with open(sys.argv[1], "rb") as f:
    print(json.dumps(tomllib.load(f).get("project", {}).get("dependencies", [])))`
	path := filepath.Join(opts.Entry, PyprojectFile)
	var stderr bytes.Buffer
	cmd := exec.Command(python, "-c", script, path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("reading the dependencies of %s: %v: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	var deps []string
	if err := json.Unmarshal(out, &deps); err != nil {
		return nil, fmt.Errorf("reading the dependencies of %s: %w", path, err)
	}
	return deps, nil
}

// referencedFiles returns "path sha256" for the files that requirement lines
// name: requirement and constraint files (-r, -c, followed), and local
// wheels or archives given by path. Paths are as written, relative to entry,
// so that the result is the same on every machine.
func referencedFiles(entry string, lines []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	var visit func(dir string, lines []string) error
	visit = func(dir string, lines []string) error {
		for _, line := range lines {
			fields := strings.Fields(line)
			if len(fields) == 0 {
				continue
			}
			ref, follow := "", false
			switch {
			case fields[0] == "-r" || fields[0] == "--requirement" || fields[0] == "-c" || fields[0] == "--constraint":
				if len(fields) > 1 {
					ref, follow = fields[1], true
				}
			case strings.HasPrefix(fields[0], "--requirement=") || strings.HasPrefix(fields[0], "--constraint="):
				ref, follow = fields[0][strings.Index(fields[0], "=")+1:], true
			case strings.HasPrefix(fields[0], "-r") || strings.HasPrefix(fields[0], "-c"):
				ref, follow = fields[0][2:], true
			case !strings.HasPrefix(fields[0], "-"):
				ref = fields[0]
			}
			if ref == "" || strings.Contains(ref, "://") {
				continue
			}
			path := filepath.Join(dir, ref)
			info, err := os.Stat(path)
			if err != nil || !info.Mode().IsRegular() {
				if follow {
					return fmt.Errorf("%s names %s, which does not exist", RequirementsFile, ref)
				}
				continue // a package name, not a file
			}
			rel, err := filepath.Rel(entry, path)
			if err != nil || strings.HasPrefix(rel, "..") {
				rel = "(outside)/" + filepath.Base(path) // no host path in the hash
			}
			if seen[rel] {
				continue
			}
			seen[rel] = true
			sum, err := fileSum(path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel)+" "+sum)
			if follow {
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				if err := visit(filepath.Dir(path), strings.Split(string(data), "\n")); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := visit(entry, lines); err != nil {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// localWheels returns "name sha256" for the wheels in local find-links
// folders (URLs are skipped).
func localWheels(links []string) ([]string, error) {
	var out []string
	for _, l := range links {
		if strings.Contains(l, "://") {
			continue
		}
		matches, err := filepath.Glob(filepath.Join(l, "*.whl"))
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			sum, err := fileSum(m)
			if err != nil {
				return nil, err
			}
			out = append(out, filepath.Base(m)+" "+sum)
		}
	}
	sort.Strings(out)
	return out, nil
}

// listSources returns the files under entry that no exclude pattern matches.
// A pattern without a slash matches a file or folder name at any depth (an
// excluded folder is skipped whole); one with a slash matches the path
// relative to entry.
func listSources(entry string, excludes []string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(entry, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == entry {
			return nil
		}
		rel, _ := filepath.Rel(entry, path)
		rel = filepath.ToSlash(rel)
		if Excluded(rel, excludes) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, rel)
		} else if d.Type()&fs.ModeSymlink != 0 {
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				out = append(out, rel)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Excluded reports whether a relative, slash-separated path matches a
// pattern (see listSources).
func Excluded(rel string, patterns []string) bool {
	base := rel[strings.LastIndex(rel, "/")+1:]
	for _, p := range patterns {
		target := base
		if strings.Contains(p, "/") {
			target = rel
		}
		if ok, _ := filepath.Match(p, target); ok {
			return true
		}
	}
	return false
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// copyTree copies the regular files of src into dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

// copyFile copies a file with a fixed mode (0755 if executable, else 0644),
// whatever the umask or the source's mode.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if info.Mode()&0o111 != 0 {
		mode = 0o755
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, mode)
}

func isDirNotEmpty(err error) bool {
	var le *os.LinkError
	return errors.As(err, &le) && (strings.Contains(le.Err.Error(), "not empty") || strings.Contains(le.Err.Error(), "exists"))
}
