// Package cdktest is the project's test harness for code that drives the CDK
// through jsii.
//
// Three facts shape it:
//   - the jsii kernel is one Node.js process per test binary; Main starts the
//     binary on the project's pinned Node.js and closes the kernel at the end;
//   - a CDK error (a failed assertion, a construct that refuses its props) is a
//     Go panic that would abort the whole binary; Run and Panic turn it into a
//     failure of one test, or a value to assert on;
//   - tests must synthesize what `cdk synth` deploys: NewApp gives every app
//     the context (feature flags) of the project's cdk.json, read by the
//     public snapshot.ProjectContext;
//   - the CDK's built-in CloudFormation validation costs seconds per binary and
//     checks the CDK rather than this project; NewApp and NewSharedApp turn it
//     off. Construct
//     validations (node.AddValidation) still run: tests/harness_test.go proves it.
//
// The kernel is not thread-safe: tests that touch jsii never call t.Parallel.
package cdktest

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/toolchain"
)

// Main runs the tests of a package that uses jsii: it selects the pinned
// Node.js, runs the tests and closes the kernel. Call it from TestMain.
func Main(m *testing.M) {
	toolchain.Use()
	code := m.Run()
	jsii.Close()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// sharedDir holds the output of apps that outlive one test.
var sharedDir string

// Run calls fn and reports a panic raised inside it as a fatal failure of t
// alone, so that one failing CDK call does not abort the other tests.
func Run(t testing.TB, fn func()) {
	t.Helper()
	if msg, panicked := Panic(fn); panicked {
		t.Fatalf("unexpected panic: %s", msg)
	}
}

// Panic calls fn and returns the message of the panic it raised, if any.
func Panic(fn func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, panicked = fmt.Sprint(r), true
		}
	}()
	fn()
	return "", false
}

// NewApp returns an app for unit tests: output in a temporary folder of t,
// and the CDK's built-in CloudFormation validation off.
func NewApp(t testing.TB) awscdk.App {
	t.Helper()
	return newApp(t.TempDir())
}

// NewSharedApp is NewApp for an app built once and read by many tests: its
// output lives until Main returns.
func NewSharedApp() awscdk.App {
	if sharedDir == "" {
		dir, err := os.MkdirTemp("", "cdktest-")
		if err != nil {
			panic(err)
		}
		sharedDir = dir
	}
	dir, err := os.MkdirTemp(sharedDir, "app-")
	if err != nil {
		panic(err)
	}
	return newApp(dir)
}

func newApp(outdir string) awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{
		Outdir:                          jsii.String(outdir),
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Context:                         projectContext(),
	})
}

// projectContext is the context the CLI gives the project's app (cdk.json's
// feature flags): the public snapshot helper's, so that the tests prove what
// users get from it.
var projectContext = sync.OnceValue(func() *map[string]any {
	ctx, err := snapshot.ProjectContext()
	if err != nil {
		panic(err)
	}
	return &ctx
})
