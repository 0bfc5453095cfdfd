package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
)

// powertoolsPython returns a Python that imports the real Powertools: the
// one named by PYLAMBDA_POWERTOOLS_PYTHON, or the virtual environment that
// make test-python builds from the wheels in PYLAMBDA_WHEELS.
func powertoolsPython(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("PYLAMBDA_POWERTOOLS_PYTHON"), pylambda.ProjectPath(".venv-test/bin/python")}
	for _, py := range candidates {
		if py != "" && exec.Command(py, "-c", "import aws_lambda_powertools").Run() == nil {
			return py
		}
	}
	if os.Getenv("PYLAMBDA_REQUIRE_POWERTOOLS") != "" {
		t.Fatal("no Python with aws-lambda-powertools: run make test-python first (it installs it from PYLAMBDA_WHEELS)")
	}
	t.Skip("no Python with aws-lambda-powertools: make test installs it from a folder of wheels (PYLAMBDA_WHEELS), or name one in PYLAMBDA_POWERTOOLS_PYTHON")
	return ""
}

// sampledLogger logs one DEBUG and one INFO line per invocation with the
// real Powertools Logger, under a given environment, and prints the lines
// the function wrote.
const sampledLogger = `
import io, json, sys
from contextlib import redirect_stdout
from aws_lambda_powertools import Logger

class Context:
    function_name = "fn"; memory_limit_in_mb = 256; aws_request_id = "r1"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:fn"

out = io.StringIO()
with redirect_stdout(out):
    logger = Logger()

    @logger.inject_lambda_context
    def handler(event, context):
        logger.debug("sampled detail")
        logger.info("every invocation")

    handler({}, Context())
sys.stdout.write(out.getvalue())
`

// lambdaKeeps applies Lambda's application log filtering to the lines a
// function wrote: with the JSON log format, lines whose "level" is below the
// application log level are dropped (a line without a level counts as
// INFO); with Text, nothing is.
func lambdaKeeps(lines []string, format, level string) []string {
	rank := map[string]int{"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "WARNING": 3, "ERROR": 4, "FATAL": 5, "CRITICAL": 5}
	var kept []string
	for _, l := range lines {
		var rec struct{ Level string }
		_ = json.Unmarshal([]byte(l), &rec)
		lv, ok := rank[strings.ToUpper(rec.Level)]
		if !ok {
			lv = rank["INFO"]
		}
		if format != "JSON" || lv >= rank[level] {
			kept = append(kept, l)
		}
	}
	return kept
}

// Sampled DEBUG lines reach CloudWatch: with the template pylambda writes
// for a sampling Logger, the real Logger (run in the environment Lambda
// would give it) writes them, and Lambda's log filtering keeps them; the
// other invocations stay at INFO. The JSON configuration it replaces drops
// them, which this test shows too.
func TestSampledDebugLogsReachCloudWatch(t *testing.T) {
	python := powertoolsPython(t)
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler,
			Powertools: powertools.Config{SampleRate: jsii.Number(1)}})
	})
	p := only(t, synth(t, stack), "AWS::Lambda::Function")["Properties"].(map[string]any)
	format, _ := at(p, "LoggingConfig", "LogFormat").(string)
	level, _ := at(p, "LoggingConfig", "ApplicationLogLevel").(string)
	if format != "Text" || level != "" {
		t.Fatalf("LoggingConfig = %v, want Lambda's Text format and no application level", p["LoggingConfig"])
	}

	run := func(env map[string]any, format, level string) []string {
		t.Helper()
		cmd := exec.Command(python, "-I", "-c", sampledLogger)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "POWERTOOLS_TRACE_DISABLED=true"}
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v.(string))
		}
		if format == "JSON" { // what Lambda sets with JSON logs
			cmd.Env = append(cmd.Env, "AWS_LAMBDA_LOG_FORMAT=JSON", "AWS_LAMBDA_LOG_LEVEL="+level)
		}
		cmd.Dir = filepath.Dir(python)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("the Logger failed: %v\n%s", err, out)
		}
		return lambdaKeeps(strings.Split(strings.TrimSpace(string(out)), "\n"), format, level)
	}
	has := func(lines []string, msg string) bool {
		for _, l := range lines {
			if strings.Contains(l, msg) {
				return true
			}
		}
		return false
	}
	env := at(p, "Environment", "Variables").(map[string]any)
	kept := run(env, format, level)
	if !has(kept, `"sampled detail"`) || !has(kept, `"every invocation"`) {
		t.Errorf("with pylambda's template Lambda keeps %q, want the sampled DEBUG line and the INFO line", kept)
	}
	if dropped := run(env, "JSON", "INFO"); has(dropped, `"sampled detail"`) || !has(dropped, `"every invocation"`) {
		t.Errorf("JSON logs at INFO keep %q: want the sampled DEBUG line dropped (what pylambda avoids)", dropped)
	}
	// Without sampling, the Logger stays at its level: no DEBUG line at all.
	env["POWERTOOLS_LOGGER_SAMPLE_RATE"] = "0"
	if quiet := run(env, format, level); has(quiet, `"sampled detail"`) {
		t.Errorf("unsampled invocation logged DEBUG: %q", quiet)
	}
}
