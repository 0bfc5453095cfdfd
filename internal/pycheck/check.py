"""Check the handler modules of Lambda functions without running them.

pycheck (the Go package beside this file) runs this script as a worker,
``python -I -S -B -c <this file>``, that serves until its standard input
closes. Each line on stdin is one JSON document, a round trip::

    {"cwd": "/app", "requests": [{"entry": "lambda/app", "handler": "app.handler",
                                  "python": [3, 11], "paths": ["deps"], "edge": false}]}

and each is answered by one line on stdout::

    {"results": [{"problems": [...], "deps": [[kind, path, fingerprint], ...]}, ...]}

one result per request, in order, each problem an object with "property",
"rule" and "fix". "cwd", when given, is the folder that relative paths are
resolved in (the caller's current folder). A document that cannot be checked (malformed JSON, a
missing field) is answered by ``{"error": "..."}`` and the worker goes on.

deps lists everything on disk the answer depends on, for pycheck's cache:
["stat", path, kind] for the function's folder, whose kind was looked at
("d" folder, "f" regular file, "o" anything else, "" nothing, following
symbolic links); ["list", folder, fingerprint] for a folder whose entries
were looked at, the sha256 of "name NUL kind NUL" for each entry, sorted by
name; and ["file", path, sha256 of its contents] for a file that was read
("" when it could not be). The answer is the same as long as every
fingerprint is.

Sources are read and parsed with ast; nothing in the function's folders is
imported or run. Only the handler module is parsed; on Lambda@Edge its
module-level imports are looked up as files, without reading them.
"""

import ast
import hashlib
import json
import keyword
import os
import stat
import sys
import tokenize
import warnings

HANDLER = "Handler"
ENTRY = "Entry"

POWERTOOLS = "aws_lambda_powertools"
TRACING = POWERTOOLS + ".tracing"

# Exception names whose handler catches a failed import.
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}

TRY_NODES = tuple(getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name))

# The listings of folders, for one round trip: many functions share
# dependency folders. folder -> (listing, fingerprint).
_listings = {}

# What the request being checked depends on: (kind, path) -> fingerprint.
_deps = {}


def entry_kind(entry):
    """The kind of a folder entry, as kind() tells it."""
    try:
        return "d" if entry.is_dir() else "f" if entry.is_file() else "o"
    except OSError:
        return "o"


def listing(folder):
    """The names in folder with their kinds (empty when it is no folder)."""
    cached = _listings.get(folder)
    if cached is None:
        try:
            with os.scandir(folder) as entries:
                found = {e.name: entry_kind(e) for e in entries}
        except (OSError, ValueError):
            found = {}
        pairs = sorted((os.fsencode(name), k.encode()) for name, k in found.items())
        data = b"".join(b"%s\0%s\0" % pair for pair in pairs)
        cached = _listings[folder] = (found, hashlib.sha256(data).hexdigest())
    _deps[("list", folder)] = cached[1]
    return cached[0]


def kind(path):
    """"d" for a folder, "f" for a regular file, "o" for anything else and
    "" for nothing, following symbolic links."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        found = ""
    else:
        found = "d" if stat.S_ISDIR(mode) else "f" if stat.S_ISREG(mode) else "o"
    _deps[("stat", path)] = found
    return found


def module_file(folder, name):
    """The file that makes module name in folder, in the import system's
    order (extension modules, then sources, then bytecode), or None. Names
    are compared exactly, as on Lambda's case-sensitive file system."""
    names = listing(folder)
    extensions = sorted(
        n for n in names if n.startswith(name + ".") and (n.endswith(".so") or n.endswith(".pyd"))
    )
    for candidate in extensions + [name + ".py", name + ".pyc"]:
        if names.get(candidate) == "f":
            return os.path.join(folder, candidate)
    return None


def close_match(word, candidates):
    """The candidate closest to word, or None. difflib is imported here, for
    a missing name only, as it adds to every start of the script."""
    import difflib

    close = difflib.get_close_matches(word, candidates, n=1)
    return close[0] if close else None


class Spec:
    """Where a module was found: kind is "module", "package" or
    "namespace"; file is its source (None for a namespace package); path
    lists the folders its submodules are looked up in."""

    def __init__(self, kind, file=None, path=()):
        self.kind = kind
        self.file = file
        self.path = list(path)


