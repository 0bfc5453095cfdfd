// Package bundle builds the asset of a Python function without Docker: the
// function's sources plus its dependencies, installed with the local pip for
// Lambda's platform (manylinux2014, the function's architecture, CPython
// binary wheels only).
//
// Installed dependencies are cached by everything that decides them
// (requirements, extra requirement lines, architecture, Python version, pip
// options, and the local find-links wheels of the distributions installed):
// a second build with the same inputs runs no pip at all, and a wheel of an
// unrelated package added to a shared find-links folder changes nothing. The
// asset hash (Plan.Hash) depends on the sources, the requirements and what
// was installed, never on host paths, index URLs, what else a find-links
// folder holds, modification times or the umask.
//
// Every path to a bundle (with or without dependencies, local or in the
// Docker fallback) selects the function's files with one exclude engine
// (Excluded), so that the same patterns always give the same zip.
//
// The package is pure Go: the pylambda constructs plan bundles when they are
// created and build them from the CDK's local-bundling hook.
package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
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
	wheels       []string // paths of the local find-links wheels, sorted
	sourceHash   string   // sources, extra files, requirements, architecture, Python
	depsKey      string
	valid        *manifest // the cache entry's manifest, once checked
}

// NewPlan reads the sources and requirements of opts.
func NewPlan(opts Options) (*Plan, error) {
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	p := &Plan{opts: opts}
	if err := CheckPatterns(opts.Excludes); err != nil {
		return nil, err
	}
	var err error
	if p.sources, err = listSources(opts.Entry, opts.Excludes); err != nil {
		return nil, err
	}
	if !opts.NoDependencies {
		var fromFile bool
		if p.requirements, fromFile, err = readRequirements(opts); err != nil {
			return nil, &RequirementsError{Entry: opts.Entry, Err: err}
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
	refs, err := referencedFiles(opts.Entry, p.requirements)
	if err != nil {
		return nil, &RequirementsError{Entry: opts.Entry, Err: err}
	}
	for _, r := range refs {
		fmt.Fprintf(h, "ref %s\n", r)
		fmt.Fprintf(deps, "ref %s\n", r)
	}
	// Only the cache key sees where packages come from and how pip runs;
	// the wheels pip chose from are checked against the entry's manifest.
	fmt.Fprintf(deps, "index=%s\nnoindex=%t\nfind=%q\nargs=%q\n", opts.IndexURL, opts.NoIndex, opts.FindLinks, opts.PipArgs)
	p.sourceHash = hex.EncodeToString(h.Sum(nil))
	p.depsKey = hex.EncodeToString(deps.Sum(nil))
	return p, nil
}

// Hash identifies the bundle's content: equal inputs give equal hashes on
// any machine. With dependencies, it covers what was installed (a digest of
// the installed files), once they are (Prepare); before that, it stands for
// "not installed yet" and is only good for stacks that are not bundled.
func (p *Plan) Hash() string {
	if !p.HasDependencies() {
		return p.sourceHash
	}
	digest := "not-installed"
	if m, ok := p.manifest(); ok {
		digest = m.Digest
	}
	sum := sha256.Sum256([]byte(p.sourceHash + "\ninstalled " + digest))
	return hex.EncodeToString(sum[:])
}

// HasDependencies reports whether the bundle installs anything with pip.
func (p *Plan) HasDependencies() bool { return len(p.requirements) > 0 }

// Cached reports whether the dependencies are already in the cache, and
// the local wheels pip chose from are unchanged.
func (p *Plan) Cached() bool {
	if !p.HasDependencies() {
		return true
	}
	_, ok := p.manifest()
	return ok
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
		if err := CopyFile(filepath.Join(p.opts.Entry, filepath.FromSlash(rel)), filepath.Join(out, filepath.FromSlash(rel))); err != nil {
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

// File is one file of a bundle: its path in the bundle and where its
// content comes from (a file on disk, or Data for a generated one).
type File struct {
	Rel  string // slash-separated path in the bundle
	Path string // the file on disk, "" for generated content
	Data []byte // generated content
}

// Files lists the files Build writes, in the order it writes them (a later
// entry of the same path wins). The dependencies must be installed (Prepare).
func (p *Plan) Files() ([]File, error) {
	var out []File
	if p.HasDependencies() {
		if !p.Cached() {
			return nil, fmt.Errorf("the dependencies of %s are not installed yet", p.opts.Entry)
		}
		root := p.depsDir()
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			out = append(out, File{Rel: filepath.ToSlash(rel), Path: path})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, rel := range p.sources {
		out = append(out, File{Rel: rel, Path: filepath.Join(p.opts.Entry, filepath.FromSlash(rel))})
	}
	extra := make([]string, 0, len(p.opts.ExtraFiles))
	for rel := range p.opts.ExtraFiles {
		extra = append(extra, rel)
	}
	sort.Strings(extra)
	for _, rel := range extra {
		out = append(out, File{Rel: rel, Data: []byte(p.opts.ExtraFiles[rel])})
	}
	return out, nil
}

// DependenciesDir returns the folder that holds the installed dependencies,
// once they are (Prepare), for tools that read them in place.
func (p *Plan) DependenciesDir() (string, bool) {
	if !p.HasDependencies() || !p.Cached() {
		return "", false
	}
	return p.depsDir(), true
}
