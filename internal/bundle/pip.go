package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

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
	m, err := p.newManifest(target)
	if err != nil {
		return err
	}
	// A concurrent or interrupted build may have filled the entry first:
	// replace it, as its manifest may be missing or stale.
	_ = os.RemoveAll(p.depsDir())
	if err := os.Rename(target, p.depsDir()); err != nil && !errors.Is(err, fs.ErrExist) && !errors.Is(err, syscall.ENOTEMPTY) {
		return err
	}
	if err := m.write(p.depsDir() + ".json"); err != nil {
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
	return "", &NoPythonError{Err: errors.Join(errs...)}
}

// NoPythonError is the absence of a local Python that can run pip.
type NoPythonError struct{ Err error }

func (e *NoPythonError) Error() string { return "no Python with pip found: " + e.Err.Error() }

func (e *NoPythonError) Unwrap() error { return e.Err }

// manifest records what a cache entry holds and what it was installed from.
type manifest struct {
	Dists  []string `json:"dists"`  // normalized names of the installed distributions
	Wheels []string `json:"wheels"` // "file sha256" of the local wheels of those distributions
	Digest string   `json:"digest"` // sha256 over the installed files' paths and contents
}

// newManifest describes the dependencies installed in dir.
func (p *Plan) newManifest(dir string) (*manifest, error) {
	m := &manifest{}
	infos, err := filepath.Glob(filepath.Join(dir, "*.dist-info"))
	if err != nil {
		return nil, err
	}
	for _, info := range infos {
		name, _, _ := strings.Cut(strings.TrimSuffix(filepath.Base(info), ".dist-info"), "-")
		m.Dists = append(m.Dists, normalizeName(name))
	}
	sort.Strings(m.Dists)
	if m.Wheels, err = relevantWheels(p.wheels, m.Dists); err != nil {
		return nil, err
	}
	h := sha256.New()
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sum, err := fileSum(path)
		fmt.Fprintf(h, "%s %s\n", filepath.ToSlash(rel), sum)
		return err
	})
	m.Digest = hex.EncodeToString(h.Sum(nil))
	return m, err
}

func (m *manifest) write(path string) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// manifest returns the cache entry's manifest when the entry is complete and
// the local wheels of its distributions are the ones it was installed from.
func (p *Plan) manifest() (*manifest, bool) {
	if p.valid != nil {
		return p.valid, true
	}
	data, err := os.ReadFile(p.depsDir() + ".json")
	if err != nil {
		return nil, false
	}
	var m manifest
	if json.Unmarshal(data, &m) != nil {
		return nil, false
	}
	if _, err := os.Stat(p.depsDir()); err != nil {
		return nil, false
	}
	wheels, err := relevantWheels(p.wheels, m.Dists)
	if err != nil || !slices.Equal(wheels, m.Wheels) {
		return nil, false
	}
	p.valid = &m
	return &m, true
}
