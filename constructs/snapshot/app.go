package snapshot

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/project"
)

// AppOptions tune NewApp. The zero value is ready to use.
type AppOptions struct {
	// Context entries added to (and winning over) the project's.
	// Default: none.
	Context map[string]any
	// Validate turns the CDK's built-in CloudFormation validation on. It
	// costs seconds per test binary and checks the CDK more than your stack.
	// Default: false (construct validations still run).
	Validate bool
}

// NewApp returns an app for a test that synthesizes what `cdk synth`
// deploys: the context of the project's cdk.json (its feature flags) and
// cdk.context.json, as the CLI passes them, found in the working directory
// or the nearest folder above it that holds a cdk.json; the output in a
// temporary folder of t. Without the feature flags, a stack synthesizes
// differently in tests than under the CLI (IAM policies differ, for one).
//
// Paths in your stacks that are relative to the project (a function's code,
// a folder of wheels) resolve against the working directory, which `go test`
// sets to the package's folder: anchor them at the project's root with
// pylambda.ProjectPath.
func NewApp(t testing.TB, opts *AppOptions) awscdk.App {
	t.Helper()
	var o AppOptions
	if opts != nil {
		o = *opts
	}
	ctx, err := ProjectContext()
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(ctx, o.Context)
	return awscdk.NewApp(&awscdk.AppProps{
		Outdir:                          jsii.String(t.TempDir()),
		BuiltinCloudFormationValidation: jsii.Bool(o.Validate),
		Context:                         &ctx,
	})
}

// ProjectContext returns the context the CLI gives the app of the project
// whose cdk.json is in the working directory or the nearest folder above:
// cdk.json's "context", then cdk.context.json's (cached lookups), and
// "aws:cdk:version-reporting" from cdk.json's "versionReporting".
func ProjectContext() (map[string]any, error) {
	root := project.Root()
	if root == "" {
		return nil, fmt.Errorf("snapshot: no cdk.json in the working directory or above")
	}
	ctx := map[string]any{}
	var cfg struct {
		Context          map[string]any `json:"context"`
		VersionReporting *bool          `json:"versionReporting"`
	}
	if err := readJSON(filepath.Join(root, "cdk.json"), &cfg); err != nil {
		return nil, err
	}
	maps.Copy(ctx, cfg.Context)
	if cfg.VersionReporting != nil {
		ctx["aws:cdk:version-reporting"] = *cfg.VersionReporting
	}
	var cached map[string]any
	switch err := readJSON(filepath.Join(root, "cdk.context.json"), &cached); {
	case err == nil:
		maps.Copy(ctx, cached)
	case !os.IsNotExist(err):
		return nil, err
	}
	return ctx, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("snapshot: %s: %w", path, err)
	}
	return nil
}
