"""Find the modules of a Lambda bundle that its entry modules can import.

Part of pylambda's trim package: doc.go states the rules. The Go code runs it
with the local Python as ``python -I - REQUEST``, this script on standard
input, where REQUEST is JSON::

    {"root": "/bundle", "entries": ["app"], "keep": ["pkg"],
     "provided": ["boto3"], "version": "3.11"}

and reads the answer, JSON too, from standard output. Modules are parsed with
ast, never imported nor run.
"""

import ast
import json
import os
import re
import sys

# Standard modules that a newer local Python no longer lists, by the version
# that removed them.
REMOVED = {
    (3, 12): ("asynchat", "asyncore", "distutils", "imp", "smtpd"),
    (3, 13): (
        "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3",
        "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr",
        "spwd", "sunau", "telnetlib", "uu", "xdrlib",
    ),
}

# Extension modules are name.cpython-311-x86_64-linux-gnu.so or name.abi3.so;
# a bare name.so is taken for a library loaded by path (ctypes), so for data.
EXTENSION = re.compile(r"^(\w+)\.(?:cpython-[^.]+|abi3)\.so$")

IMPORT_CALLS = {
    "importlib.import_module",
    "importlib.util.find_spec",
    "importlib.__import__",
    "builtins.__import__",
    "runpy.run_module",
}
DUNDER_IMPORTS = {"importlib.__import__", "builtins.__import__"}
PACKAGE_CALLS = {"importlib.import_module", "importlib.util.find_spec"}  # (name, package)
LISTING_CALLS = {"pkgutil.iter_modules", "pkgutil.walk_packages"}
# Calls that load modules named in metadata, or from files by path.
UNDECIDABLE_CALLS = {
    "importlib.metadata.entry_points",
    "importlib_metadata.entry_points",
    "pkg_resources.iter_entry_points",
    "importlib.util.spec_from_file_location",
    "importlib.machinery.SourceFileLoader",
    "importlib.machinery.SourcelessFileLoader",
    "importlib.machinery.ExtensionFileLoader",
    "runpy.run_path",
    "site.addsitedir",
    "zipimport.zipimporter",
}
NAMESPACE_CALLS = {"builtins.globals", "builtins.locals", "builtins.vars"}
MUTATORS = {"insert", "append", "extend", "update", "setdefault", "__setitem__"}
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
BUILTINS = {"__import__", "globals", "locals", "vars", "__name__", "isinstance", "issubclass"}
TYPE_CHECKING = {"typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING"}
# Lambda runs on Linux.
CONSTANTS = {"sys.platform": "linux", "os.name": "posix"}
# When a site is decided several ways (a helper called with several
# arguments), the least decidable wins.
RANK = {
    "literal": 0, "prefix": 1, "path": 1, "extension": 1, "hook": 1,
    "forward": 2, "kept": 3, "undecidable": 4,
}


class Bundle:
    """The modules a bundle folder holds, by dotted name."""

    def __init__(self, root):
        self.root = root
        self.modules = {}  # name -> relative slash path of its file
        self.packages = set()  # regular packages (with __init__)
        self.namespaces = set()  # folders without __init__
        self._scan(root, "")

    def _scan(self, folder, prefix):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name.isidentifier() and entry.name != "__pycache__":
                    self._package(entry.path, prefix + entry.name)
                continue
            stem = module_stem(entry.name)
            name = prefix + (stem or "")
            if not stem or stem == "__init__" or name in self.packages:
                continue  # a package wins over a module
            current = self.modules.get(name)
            if current is None or (current.endswith(".py") and not entry.name.endswith(".py")):
                self.modules[name] = self._rel(entry.path)  # an extension wins over source

    def _package(self, path, name):
        inits = [f for f in sorted(os.listdir(path)) if module_stem(f) == "__init__"]
        if inits:
            init = next((f for f in inits if not f.endswith(".py")), inits[0])
            self.modules[name] = self._rel(os.path.join(path, init))
            self.packages.add(name)
        else:
            self.namespaces.add(name)
        self._scan(path, name + ".")

    def _rel(self, path):
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def found(self, name):
        return name in self.modules or name in self.namespaces

    def under(self, prefix):
        """The modules whose dotted name starts with prefix."""
        return sorted(m for m in self.modules if m.startswith(prefix))