def find(folders, name):
    """Find the module name (one component) in folders as Python's path
    finder does: the first regular package or module wins; folders without
    __init__ are namespace portions, used when nothing else is found."""
    portions = []
    for folder in folders:
        sub = os.path.join(folder, name)
        if listing(folder).get(name) == "d":
            init = module_file(sub, "__init__")
            if init:
                return Spec("package", init, [sub])
            portions.append(sub)
        found = module_file(folder, name)
        if found:
            # A module beside a folder of the same name (without __init__) wins.
            return Spec("module", found)
    if portions:
        return Spec("namespace", None, portions)
    return None


def find_dotted(folders, parts):
    """The Spec of the module parts[0].parts[1]..., or None."""
    spec = None
    for part in parts:
        if spec is not None and spec.kind == "module":
            return None
        spec = find(folders if spec is None else spec.path, part)
        if spec is None:
            return None
    return spec


class Request:
    def __init__(self, raw):
        self.entry = raw["entry"]
        self.handler = raw["handler"]
        self.version = tuple(raw["python"])
        self.paths = raw.get("paths") or []
        self.edge = bool(raw.get("edge"))
        self.problems = []
        self.reported = set()

    @property
    def version_text(self):
        return "%d.%d" % self.version

    @property
    def search(self):
        return [self.entry] + self.paths

    def add(self, prop, rule, fix):
        if (prop, rule) not in self.reported:
            self.reported.add((prop, rule))
            self.problems.append({"property": prop, "rule": rule, "fix": fix})


def identifier_fix(name):
    """A valid module name close to name: my-app -> my_app, 1app -> _1app."""
    fixed = "".join(c if ("_" + c).isidentifier() else "_" for c in name) or "_"
    if not fixed.isidentifier() or keyword.iskeyword(fixed):
        fixed = "_" + fixed
    return fixed


def split_handler(req):
    """The handler's module parts and function name, or None after adding a
    problem. A "/" in the module names a package, as in the Lambda runtime."""
    handler = req.handler
    example = "Handler is module.function, e.g. app.handler or pkg.mod.handler"
    if "." not in handler:
        req.add(HANDLER, "handler %r names no module: it has no dot" % handler, example)
        return None
    module, func = handler.rsplit(".", 1)
    parts = module.replace("/", ".").split(".")
    if not func or "" in parts:
        req.add(HANDLER, "handler %r has an empty module or function name" % handler, example)
        return None
    ok = True
    fixed = [identifier_fix(p) if not p.isidentifier() or keyword.iskeyword(p) else p for p in parts]
    for part, new in zip(parts, fixed):
        if part == new:
            continue
        ok = False
        req.add(
            HANDLER,
            "module name %r in handler %r is not a Python identifier, so no import "
            "statement can name it" % (part, handler),
            "rename it to %s (the file %s.py or the folder %s/) and set Handler to %s.%s"
            % (new, new, new, ".".join(fixed), func),
        )
    if not func.isidentifier():
        ok = False
        req.add(
            HANDLER,
            "function name %r in handler %r is not a Python identifier" % (func, handler),
            "name the function %s and set Handler to %s.%s"
            % (identifier_fix(func), module, identifier_fix(func)),
        )
    if ok and parts[0] in sys.builtin_module_names:
        ok = False
        req.add(
            HANDLER,
            "handler module %s is a module built into Python: the Lambda runtime refuses it"
            % parts[0],
            "rename %s.py to a name of its own and update Handler" % parts[0],
        )
    return (parts, func) if ok else None


def display(req, path):
    """path as the user knows it: under the Entry folder they gave."""
    for root in req.search:
        rel = os.path.relpath(path, root)
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
            return os.path.normpath(os.path.join(root, rel))
    return path


def locate_handler(req, parts):
    """The Spec of the handler module, or None after adding a problem."""
    module = ".".join(parts)
    func = req.handler.rsplit(".", 1)[1]
    folders = req.search
    spec = None
    for i, part in enumerate(parts):
        spec = find(folders, part)
        rel = "/".join(parts[:i + 1])
        where = ", ".join(display(req, f) for f in folders)
        if spec is None and i < len(parts) - 1:
            req.add(
                HANDLER,
                "handler module %s: there is no package folder %s/ in %s" % (module, rel, where),
                "create %s/ with %s.py in it, or correct Handler" % (rel, "/".join(parts[i + 1:])),
            )
            return None
        if spec is None:
            rule = "handler module %s not found: no %s.py or %s/__init__.py in %s" % (module, rel, rel, where)
            fix = "create %s.py, or correct Handler" % rel
            names = sorted(
                {n[:-3] for f in folders for n in listing(f) if n.endswith(".py") and n[:-3].isidentifier()}
            )
            close = close_match(part, names)
            if close:
                near = ".".join(parts[:-1] + [close])
                fix = "did you mean %s? set Handler to %s.%s, or create %s.py" % (near, near, func, rel)
            req.add(HANDLER, rule, fix)
            return None
        if i < len(parts) - 1 and spec.kind == "module":
            req.add(
                HANDLER,
                "handler module %s needs %s to be a package, but %s is a module"
                % (module, ".".join(parts[:i + 1]), display(req, spec.file)),
                "make %s/ a folder holding %s.py, or correct Handler" % (rel, "/".join(parts[i + 1:])),
            )
            return None
        folders = spec.path
    if spec.kind == "namespace":
        rel = "/".join(parts)
        req.add(
            HANDLER,
            "handler module %s is the folder %s without an __init__.py, so it holds no code"
            % (module, display(req, spec.path[0])),
            "put the handler in %s.py or %s/__init__.py, or correct Handler" % (rel, rel),
        )
        return None
    return spec


