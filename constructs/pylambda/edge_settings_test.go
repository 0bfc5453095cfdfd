package pylambda

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// The generated wrapper applies the settings before it imports the handler's
// module: run it with Python, with nothing in the environment.
func TestEdgeSettingsFiles(t *testing.T) {
	dir := t.TempDir()
	files := edgeSettingsFiles("Site/Headers", "pkg.main.handle", map[string]string{
		"POWERTOOLS_SERVICE_NAME": "headers", "QUOTED": `a "b" \c <d>`,
	})
	files["pkg/__init__.py"] = ""
	files["pkg/main.py"] = "import os\nAT_IMPORT = os.environ.get('POWERTOOLS_SERVICE_NAME')\n\ndef handle(event, context):\n    return {'at_import': AT_IMPORT, 'quoted': os.environ['QUOTED']}\n"
	for rel, content := range files {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := "import json, sys\nsys.path.insert(0, sys.argv[1])\nimport " + EdgeWrapperModule + " as w\nprint(json.dumps(w.handler({}, None)))"
	cmd := exec.Command("python3", "-I", "-c", script, dir)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if want := map[string]string{"at_import": "headers", "quoted": `a "b" \c <d>`}; !reflect.DeepEqual(got, want) {
		t.Errorf("handler saw %v, want %v", got, want)
	}
}
