package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/wheel"
)

// edgeAsset synthesizes an edge function and returns its staged asset.
func edgeAsset(t *testing.T, props *pylambda.EdgeFunctionProps) string {
	t.Helper()
	stack := stackIn(t, "eu-west-1")
	var e pylambda.EdgeFunction
	cdktest.Run(t, func() { e = pylambda.NewEdgeFunction(stack, "Edge", props) })
	var outdir string
	cdktest.Run(t, func() { outdir = *awscdk.Stage_Of(stack).Synth(nil).Directory() })
	p := only(t, synth(t, awscdk.Stack_Of(e.Lambda())), "AWS::Lambda::Function")["Properties"].(map[string]any)
	return filepath.Join(outdir, "asset."+strings.TrimSuffix(at(p, "Code", "S3Key").(string), ".zip"))
}

// Trim keeps the modules the handler can import and drops the rest, on a
// package the test builds.
func TestEdgeTrim(t *testing.T) {
	links := t.TempDir()
	if _, err := wheel.Write(links, wheel.Spec{Name: "biglib", Version: "1.0.0", Tag: "py3-none-any", Files: map[string]string{
		"__init__.py": "", "used.py": "from . import helper\nVALUE = helper.X\n", "helper.py": "X = 1\n",
		"unused.py": "Y = " + strings.Repeat("1 + ", 1000) + "1\n",
	}}); err != nil {
		t.Fatal(err)
	}
	entry := t.TempDir()
	write(t, filepath.Join(entry, "app.py"), "from biglib import used\n\ndef handler(event, context):\n    return used.VALUE\n")
	write(t, filepath.Join(entry, "requirements.txt"), "biglib\n")
	props := func(trim bool) *pylambda.EdgeFunctionProps {
		return &pylambda.EdgeFunctionProps{EventType: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, Entry: entry, Trim: trim,
			Bundling: pylambda.BundlingOptions{FindLinks: []string{links}, NoIndex: true, CacheDir: t.TempDir()}}
	}
	full, trimmed := files(t, edgeAsset(t, props(false))), files(t, edgeAsset(t, props(true)))
	for _, f := range []string{"app.py", "biglib/__init__.py", "biglib/used.py", "biglib/helper.py"} {
		if !contains(trimmed, f) {
			t.Errorf("trimmed zip lacks %s: %v", f, trimmed)
		}
	}
	if contains(trimmed, "biglib/unused.py") || !contains(full, "biglib/unused.py") {
		t.Errorf("biglib/unused.py: in the full zip %v, in the trimmed one %v; want it only in the full one", contains(full, "biglib/unused.py"), contains(trimmed, "biglib/unused.py"))
	}
}

// A dynamic import whose name is computed at run time makes the trim
// undecidable: refused before anything is created, with the place and fix.
func TestEdgeTrimUndecidable(t *testing.T) {
	entry := t.TempDir()
	write(t, filepath.Join(entry, "app.py"), "import importlib, os\n\ndef handler(event, context):\n    return importlib.import_module(os.environ['MOD'])\n")
	stack := stackIn(t, "eu-west-1")
	msg, panicked := cdktest.Panic(func() {
		pylambda.NewEdgeFunction(stack, "Edge", &pylambda.EdgeFunctionProps{EventType: awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST, Entry: entry, Trim: true,
			Bundling: pylambda.BundlingOptions{CacheDir: t.TempDir()}})
	})
	for _, w := range []string{"Stack/Edge: Trim: the modules the handler can import cannot be decided", "TrimKeep", "app.py:4"} {
		if !panicked || !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
	if len(*awscdk.Stage_Of(stack).Node().Children()) != 1 {
		t.Error("the rejected function left constructs behind")
	}
}

// wheelsDir returns the folder of real Powertools wheels make test names
// (PYLAMBDA_WHEELS), failing when make test says they are at hand and
// skipping, with how to supply them, on a clone without them.
func wheelsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PYLAMBDA_WHEELS")
	if dir == "" {
		dir = pylambda.ProjectPath("../shared/wheels")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "aws_lambda_powertools-3.2.0-*.whl")); len(m) == 1 {
		return dir
	}
	if os.Getenv("PYLAMBDA_REQUIRE_POWERTOOLS") != "" {
		t.Fatalf("no aws-lambda-powertools 3.2.0 wheel in %s", dir)
	}
	t.Skipf("no aws-lambda-powertools 3.2.0 wheel in %s: name a folder of wheels in PYLAMBDA_WHEELS to run this", dir)
	return ""
}

// A viewer function with real Powertools Logger and Metrics, trimmed, fits
// in 150 KB compressed and still runs: the generated wrapper applies the
// settings, the handler logs JSON and emits its metric.
func TestEdgeTrimRealPowertools(t *testing.T) {
	links := wheelsDir(t)
	python := powertoolsPython(t)
	entry := t.TempDir()
	write(t, filepath.Join(entry, "app.py"), `from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger()
metrics = Metrics()


@metrics.log_metrics
def handler(event, context):
    response = event["Records"][0]["cf"]["response"]
    response["headers"]["x-trimmed"] = [{"key": "X-Trimmed", "value": "yes"}]
    logger.info("served", extra={"status": response["status"]})
    metrics.add_metric(name="Served", unit=MetricUnit.Count, value=1)
    return response
`)
	asset := edgeAsset(t, &pylambda.EdgeFunctionProps{EventType: awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE, Entry: entry, Trim: true,
		Powertools: powertools.Config{ServiceName: "site", MetricsNamespace: "Site"}, PowertoolsDelivery: powertools.Bundled("3.2.0"),
		Bundling: pylambda.BundlingOptions{FindLinks: []string{links}, NoIndex: true, CacheDir: t.TempDir()}})

	var fs []bundle.File
	for _, f := range files(t, asset) {
		fs = append(fs, bundle.File{Rel: f, Path: filepath.Join(asset, f)})
	}
	size, err := bundle.ZipSize(fs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if size > 150_000 {
		t.Errorf("the trimmed zip is %d bytes compressed, want at most 150,000", size)
	}
	t.Logf("trimmed zip: %d bytes compressed, %d files", size, len(fs))

	event := `{"Records": [{"cf": {"config": {"eventType": "viewer-response"}, "request": {"uri": "/"}, "response": {"status": "200", "headers": {}}}}]}`
	script := "import json, sys\nsys.path.insert(0, sys.argv[1])\nimport " + pylambda.EdgeWrapperModule + " as w\nprint(json.dumps(w.handler(json.loads(sys.argv[2]), None)))"
	cmd := exec.Command(python, "-I", "-S", "-c", script, asset, event)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the trimmed function failed: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var logged, metric, response bool
	for _, l := range lines {
		var rec map[string]any
		if json.Unmarshal([]byte(l), &rec) != nil {
			t.Errorf("a line is not JSON: %s", l)
			continue
		}
		logged = logged || (rec["message"] == "served" && rec["service"] == "site")
		metric = metric || rec["_aws"] != nil
		response = response || rec["status"] == "200" && rec["headers"] != nil
	}
	if !logged || !metric || !response {
		t.Errorf("logged %v, metric %v, response %v:\n%s", logged, metric, response, out)
	}
}
