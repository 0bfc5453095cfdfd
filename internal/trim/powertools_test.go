package trim_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pylambda/pylambda/internal/trim"
)

// WheelsEnv names a folder of wheels holding aws-lambda-powertools 3.2.0 and
// its dependencies; default: the shared/wheels folder beside the checkout.
const WheelsEnv = "PYLAMBDA_WHEELS"

const (
	powertools      = "aws-lambda-powertools==3.2.0"
	powertoolsWheel = "aws_lambda_powertools-3.2.0-py3-none-any.whl"
	// maxTrimmed is the compressed size a viewer function with Logger and
	// Metrics must fit in once trimmed.
	maxTrimmed = 150_000
)

// wheelsDir returns the folder of wheels, skipping the test when there is
// none (a user's clone); a folder named by the variable must hold them.
func wheelsDir(tb testing.TB) string {
	tb.Helper()
	dir, set := os.LookupEnv(WheelsEnv)
	if !set {
		dir = filepath.Join("..", "..", "..", "shared", "wheels")
	}
	if _, err := os.Stat(filepath.Join(dir, powertoolsWheel)); err != nil {
		if set {
			tb.Fatalf("%s=%s holds no %s: %v", WheelsEnv, dir, powertoolsWheel, err)
		}
		tb.Skipf("no %s in %s: set %s to a folder holding the wheels of %s and its dependencies to run this",
			powertoolsWheel, dir, WheelsEnv, powertools)
	}
	return dir
}

// The viewer-response function: the handler, the settings module and the
// wrapper that applies them before importing the handler, as pylambda
// generates them for Lambda@Edge (which has no environment variables).
var edgeFunction = map[string]string{
	"app.py": `from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger()
metrics = Metrics()


@metrics.log_metrics
def handler(event, context):
    response = event["Records"][0]["cf"]["response"]
    logger.info("viewer response", extra={"status": response["status"]})
    metrics.add_metric(name="ViewerResponses", unit=MetricUnit.Count, value=1)
    response["headers"]["x-trimmed"] = [{"key": "X-Trimmed", "value": "yes"}]
    return response
`,
	"pylambda_edge_settings.py": `SETTINGS = {
    "POWERTOOLS_SERVICE_NAME": "edge-trim",
    "POWERTOOLS_METRICS_NAMESPACE": "Shop",
}
`,
	"pylambda_edge_handler.py": `import importlib
import os

from pylambda_edge_settings import SETTINGS

os.environ.update(SETTINGS)

handler = getattr(importlib.import_module("app"), "handler")
`,
}

const edgeHandler = "pylambda_edge_handler"

// powertoolsBundle installs Powertools with the local pip, offline, beside
// the edge function's files.
func powertoolsBundle(tb testing.TB) string {
	tb.Helper()
	wheels := wheelsDir(tb)
	dir := tb.TempDir()
	pip := exec.Command(pythonPath(tb), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
		"--no-index", "--find-links", wheels, "--no-compile", "--target", dir, powertools)
	if out, err := pip.CombinedOutput(); err != nil {
		tb.Fatalf("pip install %s: %v\n%s", powertools, err, out)
	}
	for rel, content := range edgeFunction {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// zipSize returns the size of dir zipped as the CDK zips assets: deflate
// at its best compression.
func zipSize(tb testing.TB, dir string) int64 {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate})
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return int64(buf.Len())
}

// trimPowertools trims the bundle into a new folder.
func trimPowertools(tb testing.TB, bundle string) (*trim.Result, string) {
	tb.Helper()
	r, err := trim.Analyze(trim.Options{Dir: bundle, Handler: edgeHandler})
	if err != nil {
		tb.Fatal(err)
	}
	out := filepath.Join(tb.TempDir(), "trimmed")
	if err := r.Apply(out); err != nil {
		tb.Fatal(err)
	}
	return r, out
}

// runner imports the wrapper from the folder given, with no site-packages
// (-I -S: only the standard library besides), invokes it with a CloudFront
// viewer-response event and prints the response and the files it imported.
const runner = `
import json, sys
sys.path.insert(0, sys.argv[1])
import pylambda_edge_handler as entry

class Context:
    function_name = "edge-trim"
    memory_limit_in_mb = 128
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:edge-trim:1"
    aws_request_id = "0d9f3b5e-1111-2222-3333-444455556666"

event = json.loads(sys.argv[2])
response = entry.handler(event, Context())
files = sorted(m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None))
print("RESULT " + json.dumps({"response": response, "files": files}))
`

