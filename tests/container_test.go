package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/stacks"
)

// A container function has the defaults of a zip function, from an image
// built for its architecture, with no layers; the staged build context holds
// the code (less the excludes) and the generated Dockerfile and requirements.
func TestContainerFunction(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "app.py"), "def handler(event, context):\n    return event\n")
	write(t, filepath.Join(dir, "requirements.txt"), "attrs==23.2.0\n")
	write(t, filepath.Join(dir, "tests", "test_app.py"), "")
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		pylambda.NewContainerFunction(stack, "Fn", &pylambda.ContainerFunctionProps{
			FunctionProps: pylambda.FunctionProps{Entry: dir, Bundling: pylambda.BundlingOptions{}}, Boto3: "1.35.0"})
	})
	tmpl := synth(t, stack)
	p := only(t, tmpl, "AWS::Lambda::Function")["Properties"].(map[string]any)
	for k, want := range map[string]any{"PackageType": "Image", "Architectures": []any{"arm64"}, "MemorySize": 256.0, "Timeout": 10.0,
		"TracingConfig": map[string]any{"Mode": "Active"}} {
		if !reflect.DeepEqual(p[k], want) {
			t.Errorf("%s = %v, want %v", k, p[k], want)
		}
	}
	if p["Layers"] != nil || p["Runtime"] != nil || p["Handler"] != nil {
		t.Errorf("layers %v, runtime %v, handler %v: want none on an image function", p["Layers"], p["Runtime"], p["Handler"])
	}
	if got := at(p, "ImageConfig", "Command"); !reflect.DeepEqual(got, []any{"app.handler"}) {
		t.Errorf("command = %v, want the handler", got)
	}
	if env := at(p, "Environment", "Variables").(map[string]any); env["POWERTOOLS_SERVICE_NAME"] != "fn" {
		t.Errorf("environment = %v", env)
	}
	if len(ofType(tmpl, "AWS::SQS::Queue")) != 1 || len(ofType(tmpl, "AWS::Logs::LogGroup")) != 1 {
		t.Error("want the dead-letter queue and the log group of a zip function")
	}

	var outdir string
	cdktest.Run(t, func() { outdir = *awscdk.Stage_Of(stack).Synth(nil).Directory() })
	contexts, _ := filepath.Glob(filepath.Join(outdir, "asset.*"))
	if len(contexts) != 1 {
		t.Fatalf("image assets = %v, want one", contexts)
	}
	got := files(t, contexts[0])
	if want := []string{"Dockerfile.pylambda", "app.py", "pylambda-requirements.txt", "requirements.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("build context = %v, want %v", got, want)
	}
	reqs, _ := os.ReadFile(filepath.Join(contexts[0], "pylambda-requirements.txt"))
	for _, w := range []string{"--requirement requirements.txt", "aws-lambda-powertools[tracer]==" + powertools.DefaultRelease, "boto3==1.35.0"} {
		if !strings.Contains(string(reqs), w) {
			t.Errorf("requirements lack %q:\n%s", w, reqs)
		}
	}
}

