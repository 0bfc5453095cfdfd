package pylambda

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// common are the props every kind of function shares, as given.
type common struct {
	entry         string
	handler       string
	runtime       awslambda.Runtime
	powertools    powertools.Config
	delivery      powertools.Delivery
	logs          LogOptions
	bundling      BundlingOptions
	assetExcludes []string
}

// base is what every kind of function reads from its common props: plain
// values, defaults filled. readBase is its one reader; every jsii value is
// read there once, so that the rules that follow are pure.
type base struct {
	path          string
	info          *stackinfo.Info
	entry         string
	handler       string
	runtime       string // e.g. "python3.11"
	runtimeFamily string // "python" for Python runtimes
	config        powertools.Config
	effective     powertools.Config // with the defaults filled in
	delivery      powertools.Delivery
	logs          LogOptions // as given
	bundling      BundlingOptions
	excludes      []string // defaults included
}

// readBase reads the common props of the function scope/id. appLogLevel is
// Lambda's application log level when the caller set one ("" otherwise).
func readBase(scope constructs.Construct, id string, c common, appLogLevel string) base {
	b := base{
		path:     stackinfo.Path(scope, id),
		info:     stackinfo.Of(scope),
		entry:    c.entry,
		handler:  c.handler,
		config:   c.powertools,
		delivery: c.delivery,
		logs:     c.logs,
		bundling: c.bundling,
		excludes: excludesOf(c.assetExcludes),
	}
	if b.handler == "" {
		b.handler = DefaultHandler
	}
	b.runtime, b.runtimeFamily = "python"+DefaultPython, "python"
	if c.runtime != nil {
		b.runtime, b.runtimeFamily = *c.runtime.Name(), ""
		if c.runtime.Family() == awslambda.RuntimeFamily_PYTHON {
			b.runtimeFamily = "python"
		}
	}
	b.effective = c.powertools
	if b.effective.ServiceName == "" {
		b.effective.ServiceName = ServiceName(id)
	}
	if b.effective.MetricsNamespace == "" {
		b.effective.MetricsNamespace = b.info.Name
	}
	if b.effective.LogLevel == "" && appLogLevel != "" {
		b.effective.LogLevel, _ = powertools.LogLevelFromLambda(appLogLevel)
	}
	return b
}

// python returns "3.11" for "python3.11".
func (b base) python() string { return strings.TrimPrefix(b.runtime, "python") }

// checkBase adds the problems of the common props to r.
func checkBase(r *report, b base) {
	checkCode(r, b.entry, b.handler, b.excludes)
	if b.runtimeFamily != "python" {
		r.add("Runtime", fmt.Sprintf("%s is not a Python runtime", b.runtime), "use awslambda.Runtime_PYTHON_3_11() (the default)")
	} else if !slices.Contains(powertools.PythonVersions(), b.python()) {
		r.add("Runtime", fmt.Sprintf("%s is not supported: pylambda supports Python %s", b.runtime, strings.Join(powertools.PythonVersions(), ", ")), "use awslambda.Runtime_PYTHON_3_11() (the default) or a later supported version")
	}
	for _, p := range b.config.Problems() {
		r.add("Powertools."+p.Field, p.Rule, p.Fix)
	}
	if err := bundle.CheckPatterns(b.excludes); err != nil {
		r.add("AssetExcludes", err.Error(), "use name patterns (\"*.md\") or paths under Entry (\"docs/*.md\")")
	}
}

var handlerPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$`)

// checkCode checks the entry folder and the handler's module.
func checkCode(r *report, entry, handler string, excludes []string) {
	entryOK := false
	switch info, err := os.Stat(entry); {
	case entry == "":
		r.add("Entry", "is required", "set it to the folder of the function's code, e.g. \"lambda/orders\"")
	case err != nil:
		wd, _ := os.Getwd()
		r.add("Entry", fmt.Sprintf("folder %q does not exist (relative paths start at %s)", entry, wd), "point it at the folder that holds the handler module")
	case !info.IsDir():
		r.add("Entry", fmt.Sprintf("%q is a file, not a folder", entry), "point it at the folder that holds the handler module, and name the module in Handler")
	case isFile(filepath.Join(entry, "cdk.json")):
		r.add("Entry", fmt.Sprintf("%q is the CDK project's root (it holds cdk.json): the whole project would go into the function's zip", entry), "point it at the folder of the function's code, e.g. \"lambda/orders\"")
	default:
		entryOK = true
	}

	if !handlerPattern.MatchString(handler) {
		fix := "use e.g. \"app.handler\" for handler() in app.py"
		if i := strings.LastIndex(handler, "."); i > 0 && !strings.Contains(handler, "/") {
			if module := strings.Map(identifierRune, handler[:i]); module != handler[:i] {
				fix = fmt.Sprintf("a Python module's name is an identifier: rename the module to %s and write \"%s%s\"", module, module, handler[i:])
			}
		}
		r.add("Handler", fmt.Sprintf("%q is not of the form module.function", handler), fix)
		return
	}
	if strings.HasSuffix(handler[:strings.LastIndex(handler, ".")], ".py") {
		r.add("Handler", fmt.Sprintf("%q names the module's file, not the module", handler), "leave out \".py\": "+strings.Replace(handler, ".py.", ".", 1))
		return
	}
	if !entryOK {
		return
	}
	module := handler[:strings.LastIndex(handler, ".")]
	rel := filepath.Join(strings.Split(module, ".")...)
	file := rel + ".py"
	if !isFile(filepath.Join(entry, file)) {
		file = filepath.Join(rel, "__init__.py")
	}
	switch {
	case !isFile(filepath.Join(entry, file)):
		r.add("Handler", fmt.Sprintf("module %q has no file %s.py in %s", module, rel, entry), "create it, or name the module that holds the handler")
	case excludedPath(filepath.ToSlash(file), excludes):
		r.add("Handler", fmt.Sprintf("module %q is in %s, which the asset excludes leave out of the zip", module, filepath.ToSlash(file)),
			"rename or move the module (DefaultAssetExcludes leaves out tests, test_*.py, env, venv, ...), or change AssetExcludes")
	}
}

// excludedPath reports whether an exclude pattern leaves rel, or a folder
// above it, out of the asset.
func excludedPath(rel string, excludes []string) bool {
	parts := strings.Split(rel, "/")
	for i := range parts {
		if bundle.Excluded(strings.Join(parts[:i+1], "/"), excludes) {
			return true
		}
	}
	return false
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// identifierRune keeps the runes of a Python identifier (and dots between
// modules) and turns the rest into underscores.
func identifierRune(r rune) rune {
	if r == '.' || r == '_' || (r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
		return r
	}
	return '_'
}