def parse(req, path):
    """The ast of the source at path for the function's Python version, or
    None after adding a problem."""
    shown = display(req, path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        _deps[("file", path)] = ""  # matches no contents: the answer is not reused
        req.add(ENTRY, "%s cannot be read: %s" % (shown, e.strerror or e), "make it a readable file")
        return None
    _deps[("file", path)] = hashlib.sha256(data).hexdigest()
    lines = iter(data.splitlines(keepends=True))
    try:
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
    except SyntaxError as e:
        req.add(
            ENTRY,
            "%s:1: %s" % (shown, e.msg if hasattr(e, "msg") else e),
            "declare a known encoding (# -*- coding: utf-8 -*-) or none; UTF-8 is the default",
        )
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        req.add(
            ENTRY,
            "%s:%d: the file is not valid %s (byte 0x%02x)" % (shown, line, encoding, data[e.start]),
            "save it as UTF-8, or declare its encoding on line 1 or 2 (# -*- coding: latin-1 -*-)",
        )
        return None
    if "\0" in text:
        line = text[:text.index("\0")].count("\n") + 1
        req.add(
            ENTRY,
            "%s:%d: the file holds a null byte" % (shown, line),
            "remove it: Python cannot import a source with null bytes",
        )
        return None
    fix = "correct the code: the module must parse on Python %s, the function's runtime" % req.version_text
    try:
        return ast.parse(text, filename=shown, feature_version=req.version)
    except SyntaxError as e:
        where = "%s:%s" % (shown, e.lineno) if e.lineno else shown
        req.add(ENTRY, "%s: syntax error for Python %s: %s" % (where, req.version_text, e.msg), fix)
    except RecursionError:
        req.add(ENTRY, "%s: too deeply nested for the Python parser" % shown, fix)
    return None


def static_test(test, version):
    """The value of an if test that is known before the module runs: False
    for TYPE_CHECKING, and comparisons of sys.version_info with a tuple
    against the function's version. None when it is not known."""
    if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
        return False
    if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
        return False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        value = static_test(test.operand, version)
        return None if value is None else not value
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, right = test.left, test.comparators[0]
    is_version = (
        isinstance(left, ast.Attribute)
        and left.attr == "version_info"
        and isinstance(left.value, ast.Name)
        and left.value.id == "sys"
    )
    if not is_version or not isinstance(right, ast.Tuple):
        return None
    values = [e.value for e in right.elts if isinstance(e, ast.Constant) and isinstance(e.value, int)]
    if len(values) != len(right.elts) or not values:
        return None
    if len(values) > 2 and tuple(values[:2]) == version:
        return None  # decided by the patch release
    # version_info is longer than any tuple of two, so it compares greater
    # than its own (major, minor).
    actual = version + (0,)
    ops = {
        ast.Lt: actual < tuple(values[:2]),
        ast.LtE: actual <= tuple(values[:2]),
        ast.Gt: actual > tuple(values[:2]),
        ast.GtE: actual >= tuple(values[:2]),
    }
    return ops.get(type(test.ops[0]))


def names_in(node, exception_names):
    if isinstance(node, ast.Tuple):
        return any(names_in(e, exception_names) for e in node.elts)
    if isinstance(node, ast.Name):
        return node.id in exception_names
    if isinstance(node, ast.Attribute):
        return node.attr in exception_names
    return False


def catches_import(handler):
    return handler.type is None or names_in(handler.type, IMPORT_ERRORS)


def suppresses_import(item):
    """with contextlib.suppress(ImportError): ..."""
    call = item.context_expr
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name == "suppress" and any(names_in(a, IMPORT_ERRORS) for a in call.args)


def module_level(body, version, guarded=False):
    """Yield (statement, guarded) for every statement that runs when the
    module loads: the body and the blocks of its compound statements, but
    not the bodies of functions and classes, nor blocks that never run on
    the target version. guarded is true inside a try whose except catches
    ImportError."""
    for node in body:
        yield node, guarded
        if isinstance(node, ast.If):
            value = static_test(node.test, version)
            if value is not False:
                yield from module_level(node.body, version, guarded)
            if value is not True:
                yield from module_level(node.orelse, version, guarded)
        elif isinstance(node, TRY_NODES):
            catches = any(catches_import(h) for h in node.handlers)
            yield from module_level(node.body, version, guarded or catches)
            for h in node.handlers:
                yield from module_level(h.body, version, guarded)
            yield from module_level(node.orelse, version, guarded)
            yield from module_level(node.finalbody, version, guarded)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            inner = guarded or any(suppresses_import(i) for i in node.items)
            yield from module_level(node.body, version, inner)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            yield from module_level(node.body, version, guarded)
            yield from module_level(node.orelse, version, guarded)
        elif hasattr(ast, "Match") and isinstance(node, ast.Match):
            for case in node.cases:
                yield from module_level(case.body, version, guarded)


def target_names(target):
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for e in target.elts:
            yield from target_names(e)
    elif isinstance(target, ast.Starred):
        yield from target_names(target.value)


def bindings(node):
    """(name, kind) for each module-level name node binds; kind is "def",
    "async", "class", "import", "star" or "assign"."""
    if isinstance(node, ast.FunctionDef):
        yield node.name, "def"
    elif isinstance(node, ast.AsyncFunctionDef):
        yield node.name, "async"
    elif isinstance(node, ast.ClassDef):
        yield node.name, "class"
    elif isinstance(node, ast.Assign):
        for t in node.targets:
            for name in target_names(t):
                yield name, "assign"
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        if not (isinstance(node, ast.AnnAssign) and node.value is None):
            for name in target_names(node.target):
                yield name, "assign"
    elif isinstance(node, ast.Import):
        for a in node.names:
            yield a.asname or a.name.split(".")[0], "import"
    elif isinstance(node, ast.ImportFrom):
        for a in node.names:
            yield (a.asname or a.name), ("star" if a.name == "*" else "import")
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        for name in target_names(node.target):
            yield name, "assign"
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if item.optional_vars is not None:
                for name in target_names(item.optional_vars):
                    yield name, "assign"


def check_function(req, tree, parts, func, shown):
    module = ".".join(parts)
    kinds = []
    functions = []
    star = False
    for node, _ in module_level(tree.body, req.version):
        for name, kind in bindings(node):
            if kind == "star":
                star = True
            if name == func:
                kinds.append((kind, node))
            if kind in ("def", "async") and name not in functions:
                functions.append(name)
    if kinds:
        if all(kind == "async" for kind, _ in kinds):
            node = kinds[0][1]
            req.add(
                HANDLER,
                "%s:%d: handler %s is an async def: the Lambda Python runtime calls it without "
                "await, so every invocation fails on the coroutine it returns" % (shown, node.lineno, func),
                "make %s a plain def that runs the coroutine with asyncio.run()" % func,
            )
        return
    if star or "__getattr__" in functions:
        return  # from x import * or a module __getattr__ may provide it
    listed = ", ".join(functions) if functions else "none"
    rule = "%s defines no %s at module level (its module-level functions: %s)" % (shown, func, listed)
    close = close_match(func, functions)
    if close:
        fix = "did you mean %s? set Handler to %s.%s, or define %s" % (close, module, close, func)
    else:
        fix = "define def %s(event, context) at module level in %s, or correct Handler" % (func, shown)
    req.add(HANDLER, rule, fix)


def package_of(parts, spec):
    """The package that relative imports in the module start from."""
    return list(parts) if spec.kind == "package" else list(parts[:-1])


def check_relative(req, node, package, shown):
    """Add problems for a relative import that fails on any runtime, and
    (on Lambda@Edge) for one whose module is not in the bundle."""
    text = "from %s%s import ..." % ("." * node.level, node.module or "")
    fix = "import it by its absolute name, or correct the dots"
    if not package:
        req.add(
            ENTRY,
            "%s:%d: %s is a relative import in a top-level module: it fails with "
            '"attempted relative import with no known parent package"' % (shown, node.lineno, text),
            fix,
        )
        return
    if node.level > len(package):
        req.add(
            ENTRY,
            "%s:%d: %s goes above the top-level package %s" % (shown, node.lineno, text, package[0]),
            fix,
        )
        return
    if not req.edge:
        return
    base = package[:len(package) - node.level + 1]
    base_spec = find_dotted(req.search, base)
    if base_spec is None:
        return  # the handler's own package: found already
    if node.module:
        spec = find_dotted(base_spec.path, node.module.split("."))
        missing = None if spec else ".".join(base + [node.module])
    else:
        missing = None
        if base_spec.kind == "namespace":
            for a in node.names:
                if find(base_spec.path, a.name) is None:
                    missing = ".".join(base + [a.name])
                    break
    if missing:
        req.add(
            ENTRY,
            "%s:%d: %s: there is no module %s in the bundle" % (shown, node.lineno, text, missing),
            "add %s.py to the function's folder, or remove the import" % missing.replace(".", "/"),
        )


def check_imports(req, tree, parts, spec, shown):
    """Relative imports everywhere, and on Lambda@Edge the module-level
    imports that neither the standard library nor the bundle provides."""
    package = package_of(parts, spec)
    seen = set()
    for node, guarded in module_level(tree.body, req.version):
        if guarded:
            continue
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                check_relative(req, node, package, shown)
                continue
            names = [node.module]
        if not req.edge:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in seen or top in sys.stdlib_module_names:
                continue
            seen.add(top)
            if find(req.search, top) is None:
                req.add(
                    ENTRY,
                    "%s:%d: imports %s, which is neither in the standard library nor in the bundle "
                    "(Lambda@Edge has no layers)" % (shown, node.lineno, top),
                    "add the distribution that provides %s to requirements.txt so pylambda bundles it, "
                    "or remove the import" % top,
                )


def check_tracer(req, tree, shown):
    """On Lambda@Edge, refuse every use of the Powertools Tracer."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname and a.name == POWERTOOLS:
                    aliases.add(a.asname)
                elif not a.asname and (a.name == POWERTOOLS or a.name.startswith(POWERTOOLS + ".")):
                    aliases.add(POWERTOOLS)
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == TRACING or a.name.startswith(TRACING + "."):
                    uses.append((node.lineno, "import %s" % a.name))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == TRACING or node.module.startswith(TRACING + "."):
                uses.append((node.lineno, "from %s import ..." % node.module))
            elif node.module == POWERTOOLS:
                for a in node.names:
                    if a.name in ("Tracer", "tracing"):
                        uses.append((node.lineno, "from %s import %s" % (POWERTOOLS, a.name)))
        elif isinstance(node, ast.Attribute) and node.attr in ("Tracer", "tracing"):
            if isinstance(node.value, ast.Name) and node.value.id in aliases:
                uses.append((node.lineno, "%s.%s" % (node.value.id, node.attr)))
    for line, text in sorted(set(uses)):
        req.add(
            ENTRY,
            "%s:%d: %s uses the Powertools Tracer: Lambda@Edge bundles no X-Ray SDK, "
            "so Tracer() fails when the module loads" % (shown, line, text),
            "remove the Tracer; Lambda@Edge supports no X-Ray tracing",
        )


def check(req):
    """Add the problems of one function to req."""
    if kind(req.entry) != "d":
        req.add(
            ENTRY,
            "the function's folder %s does not exist or is not a folder" % req.entry,
            "point Entry at the folder holding the handler module",
        )
        return
    split = split_handler(req)
    if split is None:
        return
    parts, func = split
    spec = locate_handler(req, parts)
    if spec is None or not spec.file.endswith(".py"):
        return  # compiled modules cannot be read
    shown = display(req, spec.file)
    tree = parse(req, spec.file)
    if tree is None:
        return
    check_function(req, tree, parts, func, shown)
    check_imports(req, tree, parts, spec, shown)
    if req.edge:
        check_tracer(req, tree, shown)


def run(document):
    """The results of one round trip."""
    cwd = document.get("cwd")
    if cwd:
        os.chdir(cwd)  # relative paths are the caller's
    _listings.clear()
    results = []
    for raw in document["requests"]:
        _deps.clear()
        req = Request(raw)
        check(req)
        deps = [[k, path, fingerprint] for (k, path), fingerprint in _deps.items()]
        results.append({"problems": req.problems, "deps": deps})
    return results


def main():
    # Warnings of the parser (an invalid escape sequence in a function's
    # source) would only pile up on stderr.
    warnings.simplefilter("ignore")
    stdout = sys.stdout.buffer
    for line in sys.stdin.buffer:
        try:
            answer = {"results": run(json.loads(line))}
        except Exception as e:
            answer = {"error": "%s: %s" % (type(e).__name__, e)}
        try:
            stdout.write(json.dumps(answer).encode("ascii") + b"\n")
            stdout.flush()
        except BrokenPipeError:
            return  # pycheck is gone


if __name__ == "__main__":
    main()
