package bundle_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/wheel"
)

// index writes the wheels the tests install: a pure one, one native package
// built for each architecture, and one built only for x86_64.
func index(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, s := range []wheel.Spec{
		{Name: "purelib", Version: "1.0.0", Tag: "py3-none-any", Files: map[string]string{"__init__.py": "VALUE = 1\n"}},
		{Name: "native", Version: "2.0.0", Tag: wheel.PlatformTag("aarch64"), Files: map[string]string{"__init__.py": "MACHINE = 'aarch64'\n"}},
		{Name: "native", Version: "2.0.0", Tag: wheel.PlatformTag("x86_64"), Files: map[string]string{"__init__.py": "MACHINE = 'x86_64'\n"}},
		{Name: "intelonly", Version: "0.1.0", Tag: wheel.PlatformTag("x86_64")},
	} {
		if _, err := wheel.Write(dir, s); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// function writes a function folder with app.py, the given requirements
// (none if empty) and files that must stay out of the bundle.
func function(t testing.TB, requirements string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"app.py":                          "import purelib\n\ndef handler(event, context):\n    return purelib.VALUE\n",
		"tests/test_app.py":               "",
		"__pycache__/app.cpython-311.pyc": "",
	}
	if requirements != "" {
		files["requirements.txt"] = requirements
	}
	for rel, content := range files {
		write(t, filepath.Join(dir, rel), content)
	}
	return dir
}

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func options(entry, links, arch string) bundle.Options {
	return bundle.Options{
		Entry: entry, Excludes: []string{"tests", "__pycache__"}, Architecture: arch, Python: "3.11",
		FindLinks: []string{links}, NoIndex: true, Log: &bytes.Buffer{},
	}
}

// build plans and builds a bundle, with a cache of its own unless given one.
func build(t *testing.T, opts bundle.Options) (string, error) {
	t.Helper()
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	plan, err := bundle.NewPlan(opts)
	if err != nil {
		return "", err
	}
	out := t.TempDir()
	return out, plan.Build(out)
}

func list(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPlatformWheelPerArchitecture(t *testing.T) {
	links := index(t)
	entry := function(t, "purelib==1.0.0\nnative>=2  # compiled\n")
	for arch, machine := range map[string]string{"arm64": "aarch64", "x86_64": "x86_64"} {
		t.Run(arch, func(t *testing.T) {
			out, err := build(t, options(entry, links, arch))
			if err != nil {
				t.Fatal(err)
			}
			if got := read(t, filepath.Join(out, "native", "__init__.py")); got != "MACHINE = '"+machine+"'\n" {
				t.Errorf("native/__init__.py = %q, want the %s build", got, machine)
			}
			files := list(t, out)
			for _, want := range []string{"app.py", "requirements.txt", "purelib/__init__.py", "native/__init__.py"} {
				if !slices.Contains(files, want) {
					t.Errorf("bundle lacks %s: %v", want, files)
				}
			}
			for _, f := range files {
				if strings.HasPrefix(f, "tests/") || strings.HasSuffix(f, ".pyc") {
					t.Errorf("bundle holds excluded file %s", f)
				}
			}
		})
	}
}

func TestBundlingErrors(t *testing.T) {
	links := index(t)
	tests := map[string]struct {
		requirements string
		arch         string
		want         []string
	}{
		"wrong platform only": {"intelonly\n", "arm64", []string{"No matching distribution", "manylinux2014_aarch64", "publish such a wheel"}},
		"missing requirement": {"nosuchpackage==1.0\n", "arm64", []string{"nosuchpackage", "No matching distribution"}},
		"malformed file":      {"purelib (>=1\n", "x86_64", []string{"Invalid requirement", "fix the malformed line"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := build(t, options(function(t, tc.requirements), links, tc.arch))
			var pipErr *bundle.PipError
			if !errors.As(err, &pipErr) {
				t.Fatalf("err = %v, want a *PipError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestNoPipWithoutRequirements(t *testing.T) {
	links := index(t)
	for name, requirements := range map[string]string{"no file": "", "empty file": "\n# nothing yet\n"} {
		t.Run(name, func(t *testing.T) {
			opts := options(function(t, requirements), links, "arm64")
			opts.Interpreter = "/nonexistent/python" // any pip run would fail
			out, err := build(t, opts)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"app.py"}
			if requirements != "" {
				want = append(want, "requirements.txt")
			}
			if got := list(t, out); !reflect.DeepEqual(got, want) {
				t.Errorf("bundle = %v, want %v", got, want)
			}
		})
	}
}

func TestNoDependencies(t *testing.T) {
	opts := options(function(t, "purelib\n"), index(t), "arm64")
	opts.NoDependencies = true
	opts.Interpreter = "/nonexistent/python"
	out, err := build(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := list(t, out), []string{"app.py", "requirements.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("bundle = %v, want %v (sources only)", got, want)
	}
}

// The second build of unchanged inputs runs no pip: the cache answers.
func TestCache(t *testing.T) {
	opts := options(function(t, "purelib\nnative\n"), index(t), "arm64")
	opts.CacheDir = t.TempDir()
	log := &bytes.Buffer{}
	opts.Log = log
	if _, err := build(t, opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "installing the dependencies") {
		t.Fatalf("first build ran no pip: %q", log)
	}
	log.Reset()
	opts.Interpreter = "/nonexistent/python" // a pip run would now fail
	out, err := build(t, opts)
	if err != nil {
		t.Fatalf("cached build: %v", err)
	}
	if log.Len() != 0 {
		t.Errorf("cached build printed %q, want silence", log)
	}
	if !slices.Contains(list(t, out), "native/__init__.py") {
		t.Error("cached build lacks the dependencies")
	}

	// Another architecture is another cache entry.
	opts.Architecture = "x86_64"
	var noPython *bundle.NoPythonError
	if _, err := build(t, opts); !errors.As(err, &noPython) {
		t.Errorf("x86_64 build after an arm64 one: err = %v, want a pip run (that fails here)", err)
	}
}

// A change in a file that requirements.txt includes (-r) is a new cache
// entry and a new hash, though the requirements file itself is unchanged.
func TestIncludedRequirements(t *testing.T) {
	links := index(t)
	entry := function(t, "-r base.txt\n")
	write(t, filepath.Join(entry, "base.txt"), "purelib\n")
	opts := options(entry, links, "arm64")
	opts.CacheDir = t.TempDir()
	first, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Build(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(entry, "base.txt"), "purelib\nnative\n")
	second, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.Hash() == first.Hash() || second.Cached() {
		t.Errorf("hash changed: %v, cached: %v; want a new hash and a cache miss", second.Hash() != first.Hash(), second.Cached())
	}
	out := t.TempDir()
	if err := second.Build(out); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(list(t, out), "native/__init__.py") {
		t.Error("the included file's new requirement is not installed")
	}

	write(t, filepath.Join(entry, "requirements.txt"), "-r missing.txt\n")
	var reqErr *bundle.RequirementsError
	if _, err := bundle.NewPlan(opts); !errors.As(err, &reqErr) || !strings.Contains(err.Error(), "missing.txt, which does not exist") {
		t.Errorf("NewPlan() with a missing -r file: %v, want a *RequirementsError", err)
	}
}

func TestPlatforms(t *testing.T) {
	for _, tc := range []struct {
		arch, python string
		want         []string
	}{
		{"arm64", "3.11", []string{"manylinux2014_aarch64"}},
		{"x86_64", "3.11", []string{"manylinux2014_x86_64"}},
		{"arm64", "3.12", []string{"manylinux2014_aarch64", "manylinux_2_28_aarch64", "manylinux_2_34_aarch64"}},
	} {
		if got := bundle.Platforms(tc.arch, tc.python); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Platforms(%s, %s) = %v, want %v", tc.arch, tc.python, got, tc.want)
		}
	}
}

var time0 = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

func TestHash(t *testing.T) {
	links := index(t)
	entry := function(t, "purelib\n")
	base := options(entry, links, "arm64")
	// The hash of a bundle with dependencies covers what was installed.
	hash := func(mod func(o *bundle.Options)) string {
		o := base
		o.CacheDir = t.TempDir()
		mod(&o)
		p, err := bundle.NewPlan(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Prepare(); p.HasDependencies() && err != nil {
			t.Fatal(err)
		}
		return p.Hash()
	}
	h0 := hash(func(*bundle.Options) {})

	// Not inputs: where packages come from, pip's options, the cache, mtimes, modes.
	same := map[string]func(o *bundle.Options){
		"index URL": func(o *bundle.Options) { o.IndexURL = "https://pypi.example.com/simple" },
		"pip args":  func(o *bundle.Options) { o.PipArgs = []string{"--pre"} },
		"cache":     func(o *bundle.Options) { o.CacheDir = t.TempDir() },
		"an unrelated wheel beside": func(o *bundle.Options) {
			dir := t.TempDir()
			for _, w := range list(t, links) {
				write(t, filepath.Join(dir, w), read(t, filepath.Join(links, w)))
			}
			if _, err := wheel.Write(dir, wheel.Spec{Name: "unrelated", Version: "9.0.0", Tag: "py3-none-any"}); err != nil {
				t.Fatal(err)
			}
			o.FindLinks = []string{dir}
		},
		"find-links path": func(o *bundle.Options) {
			dir := t.TempDir()
			for _, w := range list(t, links) {
				write(t, filepath.Join(dir, w), read(t, filepath.Join(links, w)))
			}
			o.FindLinks = []string{dir}
		},
		"mtime and mode": func(o *bundle.Options) {
			app := filepath.Join(entry, "app.py")
			if err := os.Chtimes(app, time0, time0); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(app, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"excluded file": func(o *bundle.Options) { write(t, filepath.Join(entry, "tests", "test_app.py"), "changed") },
	}
	for name, mod := range same {
		if h := hash(mod); h != h0 {
			t.Errorf("%s changed the hash", name)
		}
	}
	// Inputs: sources, requirements, wheels, architecture, Python, extra files.
	differ := map[string]func(o *bundle.Options){
		"architecture":      func(o *bundle.Options) { o.Architecture = "x86_64" },
		"python":            func(o *bundle.Options) { o.Python = "3.12" },
		"extra requirement": func(o *bundle.Options) { o.ExtraRequirements = []string{"native"} },
		"extra file":        func(o *bundle.Options) { o.ExtraFiles = map[string]string{"settings.py": "X = 1\n"} },
		"no dependencies":   func(o *bundle.Options) { o.NoDependencies = true },
		"a newer wheel of an installed package": func(o *bundle.Options) {
			dir := t.TempDir()
			if _, err := wheel.Write(dir, wheel.Spec{Name: "purelib", Version: "1.1.0", Tag: "py3-none-any", Files: map[string]string{"__init__.py": "VALUE = 3\n"}}); err != nil {
				t.Fatal(err)
			}
			o.FindLinks = []string{links, dir}
		},
		"a wheel's content": func(o *bundle.Options) {
			dir := t.TempDir()
			if _, err := wheel.Write(dir, wheel.Spec{Name: "purelib", Version: "1.0.0", Tag: "py3-none-any", Files: map[string]string{"__init__.py": "VALUE = 2\n"}}); err != nil {
				t.Fatal(err)
			}
			o.FindLinks = []string{dir}
		},
	}
	for name, mod := range differ {
		if h := hash(mod); h == h0 {
			t.Errorf("%s left the hash unchanged", name)
		}
	}
	write(t, filepath.Join(entry, "app.py"), "changed = True\n")
	h1 := hash(func(*bundle.Options) {})
	if h1 == h0 {
		t.Error("a source change left the hash unchanged")
	}
	write(t, filepath.Join(entry, "requirements.txt"), "purelib==1.0.0\n")
	if h := hash(func(*bundle.Options) {}); h == h1 {
		t.Error("a requirements change left the hash unchanged")
	}
}

func TestPyproject(t *testing.T) {
	entry := t.TempDir()
	write(t, filepath.Join(entry, "app.py"), "")
	write(t, filepath.Join(entry, "pyproject.toml"), "[project]\nname = \"fn\"\nversion = \"0\"\ndependencies = [\"purelib>=1\"]\n")
	out, err := build(t, options(entry, index(t), "arm64"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(list(t, out), "purelib/__init__.py") {
		t.Errorf("pyproject dependencies not installed: %v", list(t, out))
	}
}

func TestExcluded(t *testing.T) {
	patterns := []string{"tests", "*.pyc", "docs/*.md", "/build/out"}
	for path, want := range map[string]bool{
		"tests": true, "pkg/tests": true, "a.pyc": true, "pkg/a.pyc": true, "docs/x.md": true, "build/out": true,
		"app.py": false, "pkg/docs/x.md": false, "testsuite.py": false, "pkg/build/out": false,
	} {
		if got := bundle.Excluded(path, patterns); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", path, got, want)
		}
	}
}

// The Docker fallback, run here with bash (the container's folders mapped to
// temporary ones, its pip to the local one), builds what the local bundler
// builds.
func TestDockerScriptMatchesLocalBuild(t *testing.T) {
	links := index(t)
	entry := function(t, "purelib\nnative\n")
	write(t, filepath.Join(entry, "docs", "notes.md"), "left out by a pattern with a slash")
	write(t, filepath.Join(entry, "settings.py"), "X = 'source'\n")
	opts := options(entry, links, "arm64")
	opts.Excludes = append(opts.Excludes, "docs/*.md")
	opts.ExtraFiles = map[string]string{"generated/settings.py": "X = 1\n", "settings.py": "X = 'generated'\n"}
	opts.ExtraRequirements = []string{"purelib==1.0.0"}
	local, err := build(t, opts)
	if err != nil {
		t.Fatal(err)
	}

	plan, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := plan.WriteDockerInputs(out); err != nil {
		t.Fatal(err)
	}
	python, err := bundle.Interpreter("")
	if err != nil {
		t.Fatal(err)
	}
	script := bundle.DockerScript
	for _, forbidden := range []string{links, entry, out, "docs/*.md"} {
		if strings.Contains(script, forbidden) {
			t.Errorf("the script holds the host path %s", forbidden)
		}
	}
	scratch := t.TempDir()
	script = strings.NewReplacer("/asset-input", entry, "/asset-output", out, "/tmp/inputs", scratch+"/inputs",
		"pip \"${args[@]}\"", python+" -m pip \"${args[@]}\"").Replace(script)
	// pip's arguments name the container's folders; map them as well.
	args := filepath.Join(out, bundle.DockerInputs, "pip-args")
	data := strings.NewReplacer("/asset-input", entry, "/asset-output", out).Replace(read(t, args))
	write(t, args, data)
	if output, err := exec.Command("bash", "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("script failed: %v\n%s", err, output)
	}
	if got, want := list(t, out), list(t, local); !reflect.DeepEqual(got, want) {
		t.Errorf("Docker build = %v\nlocal build  = %v", got, want)
	}
	for _, f := range list(t, local) {
		if got, want := read(t, filepath.Join(out, f)), read(t, filepath.Join(local, f)); got != want {
			t.Errorf("%s: Docker build has %q, local build %q", f, got, want)
		}
	}
	if got := read(t, filepath.Join(local, "settings.py")); got != "X = 'generated'\n" {
		t.Errorf("settings.py = %q, want the generated file to win over the source", got)
	}
}

// Patterns the engine cannot honour are refused, each with a fix; the ones
// it can are accepted.
func TestCheckPatterns(t *testing.T) {
	for _, p := range []string{"!keep.py", "**/*.md", "*.{md,txt}", "docs/", `docs\x.md`, "[a-", "", "/"} {
		var pe *bundle.PatternError
		if err := bundle.CheckPatterns([]string{"*.pyc", p}); !errors.As(err, &pe) || pe.Pattern != p || pe.Rule == "" || pe.Fix == "" {
			t.Errorf("CheckPatterns(%q) = %v, want a *PatternError with a rule and a fix", p, err)
		}
	}
	if err := bundle.CheckPatterns([]string{"tests", "*.pyc", "docs/*.md", "/build", "data/[0-9]*.csv", "?.txt"}); err != nil {
		t.Errorf("CheckPatterns(valid) = %v", err)
	}
	if _, err := bundle.NewPlan(bundle.Options{Entry: t.TempDir(), Excludes: []string{"**/x"}}); err == nil {
		t.Error("NewPlan accepted a pattern the engine cannot honour")
	}
}

// Files lists what Build writes; ZipSize measures it as the CDK zips it,
// without writing a zip, and only bounds it when the files fit the limit
// uncompressed.
func TestFilesAndZipSize(t *testing.T) {
	opts := options(function(t, "purelib\n"), index(t), "arm64")
	opts.CacheDir = t.TempDir()
	opts.ExtraFiles = map[string]string{"settings.py": strings.Repeat("X = 1\n", 2000)}
	plan, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Files(); err == nil {
		t.Error("Files() before the dependencies are installed succeeded")
	}
	if err := plan.Prepare(); err != nil {
		t.Fatal(err)
	}
	files, err := plan.Files()
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range files {
		rels = append(rels, f.Rel)
	}
	out := t.TempDir()
	if err := plan.Build(out); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rels)
	if got := list(t, out); !reflect.DeepEqual(rels, got) {
		t.Errorf("Files() = %v\nBuild wrote %v", rels, got)
	}

	exact, err := bundle.ZipSize(files, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A zip written with the same settings has exactly that size.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, f := range files {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Rel, Method: zip.Deflate})
		data := f.Data
		if f.Path != "" {
			data = []byte(read(t, f.Path))
		}
		_, _ = w.Write(data)
	}
	_ = zw.Close()
	if exact != int64(buf.Len()) {
		t.Errorf("ZipSize() = %d, a zip of the files is %d bytes", exact, buf.Len())
	}
	// The 12 KB settings file compresses well: the exact size is far below
	// the uncompressed bound, which is returned when it fits the limit.
	bound, err := bundle.ZipSize(files, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if bound <= exact || exact > 4096 {
		t.Errorf("bound %d, exact %d: want the bound above the exact size, and the exact size small", bound, exact)
	}
}

// A wheel of an unrelated package added to a shared find-links folder runs
// no pip and keeps the hash; a new wheel of an installed package runs pip.
func TestSharedFindLinks(t *testing.T) {
	links := index(t)
	opts := options(function(t, "purelib\n"), links, "arm64")
	opts.CacheDir = t.TempDir()
	first, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Prepare(); err != nil {
		t.Fatal(err)
	}
	if _, err := wheel.Write(links, wheel.Spec{Name: "unrelated", Version: "1.0.0", Tag: "py3-none-any"}); err != nil {
		t.Fatal(err)
	}
	second, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Cached() || second.Hash() != first.Hash() {
		t.Errorf("an unrelated wheel: cached %v, same hash %v; want a cache hit and the same hash", second.Cached(), second.Hash() == first.Hash())
	}
	if _, err := wheel.Write(links, wheel.Spec{Name: "purelib", Version: "2.0.0", Tag: "py3-none-any"}); err != nil {
		t.Fatal(err)
	}
	third, err := bundle.NewPlan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if third.Cached() {
		t.Error("a newer wheel of an installed package left the cache entry valid")
	}
	if err := third.Prepare(); err != nil {
		t.Fatal(err)
	}
	if third.Hash() == first.Hash() {
		t.Error("installing purelib 2.0.0 kept the hash of 1.0.0")
	}
}

// A container image reads pyproject.toml's dependencies, with a local
// Python, only when the file declares some: tool settings alone need none,
// and requirements.txt wins.
func TestPyprojectRequirements(t *testing.T) {
	noPython := filepath.Join(t.TempDir(), "no-python")
	for name, tc := range map[string]struct {
		pyproject, requirements string
		wantNoPython            bool
	}{
		"tool settings alone":   {pyproject: "[tool.ruff]\nline-length = 100\n"},
		"requirements.txt wins": {pyproject: "[project]\ndependencies = [\"attrs\"]\n", requirements: "attrs\n"},
		"declared dependencies": {pyproject: "[project]\nname = \"fn\"\ndependencies = [\"attrs\"]\n", wantNoPython: true},
		"no pyproject.toml":     {},
	} {
		t.Run(name, func(t *testing.T) {
			entry := t.TempDir()
			if tc.pyproject != "" {
				write(t, filepath.Join(entry, bundle.PyprojectFile), tc.pyproject)
			}
			if tc.requirements != "" {
				write(t, filepath.Join(entry, bundle.RequirementsFile), tc.requirements)
			}
			lines, err := bundle.PyprojectRequirements(bundle.Options{Entry: entry, Interpreter: noPython})
			var np *bundle.NoPythonError
			if got := errors.As(err, &np); got != tc.wantNoPython {
				t.Fatalf("err = %v, want a missing Python: %v", err, tc.wantNoPython)
			}
			if lines != nil {
				t.Errorf("lines = %v, want none", lines)
			}
		})
	}
	entry := t.TempDir()
	write(t, filepath.Join(entry, bundle.PyprojectFile), "[project]\nname = \"fn\"\ndependencies = [\"attrs==23.2.0\", \"requests>=2.31\"]\n")
	if lines, err := bundle.PyprojectRequirements(bundle.Options{Entry: entry}); err != nil || !reflect.DeepEqual(lines, []string{"attrs==23.2.0", "requests>=2.31"}) {
		t.Errorf("PyprojectRequirements = %v, %v", lines, err)
	}
}
