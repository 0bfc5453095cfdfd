package pycheck_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pylambda/pylambda/internal/pycheck"
)

// files maps slash-separated paths to contents; a path ending in "/" is an
// empty folder.
type files map[string]string

func writeTree(t testing.TB, tree files) string {
	t.Helper()
	dir := t.TempDir()
	for rel, content := range tree {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if strings.HasSuffix(rel, "/") {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// want is an expected problem: its property, and texts its rule and its fix
// must contain. "{entry}" stands for the function's folder and "{deps}" for
// the extra folder.
type want struct {
	property string
	rule     []string
	fix      []string
}

const handlerPy = "def handler(event, context):\n    return {}\n"

// powertools is an installed aws_lambda_powertools, as in a dependency folder.
var powertools = files{
	"aws_lambda_powertools/__init__.py":         "from .tracing import Tracer\n",
	"aws_lambda_powertools/tracing/__init__.py": "from .tracer import Tracer\n",
	"aws_lambda_powertools/tracing/tracer.py":   "class Tracer:\n    pass\n",
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name    string
		entry   files
		deps    files // an extra folder on the import path, when not nil
		handler string
		python  string // default 3.11
		edge    bool
		want    []want
	}{
		{
			name:    "valid module",
			entry:   files{"app.py": "import json\n\n\n" + handlerPy},
			handler: "app.handler",
		},
		{
			name:    "dotted module in a package",
			entry:   files{"pkg/__init__.py": "", "pkg/mod.py": "def fn(event, context):\n    return 1\n"},
			handler: "pkg.mod.fn",
		},
		{
			name:    "module as a package's __init__",
			entry:   files{"pkg/__init__.py": "", "pkg/mod/__init__.py": handlerPy},
			handler: "pkg.mod.handler",
		},
		{
			name:    "namespace packages without __init__.py",
			entry:   files{"ns/sub/mod.py": handlerPy},
			handler: "ns.sub.mod.handler",
		},
		{
			name:    "slash separates packages as in the runtime",
			entry:   files{"src/app.py": handlerPy},
			handler: "src/app.handler",
		},
		{
			name:    "syntax error names file and line",
			entry:   files{"app.py": "import os\n\ndef handler(event, context)\n    return os.getcwd()\n"},
			handler: "app.handler",
			want: []want{{"Entry",
				[]string{"{entry}/app.py:3: syntax error for Python 3.11: expected ':'"},
				[]string{"must parse on Python 3.11"}}},
		},
		{
			name:    "match statement parses for 3.11",
			entry:   files{"app.py": "def handler(event, context):\n    match event:\n        case {'a': 1}:\n            return 1\n        case _:\n            return 0\n"},
			handler: "app.handler",
		},
		{
			name:    "match statement is refused for 3.9",
			entry:   files{"app.py": "def handler(event, context):\n    match event:\n        case _:\n            return 0\n"},
			handler: "app.handler",
			python:  "3.9",
			want: []want{{"Entry",
				[]string{"{entry}/app.py:", ": syntax error for Python 3.9: Pattern matching is only supported in Python 3.10"},
				[]string{"Python 3.9"}}},
		},
		{
			name:    "missing function with a close name",
			entry:   files{"app.py": "def handle(event, context):\n    pass\n\n\nasync def main():\n    pass\n"},
			handler: "app.handler",
			want: []want{{"Handler",
				[]string{"{entry}/app.py defines no handler at module level", "(its module-level functions: handle, main)"},
				[]string{"did you mean handle? set Handler to app.handle"}}},
		},
		{
			name:    "missing function without a close name",
			entry:   files{"app.py": "x = 1\n"},
			handler: "app.handler",
			want: []want{{"Handler",
				[]string{"defines no handler", "functions: none"},
				[]string{"define def handler(event, context) at module level in {entry}/app.py"}}},
		},
		{
			name:    "function defined only inside a class is missing",
			entry:   files{"app.py": "class App:\n    def handler(self, event, context):\n        pass\n"},
			handler: "app.handler",
			want:    []want{{"Handler", []string{"defines no handler"}, []string{"define def handler"}}},
		},
		{
			name:    "async handler",
			entry:   files{"app.py": "import asyncio\n\n\nasync def handler(event, context):\n    await asyncio.sleep(0)\n"},
			handler: "app.handler",
			want: []want{{"Handler",
				[]string{"{entry}/app.py:4: handler handler is an async def"},
				[]string{"plain def", "asyncio.run()"}}},
		},
		{
			name:    "handler bound by an import",
			entry:   files{"app.py": "from impl import handle as handler\n", "impl.py": "def handle(event, context):\n    pass\n"},
			handler: "app.handler",
		},
		{
			name:    "handler bound by an assignment",
			entry:   files{"app.py": "def make():\n    return lambda event, context: None\n\n\nhandler: object = make()\n"},
			handler: "app.handler",
		},
		{
			name: "handler bound in module-level if, try and with blocks",
			entry: files{"app.py": "import contextlib\nimport os\n\nif os.environ.get('A'):\n    def a(event, context):\n        pass\nelse:\n    a = None\n" +
				"try:\n    import fast\nexcept ImportError:\n    def b(event, context):\n        pass\n" +
				"with contextlib.suppress(Exception):\n    c = print\n"},
			handler: "app.c",
		},
		{
			name:    "annotation without a value binds nothing",
			entry:   files{"app.py": "handler: object\n"},
			handler: "app.handler",
			want:    []want{{"Handler", []string{"defines no handler"}, nil}},
		},
		{
			name:    "star import may define the handler",
			entry:   files{"app.py": "from impl import *\n", "impl.py": handlerPy},
			handler: "app.handler",
		},
		{
			name:    "module __getattr__ may provide the handler",
			entry:   files{"app.py": "def __getattr__(name):\n    return print\n"},
			handler: "app.handler",
		},
		{
			name:    "hyphen in the module name",
			entry:   files{"my-app.py": handlerPy},
			handler: "my-app.handler",
			want: []want{{"Handler",
				[]string{"module name 'my-app' in handler 'my-app.handler' is not a Python identifier"},
				[]string{"rename it to my_app", "set Handler to my_app.handler"}}},
		},
		{
			name:    "module name starting with a digit",
			entry:   files{"1app/handlers.py": handlerPy},
			handler: "1app.handlers.handler",
			want: []want{{"Handler",
				[]string{"module name '1app'"},
				[]string{"rename it to _1app", "set Handler to _1app.handlers.handler"}}},
		},
		{
			name:    "keyword as a module name",
			entry:   files{"class.py": handlerPy},
			handler: "class.handler",
			want:    []want{{"Handler", []string{"module name 'class'"}, []string{"rename it to _class"}}},
		},
		{
			name:    "handler without a dot",
			entry:   files{"app.py": handlerPy},
			handler: "handler",
			want:    []want{{"Handler", []string{"handler 'handler' names no module"}, []string{"module.function"}}},
		},
		{
			name:    "built-in module name",
			entry:   files{"sys.py": handlerPy},
			handler: "sys.handler",
			want:    []want{{"Handler", []string{"handler module sys is a module built into Python"}, []string{"rename sys.py"}}},
		},
		{
			name:    "missing module with a close name",
			entry:   files{"apps.py": handlerPy},
			handler: "app.handler",
			want: []want{{"Handler",
				[]string{"handler module app not found: no app.py or app/__init__.py in {entry}"},
				[]string{"did you mean apps? set Handler to apps.handler"}}},
		},
		{
			name:    "module names are case-sensitive",
			entry:   files{"App.py": handlerPy},
			handler: "app.handler",
			want:    []want{{"Handler", []string{"handler module app not found"}, []string{"did you mean App?"}}},
		},
		{
			name:    "missing parent package",
			entry:   files{"app.py": handlerPy},
			handler: "pkg.mod.handler",
			want: []want{{"Handler",
				[]string{"handler module pkg.mod: there is no package folder pkg/ in {entry}"},
				[]string{"create pkg/ with mod.py in it"}}},
		},
		{
			name:    "parent package is a module",
			entry:   files{"pkg.py": ""},
			handler: "pkg.mod.handler",
			want: []want{{"Handler",
				[]string{"needs pkg to be a package, but {entry}/pkg.py is a module"},
				[]string{"make pkg/ a folder holding mod.py"}}},
		},
		{
			name:    "handler module is a folder without __init__.py",
			entry:   files{"app/": ""},
			handler: "app.handler",
			want: []want{{"Handler",
				[]string{"handler module app is the folder {entry}/app without an __init__.py"},
				[]string{"app.py or app/__init__.py"}}},
		},
		{
			name:    "file that is not UTF-8",
			entry:   files{"app.py": "def handler(event, context):\n    return 'caf\xe9'\n"},
			handler: "app.handler",
			want: []want{{"Entry",
				[]string{"{entry}/app.py:2: the file is not valid utf-8 (byte 0xe9)"},
				[]string{"save it as UTF-8", "coding"}}},
		},
		{
			name:    "file with a declared Latin-1 encoding",
			entry:   files{"app.py": "# -*- coding: latin-1 -*-\ndef handler(event, context):\n    return 'caf\xe9'\n"},
			handler: "app.handler",
		},
		{
			name:    "unknown declared encoding",
			entry:   files{"app.py": "# -*- coding: klingon -*-\n" + handlerPy},
			handler: "app.handler",
			want:    []want{{"Entry", []string{"{entry}/app.py:1: unknown encoding"}, []string{"encoding"}}},
		},
		{
			name:    "null byte",
			entry:   files{"app.py": handlerPy + "x = 1\x00\n"},
			handler: "app.handler",
			want:    []want{{"Entry", []string{"{entry}/app.py:3: the file holds a null byte"}, []string{"cannot import a source with null bytes"}}},
		},
		{
			name:    "missing folder",
			handler: "app.handler",
			want:    []want{{"Entry", []string{"does not exist"}, []string{"point Entry"}}},
		},
		{
			name:    "relative import in a top-level module",
			entry:   files{"app.py": "from . import util\n\n\n" + handlerPy, "util.py": ""},
			handler: "app.handler",
			want: []want{{"Entry",
				[]string{"{entry}/app.py:1: from . import ... is a relative import in a top-level module"},
				[]string{"absolute name"}}},
		},
		{
			name:    "relative import above the top-level package",
			entry:   files{"pkg/__init__.py": "", "pkg/app.py": "from ..other import x\n\n\n" + handlerPy},
			handler: "pkg.app.handler",
			want:    []want{{"Entry", []string{"{entry}/pkg/app.py:1: from ..other import ... goes above the top-level package pkg"}, nil}},
		},
		{
			name:    "regional imports are not looked up",
			entry:   files{"app.py": "import requests\nfrom aws_lambda_powertools import Tracer\n\ntracer = Tracer()\n\n\n" + handlerPy},
			handler: "app.handler",
		},
		{
			name:    "edge import missing from the bundle",
			entry:   files{"app.py": "import json\nimport requests.adapters\nimport requests\n\n\n" + handlerPy},
			handler: "app.handler",
			edge:    true,
			want: []want{{"Entry",
				[]string{"{entry}/app.py:2: imports requests, which is neither in the standard library nor in the bundle"},
				[]string{"add the distribution that provides requests to requirements.txt so pylambda bundles it, or remove the import"}}},
		},
		{
			name:    "edge import found in an extra folder",
			entry:   files{"app.py": "import requests\nimport _speedups\n\n\n" + handlerPy},
			deps:    files{"requests/__init__.py": "", "_speedups.cpython-311-x86_64-linux-gnu.so": ""},
			handler: "app.handler",
			edge:    true,
		},
		{
			name:    "edge import found in the function's folder",
			entry:   files{"app.py": "from helpers import util\nimport vendored.lib\n\n\n" + handlerPy, "helpers.py": "", "vendored/lib.py": ""},
			handler: "app.handler",
			edge:    true,
		},
		{
			name:    "edge standard library imports",
			entry:   files{"app.py": "from __future__ import annotations\n\nimport os.path\nimport urllib.parse as up\nfrom collections import abc\nimport json, re\n\n\n" + handlerPy},
			handler: "app.handler",
			edge:    true,
		},
		{
			name: "edge import guarded by try/except ImportError",
			entry: files{"app.py": "try:\n    import ujson as json\nexcept ImportError:\n    import json\n" +
				"try:\n    import orjson\nexcept (ModuleNotFoundError, ValueError):\n    orjson = None\n\n\n" + handlerPy},
			handler: "app.handler",
			edge:    true,
		},
		{
			name:    "edge import guarded by another exception is refused",
			entry:   files{"app.py": "try:\n    import ujson\nexcept ValueError:\n    ujson = None\n\n\n" + handlerPy},
			handler: "app.handler",
			edge:    true,
			want:    []want{{"Entry", []string{"{entry}/app.py:2: imports ujson"}, []string{"requirements.txt"}}},
		},
		{
			name: "edge imports that never run on the target",
			entry: files{"app.py": "import sys\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import mypy_boto3_s3\n" +
				"if sys.version_info < (3, 8):\n    import importlib_metadata\nelse:\n    import importlib.metadata\n\n\n" + handlerPy},
			handler: "app.handler",
			edge:    true,
		},
		{
			name:    "edge import in a module-level if is checked",
			entry:   files{"app.py": "import os\n\nif os.environ.get('X'):\n    import yaml\n\n\n" + handlerPy},
			handler: "app.handler",
			edge:    true,
			want:    []want{{"Entry", []string{"{entry}/app.py:4: imports yaml"}, nil}},
		},
		{
			name:    "edge import inside a function is not checked",
			entry:   files{"app.py": "def handler(event, context):\n    import yaml\n    return yaml\n"},
			handler: "app.handler",
			edge:    true,
		},
		{
			name: "edge relative imports inside a package",
			entry: files{"pkg/__init__.py": "VERSION = 1\n", "pkg/util.py": "x = 1\n", "pkg/sub/__init__.py": "",
				"pkg/sub/app.py":     "from . import helpers\nfrom .. import VERSION\nfrom ..util import x\nfrom .helpers import h\n\n\n" + handlerPy,
				"pkg/sub/helpers.py": "def h():\n    pass\n"},
			handler: "pkg.sub.app.handler",
			edge:    true,
		},
		{
			name:    "edge relative import of a missing module",
			entry:   files{"pkg/__init__.py": "", "pkg/app.py": "from .missing import x\n\n\n" + handlerPy},
			handler: "pkg.app.handler",
			edge:    true,
			want: []want{{"Entry",
				[]string{"{entry}/pkg/app.py:1: from .missing import ...: there is no module pkg.missing in the bundle"},
				[]string{"add pkg/missing.py"}}},
		},
		{
			name:    "regional relative imports are not looked up",
			entry:   files{"pkg/__init__.py": "", "pkg/app.py": "from .missing import x\n\n\n" + handlerPy},
			handler: "pkg.app.handler",
		},
		{
			name:    "edge relative import in a namespace package",
			entry:   files{"ns/app.py": "from . import nothere\n\n\n" + handlerPy},
			handler: "ns.app.handler",
			edge:    true,
			want:    []want{{"Entry", []string{"{entry}/ns/app.py:1: from . import ...: there is no module ns.nothere in the bundle"}, nil}},
		},
		{
			name:    "edge Tracer import from the package",
			entry:   files{"app.py": "from aws_lambda_powertools import Logger, Tracer\n\ntracer = Tracer()\n\n\n" + handlerPy},
			deps:    powertools,
			handler: "app.handler",
			edge:    true,
			want: []want{{"Entry",
				[]string{"{entry}/app.py:1: from aws_lambda_powertools import Tracer uses the Powertools Tracer"},
				[]string{"remove the Tracer; Lambda@Edge supports no X-Ray tracing"}}},
		},
		{
			name:    "edge Tracer import from the tracing module",
			entry:   files{"app.py": "from aws_lambda_powertools.tracing import Tracer\n\n\n" + handlerPy},
			deps:    powertools,
			handler: "app.handler",
			edge:    true,
			want:    []want{{"Entry", []string{"{entry}/app.py:1: from aws_lambda_powertools.tracing import ..."}, []string{"remove the Tracer"}}},
		},
		{
			name:    "edge import of the tracing module",
			entry:   files{"app.py": "import aws_lambda_powertools.tracing\n\n\n" + handlerPy},
			deps:    powertools,
			handler: "app.handler",
			edge:    true,
			want:    []want{{"Entry", []string{"{entry}/app.py:1: import aws_lambda_powertools.tracing"}, []string{"remove the Tracer"}}},
		},
		{
			name:    "edge Tracer through an attribute",
			entry:   files{"app.py": "import aws_lambda_powertools as pt\n\n\ndef handler(event, context):\n    return pt.Tracer()\n"},
			deps:    powertools,
			handler: "app.handler",
			edge:    true,
			want:    []want{{"Entry", []string{"{entry}/app.py:5: pt.Tracer uses the Powertools Tracer"}, []string{"remove the Tracer"}}},
		},
		{
			name:    "edge Logger alone is fine",
			entry:   files{"app.py": "import aws_lambda_powertools\nfrom aws_lambda_powertools import Logger\n\nlog = Logger()\nx = aws_lambda_powertools.Metrics\n\n\n" + handlerPy},
			deps:    powertools,
			handler: "app.handler",
			edge:    true,
		},
		{
			name:    "regional Tracer is fine",
			entry:   files{"app.py": "from aws_lambda_powertools import Tracer\nimport aws_lambda_powertools.tracing\n\ntracer = Tracer()\n\n\n" + handlerPy},
			deps:    powertools,
			handler: "app.handler",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entry := filepath.Join(t.TempDir(), "missing")
			if tc.entry != nil {
				entry = writeTree(t, tc.entry)
			}
			req := pycheck.Request{Entry: entry, Handler: tc.handler, Python: "3.11", Edge: tc.edge}
			if tc.python != "" {
				req.Python = tc.python
			}
			var deps string
			if tc.deps != nil {
				deps = writeTree(t, tc.deps)
				req.Paths = []string{deps}
			}
			got, err := pycheck.Check(req)
			if err != nil {
				t.Fatal(err)
			}
			expand := strings.NewReplacer("{entry}", entry, "{deps}", deps).Replace
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), render(got))
			}
			for i, w := range tc.want {
				p := got[i]
				if p.Property != w.property {
					t.Errorf("problem %d: property %q, want %q", i, p.Property, w.property)
				}
				for _, s := range w.rule {
					if !strings.Contains(p.Rule, expand(s)) {
						t.Errorf("problem %d: rule %q does not contain %q", i, p.Rule, expand(s))
					}
				}
				for _, s := range w.fix {
					if !strings.Contains(p.Fix, expand(s)) {
						t.Errorf("problem %d: fix %q does not contain %q", i, p.Fix, expand(s))
					}
				}
			}
		})
	}
}

