package pylambda

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/stackinfo"
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

// codeRequest is everything that decides a function's code asset.
type codeRequest struct {
	base
	architecture string            // "arm64" or "x86_64"
	extraReqs    []string          // requirement lines installed besides the function's own
	extraFiles   map[string]string // files generated at the asset root
}

// planCode reads the function's sources and requirements, and installs the
// requirements now when the CLI bundles the stack, so that a failure is a
// problem of the function's report, before anything is created. It returns
// nil when r has a problem.
func planCode(r *report, c codeRequest) *bundle.Plan {
	plan, err := bundle.NewPlan(bundle.Options{
		Entry:             c.entry,
		Excludes:          c.excludes,
		Architecture:      c.architecture,
		Python:            c.python(),
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
	switch {
	case requirementsProblem(r, err):
		return nil
	case err != nil:
		r.add("Entry", "its files cannot be read: "+err.Error(), "check the folder's permissions")
		return nil
	}
	if !r.ok() || !plan.HasDependencies() || !c.info.BundlingRequired() {
		return plan
	}
	// Without a local Python the hook hands over to Docker at synth.
	if _, err := bundle.Interpreter(c.bundling.Python); err != nil {
		if !bundle.DockerRunning() {
			r.add("Bundling", "installing the dependencies needs Python 3 with pip on PATH (or BundlingOptions.Python), or a running Docker engine: "+err.Error(), "install python3 and python3-pip")
			return nil
		}
		return plan
	}
	var pe *bundle.PipError
	if err := plan.Prepare(); errors.As(err, &pe) {
		r.addDetail("Bundling", fmt.Sprintf("pip could not install the requirements (%v)", pe.Err), pe.Hint(), pe.Detail())
		return nil
	} else if err != nil {
		r.add("Bundling", "the dependencies cannot be installed: "+err.Error(), "check that the cache folder (BundlingOptions.CacheDir) is writable")
		return nil
	}
	return plan
}

// codeKey identifies an asset: functions of one stack with the same bundle
// share one Code (and so one staged asset).
type codeKey struct {
	stack *stackinfo.Info
	hash  string
	image string
}

var codes sync.Map // codeKey -> awslambda.Code

// assetCode returns the function's code: the bundle the plan describes,
// built by the local-bundling hook (the Docker fallback runs the same steps
// where there is no local Python). One exclude engine selects the files on
// every path: the CDK's own exclude patterns are not used.
func assetCode(c codeRequest, plan *bundle.Plan) awslambda.Code {
	image := c.bundling.DockerImage
	if image == "" {
		image = "public.ecr.aws/sam/build-python" + c.python()
	}
	key := codeKey{stack: c.info, hash: plan.Hash(), image: image}
	if code, ok := codes.Load(key); ok {
		return code.(awslambda.Code)
	}
	platform := "linux/arm64"
	if c.architecture == "x86_64" {
		platform = "linux/amd64"
	}
	// The CDK resolves a relative path in its own process, whose working
	// directory may differ from this one's: hand it the path read here.
	entry, err := filepath.Abs(c.entry)
	if err != nil {
		entry = c.entry
	}
	code := awslambda.Code_FromAsset(jsii.String(entry), &awss3assets.AssetOptions{
		AssetHash:     jsii.String(plan.Hash()),
		AssetHashType: awscdk.AssetHashType_CUSTOM,
		Bundling: &awscdk.BundlingOptions{
			Image:    awscdk.DockerImage_FromRegistry(jsii.String(image)),
			Platform: jsii.String(platform),
			Command:  jsii.Strings("bash", "-c", bundle.DockerScript),
			Local:    &localBundling{plan: plan, path: c.path, python: c.bundling.Python},
		},
	})
	codes.Store(key, code)
	return code
}

// localBundling is the CDK's local-bundling hook: it builds the bundle with
// the local Python and pip, and hands over to Docker only when there is no
// local Python and a Docker engine answers. The CDK hashes the bundling
// options with the custom hash, so they hold nothing that varies with the
// host or the index: the Docker script reads pip's arguments and the
// function's files from a folder this hook writes into the output.
type localBundling struct {
	plan   *bundle.Plan
	path   string
	python string
}

// TryBundle implements awscdk.ILocalBundling.
func (l *localBundling) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	if !l.plan.Cached() {
		if _, err := bundle.Interpreter(l.python); err != nil {
			fmt.Fprintf(os.Stderr, "pylambda: %v; bundling %s in Docker\n", err, l.path)
			if err := l.plan.WriteDockerInputs(*outputDir); err != nil {
				panic(fmt.Errorf("%s: Bundling: %w", l.path, err))
			}
			return jsii.Bool(false)
		}
	}
	if err := l.plan.Build(*outputDir); err != nil {
		panic(fmt.Errorf("%s: Bundling: %w", l.path, err))
	}
	return jsii.Bool(true)
}

// requirementsProblem adds to r the problem of err when it is one of reading
// the function's dependencies, and reports whether it was.
func requirementsProblem(r *report, err error) bool {
	var noPython *bundle.NoPythonError
	var reqErr *bundle.RequirementsError
	switch {
	case errors.As(err, &noPython):
		r.add("Entry", "its pyproject.toml needs a local Python to be read: "+err.Error(), "install python3 with pip, or list the dependencies in requirements.txt")
	case errors.As(err, &reqErr):
		r.add("Entry", "its dependencies cannot be read: "+reqErr.Err.Error(), "fix the requirements file or the file it names")
	default:
		return false
	}
	return true
}
