// Package trim keeps, of a Python function's bundle, only the files its
// handler can import, so that a Lambda@Edge zip stays small: Powertools
// alone is about 0.8 MB compressed of a viewer function's 1 MB, while
// Logger and Metrics with what they import are about 0.1 MB.
//
// Analyze reads the bundle (the function's sources and its installed
// dependencies side by side, *.dist-info folders at the root, as the
// bundler lays them out) with the local Python, which parses every module
// the handler can reach with ast (imports.py, embedded): no module is
// imported or run. Result.Apply then writes the kept files into a new
// folder; the bundle itself is never changed (it may be a cache, and a
// copy shows exactly what was kept).
//
// # Modules
//
// The modules kept are the handler's module, Options.Entries and
// Options.Keep (whole), then, repeatedly, every module one of the kept
// ones can import, with the parent packages of each (their __init__ runs
// first):
//
//   - import statements anywhere in a module: at the top, in functions
//     (a lazy import runs when the function does), in classes;
//   - absolute names, resolved against the bundle root, which comes first
//     on Lambda's sys.path; relative ones (from . import x, from ..a import
//     b) against the module's package;
//   - from pkg import name: pkg, and pkg.name when it is a submodule (a
//     file or folder exists), not when it is only an attribute of pkg;
//     from pkg import * keeps the submodules a literal __all__ names;
//   - not the code that never runs on Lambda: if TYPE_CHECKING bodies,
//     branches on sys.version_info that the target version decides,
//     sys.platform and os.name (Linux), if __name__ == "__main__";
//   - extension modules (name.cpython-311-*.so, name.abi3.so), whose imports
//     cannot be read, keep their whole top-level package (rule Extension).
//
// Standard modules (those of the local Python's sys.stdlib_module_names,
// plus the ones later versions removed), the modules of the Lambda runtime
// (boto3, botocore and their dependencies, awslambdaric, pip, setuptools)
// and Options.Provided (a layer's) are not in the bundle and not looked
// for. An import of a name found nowhere is reported in Result.Unresolved:
// not an error (optional dependencies are imported inside try/except
// ImportError, which Import.Guarded tells).
//
// # Imports that fail
//
// An import that fails on Lambda keeps nothing: it raises ModuleNotFoundError
// whatever the bundle holds. A module fails when its top level runs,
// unconditionally and outside a try that catches ImportError, an import of
// a module found nowhere or of a failing module, or when its parent package
// fails. So Powertools' shared/functions.py, whose pydantic_to_dict imports
// the event handler's openapi.compat, which needs pydantic, keeps neither
// compat nor the event handler package it would load on the way. The one
// difference is what such an import loads before it fails, and the
// exception's message; Result.Unresolved lists these imports, with Missing
// naming the module they need.
//
// A module importing a failing one while the latter is half-imported (an
// import cycle through the code above its failing line) gets it and goes
// on: such imports are not taken to fail. Import hooks (sys.meta_path,
// sys.path_hooks) and modules put in sys.modules can provide modules found
// nowhere: with one in a kept module (rule Hook), no import is taken to fail.
//
// # Dynamic imports
//
// Calls of importlib.import_module, __import__, importlib.__import__,
// runpy.run_module and importlib.util.find_spec (which imports nothing: what
// it finds nowhere is no failure), of pkgutil's iter_modules and
// walk_packages, of entry points (importlib.metadata, pkg_resources), of
// loaders by file path (importlib.util.spec_from_file_location, runpy's
// run_path, zipimport), site.addsitedir and changes to sys.path are dynamic
// sites, each reported with its file and line in Result.Sites, and decided
// by these rules:
//
//   - Literal: a literal string, or a name bound once at the top of a
//     bundled module to a literal string (constants.XRAY_SDK_MODULE), keeps
//     that module, as an import statement would; relative names are resolved
//     against a package given as a literal, __name__, __package__ or
//     __spec__.parent.
//   - Prefix: a literal prefix and a variable part ("pkg.plugins." + name,
//     f"pkg.plugins.{name}", "pkg.%s" % name, "pkg.{}".format(name)) keeps
//     every module whose name starts with the prefix: all of pkg.plugins.
//   - Path: pkgutil.iter_modules(__path__) and the like, listing a package's
//     own folder, keep the package whole.
//   - Forward: the argument is a parameter of a module-level function that
//     the function never rebinds, or self.attr in a method of a module-level
//     class that assigns that attribute only from parameters (or never: a
//     base class's constructor sets it). The module is then chosen by the
//     callers, so each call of the function or class in a kept module is a
//     site itself, decided by these rules on the argument it passes (every
//     string argument for a class); a reference to the helper that is not a
//     call (an alias, a subclass) is undecidable.
//   - Undecidable: anything else, e.g. import_module(event["module"]), an
//     iter_modules over sys.path, an entry point, a load by file path, a
//     change of sys.path.
//     Analyze then returns an *UndecidableError naming each site: trimming
//     would be a guess. The fix is to turn trimming off, or to keep the
//     package whole with Options.Keep (rule Kept: an undecidable site
//     inside a kept-whole package is accepted, whatever it loads must be in
//     that package or kept otherwise).
//
// Powertools 3.2.0 has one dynamic site, its LazyLoader (shared/
// lazy_import.py, importlib.import_module(self.__name__)), which the Forward
// rule decides at its one call, in tracing/tracer.py:
// LazyLoader(constants.XRAY_SDK_MODULE, globals(), ...), a module-level
// constant naming aws_xray_sdk (absent without the tracer extra).
// Calls and helpers are matched by name: a call through a variable
// (getattr(importlib, "import_module")) is not seen, nor is code run by
// exec or eval.
//
// # Files
//
//   - A module file (.py, extension) is kept when its module is.
//   - Any other file inside a regular package's folder (py.typed, JSON
//     schemas, templates, in subfolders without __init__.py too) is package
//     data, kept when the innermost package holding it is.
//   - A *.dist-info folder is kept whole when its distribution (the files its
//     RECORD lists) has a kept module, for its license and metadata
//     (importlib.metadata.version keeps working); its RECORD is rewritten to
//     list only the files kept. Other files a distribution installed
//     outside packages (e.g. auditwheel's pkg.libs/ shared libraries) follow
//     their distribution.
//   - Any other file is the function's own (a config file at the root) and
//     is kept.
//   - __pycache__ folders and .pyc files never are.
package trim
