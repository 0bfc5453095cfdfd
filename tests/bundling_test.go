package tests

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"

	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/wheel"
)

// wheels writes a find-links folder: a pure package and a native one built
// for each architecture.
func wheels(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, s := range []wheel.Spec{
		{Name: "purelib", Version: "1.0.0", Tag: "py3-none-any"},
		{Name: "native", Version: "2.0.0", Tag: wheel.PlatformTag("aarch64"), Files: map[string]string{"machine.py": "MACHINE = 'aarch64'\n"}},
		{Name: "native", Version: "2.0.0", Tag: wheel.PlatformTag("x86_64"), Files: map[string]string{"machine.py": "MACHINE = 'x86_64'\n"}},
	} {
		if _, err := wheel.Write(dir, s); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// bundledFunction synthesizes a function whose folder has requirements and
// returns its S3 key and the files of its staged asset.
func bundledFunction(t *testing.T, entry string, props pylambda.FunctionProps) (string, []string, string) {
	t.Helper()
	stack := stackIn(t, "eu-west-1")
	props.Entry = entry
	cdktest.Run(t, func() { pylambda.NewFunction(stack, "Fn", &props) })
	var outdir string
	cdktest.Run(t, func() { outdir = *awscdk.Stage_Of(stack).Synth(nil).Directory() })
	tmpl := synth(t, stack)
	key := at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "Code", "S3Key").(string)
	asset := filepath.Join(outdir, "asset."+strings.TrimSuffix(key, ".zip"))
	return key, files(t, asset), asset
}

func handlerWithRequirements(t *testing.T, requirements string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "app.py"), "import native.machine\n\ndef handler(event, context):\n    return native.machine.MACHINE\n")
	write(t, filepath.Join(dir, "requirements.txt"), requirements)
	write(t, filepath.Join(dir, "tests", "test_app.py"), "")
	return dir
}

func TestBundledAsset(t *testing.T) {
	entry := handlerWithRequirements(t, "purelib==1.0.0\nnative\n")
	links := wheels(t)
	for arch, machine := range map[string]string{"arm64": "aarch64", "x86_64": "x86_64"} {
		t.Run(arch, func(t *testing.T) {
			props := pylambda.FunctionProps{Bundling: pylambda.BundlingOptions{FindLinks: []string{links}, NoIndex: true, CacheDir: t.TempDir()}}
			if arch == "x86_64" {
				props.Architecture = awslambda.Architecture_X86_64()
			}
			_, got, asset := bundledFunction(t, entry, props)
			want := []string{
				"app.py", "native-2.0.0.dist-info/INSTALLER", "native-2.0.0.dist-info/METADATA", "native-2.0.0.dist-info/RECORD",
				"native-2.0.0.dist-info/REQUESTED", "native-2.0.0.dist-info/WHEEL", "native/__init__.py", "native/machine.py",
				"purelib-1.0.0.dist-info/INSTALLER", "purelib-1.0.0.dist-info/METADATA", "purelib-1.0.0.dist-info/RECORD",
				"purelib-1.0.0.dist-info/REQUESTED", "purelib-1.0.0.dist-info/WHEEL", "purelib/__init__.py", "requirements.txt",
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("asset files:\n got %v\nwant %v", got, want)
			}
			data, err := os.ReadFile(filepath.Join(asset, "native", "machine.py"))
			if err != nil || !strings.Contains(string(data), machine) {
				t.Errorf("native build = %q, %v; want %s", data, err, machine)
			}
		})
	}
}

// The asset hash depends on sources and requirements, not on where the
// wheels or the cache live.
func TestBundledAssetHashIgnoresHostPaths(t *testing.T) {
	entry := handlerWithRequirements(t, "purelib\n")
	key1, _, _ := bundledFunction(t, entry, pylambda.FunctionProps{Bundling: pylambda.BundlingOptions{FindLinks: []string{wheels(t)}, NoIndex: true, CacheDir: t.TempDir()}})
	key2, _, _ := bundledFunction(t, entry, pylambda.FunctionProps{Bundling: pylambda.BundlingOptions{FindLinks: []string{wheels(t)}, NoIndex: true, CacheDir: t.TempDir(), IndexURL: "https://pypi.internal.example/simple"}})
	if key1 != key2 {
		t.Errorf("S3 keys differ with only host paths and the index URL changed: %s vs %s", key1, key2)
	}
	write(t, filepath.Join(entry, "requirements.txt"), "purelib==1.0.0\n")
	key3, _, _ := bundledFunction(t, entry, pylambda.FunctionProps{Bundling: pylambda.BundlingOptions{FindLinks: []string{wheels(t)}, NoIndex: true, CacheDir: t.TempDir()}})
	if key3 == key1 {
		t.Error("a changed requirements file kept the S3 key")
	}
}

// The key does not depend on what else the app holds (the CDK hashes the
// bundling options, local-bundling hook included, into it).
func TestBundledAssetHashIgnoresTheRestOfTheApp(t *testing.T) {
	entry := handlerWithRequirements(t, "purelib\n")
	props := func() pylambda.FunctionProps {
		return pylambda.FunctionProps{Bundling: pylambda.BundlingOptions{FindLinks: []string{wheels(t)}, NoIndex: true, CacheDir: t.TempDir()}}
	}
	key1, _, _ := bundledFunction(t, entry, props())
	// Another app, with other jsii objects created first.
	for range 5 {
		awscdk.NewStack(cdktest.NewApp(t), nil, nil)
	}
	key2, _, _ := bundledFunction(t, entry, props())
	if key1 != key2 {
		t.Errorf("S3 keys differ: %s vs %s", key1, key2)
	}
}

func TestBundlingDisabled(t *testing.T) {
	entry := handlerWithRequirements(t, "purelib\n")
	_, got, _ := bundledFunction(t, entry, pylambda.FunctionProps{Bundling: pylambda.BundlingOptions{Disabled: true, Python: "/nonexistent/python"}})
	if want := []string{"app.py", "requirements.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("asset files = %v, want %v", got, want)
	}
}

// A requirement pip cannot satisfy fails the function's creation (the CDK
// stages assets then) with pip's output and the function's path.
func TestBundlingFailureNamesTheFunction(t *testing.T) {
	entry := handlerWithRequirements(t, "nosuchpackage==1.0\n")
	stack := stackIn(t, "eu-west-1")
	msg, panicked := cdktest.Panic(func() {
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: entry,
			Bundling: pylambda.BundlingOptions{FindLinks: []string{wheels(t)}, NoIndex: true, CacheDir: t.TempDir()}})
	})
	for _, want := range []string{"Stack/Fn: Bundling: pip could not install the requirements", "No matching distribution found for nosuchpackage==1.0",
		"pylambda installs binary wheels for Lambda only (manylinux2014_aarch64, CPython 3.11)"} {
		if !panicked || !strings.Contains(msg, want) {
			t.Errorf("synth error lacks %q:\n%s", want, msg)
		}
	}
}
