package pylambda

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/bundle"
)

// BundlingOptions control how a function's dependencies get into its asset.
//
// When Entry holds requirements.txt (or a pyproject.toml with [project]
// dependencies), pylambda installs them into the asset with the local Python
// and pip, for Lambda's platform (manylinux2014 for the function's
// architecture, CPython binary wheels only), whatever the host. No Docker is
// needed; Docker (the SAM build image) is the fallback only where there is no
// local Python with pip. Installed dependencies are cached: a second synth
// with unchanged requirements, architecture and Python version runs no pip.
//
// The asset hash depends on the sources and the requirements only (with the
// files they include, the wheels of local FindLinks folders, and the
// architecture and Python version they are installed for): never on host
// paths, index URLs, pip options, modification times or the umask.
type BundlingOptions struct {
	// Disabled installs nothing: the asset is the Entry folder as it is.
	// Default: false.
	Disabled bool
	// IndexURL is pip's --index-url, e.g. a private index.
	// Default: pip's configuration (PyPI).
	IndexURL string
	// FindLinks are folders (or URLs) of wheels for pip's --find-links.
	// Default: none.
	FindLinks []string
	// NoIndex installs from FindLinks only (pip's --no-index), for offline
	// builds.
	// Default: false.
	NoIndex bool
	// PipArgs are more pip install arguments, e.g. "--extra-index-url", URL.
	// Default: none.
	PipArgs []string
	// CacheDir holds installed dependencies between synths.
	// Default: $PYLAMBDA_CACHE_DIR, else pylambda in the user's cache folder.
	CacheDir string
	// Python is the interpreter that runs pip (any Python 3 with pip: the
	// target version is set with --python-version).
	// Default: python3.11, else python3, on PATH.
	Python string
	// DockerImage is the fallback image where there is no local Python.
	// Default: public.ecr.aws/sam/build-python3.X for the function's runtime.
	DockerImage string
}

// codeSpec is everything that decides a function's code asset.
type codeSpec struct {
	path         string // construct path, for messages
	entry        string
	excludes     []string
	architecture string // "arm64" or "x86_64"
	python       string // "3.11"
	bundling     BundlingOptions
	extraReqs    []string          // requirement lines installed besides the function's own
	extraFiles   map[string]string // files written at the asset root
}

// assetCode returns the function's code: the Entry folder as it is when
// there is nothing to install or generate, else a bundle built by the local
// bundler (with the Docker fallback).
func assetCode(c codeSpec) (awslambda.Code, error) {
	plan, err := bundle.NewPlan(bundle.Options{
		Entry:             c.entry,
		Excludes:          c.excludes,
		Architecture:      c.architecture,
		Python:            c.python,
		ExtraRequirements: c.extraReqs,
		ExtraFiles:        c.extraFiles,
		IndexURL:          c.bundling.IndexURL,
		FindLinks:         c.bundling.FindLinks,
		NoIndex:           c.bundling.NoIndex,
		PipArgs:           c.bundling.PipArgs,
		NoDependencies:    c.bundling.Disabled,
		CacheDir:          c.bundling.CacheDir,
		Interpreter:       c.bundling.Python,
		Label:             c.path,
	})
	if err != nil {
		return nil, err
	}
	if !plan.HasDependencies() && len(c.extraFiles) == 0 {
		return awslambda.Code_FromAsset(jsii.String(c.entry), &awss3assets.AssetOptions{
			Exclude: jsii.Strings(c.excludes...),
		}), nil
	}
	// Install now, where a failure is an ordinary error of the constructor,
	// rather than in the CDK's bundling callback; the hook then only copies.
	// Without a local Python the hook hands over to Docker.
	if _, err := bundle.Interpreter(c.bundling.Python); err == nil {
		if err := plan.Prepare(); err != nil {
			var pe *bundle.PipError
			if errors.As(err, &pe) {
				return nil, &ValidationError{Path: c.path, Property: "Bundling",
					Rule: fmt.Sprintf("pip could not install the requirements (%v):\n%s\n", pe.Err, pe.Detail()), Fix: pe.Hint()}
			}
			return nil, err
		}
	}
	image := c.bundling.DockerImage
	if image == "" {
		image = "public.ecr.aws/sam/build-python" + c.python
	}
	platform := "linux/arm64"
	if c.architecture == "x86_64" {
		platform = "linux/amd64"
	}
	return awslambda.Code_FromAsset(jsii.String(c.entry), &awss3assets.AssetOptions{
		AssetHash:     jsii.String(plan.Hash()),
		AssetHashType: awscdk.AssetHashType_CUSTOM,
		Bundling: &awscdk.BundlingOptions{
			Image:    awscdk.DockerImage_FromRegistry(jsii.String(image)),
			Platform: jsii.String(platform),
			Command:  jsii.Strings("bash", "-c", bundle.DockerScript(c.excludes)),
			Local:    &localBundling{plan: plan, spec: c},
		},
	}), nil
}

// bundleError reports a bundle that cannot be planned (its requirements
// cannot be read) as a validation error with a fix that fits the cause.
func bundleError(path string, err error) error {
	fix := "fix the requirements file or the file it names"
	if strings.Contains(err.Error(), "no Python with pip") {
		fix = "install python3 with pip: reading pyproject.toml needs it (or use requirements.txt)"
	}
	return &ValidationError{Path: path, Property: "Entry", Rule: "its dependencies cannot be read: " + err.Error(), Fix: fix}
}

// localBundling is the CDK's local-bundling hook: it builds the bundle with
// the local Python and pip, and hands over to Docker only when there is no
// local Python and a Docker engine answers. The CDK hashes the bundling
// options with the custom hash, so they hold nothing that varies with the
// host or the index: the Docker script reads pip's arguments from a file this
// hook writes into the output folder.
type localBundling struct {
	plan *bundle.Plan
	spec codeSpec
}

// TryBundle implements awscdk.ILocalBundling.
func (l *localBundling) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	if !l.plan.Cached() {
		if _, err := bundle.Interpreter(l.spec.bundling.Python); err != nil {
			if !dockerRunning() {
				panic(fmt.Errorf("%s: Bundling: installing dependencies needs Python 3 with pip on PATH (or BundlingOptions.Python), or a running Docker engine: %v; install python3 and python3-pip", l.spec.path, err))
			}
			fmt.Fprintf(os.Stderr, "pylambda: %v; bundling %s in Docker\n", err, l.spec.path)
			if err := l.plan.WriteDockerInputs(*outputDir); err != nil {
				panic(fmt.Errorf("%s: Bundling: %w", l.spec.path, err))
			}
			return jsii.Bool(false)
		}
	}
	if err := l.plan.Build(*outputDir); err != nil {
		panic(fmt.Errorf("%s: Bundling: %w", l.spec.path, err))
	}
	return jsii.Bool(true)
}

// dockerRunning reports whether a Docker engine answers (the client alone
// is not enough), once per process.
var dockerRunning = sync.OnceValue(func() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}}").Run() == nil
})
