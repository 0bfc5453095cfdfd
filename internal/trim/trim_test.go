package trim_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pylambda/pylambda/internal/trim"
	"github.com/pylambda/pylambda/internal/wheel"
)

// write writes files (relative slash path -> content) into a new folder.
func write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func unresolved(r *trim.Result) []string {
	var out []string
	for _, u := range r.Unresolved {
		out = append(out, fmt.Sprintf("%s:%d %s missing=%s guarded=%t", u.File, u.Line, u.Module, u.Missing, u.Guarded))
	}
	return out
}

func sites(r *trim.Result) []string {
	var out []string
	for _, s := range r.Sites {
		out = append(out, fmt.Sprintf("%s:%d %s %v", s.File, s.Line, s.Rule, s.Modules))
	}
	return out
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		opts       trim.Options // Handler defaults to "app"
		kept       []string     // the files kept
		unresolved []string
		sites      []string
	}{
		{
			name: "a submodule imported is kept, one not imported is dropped",
			files: map[string]string{
				"app.py":          "import pkg.used\n",
				"pkg/__init__.py": "",
				"pkg/used.py":     "",
				"pkg/unused.py":   "",
				"unused.py":       "import pkg.unused\n",
			},
			kept: []string{"app.py", "pkg/__init__.py", "pkg/used.py"},
		},
		{
			name: "relative imports: one dot and two dots",
			files: map[string]string{
				"pkg/__init__.py":       "",
				"pkg/mod.py":            "from . import helper\nfrom .sub import deep\n",
				"pkg/helper.py":         "",
				"pkg/other.py":          "",
				"pkg/sub/__init__.py":   "",
				"pkg/sub/deep.py":       "from ..util import VALUE\nfrom ..a import b\n",
				"pkg/sub/sibling.py":    "",
				"pkg/util.py":           "VALUE = 1\n",
				"pkg/a/__init__.py":     "",
				"pkg/a/b.py":            "",
				"pkg/a/c.py":            "",
				"pkg/__init__.pyi":      "",
				"pkg/sub/notes/read.md": "package data of pkg.sub",
			},
			opts: trim.Options{Handler: "pkg.mod"},
			kept: []string{
				"pkg/__init__.py", "pkg/__init__.pyi", "pkg/a/__init__.py", "pkg/a/b.py", "pkg/helper.py", "pkg/mod.py",
				"pkg/sub/__init__.py", "pkg/sub/deep.py", "pkg/sub/notes/read.md", "pkg/util.py",
			},
		},
		{
			name: "lazy imports inside functions and methods are kept",
			files: map[string]string{
				"app.py":                  "def handler(event, context):\n    import lazy\n    return lazy.run()\n\nclass C:\n    def m(self):\n        from method_only import x\n",
				"lazy.py":                 "def run():\n    from . import nothing\n",
				"method_only/__init__.py": "x = 1\n",
				"unused.py":               "",
			},
			kept:       []string{"app.py", "lazy.py", "method_only/__init__.py"},
			unresolved: []string{"lazy.py:2 . missing=. guarded=false"},
		},
		{
			name: "from pkg import sub keeps the submodule",
			files: map[string]string{
				"app.py":          "from pkg import sub, attr\n",
				"pkg/__init__.py": "attr = 1\n",
				"pkg/sub.py":      "",
				"pkg/other.py":    "",
			},
			kept: []string{"app.py", "pkg/__init__.py", "pkg/sub.py"},
		},
		{
			name: "from pkg import attr keeps only pkg/__init__.py",
			files: map[string]string{
				"app.py":          "from pkg import attr\n",
				"pkg/__init__.py": "attr = 1\n",
				"pkg/sub.py":      "",
			},
			kept: []string{"app.py", "pkg/__init__.py"},
		},
		{
			name: "from pkg import * keeps the submodules of a literal __all__",
			files: map[string]string{
				"app.py":          "from pkg import *\n",
				"pkg/__init__.py": "__all__ = ['listed', 'attr']\nattr = 1\n",
				"pkg/listed.py":   "",
				"pkg/unlisted.py": "",
			},
			kept: []string{"app.py", "pkg/__init__.py", "pkg/listed.py"},
		},
		{
			name: "package data follows its package; the function's own files stay; caches never",
			files: map[string]string{
				"app.py":                            "import pkg\n",
				"config.json":                       "{}",
				"pkg/__init__.py":                   "",
				"pkg/py.typed":                      "",
				"pkg/schemas/event.json":            "{}",
				"pkg/dropped/__init__.py":           "",
				"pkg/dropped/data.json":             "{}",
				"other/__init__.py":                 "",
				"other/data.json":                   "{}",
				"__pycache__/app.cpython-311.pyc":   "",
				"pkg/__pycache__/x.cpython-311.pyc": "",
				"pkg/stale.pyc":                     "",
			},
			kept: []string{"app.py", "config.json", "pkg/__init__.py", "pkg/py.typed", "pkg/schemas/event.json"},
		},
		{
			name: "a literal importlib.import_module is an import",
			files: map[string]string{
				"app.py":              "import importlib\nfrom importlib import import_module as load\nFAST = 'plugins.fast'\nimportlib.import_module(FAST)\nload('.other', 'plugins')\n",
				"plugins/__init__.py": "",
				"plugins/fast.py":     "",
				"plugins/other.py":    "",
				"plugins/slow.py":     "",
			},
			kept:  []string{"app.py", "plugins/__init__.py", "plugins/fast.py", "plugins/other.py"},
			sites: []string{"app.py:4 literal [plugins.fast]", "app.py:5 literal [plugins.other]"},
		},
		{
			name: "a literal prefix keeps every module under it",
			files: map[string]string{
				"app.py":                "import importlib\n\ndef handler(event, context):\n    return importlib.import_module(f\"plugins.{event['name']}\")\n",
				"plugins/__init__.py":   "",
				"plugins/a.py":          "",
				"plugins/b/__init__.py": "",
				"plugins/b/c.py":        "",
				"other.py":              "",
			},
			kept:  []string{"app.py", "plugins/__init__.py", "plugins/a.py", "plugins/b/__init__.py", "plugins/b/c.py"},
			sites: []string{"app.py:4 prefix [plugins.a plugins.b plugins.b.c]"},
		},
		{
			name: "a helper's parameter is decided at its calls",
			files: map[string]string{
				"app.py":              "from loader import load\n\nload('plugins.fast')\n",
				"loader.py":           "import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n",
				"plugins/__init__.py": "",
				"plugins/fast.py":     "",
				"plugins/slow.py":     "",
			},
			kept:  []string{"app.py", "loader.py", "plugins/__init__.py", "plugins/fast.py"},
			sites: []string{"app.py:3 literal [plugins.fast]", "loader.py:4 forward []"},
		},
		{
			name: "a class that imports the name it was built with is decided at its constructions",
			files: map[string]string{
				"app.py":    "from lazy import Lazy\nNAME = 'heavy'\nheavy = Lazy(NAME, globals(), 3)\n",
				"lazy.py":   "import importlib, types\n\nclass Lazy(types.ModuleType):\n    def __init__(self, name, scope, n):\n        super().__init__(name)\n\n    def load(self):\n        return importlib.import_module(self.__name__)\n",
				"heavy.py":  "",
				"unused.py": "",
			},
			kept:  []string{"app.py", "heavy.py", "lazy.py"},
			sites: []string{"app.py:3 literal [heavy]", "lazy.py:8 forward []"},
		},
		{
			name: "pkgutil over a package's own folder keeps it whole",
			files: map[string]string{
				"app.py":              "import plugins\n",
				"plugins/__init__.py": "import importlib, pkgutil\nfor m in pkgutil.iter_modules(__path__):\n    importlib.import_module('plugins.' + m.name)\n",
				"plugins/a.py":        "",
				"plugins/b.py":        "",
				"other.py":            "",
			},
			kept:  []string{"app.py", "plugins/__init__.py", "plugins/a.py", "plugins/b.py"},
			sites: []string{"plugins/__init__.py:2 path [plugins plugins.a plugins.b]", "plugins/__init__.py:3 prefix [plugins.a plugins.b]"},
		},
		{
			name: "Keep keeps a package whole and accepts its dynamic imports",
			files: map[string]string{
				"app.py":              "import plugins\n",
				"plugins/__init__.py": "import importlib, os\nimportlib.import_module(os.environ['PLUGIN'])\n",
				"plugins/a.py":        "",
				"plugins/data/x.json": "{}",
				"other.py":            "",
			},
			opts:  trim.Options{Keep: []string{"plugins"}},
			kept:  []string{"app.py", "plugins/__init__.py", "plugins/a.py", "plugins/data/x.json"},
			sites: []string{"plugins/__init__.py:2 kept []"},
		},
		{
			name: "entries are kept with the handler",
			files: map[string]string{
				"wrapper.py": "import importlib\nhandler = importlib.import_module('app').handler\n",
				"app.py":     "def handler(event, context):\n    return event\n",
				"extra.py":   "",
			},
			opts:  trim.Options{Handler: "wrapper", Entries: []string{"extra"}},
			kept:  []string{"app.py", "extra.py", "wrapper.py"},
			sites: []string{"wrapper.py:2 literal [app]"},
		},
		{
			name: "third-party imports found nowhere are reported; standard ones are not",
			files: map[string]string{
				"app.py": "import json, os.path\nfrom collections import OrderedDict\nimport boto3\n" +
					"try:\n    import orjson\nexcept ImportError:\n    orjson = None\n\ndef handler(event, context):\n    import requests\n",
			},
			kept:       []string{"app.py"},
			unresolved: []string{"app.py:5 orjson missing=orjson guarded=true", "app.py:10 requests missing=requests guarded=false"},
		},
		{
			name: "an import that fails keeps nothing",
			files: map[string]string{
				"app.py":               "import optional\n\ndef handler(event, context):\n    from heavy.models import Model\n",
				"optional/__init__.py": "try:\n    import pydantic\nexcept ImportError:\n    pydantic = None\n",
				"heavy/__init__.py":    "from . import big\n",
				"heavy/big.py":         "",
				"heavy/models.py":      "import json\nimport pydantic\n",
			},
			kept: []string{"app.py", "optional/__init__.py"},
			unresolved: []string{
				"app.py:4 heavy.models missing=pydantic guarded=false",
				"optional/__init__.py:2 pydantic missing=pydantic guarded=true",
			},
		},
		{
			name: "an import of a failing module is kept where it can run while that one is half-imported",
			files: map[string]string{
				"app.py":      "import registry\ntry:\n    import feature\nexcept ImportError:\n    pass\n",
				"feature.py":  "import registry\nregistry.register()\nimport missing_dep\n",
				"registry.py": "def register():\n    import feature\n",
				"unused.py":   "",
			},
			kept: []string{"app.py", "feature.py", "registry.py"},
			unresolved: []string{
				"app.py:3 feature missing=missing_dep guarded=true",
				"feature.py:3 missing_dep missing=missing_dep guarded=false",
			},
		},
		{
			name: "a module of a layer named in Provided is found",
			files: map[string]string{
				"app.py":        "def handler(event, context):\n    import uses_layer\n",
				"uses_layer.py": "import layerlib\n",
			},
			opts: trim.Options{Provided: []string{"layerlib"}},
			kept: []string{"app.py", "uses_layer.py"},
		},
		{
			name: "without Provided, the module needing the layer fails",
			files: map[string]string{
				"app.py":        "def handler(event, context):\n    import uses_layer\n",
				"uses_layer.py": "import layerlib\n",
			},
			kept:       []string{"app.py"},
			unresolved: []string{"app.py:2 uses_layer missing=layerlib guarded=false"},
		},
		{
			name: "with an import hook, no import is taken to fail",
			files: map[string]string{
				"app.py":   "import sys, types\nsys.modules['pydantic'] = types.ModuleType('pydantic')\n\ndef handler(event, context):\n    import heavy\n",
				"heavy.py": "import pydantic\n",
			},
			kept:       []string{"app.py", "heavy.py"},
			unresolved: []string{"heavy.py:1 pydantic missing=pydantic guarded=false"},
			sites:      []string{"app.py:2 hook []"},
		},
		{
			name: "code that never runs on Lambda is not followed",
			files: map[string]string{
				"app.py": "import sys\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import typed_only\n" +
					"if sys.version_info >= (3, 8):\n    import modern\nelse:\n    import backport\n" +
					"if sys.platform == 'win32':\n    import windows\n" +
					"if __name__ == '__main__':\n    import script\n",
				"typed_only.py": "", "modern.py": "", "backport.py": "", "windows.py": "", "script.py": "",
			},
			kept: []string{"app.py", "modern.py"},
		},
		{
			name: "the target version decides version checks",
			files: map[string]string{
				"app.py":      "import sys\nif sys.version_info < (3, 11):\n    import backport\nelse:\n    import modern\n",
				"backport.py": "", "modern.py": "",
			},
			opts: trim.Options{Version: "3.10"},
			kept: []string{"app.py", "backport.py"},
		},
		{
			name: "a compiled module keeps its top-level package whole",
			files: map[string]string{
				"app.py":           "import fast\n",
				"fast/__init__.py": "from ._speed import go\n",
				"fast/_speed.cpython-311-x86_64-linux-gnu.so": "\x7fELF",
				"fast/helpers.py":   "",
				"fast/libhelper.so": "\x7fELF",
				"slow.py":           "",
			},
			kept:  []string{"app.py", "fast/__init__.py", "fast/_speed.cpython-311-x86_64-linux-gnu.so", "fast/helpers.py", "fast/libhelper.so"},
			sites: []string{"fast/_speed.cpython-311-x86_64-linux-gnu.so:0 extension [fast fast._speed fast.helpers]"},
		},
		{
			name: "a syntax error in a module the handler does not import is no error",
			files: map[string]string{
				"app.py":    "",
				"broken.py": "def f(:\n",
			},
			kept: []string{"app.py"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.Dir = write(t, tc.files)
			if opts.Handler == "" {
				opts.Handler = "app"
			}
			r, err := trim.Analyze(opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.kept, r.Files); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.unresolved, unresolved(r)); diff != "" {
				t.Errorf("unresolved (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.sites, sites(r)); diff != "" {
				t.Errorf("sites (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnalyzeModules(t *testing.T) {
	dir := write(t, map[string]string{
		"app.py":              "import pkg.sub\n",
		"pkg/__init__.py":     "",
		"pkg/sub/__init__.py": "",
		"pkg/sub/x.py":        "",
	})
	r, err := trim.Analyze(trim.Options{Dir: dir, Handler: "app"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"app", "pkg", "pkg.sub"}, r.Modules); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	if r.Dir != dir {
		t.Errorf("Dir = %q, want %q", r.Dir, dir)
	}
}

func TestAnalyzeUndecidable(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		sites []string // file:line and call of each site
	}{
		{
			name: "a variable",
			files: map[string]string{
				"app.py": "import importlib\n\ndef handler(event, context):\n    return importlib.import_module(event['module'])\n",
			},
			sites: []string{"app.py:4 importlib.import_module(event['module'])"},
		},
		{
			name: "__import__ of a computed name, in a dependency",
			files: map[string]string{
				"app.py":          "import pkg\n",
				"pkg/__init__.py": "import os\n\nmod = __import__(os.environ['X'])\n",
			},
			sites: []string{"pkg/__init__.py:3 __import__(os.environ['X'])"},
		},
		{
			name: "a helper called with a variable",
			files: map[string]string{
				"app.py":    "from loader import load\n\ndef handler(event, context):\n    load(event['name'])\n",
				"loader.py": "import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n",
			},
			sites: []string{"app.py:4 load(event['name'])"},
		},
		{
			name: "a change of sys.path and an entry point",
			files: map[string]string{
				"app.py": "import sys\nfrom importlib.metadata import entry_points\nsys.path.insert(0, 'vendor')\nplugins = entry_points(group='x')\n",
			},
			sites: []string{"app.py:3 sys.path.insert(0, 'vendor')", "app.py:4 entry_points(group='x')"},
		},
		{
			name: "a module loaded from its file",
			files: map[string]string{
				"app.py":       "import importlib.util, os\n\ndef load():\n    return importlib.util.spec_from_file_location('p', os.path.join('plugins', 'p.py'))\n",
				"plugins/p.py": "",
			},
			sites: []string{"app.py:4 importlib.util.spec_from_file_location('p', os.path.join('plugins', 'p.py'))"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, tc.files)
			_, err := trim.Analyze(trim.Options{Dir: dir, Handler: "app"})
			var u *trim.UndecidableError
			if !errors.As(err, &u) {
				t.Fatalf("err = %v, want an *UndecidableError", err)
			}
			var got []string
			for _, s := range u.Sites {
				if s.Rule != trim.Undecidable {
					t.Errorf("%v: rule %s, want %s", s, s.Rule, trim.Undecidable)
				}
				got = append(got, fmt.Sprintf("%s:%d %s", s.File, s.Line, s.Call))
				if !strings.Contains(err.Error(), fmt.Sprintf("%s:%d", s.File, s.Line)) {
					t.Errorf("the error does not name %s:%d: %v", s.File, s.Line, err)
				}
			}
			if diff := cmp.Diff(tc.sites, got); diff != "" {
				t.Errorf("sites (-want +got):\n%s", diff)
			}
			if !strings.Contains(err.Error(), "turn trimming off") || !strings.Contains(err.Error(), "Keep: [\"") {
				t.Errorf("the error gives no fix: %v", err)
			}
		})
	}
}

func TestAnalyzeSyntaxError(t *testing.T) {
	dir := write(t, map[string]string{
		"app.py":          "import pkg.broken\n",
		"pkg/__init__.py": "",
		"pkg/broken.py":   "x = 1\n\ndef f(:\n    pass\n",
	})
	_, err := trim.Analyze(trim.Options{Dir: dir, Handler: "app"})
	var s *trim.SyntaxError
	if !errors.As(err, &s) {
		t.Fatalf("err = %v, want a *SyntaxError", err)
	}
	if s.File != "pkg/broken.py" || s.Line != 3 {
		t.Errorf("the error is at %s:%d, want pkg/broken.py:3", s.File, s.Line)
	}
	if !strings.Contains(err.Error(), "pkg/broken.py:3") {
		t.Errorf("the message does not name pkg/broken.py:3: %v", err)
	}
}

func TestAnalyzeRefuses(t *testing.T) {
	dir := write(t, map[string]string{"app.py": "", "pkg/__init__.py": ""})
	tests := []struct {
		name string
		opts trim.Options
		want string
	}{
		{"no handler module", trim.Options{Dir: dir, Handler: "missing"}, "no module missing"},
		{"a Keep name not in the bundle", trim.Options{Dir: dir, Handler: "app", Keep: []string{"nothere"}}, "Keep: no module or package nothere"},
		{"not a module name", trim.Options{Dir: dir, Handler: "app.handler()"}, "not a module name"},
		{"not a folder", trim.Options{Dir: filepath.Join(dir, "app.py"), Handler: "app"}, "is not a folder"},
		{"a bad version", trim.Options{Dir: dir, Handler: "app", Version: "311"}, "not of the form 3.N"},
		{"a version newer than the local Python", trim.Options{Dir: dir, Handler: "app", Version: "3.99"}, "needs Python 3.99 or newer"},
		{"no such Python", trim.Options{Dir: dir, Handler: "app", Python: "python-that-is-not-there"}, "no python-that-is-not-there found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := trim.Analyze(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestApply installs real distributions with pip: the dist-info folders of
// the used one are kept with a RECORD listing what is kept, those of the
// unused one are dropped.
func TestApply(t *testing.T) {
	wheels := t.TempDir()
	for _, s := range []wheel.Spec{
		{Name: "used", Version: "1.0.0", Tag: "py3-none-any", Files: map[string]string{
			"__init__.py": "from . import core\n", "core.py": "", "extra.py": "", "py.typed": "",
		}},
		{Name: "unused", Version: "2.0.0", Tag: "py3-none-any"},
	} {
		if _, err := wheel.Write(wheels, s); err != nil {
			t.Fatal(err)
		}
	}
	bundleDir := t.TempDir()
	python := pythonPath(t)
	pip := exec.Command(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index",
		"--find-links", wheels, "--target", bundleDir, "used", "unused")
	if out, err := pip.CombinedOutput(); err != nil {
		t.Fatalf("pip: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(bundleDir, "app.py"), []byte("import used\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r, err := trim.Analyze(trim.Options{Dir: bundleDir, Handler: "app"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"app.py", "used-1.0.0.dist-info/INSTALLER", "used-1.0.0.dist-info/METADATA", "used-1.0.0.dist-info/RECORD",
		"used-1.0.0.dist-info/REQUESTED", "used-1.0.0.dist-info/WHEEL",
		"used/__init__.py", "used/core.py", "used/py.typed",
	}
	if diff := cmp.Diff(want, r.Files); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}

	out := filepath.Join(t.TempDir(), "out")
	if err := r.Apply(out); err != nil {
		t.Fatal(err)
	}
	var written []string
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			written = append(written, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(written)
	if diff := cmp.Diff(want, written); diff != "" {
		t.Errorf("written (-want +got):\n%s", diff)
	}
	record, err := os.ReadFile(filepath.Join(out, "used-1.0.0.dist-info", "RECORD"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(string(record)), "\n") {
		listed = append(listed, strings.Split(line, ",")[0])
	}
	wantListed := []string{
		"used-1.0.0.dist-info/INSTALLER", "used-1.0.0.dist-info/METADATA", "used-1.0.0.dist-info/RECORD",
		"used-1.0.0.dist-info/REQUESTED", "used-1.0.0.dist-info/WHEEL",
		"used/__init__.py", "used/core.py", "used/py.typed",
	}
	slices.Sort(listed)
	if diff := cmp.Diff(wantListed, listed); diff != "" {
		t.Errorf("RECORD lists (-want +got):\n%s", diff)
	}
	info, err := os.Stat(filepath.Join(out, "app.py"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o755 {
		t.Errorf("app.py has mode %v, want the source's 0755", info.Mode().Perm())
	}
	if err := r.Apply(out); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("Apply into a folder that is not empty: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(bundleDir, "used", "extra.py")); err != nil {
		t.Errorf("Apply changed the bundle: %v", err)
	}
}

// pythonPath returns the local Python the trim uses by default.
func pythonPath(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"python3.11", "python3"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no python3.11 nor python3 on PATH")
	return ""
}
