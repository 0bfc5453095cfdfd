package pylambda

import (
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Names of the modules pylambda generates into an edge function's bundle
// when it carries Powertools.
const (
	EdgeSettingsModule = "pylambda_edge_settings"
	EdgeWrapperModule  = "pylambda_edge_handler"
)

// The generated modules are Python files in templates/, so that Python
// tools read and lint them as they are; generation replaces their marked
// lines and the {path} in their docstrings.
//
//go:embed templates/edge_settings.py templates/edge_handler.py templates/Dockerfile
var templates embed.FS

// edgeSettingsFiles returns the settings module, holding settings, and the
// wrapper handler that applies them before importing handler's module (and
// so Powertools).
func edgeSettingsFiles(path, handler string, settings map[string]string) map[string]string {
	data, _ := json.MarshalIndent(settings, "", "    ") // a dict of strings: JSON is valid Python
	module, function := handler[:strings.LastIndex(handler, ".")], handler[strings.LastIndex(handler, ".")+1:]
	return map[string]string{
		EdgeSettingsModule + ".py": fill("templates/edge_settings.py", path, map[string]string{
			"SETTINGS: dict[str, str] = {}": "SETTINGS: dict[str, str] = " + string(data),
		}),
		EdgeWrapperModule + ".py": fill("templates/edge_handler.py", path, map[string]string{
			`MODULE = "app"`:       "MODULE = " + strconv.Quote(module),
			`FUNCTION = "handler"`: "FUNCTION = " + strconv.Quote(function),
		}),
	}
}

// fill returns a template with each marked line replaced.
func fill(name, path string, lines map[string]string) string {
	data, err := templates.ReadFile(name)
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	out := strings.ReplaceAll(string(data), "{path}", path)
	for old, repl := range lines {
		if !strings.Contains(out, old+"\n") {
			panic(fmt.Sprintf("pylambda: template %s lacks the line %q", name, old))
		}
		out = strings.Replace(out, old+"\n", repl+"\n", 1)
	}
	return out
}
