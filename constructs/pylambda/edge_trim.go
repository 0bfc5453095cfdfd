package pylambda

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/trim"
)

// trimmed is an edge function's bundle cut down to the modules its handler
// can import: a folder in the cache, named by the bundle's hash.
type trimmed struct {
	dir  string
	hash string
}

// trimBundle builds the function's bundle and keeps only what its handler
// can import (internal/trim), reporting a trim that cannot be decided. It
// needs the dependencies installed: for a stack the CLI does not bundle it
// returns nil and the untrimmed bundle stands in.
func trimBundle(r *report, s *edgeSpec, plan *bundle.Plan) *trimmed {
	if !s.trim || plan == nil || !r.ok() || (plan.HasDependencies() && !plan.Cached()) {
		return nil
	}
	sum := sha256.Sum256([]byte(plan.Hash() + "\ntrim-v1 " + strings.Join(s.trimKeep, ",")))
	t := &trimmed{hash: hex.EncodeToString(sum[:])}
	cache := s.bundling.CacheDir
	if cache == "" {
		cache = bundle.DefaultCacheDir()
	}
	t.dir = filepath.Join(cache, "trimmed", t.hash)
	if _, err := os.Stat(t.dir); err == nil {
		return t
	}
	fail := func(err error) *trimmed {
		r.add("Trim", "the bundle cannot be trimmed: "+err.Error(), "check that the cache folder (BundlingOptions.CacheDir) is writable")
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(t.dir), 0o755); err != nil {
		return fail(err)
	}
	full, err := os.MkdirTemp(filepath.Dir(t.dir), "full-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(full)
	if err := plan.Build(full); err != nil {
		return fail(err)
	}
	python, _ := bundle.Interpreter(s.bundling.Python)
	opts := trim.Options{Dir: full, Handler: s.handler[:strings.LastIndex(s.handler, ".")], Keep: s.trimKeep, Python: python, Version: s.python()}
	if s.bundled() {
		opts.Entries = []string{EdgeWrapperModule, EdgeSettingsModule}
	}
	res, err := trim.Analyze(opts)
	var undecidable *trim.UndecidableError
	var syntax *trim.SyntaxError
	switch {
	case errors.As(err, &undecidable):
		r.addDetail("Trim", "the modules the handler can import cannot be decided: an import's name is computed at run time",
			"keep the package whole with TrimKeep, or set Trim to false", err.Error())
		return nil
	case errors.As(err, &syntax):
		r.addDetail("Trim", "a module the handler can import does not parse", "fix the module, or set Trim to false", err.Error())
		return nil
	case err != nil:
		return fail(err)
	}
	tmp := t.dir + ".tmp-" + filepath.Base(full)
	if err := res.Apply(tmp); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, t.dir); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(t.dir); statErr != nil {
			return fail(err)
		}
	}
	return t
}

// files lists the trimmed bundle, for its zip's measure.
func (t *trimmed) files() ([]bundle.File, error) {
	var out []bundle.File
	err := filepath.WalkDir(t.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(t.dir, path)
		out = append(out, bundle.File{Rel: filepath.ToSlash(rel), Path: path})
		return nil
	})
	return out, err
}

// code is the trimmed bundle as the function's asset: the folder as it is,
// under the trim's hash.
func (t *trimmed) code() awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(t.dir), &awss3assets.AssetOptions{
		AssetHash:     jsii.String(t.hash),
		AssetHashType: awscdk.AssetHashType_CUSTOM,
	})
}