func render(problems []pycheck.Problem) string {
	var b strings.Builder
	for _, p := range problems {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	return b.String()
}

func TestProblemString(t *testing.T) {
	p := pycheck.Problem{Property: pycheck.PropertyHandler, Rule: "app.py defines no handler", Fix: "define it"}
	if got, want := p.String(), "Handler: app.py defines no handler; define it"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// The handler module is parsed, never run: its module-level code would
// write a file and exit.
func TestCodeIsNotRun(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	entry := writeTree(t, files{"app.py": fmt.Sprintf("open(%q, 'w').close()\nraise SystemExit(3)\n\n\n", marker) + handlerPy})
	problems, err := pycheck.Check(pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11", Edge: true})
	if err != nil || problems != nil {
		t.Fatalf("Check = %v, %v; want no problems", problems, err)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the module ran: %s exists (stat: %v)", marker, err)
	}
}

// Environment variables do not reach the checking Python: a PYTHONPATH
// holding the package does not make an edge import pass.
func TestEnvironmentIgnored(t *testing.T) {
	elsewhere := writeTree(t, files{"requests/__init__.py": ""})
	t.Setenv("PYTHONPATH", elsewhere)
	entry := writeTree(t, files{"app.py": "import requests\n\n\n" + handlerPy})
	problems, err := pycheck.Check(pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11", Edge: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Rule, "imports requests") {
		t.Errorf("problems = %v, want the import of requests refused", problems)
	}
}

func TestCheckAllKeepsOrder(t *testing.T) {
	good := writeTree(t, files{"app.py": handlerPy})
	bad := writeTree(t, files{"app.py": "def handle(event, context):\n    pass\n"})
	requests := []pycheck.Request{
		{Entry: bad, Handler: "app.handler", Python: "3.11"},
		{Entry: good, Handler: "app.handler", Python: "3.11"},
		{Entry: good, Handler: "app.other", Python: "3.10"},
	}
	results, err := pycheck.CheckAll(requests)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("got %d results, want 3", len(results))
	}
	if len(results[0]) != 1 || !strings.Contains(results[0][0].Fix, "did you mean handle?") {
		t.Errorf("results[0] = %v, want the missing handler", results[0])
	}
	if results[1] != nil {
		t.Errorf("results[1] = %v, want none", results[1])
	}
	if len(results[2]) != 1 || !strings.Contains(results[2][0].Rule, "defines no other") {
		t.Errorf("results[2] = %v, want the missing other", results[2])
	}
}

func TestCheckAllEmpty(t *testing.T) {
	results, err := pycheck.Checker{Interpreter: "no-such-python"}.CheckAll(nil)
	if results != nil || err != nil {
		t.Errorf("CheckAll(nil) = %v, %v; want nothing", results, err)
	}
}

func TestBadVersion(t *testing.T) {
	for _, v := range []string{"", "3", "3.x", "python3.11", "2.7", "3.011"} {
		_, err := pycheck.Check(pycheck.Request{Entry: ".", Handler: "app.handler", Python: v})
		var noPython *pycheck.NoPythonError
		if err == nil || errors.As(err, &noPython) || !strings.Contains(err.Error(), "is not of the form 3.N") {
			t.Errorf("Python %q: err = %v, want a malformed version", v, err)
		}
	}
}

// fakePython writes an executable script that answers the version probe as
// Python major.minor and fails on anything else.
func fakePython(t *testing.T, dir, name, version string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	script := "#!/bin/sh\n" +
		"case \"$*\" in\n" +
		"  *-B*) echo 'Traceback: the checks broke' >&2; exit 1 ;;\n" +
		"  *) echo \"" + strings.Replace(version, ".", " ", 1) + " $0\" ;;\n" +
		"esac\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestNoPython(t *testing.T) {
	dir := t.TempDir()
	old := fakePython(t, dir, "python3", "3.9")
	t.Setenv("PATH", dir)
	req := pycheck.Request{Entry: ".", Handler: "app.handler", Python: "3.11"}

	cases := []struct {
		name    string
		checker pycheck.Checker
		need    string
		tried   []string
	}{
		{"nothing new enough on PATH", pycheck.Checker{}, "3.11", []string{"python3.11: not found", old + " is Python 3.9"}},
		{"named interpreter missing", pycheck.Checker{Interpreter: "no-such-python"}, "3.11", []string{"no-such-python: not found"}},
		{"named interpreter too old", pycheck.Checker{Interpreter: old}, "3.11", []string{old + " is Python 3.9"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.checker.Check(req)
			var noPython *pycheck.NoPythonError
			if !errors.As(err, &noPython) {
				t.Fatalf("err = %v, want a *NoPythonError", err)
			}
			if noPython.Need != tc.need || strings.Join(noPython.Tried, "|") != strings.Join(tc.tried, "|") {
				t.Errorf("err = %#v, want Need %s, Tried %q", noPython, tc.need, tc.tried)
			}
			if !strings.Contains(err.Error(), "no local Python 3.11 or newer") {
				t.Errorf("message %q does not say what is needed", err)
			}
		})
	}
}

// A newer runtime than the local Python cannot be checked.
func TestNoPythonForNewerRuntime(t *testing.T) {
	_, err := pycheck.Check(pycheck.Request{Entry: ".", Handler: "app.handler", Python: "3.99"})
	var noPython *pycheck.NoPythonError
	if !errors.As(err, &noPython) || noPython.Need != "3.99" {
		t.Errorf("err = %v, want a *NoPythonError needing 3.99", err)
	}
}

func TestPythonFails(t *testing.T) {
	python := fakePython(t, t.TempDir(), "python", "3.11")
	_, err := pycheck.Checker{Interpreter: python}.Check(pycheck.Request{Entry: ".", Handler: "app.handler", Python: "3.11"})
	var noPython *pycheck.NoPythonError
	if err == nil || errors.As(err, &noPython) || !strings.Contains(err.Error(), "the checks broke") {
		t.Errorf("err = %v, want the failure with Python's stderr", err)
	}
}

// checkOne checks req and fails the test on an error.
func checkOne(t testing.TB, req pycheck.Request) []pycheck.Problem {
	t.Helper()
	problems, err := pycheck.Check(req)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

// closeWorkers stops the workers and empties the cache, now and at the end
// of the test.
func closeWorkers(t testing.TB) {
	t.Helper()
	if err := pycheck.Close(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := pycheck.Close(); err != nil {
			t.Error(err)
		}
	})
}

func TestWorkerReused(t *testing.T) {
	closeWorkers(t)
	starts := pycheck.WorkerStarts()
	good := writeTree(t, files{"app.py": handlerPy})
	bad := writeTree(t, files{"app.py": "def handle(event, context):\n    pass\n"})
	if problems := checkOne(t, pycheck.Request{Entry: good, Handler: "app.handler", Python: "3.11"}); problems != nil {
		t.Errorf("good: %v", problems)
	}
	if problems := checkOne(t, pycheck.Request{Entry: bad, Handler: "app.handler", Python: "3.11"}); len(problems) != 1 {
		t.Errorf("bad: %v, want the missing handler", problems)
	}
	if n := pycheck.WorkerStarts() - starts; n != 1 {
		t.Errorf("two checks started %d workers, want 1", n)
	}
	if pids := pycheck.WorkerPIDs(); len(pids) != 1 {
		t.Errorf("running workers %v, want one", pids)
	}
}

// CheckAll sends the requests the cache cannot answer in one round trip,
// and keeps the order of the requests.
func TestCheckAllOneRoundTrip(t *testing.T) {
	closeWorkers(t)
	good := writeTree(t, files{"app.py": handlerPy})
	bad := writeTree(t, files{"app.py": "def handle(event, context):\n    pass\n"})
	checkOne(t, pycheck.Request{Entry: good, Handler: "app.handler", Python: "3.11"})
	requests := []pycheck.Request{
		{Entry: bad, Handler: "app.handler", Python: "3.11"},
		{Entry: good, Handler: "app.handler", Python: "3.11"}, // cached
		{Entry: bad, Handler: "app.handle", Python: "3.11", Edge: true},
		{Entry: good, Handler: "app.other", Python: "3.11"},
	}
	trips := pycheck.RoundTrips()
	results, err := pycheck.CheckAll(requests)
	if err != nil {
		t.Fatal(err)
	}
	if n := pycheck.RoundTrips() - trips; n != 1 {
		t.Errorf("CheckAll made %d round trips, want 1", n)
	}
	if len(results) != 4 || len(results[0]) != 1 || results[1] != nil || results[2] != nil || len(results[3]) != 1 {
		t.Errorf("results = %v, want a problem for the first and the last", results)
	}
}

// killWorker kills the running worker, as a crash would.
func killWorker(t *testing.T) {
	t.Helper()
	pids := pycheck.WorkerPIDs()
	if len(pids) != 1 {
		t.Fatalf("running workers %v, want one", pids)
	}
	p, err := os.FindProcess(pids[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
}

func TestWorkerRestartsAfterCrash(t *testing.T) {
	closeWorkers(t)
	entry := writeTree(t, files{"app.py": handlerPy})
	checkOne(t, pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11"})
	killed := pycheck.WorkerPIDs()
	starts := pycheck.WorkerStarts()
	killWorker(t)
	problems := checkOne(t, pycheck.Request{Entry: entry, Handler: "app.other", Python: "3.11"})
	if len(problems) != 1 || !strings.Contains(problems[0].Rule, "defines no other") {
		t.Errorf("problems = %v, want the missing other", problems)
	}
	if n := pycheck.WorkerStarts() - starts; n != 1 {
		t.Errorf("%d workers started after the crash, want 1", n)
	}
	if pids := pycheck.WorkerPIDs(); len(pids) != 1 || pids[0] == killed[0] {
		t.Errorf("running workers %v, want a new one (not %v)", pids, killed)
	}
}

// realPython returns the executable of a local Python that can run the
// checks, or skips the test.
func realPython(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("python3", "-I", "-S", "-c",
		"import sys; print(sys.executable if sys.version_info >= (3, 11) else '')").Output()
	python := strings.TrimSpace(string(out))
	if err != nil || python == "" {
		t.Skip("no local Python 3.11 or newer")
	}
	return python
}

// A worker that dies is restarted once; when the new one fails too, the
// check fails with its stderr.
func TestWorkerFailsAgain(t *testing.T) {
	closeWorkers(t)
	python := filepath.Join(t.TempDir(), "python")
	script := "#!/bin/sh\n" +
		"case \"$*\" in\n" +
		"  *-B*) if [ -e \"$0.started\" ]; then echo 'the new worker broke' >&2; exit 1; fi\n" +
		"        : > \"$0.started\"; exec " + realPython(t) + " \"$@\" ;;\n" +
		"  *) echo \"3 11 $0\" ;;\n" +
		"esac\n"
	if err := os.WriteFile(python, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	checker := pycheck.Checker{Interpreter: python}
	entry := writeTree(t, files{"app.py": handlerPy})
	if _, err := checker.Check(pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11"}); err != nil {
		t.Fatal(err)
	}
	starts := pycheck.WorkerStarts()
	killWorker(t)
	_, err := checker.Check(pycheck.Request{Entry: entry, Handler: "app.other", Python: "3.11"})
	if err == nil || !strings.Contains(err.Error(), "the new worker broke") {
		t.Errorf("err = %v, want the failure of the new worker", err)
	}
	if n := pycheck.WorkerStarts() - starts; n != 1 {
		t.Errorf("%d workers started after the crash, want 1", n)
	}
}

func TestMalformedRequest(t *testing.T) {
	closeWorkers(t)
	entry := writeTree(t, files{"app.py": handlerPy})
	checkOne(t, pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11"})
	starts := pycheck.WorkerStarts()
	for line, want := range map[string]string{
		"not json":                       "JSONDecodeError",
		`{"requests": [{"entry": "."}]}`: "KeyError: 'handler'",
		`{"requests": 3}`:                "TypeError",
		`{"cwd": "/no/such/folder", "requests": []}`: "FileNotFoundError",
	} {
		refused, err := pycheck.Send(line)
		if err != nil || !strings.Contains(refused, want) {
			t.Errorf("%s: answer %q, err %v; want an answer with %s", line, refused, err, want)
		}
	}
	problems := checkOne(t, pycheck.Request{Entry: entry, Handler: "app.other", Python: "3.11"})
	if len(problems) != 1 {
		t.Errorf("problems = %v, want the missing other", problems)
	}
	if n := pycheck.WorkerStarts() - starts; n != 0 {
		t.Errorf("%d workers started after the malformed requests, want none", n)
	}
}

// A repeated check of an unchanged function does not reach the worker.
func TestCacheAnswers(t *testing.T) {
	closeWorkers(t)
	entry := writeTree(t, files{"app.py": "def handle(event, context):\n    pass\n"})
	req := pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11", Edge: true}
	first := checkOne(t, req)
	if len(first) != 1 {
		t.Fatalf("problems = %v, want the missing handler", first)
	}
	rule := first[0].Rule
	first[0].Rule = "changed by the caller"
	trips := pycheck.RoundTrips()
	second := checkOne(t, req)
	if n := pycheck.RoundTrips() - trips; n != 0 {
		t.Errorf("the repeated check made %d round trips, want none", n)
	}
	if len(second) != 1 || second[0].Rule != rule {
		t.Errorf("cached problems = %v, want the rule %q", second, rule)
	}
	// Another version, another flag or other paths are other checks.
	for _, other := range []pycheck.Request{
		{Entry: entry, Handler: "app.handler", Python: "3.10", Edge: true},
		{Entry: entry, Handler: "app.handler", Python: "3.11"},
		{Entry: entry, Handler: "app.handler", Python: "3.11", Edge: true, Paths: []string{t.TempDir()}},
	} {
		trips := pycheck.RoundTrips()
		checkOne(t, other)
		if n := pycheck.RoundTrips() - trips; n != 1 {
			t.Errorf("%+v made %d round trips, want 1", other, n)
		}
	}
}

func TestCacheInvalidation(t *testing.T) {
	write := func(t *testing.T, path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name    string
		entry   files
		deps    files
		handler string // default app.handler
		edge    bool
		before  string // a text of the problem before the change
		change  func(t *testing.T, entry, deps string)
		after   string // a text of the problem after it, "" for none
	}{
		{
			name:   "handler module edited",
			entry:  files{"app.py": handlerPy},
			before: "",
			change: func(t *testing.T, entry, _ string) {
				write(t, filepath.Join(entry, "app.py"), "def handle(event, context):\n    pass\n")
			},
			after: "defines no handler",
		},
		{
			name:   "handler module created",
			entry:  files{"other.py": ""},
			before: "handler module app not found",
			change: func(t *testing.T, entry, _ string) { write(t, filepath.Join(entry, "app.py"), handlerPy) },
			after:  "",
		},
		{
			name:   "edge import added to the function's folder",
			entry:  files{"app.py": "import helpers\n\n\n" + handlerPy},
			edge:   true,
			before: "imports helpers",
			change: func(t *testing.T, entry, _ string) { write(t, filepath.Join(entry, "helpers.py"), "") },
			after:  "",
		},
		{
			name:   "edge import added to an extra folder",
			entry:  files{"app.py": "import requests\n\n\n" + handlerPy},
			deps:   files{"urllib3/__init__.py": ""},
			edge:   true,
			before: "imports requests",
			change: func(t *testing.T, _, deps string) { write(t, filepath.Join(deps, "requests", "__init__.py"), "") },
			after:  "",
		},
		{
			name:   "edge import removed from the bundle",
			entry:  files{"app.py": "import helpers\n\n\n" + handlerPy, "helpers.py": ""},
			edge:   true,
			before: "",
			change: func(t *testing.T, entry, _ string) {
				if err := os.Remove(filepath.Join(entry, "helpers.py")); err != nil {
					t.Fatal(err)
				}
			},
			after: "imports helpers",
		},
		{
			name:    "package shadowed by a module until it is removed",
			entry:   files{"pkg.py": "", "pkg/mod.py": handlerPy},
			handler: "pkg.mod.handler",
			before:  "needs pkg to be a package",
			change: func(t *testing.T, entry, _ string) {
				if err := os.Remove(filepath.Join(entry, "pkg.py")); err != nil {
					t.Fatal(err)
				}
			},
			after: "",
		},
		{
			name:    "handler package gets its __init__",
			entry:   files{"pkg/mod/": ""},
			handler: "pkg.mod.handler",
			before:  "without an __init__.py",
			change: func(t *testing.T, entry, _ string) {
				write(t, filepath.Join(entry, "pkg", "mod", "__init__.py"), handlerPy)
			},
			after: "",
		},
		{
			name:   "function's folder removed",
			entry:  files{"app.py": handlerPy},
			before: "",
			change: func(t *testing.T, entry, _ string) {
				if err := os.RemoveAll(entry); err != nil {
					t.Fatal(err)
				}
			},
			after: "does not exist",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entry := writeTree(t, tc.entry)
			req := pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11", Edge: tc.edge}
			if tc.handler != "" {
				req.Handler = tc.handler
			}
			var deps string
			if tc.deps != nil {
				deps = writeTree(t, tc.deps)
				req.Paths = []string{deps}
			}
			expect := func(when, text string) {
				t.Helper()
				problems := checkOne(t, req)
				switch {
				case text == "" && problems != nil:
					t.Errorf("%s: problems %v, want none", when, problems)
				case text != "" && (len(problems) != 1 || !strings.Contains(problems[0].Rule, text)):
					t.Errorf("%s: problems %v, want one with %q", when, problems, text)
				}
			}
			expect("before", tc.before)
			expect("before, cached", tc.before)
			tc.change(t, entry, deps)
			expect("after", tc.after)
		})
	}
}

// Relative paths are resolved in the current folder of the Go process, also
// when it changed after the worker started.
func TestRelativeEntry(t *testing.T) {
	good := writeTree(t, files{"fn/app.py": handlerPy})
	bad := writeTree(t, files{"fn/app.py": "def handle(event, context):\n    pass\n"})
	req := pycheck.Request{Entry: "fn", Handler: "app.handler", Python: "3.11"}
	t.Chdir(good)
	if problems := checkOne(t, req); problems != nil {
		t.Errorf("in %s: problems %v, want none", good, problems)
	}
	t.Chdir(bad)
	problems := checkOne(t, req)
	if len(problems) != 1 || !strings.HasPrefix(problems[0].Rule, "fn/app.py defines no handler") {
		t.Errorf("in %s: problems %v, want the missing handler in fn/app.py", bad, problems)
	}
	// The worker's folder is removed; it still checks in the next one.
	if err := os.RemoveAll(bad); err != nil {
		t.Fatal(err)
	}
	t.Chdir(good)
	if problems := checkOne(t, pycheck.Request{Entry: "fn", Handler: "app.other", Python: "3.11"}); len(problems) != 1 {
		t.Errorf("in %s: problems %v, want the missing other", good, problems)
	}
}

func TestConcurrentChecks(t *testing.T) {
	closeWorkers(t)
	good := writeTree(t, files{"app.py": handlerPy})
	var requests []pycheck.Request
	for i := range 8 {
		entry := writeTree(t, files{"app.py": fmt.Sprintf("def handler%d(event, context):\n    pass\n", i)})
		requests = append(requests, pycheck.Request{Entry: entry, Handler: "app.handler", Python: "3.11", Edge: i%2 == 0})
	}
	starts := pycheck.WorkerStarts()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				req := requests[(g+i)%len(requests)]
				problems, err := pycheck.Check(req)
				if err != nil {
					t.Error(err)
					return
				}
				if len(problems) != 1 || !strings.Contains(problems[0].Fix, "did you mean handler") {
					t.Errorf("%s: problems %v, want the missing handler", req.Entry, problems)
				}
				if problems, err := pycheck.Check(pycheck.Request{Entry: good, Handler: "app.handler", Python: "3.11"}); err != nil || problems != nil {
					t.Errorf("good: %v, %v; want no problems", problems, err)
				}
			}
		})
	}
	wg.Wait()
	if n := pycheck.WorkerStarts() - starts; n != 1 {
		t.Errorf("%d workers started, want 1", n)
	}
}

// stopped reports whether the process pid has ended (it may remain a
// zombie until its parent waits for it).
func stopped(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return strings.HasPrefix(after, "Z") || strings.HasPrefix(after, "X")
}

// Closing the worker's stdin ends it: Close waits for it, and it exits with
// status 0, as it does when the Go process ends without Close.
func TestCloseEndsWorker(t *testing.T) {
	closeWorkers(t)
	checkOne(t, pycheck.Request{Entry: writeTree(t, files{"app.py": handlerPy}), Handler: "app.handler", Python: "3.11"})
	pids := pycheck.WorkerPIDs()
	if len(pids) != 1 {
		t.Fatalf("running workers %v, want one", pids)
	}
	if err := pycheck.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if pids := pycheck.WorkerPIDs(); pids != nil {
		t.Errorf("running workers after Close: %v", pids)
	}
	if runtime.GOOS == "linux" && !stopped(pids[0]) {
		t.Errorf("worker %d still runs after Close", pids[0])
	}
}

// A worker that is never closed ends with the Go process that started it.
func TestIdleWorkerEndsWithGoProcess(t *testing.T) {
	if os.Getenv("PYCHECK_START_WORKER_AND_EXIT") != "" {
		checkOne(t, pycheck.Request{Entry: "testdata/orders", Handler: "app.handle", Python: "3.11"})
		fmt.Println(pycheck.WorkerPIDs()[0])
		os.Exit(0) // without Close
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestIdleWorkerEndsWithGoProcess$")
	cmd.Env = append(os.Environ(), "PYCHECK_START_WORKER_AND_EXIT=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !stopped(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("worker %d still runs after its Go process ended", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkCheck checks one Lambda@Edge function, a package whose handler
// module imports the standard library and a sibling module: with a new
// worker each time, with a running worker (the handler changes each time,
// so the cache misses), and from the cache.
func BenchmarkCheck(b *testing.B) {
	entry := writeTree(b, files{
		"svc/__init__.py": "",
		"svc/logic.py":    "def run(event):\n    return event\n",
	})
	app := filepath.Join(entry, "svc", "app.py")
	source := "import json\nimport logging\nfrom . import logic\n\nlog = logging.getLogger(__name__)\n\n\n" +
		"def handler(event, context):\n    return json.dumps(logic.run(event))\n"
	edit := func(b *testing.B, i int) {
		if err := os.WriteFile(app, fmt.Appendf(nil, "%s# edit %d\n", source, i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	edit(b, 0)
	req := pycheck.Request{Entry: entry, Handler: "svc.app.handler", Python: "3.11", Edge: true}
	check := func(b *testing.B) {
		if problems := checkOne(b, req); problems != nil {
			b.Fatalf("unexpected problems: %v", problems)
		}
	}
	closeWorkers(b)
	b.Run("cold-process", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if err := pycheck.Close(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			check(b)
		}
	})
	b.Run("warm-worker", func(b *testing.B) {
		check(b)
		i := 0
		for b.Loop() {
			b.StopTimer()
			i++
			edit(b, i)
			b.StartTimer()
			check(b)
		}
	})
	b.Run("cached", func(b *testing.B) {
		check(b)
		for b.Loop() {
			check(b)
		}
	})
}