// A function whose dependencies are in pyproject.toml alone gets them in its
// image, as its zip would: the generated requirements list them, and a
// requirements.txt beside it would win.
func TestContainerPyprojectDependencies(t *testing.T) {
	for name, tc := range map[string]struct {
		requirements string
		want, not    []string
	}{
		"pyproject alone":       {"", []string{"attrs==23.2.0", "requests>=2.31"}, []string{"--requirement"}},
		"requirements.txt wins": {"attrs==24.1.0\n", []string{"--requirement requirements.txt"}, []string{"requests>=2.31"}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "app.py"), "def handler(event, context):\n    return event\n")
			write(t, filepath.Join(dir, "pyproject.toml"), "[project]\nname = \"fn\"\nversion = \"1.0\"\ndependencies = [\"attrs==23.2.0\", \"requests>=2.31\"]\n")
			if tc.requirements != "" {
				write(t, filepath.Join(dir, "requirements.txt"), tc.requirements)
			}
			stack := stackIn(t, "eu-west-1")
			cdktest.Run(t, func() {
				pylambda.NewContainerFunction(stack, "Fn", &pylambda.ContainerFunctionProps{FunctionProps: pylambda.FunctionProps{Entry: dir}})
			})
			var outdir string
			cdktest.Run(t, func() { outdir = *awscdk.Stage_Of(stack).Synth(nil).Directory() })
			contexts, _ := filepath.Glob(filepath.Join(outdir, "asset.*"))
			if len(contexts) != 1 {
				t.Fatalf("image assets = %v, want one", contexts)
			}
			reqs, _ := os.ReadFile(filepath.Join(contexts[0], "pylambda-requirements.txt"))
			for _, w := range tc.want {
				if !strings.Contains(string(reqs), w) {
					t.Errorf("requirements lack %q:\n%s", w, reqs)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(string(reqs), w) {
					t.Errorf("requirements hold %q:\n%s", w, reqs)
				}
			}
		})
	}
}

// The example's generated Dockerfile is a reviewed golden file.
func TestContainerDockerfileGolden(t *testing.T) {
	got := pylambda.Dockerfile("PylambdaContainer/Reports", pylambda.DefaultBaseImage, "app.handler")
	path := filepath.Join("testdata", "container.Dockerfile")
	if os.Getenv(snapshot.UpdateEnv) != "" {
		write(t, path, got)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Dockerfile differs from %s (UPDATE_SNAPSHOTS=1 rewrites it):\n%s", path, got)
	}
}