const viewerResponse = `{"Records": [{"cf": {
  "config": {"distributionId": "EDFDVBD6EXAMPLE", "eventType": "viewer-response", "requestId": "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ=="},
  "request": {"clientIp": "203.0.113.178", "method": "GET", "uri": "/index.html", "querystring": "", "headers": {"host": [{"key": "Host", "value": "d111111abcdef8.cloudfront.net"}]}},
  "response": {"status": "200", "statusDescription": "OK", "headers": {"content-type": [{"key": "Content-Type", "value": "text/html"}]}}
}}]}`

func TestTrimPowertools(t *testing.T) {
	bundle := powertoolsBundle(t)
	r, out := trimPowertools(t, bundle)

	untrimmed, trimmed := zipSize(t, bundle), zipSize(t, out)
	t.Logf("zip, deflate best compression: untrimmed %d bytes, trimmed %d bytes (%d files, %d modules)",
		untrimmed, trimmed, len(r.Files), len(r.Modules))
	if trimmed > maxTrimmed {
		t.Errorf("the trimmed zip is %d bytes, more than %d", trimmed, maxTrimmed)
	}
	if trimmed*4 > untrimmed {
		t.Errorf("the trim kept %d of %d bytes: less than a quarter was expected", trimmed, untrimmed)
	}
	for _, m := range []string{"aws_lambda_powertools.logging.logger", "aws_lambda_powertools.metrics.metrics", "app", "pylambda_edge_settings"} {
		if !slices.Contains(r.Modules, m) {
			t.Errorf("%s is not kept", m)
		}
	}
	for _, m := range []string{"aws_lambda_powertools.event_handler", "aws_lambda_powertools.utilities.parser", "aws_lambda_powertools.utilities.data_classes"} {
		if slices.Contains(r.Modules, m) {
			t.Errorf("%s is kept: the handler cannot import it", m)
		}
	}
	for _, s := range r.Sites {
		t.Logf("dynamic import %v %v", s, s.Modules)
	}
	for _, u := range r.Unresolved {
		t.Logf("unresolved: %v", u)
	}

	python := pythonPath(t)
	cmd := exec.Command(python, "-I", "-S", "-c", runner, out, viewerResponse)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the trimmed handler failed: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	var result struct {
		Response struct {
			Status  string                         `json:"status"`
			Headers map[string][]map[string]string `json:"headers"`
		} `json:"response"`
		Files []string `json:"files"`
	}
	var logs, metrics int
	scanner := bufio.NewScanner(&stdout)
	scanner.Buffer(nil, 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
			if err := json.Unmarshal([]byte(rest), &result); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var record struct {
			Message, Level, Service, Status string
			AWS                             struct {
				CloudWatchMetrics []struct{ Namespace string }
			} `json:"_aws"`
			ViewerResponses any
		}
		if err := json.Unmarshal([]byte(line), &record); err != nil {
			t.Errorf("the handler printed a line that is not JSON: %q", line)
			continue
		}
		if record.Message == "viewer response" && record.Level == "INFO" && record.Service == "edge-trim" && record.Status == "200" {
			logs++
		}
		if m := record.AWS.CloudWatchMetrics; len(m) == 1 && m[0].Namespace == "Shop" && record.ViewerResponses != nil {
			metrics++
		}
	}
	if logs != 1 {
		t.Errorf("%d JSON log records of the viewer response, want 1:\n%s", logs, stdout.String())
	}
	if metrics != 1 {
		t.Errorf("%d metric records (EMF, namespace Shop, ViewerResponses), want 1:\n%s", metrics, stdout.String())
	}
	if result.Response.Status != "200" || len(result.Response.Headers["x-trimmed"]) != 1 {
		t.Errorf("the handler returned %+v, want the response with the x-trimmed header", result.Response)
	}
	prefix, err := filepath.Abs(out)
	if err != nil {
		t.Fatal(err)
	}
	stdlib := strings.TrimSpace(mustOutput(t, python, "-I", "-S", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"))
	trimmedFiles := 0
	for _, f := range result.Files {
		switch {
		case strings.HasPrefix(f, prefix+string(filepath.Separator)):
			trimmedFiles++
		case !strings.HasPrefix(f, stdlib):
			t.Errorf("the handler imported %s, from neither the trimmed folder nor the standard library", f)
		}
	}
	if trimmedFiles != len(r.Modules) {
		t.Errorf("the handler imported %d files of the trimmed folder, want all %d modules kept", trimmedFiles, len(r.Modules))
	}
}

func mustOutput(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// BenchmarkTrimPowertools measures the trim of the viewer-response function
// and reports the compressed sizes of the zip, trimmed and not.
func BenchmarkTrimPowertools(b *testing.B) {
	bundle := powertoolsBundle(b)
	var out string
	for b.Loop() {
		_, out = trimPowertools(b, bundle)
	}
	b.ReportMetric(float64(zipSize(b, out)), "zip-bytes")
	b.ReportMetric(float64(zipSize(b, bundle)), "untrimmed-zip-bytes")
}