def module_stem(filename):
    """The module name a file in a package folder defines, or None."""
    if filename.endswith(".py"):
        stem = filename[:-3]
    else:
        match = EXTENSION.match(filename)
        stem = match.group(1) if match else ""
    return stem if stem.isidentifier() else None


def parents(name):
    """The parent packages of a dotted name, outermost first."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


class Module:
    """One parsed module and what its names refer to."""

    def __init__(self, name, rel, tree, source, package):
        self.name = name
        self.rel = rel
        self.package = name if package else name.rpartition(".")[0]
        self.tree = tree
        self.source = source
        self.bindings = {}  # local name -> qualified name, from every import
        self.defined = set()  # names bound at module level
        self.assigned = {}  # module-level name -> value expressions (None: not a plain name)
        self.all = None  # __all__, when it is a literal list or tuple of strings
        self.refs = []  # (qualified name, node, call or None, context)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.bindings[alias.asname] = alias.name
                    else:
                        top = alias.name.partition(".")[0]
                        self.bindings[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = self.absolute(node.module, node.level)
                for alias in node.names:
                    if base is not None and alias.name != "*":
                        self.bindings[alias.asname or alias.name] = base + "." + alias.name
        self._top_level(tree.body)

    def _top_level(self, body):
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(stmt.name)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            self.defined.add(name.id)
                            value = stmt.value if target is name else None
                            self.assigned.setdefault(name.id, []).append(value)
                    if isinstance(target, ast.Name) and target.id == "__all__":
                        self.all = literal_strings(stmt.value)
            elif isinstance(stmt, (ast.If, ast.Try, ast.With)) or type(stmt).__name__ == "TryStar":
                for field in ("body", "orelse", "finalbody"):
                    self._top_level(getattr(stmt, field, []))
                for handler in getattr(stmt, "handlers", []):
                    self._top_level(handler.body)

    def absolute(self, module, level):
        """The absolute name of a from-import, None beyond the top level."""
        if level == 0:
            return module
        base = self.package
        for _ in range(level - 1):
            base = base.rpartition(".")[0]
        if not base:
            return None
        return base + "." + module if module else base

    def qualified(self, node):
        """The dotted name an expression refers to, or None."""
        if isinstance(node, ast.Name):
            if node.id in self.bindings:
                return self.bindings[node.id]
            if node.id in self.defined:
                return self.name + "." + node.id
            if node.id in BUILTINS:
                return "builtins." + node.id
            return None
        if isinstance(node, ast.Attribute):
            base = self.qualified(node.value)
            return base + "." + node.attr if base else None
        return None

    def text(self, node):
        """The source of node on one line, shortened."""
        segment = ast.get_source_segment(self.source, node) or ast.unparse(node)
        segment = " ".join(segment.split())
        return segment if len(segment) <= 100 else segment[:97] + "..."


class Context:
    """Where a node is: its module, the enclosing definitions (outermost
    first), whether an except clause around it catches ImportError, and
    whether it runs whenever its module is imported."""

    def __init__(self, module, defs, guarded, unconditional):
        self.module = module
        self.defs = defs
        self.guarded = guarded
        self.unconditional = unconditional

    def top(self):
        return self.defs[0] if self.defs else None

    def inside(self, module, name):
        return self.module == module and bool(self.defs) and self.defs[0].name == name

    def lazy(self, guarded):
        """The context of an import that a call here may make later."""
        return Context(self.module, self.defs, guarded, False)


class Analysis:
    """The module graph of a bundle, walked from its entry modules."""

    def __init__(self, request):
        self.bundle = Bundle(request["root"])
        self.version = tuple(int(p) for p in request["version"].split("."))[:2]
        self.present = set(sys.stdlib_module_names) | set(request["provided"])
        for removed, names in REMOVED.items():
            if self.version < removed <= sys.version_info[:2]:
                self.present.update(names)
        self.keep = request["keep"]
        self.reached = {}  # name -> its Module once visited, else None
        self.queue = []
        self.parsed = {}  # name -> Module, None without source
        self.imports = {}  # name -> the imports its module makes
        self.helpers = {}  # (module, name) -> (index, name) of the parameter, None for a class
        self.sites = {}  # (file, line, text) -> site
        self.errors = {}  # name -> why its source cannot be parsed
        self.missing = []  # entries not in the bundle
        self.missing_keep = []  # Keep names not in the bundle

    def run(self, entries):
        for name in entries:
            if name in self.bundle.modules:
                self.reach(name)
            else:
                self.missing.append(name)
        for name in self.keep:
            whole = self.whole(name)
            if not whole:
                self.missing_keep.append(name)
            for module in whole:
                self.reach(module)
        while self.queue:
            self.visit(self.queue.pop())

    def whole(self, name):
        return self.bundle.under(name + ".") + ([name] if name in self.bundle.modules else [])

    def reach(self, name):
        """Follow a module and its parent packages."""
        for module in parents(name) + [name]:
            if module in self.bundle.modules and module not in self.reached:
                self.reached[module] = None
                self.queue.append(module)

    def kept_whole(self, name):
        return any(name == k or name.startswith(k + ".") for k in self.keep)

    def module(self, name):
        """The parsed module name of the bundle, None without source."""
        if name in self.parsed:
            return self.parsed[name]
        rel = self.bundle.modules[name]
        self.parsed[name] = None
        if not rel.endswith(".py"):
            return None
        with open(os.path.join(self.bundle.root, rel), "rb") as f:
            source = f.read()
        try:
            tree = ast.parse(source, rel, feature_version=self.version)
        except (SyntaxError, ValueError) as e:
            self.errors[name] = {
                "file": rel,
                "line": getattr(e, "lineno", None) or 0,
                "message": getattr(e, "msg", None) or str(e),
            }
            return None
        text = source.decode("utf-8", "replace")
        self.parsed[name] = Module(name, rel, tree, text, name in self.bundle.packages)
        return self.parsed[name]

    def visit(self, name):
        rel = self.bundle.modules[name]
        if not rel.endswith(".py"):
            # A compiled module: its imports cannot be read.
            whole = self.whole(name.partition(".")[0])
            self.record(name, 0, None, whole, None, Context(name, [], False, False))
            self.site(name, rel, 0, "compiled module", "extension", whole)
            return
        module = self.module(name)
        if module is None:
            return  # a syntax error, reported if the module is kept
        self.reached[name] = module
        Visitor(self, module).visit(module.tree)
        for ref in module.refs:
            self.match(module, ref)

    def record(self, name, line, base, subs, absent, context):
        """Note an import: base must import for it to succeed, subs may be
        imported too, absent is a module it needs that is nowhere."""
        self.imports.setdefault(name, []).append({
            "line": line, "base": base, "subs": subs, "absent": absent,
            "guarded": context.guarded, "unconditional": context.unconditional,
        })
        for module in ([base] if base else []) + subs:
            self.reach(module)

    def want(self, module, name, line, context, names=()):
        """import name, or from name import names (each may be a
        submodule); True when name is in the bundle."""
        if not self.bundle.found(name):
            top = name.partition(".")[0]
            if top not in self.present or self.bundle.found(top):
                self.record(module.name, line, None, [], name, context)
            return False
        subs = []
        for sub in names:
            if sub == "*":
                parsed = self.module(name) if name in self.bundle.modules else None
                subs += [name + "." + p for p in (parsed.all if parsed and parsed.all else [])]
            else:
                subs.append(name + "." + sub)
        subs = [s for s in subs if self.bundle.found(s)]
        self.record(module.name, line, name, subs, None, context)
        return True

    def static(self, module, test):
        """True or False for a test whose value is known on Lambda (type
        checking, Python version, platform, __name__), else None."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            value = self.static(module, test.operand)
            return None if value is None else not value
        if isinstance(test, ast.BoolOp):
            values = [self.static(module, v) for v in test.values]
            decisive = isinstance(test.op, ast.Or)
            if decisive in values:
                return decisive
            return None if None in values else not decisive
        if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
            return False
        if module.qualified(test) in TYPE_CHECKING:
            return False
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            return self.compare(module, test.left, test.ops[0], test.comparators[0])
        if (
            isinstance(test, ast.Call)
            and isinstance(test.func, ast.Attribute)
            and test.func.attr == "startswith"
            and module.qualified(test.func.value) == "sys.platform"
            and len(test.args) == 1
            and isinstance(literal(test.args[0]), (str, tuple))
        ):
            return CONSTANTS["sys.platform"].startswith(literal(test.args[0]))
        return None

    def compare(self, module, left, op, right):
        right = literal(right)
        if right is None or type(op) not in OPERATORS:
            return None
        qualified = module.qualified(left)
        if qualified == "builtins.__name__":
            # Lambda imports the handler's module: never as "__main__".
            if right != "__main__" or type(op) not in (ast.Eq, ast.NotEq):
                return None
            return isinstance(op, ast.NotEq)
        if qualified in CONSTANTS:
            values = [CONSTANTS[qualified]]
        else:
            # The micro version is unknown: decided only when it does not matter.
            values = [self.version_value(module, left, micro) for micro in (0, 99)]
        if None in values:
            return None
        try:
            results = {OPERATORS[type(op)](value, right) for value in values}
        except TypeError:
            return None
        return results.pop() if len(results) == 1 else None

    def version_value(self, module, node, micro):
        version = self.version + (micro, "final", 0)
        qualified = module.qualified(node)
        if qualified == "sys.version_info":
            return version
        if qualified in ("sys.version_info.major", "sys.version_info.minor"):
            return version[0 if qualified.endswith("major") else 1]
        if isinstance(node, ast.Subscript) and module.qualified(node.value) == "sys.version_info":
            index = node.slice
            if isinstance(index, ast.Slice) and index.lower is None and index.step is None:
                upper = literal(index.upper)
                return version[:upper] if isinstance(upper, int) else None
            position = literal(index)
            return version[position] if isinstance(position, int) else None
        return None

    # Dynamic imports.

    def site(self, name, rel, line, text, rule, modules, helper=""):
        """Note a dynamic import and the modules it can import."""
        if rule == "undecidable" and self.kept_whole(name):
            rule = "kept"
        site = self.sites.setdefault((rel, line, text), {
            "module": name, "file": rel, "line": line, "call": text,
            "rule": rule, "modules": [], "helper": helper,
        })
        if RANK[rule] > RANK[site["rule"]]:
            site["rule"] = rule
            site["helper"] = helper or site["helper"]
        found = {m for m in modules if m in self.bundle.modules}
        site["modules"] = sorted(set(site["modules"]) | found)

    def mark(self, module, node, rule):
        """Note a dynamic import at node that keeps nothing itself."""
        self.site(module.name, module.rel, node.lineno, module.text(node), rule, [])

    def decide(self, module, node, arg, package, context):
        """Decide the dynamic import at node of the module arg names; return
        the module name when it is a literal."""
        line, text = node.lineno, module.text(node)
        value = self.string(module, arg)
        if value is not None:
            kind, name = value
            if name.startswith("."):
                dots = len(name) - len(name.lstrip("."))
                anchor = self.anchor(module, package) or ""
                for _ in range(dots - 1):
                    anchor = anchor.rpartition(".")[0]
                if not anchor:
                    self.mark(module, node, "undecidable")
                    return None
                rest = name[dots:]
                name = anchor + "." + rest if rest or kind == "prefix" else anchor
            if kind == "literal":
                found = self.want(module, name, line, context)
                self.site(module.name, module.rel, line, text, "literal", [name] if found else [])
                return name
            if name:
                matches = self.bundle.under(name)
                self.record(module.name, line, None, matches, None, context)
                self.site(module.name, module.rel, line, text, "prefix", matches)
                return None
        helper = self.forwarded(module, arg, context)
        if helper is None:
            self.mark(module, node, "undecidable")
            return None
        key, parameter = helper
        self.site(module.name, module.rel, line, text, "forward", [], key[0] + "." + key[1])
        if key not in self.helpers:
            self.helpers[key] = parameter
            for other in list(self.reached.values()):
                for ref in other.refs if other is not None else []:
                    self.match(other, ref)
        return None

    def listing(self, module, node, context):
        """pkgutil.iter_modules(path): a package listing its own folder is
        kept whole; any other listing is undecidable."""
        line, text = node.lineno, module.text(node)
        path = argument(node, 0, "path")
        package = None
        for sub in ast.walk(path) if path is not None else []:
            if isinstance(sub, ast.Name) and sub.id in ("__path__", "__file__"):
                package = module.package
            elif isinstance(sub, ast.Attribute) and sub.attr == "__path__":
                qualified = module.qualified(sub.value)
                if qualified in self.bundle.packages:
                    package = qualified
        if not package:
            self.mark(module, node, "undecidable")
            return
        whole = self.whole(package)
        self.record(module.name, line, None, whole, None, context)
        self.site(module.name, module.rel, line, text, "path", whole)

    def anchor(self, module, package):
        """The package a relative dynamic import is resolved against."""
        if isinstance(package, ast.Name) and package.id == "__name__":
            return module.name
        if isinstance(package, ast.Name) and package.id == "__package__":
            return module.package
        if (
            isinstance(package, ast.Attribute)
            and package.attr == "parent"
            and isinstance(package.value, ast.Name)
            and package.value.id == "__spec__"
        ):
            return module.package
        value = self.string(module, package) if package is not None else None
        return value[1] if value and value[0] == "literal" else None

    def string(self, module, node, depth=0):
        """("literal", s) or ("prefix", s) for a string expression, else None."""
        if depth > 8:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return "literal", node.value
        if isinstance(node, ast.JoinedStr):
            text = ""
            for part in node.values:
                if isinstance(part, ast.Constant):
                    text += part.value
                    continue
                value = None
                if part.conversion == -1 and part.format_spec is None:
                    value = self.string(module, part.value, depth + 1)
                if value is None:
                    return "prefix", text
                if value[0] == "prefix":
                    return "prefix", text + value[1]
                text += value[1]
            return "literal", text
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.string(module, node.left, depth + 1)
            if left is None or left[0] == "prefix":
                return left
            right = self.string(module, node.right, depth + 1)
            if right is None:
                return "prefix", left[1]
            return right[0], left[1] + right[1]
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(literal(node.left), str)
        ):
            return "prefix", node.left.value.partition("%")[0]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(literal(node.func.value), str)
        ):
            return "prefix", node.func.value.value.partition("{")[0]
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self.constant(module.qualified(node), depth)
        return None

    def constant(self, qualified, depth):
        """The value of a module-level string constant, assigned once."""
        target = self.resolve(qualified)
        owner = self.module(target[0]) if target else None
        values = owner.assigned.get(target[1], []) if owner else []
        if len(values) != 1 or values[0] is None:
            return None
        value = self.string(owner, values[0], depth + 1)
        return value if value and value[0] == "literal" else None

    def resolve(self, qualified, depth=0):
        """(module, name) of a module-level name of the bundle, following
        re-exports (from .a import name), else None."""
        if not qualified or depth > 8:
            return None
        module, _, name = qualified.rpartition(".")
        if module not in self.bundle.modules:
            return None
        owner = self.module(module)
        if owner is not None and name in owner.bindings and name not in owner.assigned:
            target = owner.bindings[name]
            if target != qualified and target.rpartition(".")[0] in self.bundle.modules:
                return self.resolve(target, depth + 1)
        return module, name

    def forwarded(self, module, arg, context):
        """The helper whose callers choose the module arg names, with the
        parameter they pass it in (None for a class), else None.

        arg must be a parameter of a module-level function that the
        function never rebinds, or self.attr in a method of a module-level
        class whose methods assign that attribute only from their parameters
        (or never: a base class constructor sets it).
        """
        top = context.top()
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and isinstance(arg, ast.Name):
            names = parameters(top)
            shadowed = any(arg.id in parameters(d) for d in context.defs[1:])
            if arg.id in names and not shadowed and arg.id not in stored(top):
                return (module.name, top.name), (names.index(arg.id), arg.id)
            return None
        if (
            isinstance(top, ast.ClassDef)
            and len(context.defs) == 2
            and isinstance(arg, ast.Attribute)
            and isinstance(arg.value, ast.Name)
        ):
            names = parameters(context.defs[1])
            if names and arg.value.id == names[0] and assigned_from_parameters(top, arg.attr):
                return (module.name, top.name), None
        return None

    def match(self, module, ref):
        """Decide a reference to a helper: each call is a site itself."""
        qualified, node, call, context = ref
        target = self.resolve(qualified) if self.helpers else None
        if target is None or target not in self.helpers or context.inside(*target):
            return
        if call is None:
            self.mark(module, node, "undecidable")
            return
        if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        ):
            self.mark(module, call, "undecidable")
            return
        parameter = self.helpers[target]
        if parameter is None:
            args = list(call.args) + [k.value for k in call.keywords]
        else:
            index, name = parameter
            args = [k.value for k in call.keywords if k.arg == name]
            if index < len(call.args):
                args = [call.args[index]]
        for arg in args:
            if isinstance(arg, ast.Constant) and not isinstance(arg.value, str):
                continue
            if isinstance(arg, ast.Call) and module.qualified(arg.func) in NAMESPACE_CALLS:
                continue
            self.decide(module, call, arg, None, context.lazy(context.guarded))

    # The modules kept.

    def targets(self, i):
        """The reached modules an import can run: its targets and their
        parent packages."""
        names = ([i["base"]] if i["base"] else []) + i["subs"]
        return {p for n in names for p in parents(n) + [n] if p in self.reached}

    def failing(self):
        """The reached modules whose import fails on Lambda, each with the
        absent module it needs and its window: the modules whose code can
        run while it is half-imported. An import of a failing module fails
        unless it runs in that window, where it gets the half-imported one.

        A module fails when its top level imports, unconditionally and
        outside a try that catches ImportError, a module that is nowhere (in
        the bundle, the standard library or the runtime), or a failing
        module from outside the latter's window; or when its parent package
        fails. Its window is what the imports up to the failing line can
        run, its ancestors aside (they are imported before it); a module
        failing for its parent has the parent's window. Import hooks can
        provide modules that are nowhere: with one, no module fails.
        """
        if any(s["rule"] == "hook" for s in self.sites.values()):
            return {}
        graph = {m: set() for m in self.reached}
        for name, imports in self.imports.items():
            for i in imports:
                graph[name] |= self.targets(i)
        failing = {}
        changed = True
        while changed:
            changed = False
            for name in sorted(self.reached):
                cause = self.cause(name, failing)
                if cause is None:
                    continue
                missing, line, parent = cause
                if parent:
                    window = failing[parent][1]
                else:
                    before = [self.targets(i) for i in self.imports[name] if i["line"] <= line]
                    window = closure(set().union(*before), graph, set(parents(name)) | {name})
                if failing.get(name) != (missing, window):
                    failing[name] = (missing, window)
                    changed = True
        return failing

    def cause(self, name, failing):
        """Why name fails: (absent module, line, None), (absent module,
        None, failing parent), or None when it does not."""
        for parent in parents(name):
            if parent in failing:
                return failing[parent][0], None, parent
        for i in sorted(self.imports.get(name, []), key=lambda i: i["line"]):
            if not i["unconditional"] or i["guarded"]:
                continue
            if i["absent"]:
                return i["absent"], i["line"], None
            if i["base"] in failing and name not in failing[i["base"]][1]:
                return failing[i["base"]][0], i["line"], None
        return None

    def kept(self, entries):
        """The modules the entries can import, and the imports that fail."""
        failing = self.failing()

        def fails(importer, target):
            return target in failing and importer not in failing[target][1]

        kept = set()
        queue = [m for m in entries if m in self.bundle.modules]
        for name in self.keep:
            queue += self.whole(name)
        unresolved = {}
        while queue:
            name = queue.pop()
            if name in kept:
                continue
            kept.add(name)
            queue += parents(name)
            for i in self.imports.get(name, []):
                if i["absent"] or fails(name, i["base"]):
                    target = i["absent"] or i["base"]
                    key = (target, self.bundle.modules[name], i["line"])
                    missing = i["absent"] or failing[i["base"]][0]
                    guarded = unresolved.get(key, {"guarded": True})["guarded"] and i["guarded"]
                    unresolved[key] = {"missing": missing, "guarded": guarded}
                    continue
                targets = [i["base"]] + i["subs"]
                queue += [m for m in targets if m in self.bundle.modules and not fails(name, m)]
        return kept & set(self.bundle.modules), unresolved

    def answer(self, entries):
        def by_place(item):
            (module, file, line), _ = item
            return file, line, module

        kept, unresolved = self.kept(entries)
        sites = []
        for key in sorted(self.sites):
            site = self.sites[key]
            if site["module"] in kept:
                site["modules"] = [m for m in site["modules"] if m in kept]
                sites.append(site)
        return {
            "modules": [{"name": n, "file": self.bundle.modules[n]} for n in sorted(kept)],
            "moduleFiles": sorted(self.bundle.modules.values()),
            "unresolved": [
                {"module": m, "file": f, "line": n, **v}
                for (m, f, n), v in sorted(unresolved.items(), key=by_place)
            ],
            "sites": sites,
            "errors": [self.errors[n] for n in sorted(self.errors) if n in kept],
            "missing": self.missing,
            "missingKeep": self.missing_keep,
        }


