// Package bench holds the project's benchmarks: make bench runs them.
//
//	go test -run '^$' -bench . -benchtime 3x ./bench/
package bench

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
	"github.com/pylambda/pylambda/internal/wheel"
	"github.com/pylambda/pylambda/stacks"
)

func TestMain(m *testing.M) { cdktest.Main(m) }

// fixture writes a function with two requirements and a find-links folder
// that serves them.
func fixture(b *testing.B) bundle.Options {
	b.Helper()
	links, entry := b.TempDir(), b.TempDir()
	for _, s := range []wheel.Spec{
		{Name: "purelib", Version: "1.0.0", Tag: "py3-none-any", Files: map[string]string{"core.py": "X = 1\n"}},
		{Name: "native", Version: "2.0.0", Tag: wheel.PlatformTag("aarch64"), Files: map[string]string{"machine.py": "M = 'aarch64'\n"}},
	} {
		if _, err := wheel.Write(links, s); err != nil {
			b.Fatal(err)
		}
	}
	for name, content := range map[string]string{"app.py": "def handler(e, c):\n    return 1\n", "requirements.txt": "purelib\nnative\n"} {
		if err := os.WriteFile(filepath.Join(entry, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return bundle.Options{Entry: entry, Architecture: "arm64", Python: "3.11", FindLinks: []string{links}, NoIndex: true, Log: io.Discard}
}

// BenchmarkBundle compares bundling a function with an empty cache (pip runs)
// and with the cache filled by an earlier build (no pip).
func BenchmarkBundle(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		opts := fixture(b)
		for b.Loop() {
			opts.CacheDir = b.TempDir()
			build(b, opts)
		}
	})
	b.Run("cached", func(b *testing.B) {
		opts := fixture(b)
		opts.CacheDir = b.TempDir()
		build(b, opts)                           // fills the cache
		opts.Interpreter = "/nonexistent/python" // proves no pip runs below
		for b.Loop() {
			build(b, opts)
		}
	})
}

func build(b *testing.B, opts bundle.Options) {
	b.Helper()
	plan, err := bundle.NewPlan(opts)
	if err != nil {
		b.Fatal(err)
	}
	if err := plan.Build(b.TempDir()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSynthExampleApp builds and synthesizes the example app with the
// cdk-nag packs, as cmd/app does, in a warm jsii kernel; with the CDK's
// built-in CloudFormation validation off (unit tests) and on (cdk synth).
func BenchmarkSynthExampleApp(b *testing.B) {
	for _, validate := range []bool{false, true} {
		name := map[bool]string{false: "validation-off", true: "validation-on"}[validate]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(b.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(validate)})
				stacks.Build(app)
				nagpacks.Apply(app)
				app.Synth(nil)
			}
		})
	}
}
