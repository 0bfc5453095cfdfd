// Package pycheck checks the handler module of a Python Lambda function at
// synth time, with the local Python's parser and without running any of the
// function's code.
//
// For each function (a Request) it reports Problems, each naming the
// construct property to change (Handler or Entry), the rule that is broken
// (with file:line where there is one) and a fix:
//
//   - the handler is module.function and every module name is a Python
//     identifier (my-app.handler is refused, with my_app suggested);
//   - the module exists in the bundle, as mod.py or mod/__init__.py, with its
//     parent packages as folders (namespace packages, without __init__.py,
//     are fine: the Lambda runtime imports them);
//   - the module parses for the function's Python version: ast.parse with
//     feature_version=(3, N), so a syntax error names file, line and the
//     parser's message;
//   - the function is bound at module level (def, class, assignment or
//     import, also inside module-level if/try/with blocks) and is not an
//     async def, which the Python runtime cannot call; a missing one is
//     reported with the module's functions and the closest name;
//   - relative imports have a parent package to resolve in (on Lambda@Edge,
//     their modules must be in the bundle too);
//   - on Lambda@Edge, which has no layers, every module-level import comes
//     from the standard library or from the bundle (Entry and Paths), unless
//     it is guarded by try/except ImportError, and the Powertools Tracer is
//     not used (Lambda@Edge has no X-Ray).
//
// # How it runs
//
// The checks are the Python script check.py, embedded in the package and run
// as python -I -S -B (isolated: no environment variables, no site-packages,
// no bytecode written). The first check in a Go process starts it as a
// worker that serves until its stdin closes: each round trip is one line of
// JSON requests on its stdin and one line of results on its stdout, so later
// checks cost no process start. For each function the worker reads and
// parses only the handler module, looks the module-level imports of
// Lambda@Edge functions up as files without reading them, and reports the
// files and folders it looked at. Nothing in the function's folders is
// imported. CheckAll sends many functions in one round trip; Check is the
// same for one. Checks from several goroutines share the worker, one round
// trip at a time. A worker that died is restarted once, by the next check.
//
// Answers are cached in the Go process, by interpreter, runtime version,
// Edge, handler, Entry and Paths. A cached answer is reused while all that
// it depends on is unchanged: the contents (sha256) of the handler module,
// the kind of Entry, and the entries, with their kinds, of every folder
// the worker listed, among them Entry, the handler's packages and, where
// modules were looked up in them, Paths. An edited handler or a module file
// that appears in a listed folder makes the function be checked again.
//
// Close stops the workers and empties the cache. Callers may call it when
// they are done checking, and need not: a worker that is never closed exits
// when the Go process does, since its stdin closes then.
//
// The Python that runs the script is found on PATH (python3.N for the newest
// runtime among the requests, then python3.11, then python3) or named by
// Checker.Interpreter. It must be at least 3.10 and at least the functions'
// version; when there is none, the error is a *NoPythonError, and the caller
// may skip the checks with a note. Each Python found runs its own worker:
// one in the usual app, whose functions share a runtime.
//
// # Limits
//
// feature_version only makes the parser refuse some syntax newer than the
// function's version (for example match statements before 3.10); code that
// parses on the local Python may still fail on an older runtime, and the
// standard library is that of the local Python (sys.stdlib_module_names).
// Definitions are found by reading module-level statements, not by running
// them: a name bound only through globals() or a walrus is not seen, and a
// module with "from x import *" is assumed to define the function. Blocks
// under "if TYPE_CHECKING:" and under sys.version_info comparisons that are
// false for the function's version are skipped.
package pycheck