OPERATORS = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


class Visitor(ast.NodeVisitor):
    """Walks one module: its imports at any depth, its dynamic imports and
    its references to module-level names of the bundle."""

    def __init__(self, analysis, module):
        self.analysis = analysis
        self.module = module
        self.defs = []
        self.guard = 0
        self.conditional = 0  # > 0 where code may not run on import

    def context(self):
        return Context(self.module.name, list(self.defs), self.guard > 0, self.conditional == 0)

    def maybe(self, nodes):
        """Visit code that may not run when the module is imported."""
        self.conditional += 1
        for node in nodes:
            self.visit(node)
        self.conditional -= 1

    def visit_FunctionDef(self, node):
        defaults = node.args.defaults + [d for d in node.args.kw_defaults if d]
        for expr in node.decorator_list + defaults:
            self.visit(expr)
        self.defs.append(node)
        self.maybe(node.body)
        self.defs.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        for expr in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(expr)
        self.defs.append(node)
        self.maybe([node.body])
        self.defs.pop()

    def visit_ClassDef(self, node):
        for expr in node.decorator_list + node.bases + [k.value for k in node.keywords]:
            self.visit(expr)
        self.defs.append(node)
        for stmt in node.body:
            self.visit(stmt)
        self.defs.pop()

    def visit_AnnAssign(self, node):
        # Annotations import nothing.
        self.visit(node.target)
        if node.value is not None:
            self.visit(node.value)

    def visit_If(self, node):
        value = self.analysis.static(self.module, node.test)
        if value is None:
            self.visit(node.test)
            self.maybe(node.body + node.orelse)
        else:
            for stmt in node.body if value else node.orelse:
                self.visit(stmt)

    def visit_For(self, node):
        self.visit(node.iter)
        self.maybe([node.target] + node.body + node.orelse)

    visit_AsyncFor = visit_For

    def visit_While(self, node):
        self.visit(node.test)
        self.maybe(node.body + node.orelse)

    def visit_With(self, node):
        # A context manager may suppress the exception of a failed import.
        for item in node.items:
            self.visit(item)
        self.maybe(node.body)

    visit_AsyncWith = visit_With

    def visit_Match(self, node):
        self.visit(node.subject)
        self.maybe(node.cases)

    def visit_Try(self, node):
        guarded = any(catches_import_error(h.type) for h in node.handlers)
        self.guard += guarded
        for stmt in node.body:
            self.visit(stmt)
        self.guard -= guarded
        self.maybe(node.handlers + node.orelse)
        for stmt in node.finalbody:
            self.visit(stmt)

    visit_TryStar = visit_Try

    def visit_Import(self, node):
        for alias in node.names:
            self.analysis.want(self.module, alias.name, node.lineno, self.context())

    def visit_ImportFrom(self, node):
        base = self.module.absolute(node.module, node.level)
        if base is None:
            name = "." * node.level + (node.module or "")
            self.analysis.record(self.module.name, node.lineno, None, [], name, self.context())
            return
        names = [alias.name for alias in node.names]
        self.analysis.want(self.module, base, node.lineno, self.context(), names)

    def visit_Assign(self, node):
        for target in node.targets:
            self.hook_assignment(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self.hook_assignment(node.target, node)
        self.generic_visit(node)

    def hook_assignment(self, target, node):
        if isinstance(target, ast.Subscript):
            target = target.value
        self.hook(self.module.qualified(target), node)

    def hook(self, qualified, node):
        """sys.path changes where imports look: undecidable. Import hooks
        and modules put in sys.modules can provide modules that are
        nowhere in the bundle."""
        module = self.module
        if qualified == "sys.path":
            self.analysis.mark(module, node, "undecidable")
        elif qualified in ("sys.meta_path", "sys.path_hooks", "sys.modules"):
            self.analysis.mark(module, node, "hook")

    def visit_Call(self, node):
        module, analysis = self.module, self.analysis
        qualified = module.qualified(node.func)
        if qualified in IMPORT_CALLS:
            self.dynamic_import(node, qualified)
        elif qualified in LISTING_CALLS:
            analysis.listing(module, node, self.context())
        elif qualified in UNDECIDABLE_CALLS:
            analysis.mark(module, node, "undecidable")
        elif isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            self.hook(module.qualified(node.func.value), node)
        if qualified is not None:
            self.reference(qualified, node.func, node)
        else:
            self.visit(node.func)
        skip = None
        if qualified in ("builtins.isinstance", "builtins.issubclass") and len(node.args) == 2:
            skip = node.args[1]  # a class tested for is not called
        for arg in node.args + [k.value for k in node.keywords]:
            if arg is not skip:
                self.visit(arg)

    def dynamic_import(self, node, qualified):
        name = argument(node, 0, "name")
        if name is None:
            return
        dunder = qualified in DUNDER_IMPORTS
        package = argument(node, 1, "package") if qualified in PACKAGE_CALLS else None
        if dunder:
            level = argument(node, 4, "level")
            if level is not None and literal(level) != 0:
                self.analysis.mark(self.module, node, "undecidable")
                return
        context = self.context()
        if qualified == "importlib.util.find_spec":
            context = context.lazy(True)  # finds, imports nothing: None when absent
        found = self.analysis.decide(self.module, node, name, package, context)
        fromlist = literal_strings(argument(node, 3, "fromlist")) if dunder else None
        if found and fromlist:
            self.analysis.want(self.module, found, node.lineno, context, fromlist)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            qualified = self.module.qualified(node)
            if qualified is not None:
                self.reference(qualified, node, None)

    def visit_Attribute(self, node):
        qualified = self.module.qualified(node) if isinstance(node.ctx, ast.Load) else None
        if qualified is not None:
            self.reference(qualified, node, None)
        else:
            self.visit(node.value)

    def reference(self, qualified, node, call):
        if self.analysis.bundle.found(qualified.partition(".")[0]):
            self.module.refs.append((qualified, node, call, self.context()))


def closure(start, graph, excluded):
    """The nodes reachable from start in graph, excluded ones aside."""
    seen = set()
    queue = [n for n in start if n not in excluded]
    while queue:
        node = queue.pop()
        if node in seen:
            continue
        seen.add(node)
        queue += [n for n in graph.get(node, ()) if n not in excluded and n not in seen]
    return frozenset(seen)


def argument(call, index, keyword):
    """The argument of call at position index or named keyword, else None."""
    starred = any(isinstance(a, ast.Starred) for a in call.args[: index + 1])
    if index < len(call.args) and not starred:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def literal(node):
    """The value of a literal string, number or tuple, else None."""
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, (str, int, tuple)) else None