// The image installs a pinned boto3 into the task root. With the layout of
// the Python 3.11 base image (the task root, then /opt/python, then the
// runtime's site-packages, where the preinstalled SDK sits since 3.11) and
// Python's own search order, the pinned SDK is the one the handler imports.
// No Docker: each search-path entry is a folder, the handler runs on the
// local Python 3.11 with exactly that path.
func TestContainerSDKOverride(t *testing.T) {
	root := t.TempDir()
	task := filepath.Join(root, "var", "task")
	runtime := filepath.Join(root, "var", "lang", "lib", "python3.11", "site-packages")
	opt := filepath.Join(root, "opt", "python")
	write(t, filepath.Join(runtime, "boto3", "__init__.py"), "__version__ = '1.34.34'  # preinstalled by the runtime\n")
	write(t, filepath.Join(task, "app.py"), "import boto3\n\ndef handler(event, context):\n    return boto3.__version__\n")
	run := func() string {
		t.Helper()
		// Python 3.11 in the base image: LAMBDA_TASK_ROOT, the layers'
		// folders, then the runtime's own site-packages.
		path := []string{task, filepath.Join(opt, "lib", "python3.11", "site-packages"), opt, runtime}
		script := "import sys\nsys.path[:0] = sys.argv[1].split(':')\nimport app\nprint(app.handler({}, None))"
		out, err := exec.Command("python3.11", "-I", "-S", "-c", script, strings.Join(path, ":")).CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := run(); got != "1.34.34" {
		t.Fatalf("without a pin the handler imports boto3 %s, want the runtime's", got)
	}
	// What the generated image's pip --target "${LAMBDA_TASK_ROOT}" leaves.
	if !strings.Contains(pylambda.Dockerfile("Fn", pylambda.DefaultBaseImage, "app.handler"), `--target "${LAMBDA_TASK_ROOT}"`) {
		t.Fatal("the generated Dockerfile no longer installs into the task root")
	}
	write(t, filepath.Join(task, "boto3", "__init__.py"), "__version__ = '"+stacks.Boto3Release+"'\n")
	if got := run(); got != stacks.Boto3Release {
		t.Errorf("with the pinned SDK in the task root the handler imports boto3 %s, want %s", got, stacks.Boto3Release)
	}
}

// containerRejections are the container inputs refused at construction.
func TestContainerRejections(t *testing.T) {
	dockerfile := func(content string, mod func(p *pylambda.ContainerFunctionProps)) func(t *testing.T) *pylambda.ContainerFunctionProps {
		return func(t *testing.T) *pylambda.ContainerFunctionProps {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "app.py"), "def handler(event, context):\n    return event\n")
			p := &pylambda.ContainerFunctionProps{FunctionProps: pylambda.FunctionProps{Entry: dir}}
			if content != "" {
				write(t, filepath.Join(dir, "Dockerfile"), content)
				p.Dockerfile = "Dockerfile"
			}
			if mod != nil {
				mod(p)
			}
			return p
		}
	}
	tests := map[string]struct {
		props func(t *testing.T) *pylambda.ContainerFunctionProps
		want  []string
	}{
		"a base image that is not Lambda's": {dockerfile("FROM node:22\n", nil),
			[]string{"Dockerfile: Dockerfile builds FROM node:22, not a Python Lambda base image", "public.ecr.aws/lambda/python:3.11"}},
		"another Python than the runtime": {dockerfile("FROM public.ecr.aws/lambda/python:3.12\n", nil),
			[]string{"builds FROM public.ecr.aws/lambda/python:3.12, Python 3.12, and the function's runtime is python3.11", "set Runtime"}},
		"a platform for the other architecture": {dockerfile("FROM --platform=linux/amd64 public.ecr.aws/lambda/python:3.11\n", nil),
			[]string{"builds FROM --platform=linux/amd64, and the function's architecture is arm64", "linux/arm64"}},
		"no FROM": {dockerfile("RUN echo\n", nil), []string{"Dockerfile: Dockerfile has no FROM line"}},
		"a missing Dockerfile": {dockerfile("", func(p *pylambda.ContainerFunctionProps) { p.Dockerfile = "Dockerfile.prod" }),
			[]string{"Dockerfile: Dockerfile.prod cannot be read in Entry"}},
		"a Powertools layer": {dockerfile("", func(p *pylambda.ContainerFunctionProps) { p.PowertoolsDelivery = powertools.Layer(27) }),
			[]string{"PowertoolsDelivery: powertools.Layer(27) is a layer, and a container image cannot use layers"}},
		"layers": {dockerfile("", func(p *pylambda.ContainerFunctionProps) {
			p.Layers = &[]awslambda.ILayerVersion{awslambda.LayerVersion_FromLayerVersionArn(awscdk.NewStack(nil, nil, nil), jsii.String("L"), jsii.String("arn:aws:lambda:eu-west-1:123456789012:layer:x:1"))}
		}), []string{"Layers: a container image cannot use layers"}},
		"bundling options": {dockerfile("", func(p *pylambda.ContainerFunctionProps) { p.Bundling.NoIndex = true }),
			[]string{"Bundling: does not apply to a container image"}},
		"a boto3 that is not a release": {dockerfile("", func(p *pylambda.ContainerFunctionProps) { p.Boto3 = "latest" }),
			[]string{"Boto3: \"latest\" is not a release"}},
		"a pyproject.toml that is not TOML": {dockerfile("", func(p *pylambda.ContainerFunctionProps) {
			if err := os.WriteFile(filepath.Join(p.Entry, "pyproject.toml"), []byte("[project\ndependencies = [\"attrs\"]\n"), 0o644); err != nil {
				panic(err)
			}
		}), []string{"Entry: its dependencies cannot be read", "pyproject.toml", "fix the requirements file"}},
		"a handler that does not exist": {dockerfile("", func(p *pylambda.ContainerFunctionProps) { p.Handler = "main.handler" }),
			[]string{"Handler: module \"main\" has no file main.py"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			var props *pylambda.ContainerFunctionProps
			cdktest.Run(t, func() { props = tc.props(t) })
			msg, panicked := cdktest.Panic(func() { pylambda.NewContainerFunction(stack, "Fn", props) })
			for _, w := range append([]string{"Stack/Fn: "}, tc.want...) {
				if !panicked || !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if stack.Node().TryFindChild(jsii.String("Fn")) != nil {
				t.Error("the rejected function left a construct behind")
			}
		})
	}
}