def literal_strings(node):
    """The strings of a literal list or tuple of strings, else None."""
    if isinstance(node, (ast.List, ast.Tuple)) and all(
        isinstance(literal(e), str) for e in node.elts
    ):
        return [e.value for e in node.elts]
    return None


def catches_import_error(handler_type):
    if handler_type is None:
        return True
    if isinstance(handler_type, ast.Tuple):
        return any(catches_import_error(e) for e in handler_type.elts)
    if isinstance(handler_type, ast.Attribute):
        return handler_type.attr in IMPORT_ERRORS
    return getattr(handler_type, "id", "") in IMPORT_ERRORS


def parameters(node):
    """The parameter names of a function, in order; none for a class."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return []
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args]
    if args.vararg:
        names.append(args.vararg.arg)
    names += [a.arg for a in args.kwonlyargs]
    if args.kwarg:
        names.append(args.kwarg.arg)
    return names


def stored(function):
    """The names a function assigns or deletes anywhere in its body."""
    return {
        node.id
        for node in ast.walk(function)
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del))
    }


def assigned_from_parameters(cls, attr):
    """True when each self.attr = value in the methods of cls assigns one
    of the method's parameters."""
    for method in cls.body:
        names = parameters(method)
        if not names:
            continue
        for node in ast.walk(method):
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets = [node.target]
            else:
                continue
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == attr
                    and isinstance(target.value, ast.Name)
                    and target.value.id == names[0]
                    and not (isinstance(node.value, ast.Name) and node.value.id in names[1:])
                ):
                    return False
    return True


def main():
    request = json.loads(sys.argv[1])
    version = tuple(int(p) for p in request["version"].split("."))[:2]
    if sys.version_info[:2] < max(version, (3, 10)):
        json.dump({"python": "%d.%d" % sys.version_info[:2]}, sys.stdout)
        return
    sys.setrecursionlimit(10000)
    analysis = Analysis(request)
    analysis.run(request["entries"])
    json.dump(analysis.answer(request["entries"]), sys.stdout)


if __name__ == "__main__":
    main()
