package pylambda

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/internal/bundle"
)

// imageSpec is what a container function adds to a function's spec, as
// plain values.
type imageSpec struct {
	dockerfile   string // the caller's, relative to Entry; "" to generate one
	baseImage    string
	boto3        string
	buildArgs    map[string]string
	runtimeGiven bool
	layers       bool // the caller gives layers
	bundling     bool // the caller sets bundling options
}

// readImage reads the image props, and turns the Powertools delivery into
// what an image can do: install a release (layers do not apply).
func readImage(s *functionSpec, p *ContainerFunctionProps) imageSpec {
	img := imageSpec{dockerfile: p.Dockerfile, baseImage: p.BaseImage, boto3: p.Boto3, buildArgs: p.BuildArgs,
		runtimeGiven: p.Runtime != nil, layers: s.layers > 0, bundling: !reflect.DeepEqual(p.Bundling, BundlingOptions{})}
	if img.baseImage == "" {
		img.baseImage = "public.ecr.aws/lambda/python:" + s.python()
	}
	switch s.delivery.Kind() {
	case powertools.DefaultDelivery:
		s.delivery = powertools.Bundled("")
	case powertools.ReleaseDelivery:
		s.delivery = powertools.Bundled(s.delivery.Release())
	}
	return img
}

var (
	fromLine     = regexp.MustCompile(`(?i)^\s*FROM\s+(?:--platform=(\S+)\s+)?(\S+)`)
	lambdaPython = regexp.MustCompile(`^(public\.ecr\.aws/lambda/python|amazon/aws-lambda-python):(3\.\d+)`)
)

// checkImage adds the problems of a container function's image props to r.
func checkImage(r *report, s *functionSpec, img imageSpec) {
	switch s.delivery.Kind() {
	case powertools.LayerDelivery, powertools.LatestLayerDelivery:
		r.add("PowertoolsDelivery", fmt.Sprintf("%s is a layer, and a container image cannot use layers", s.delivery), "leave it unset to install Powertools into the image, or use powertools.Release(\"3.x.y\") for another release")
	}
	if img.layers {
		r.add("Layers", "a container image cannot use layers", "install what the layers hold in the image (requirements.txt)")
	}
	if img.bundling {
		r.add("Bundling", "does not apply to a container image, which installs its requirements when it is built", "remove Bundling; the generated Dockerfile installs requirements.txt")
	}
	if img.boto3 != "" && !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(img.boto3) {
		r.add("Boto3", fmt.Sprintf("%q is not a release such as \"1.35.0\"", img.boto3), "give the boto3 release to install")
	}
	if img.dockerfile == "" || !r.ok() {
		return
	}
	data, err := os.ReadFile(filepath.Join(s.entry, img.dockerfile))
	if err != nil {
		r.add("Dockerfile", fmt.Sprintf("%s cannot be read in Entry: %v", img.dockerfile, err), "name a Dockerfile in the function's folder, or leave Dockerfile empty for a generated one")
		return
	}
	platform, base := firstFrom(data)
	switch m := lambdaPython.FindStringSubmatch(base); {
	case base == "":
		r.add("Dockerfile", img.dockerfile+" has no FROM line", "build FROM "+DefaultBaseImage)
	case m == nil && !img.runtimeGiven:
		r.add("Dockerfile", fmt.Sprintf("%s builds FROM %s, not a Python Lambda base image, so the function's Python version is unknown", img.dockerfile, base),
			"build FROM public.ecr.aws/lambda/python:"+s.python()+", or declare the image's Python with Runtime")
	case m != nil && "python"+m[2] != s.runtime:
		r.add("Dockerfile", fmt.Sprintf("%s builds FROM %s, Python %s, and the function's runtime is %s", img.dockerfile, base, m[2], s.runtime),
			"build FROM public.ecr.aws/lambda/python:"+s.python()+", or set Runtime to the image's Python")
	}
	want := map[string]string{"arm64": "linux/arm64", "x86_64": "linux/amd64"}[s.architecture]
	if platform != "" && !strings.Contains(platform, "$") && platform != want {
		r.add("Dockerfile", fmt.Sprintf("%s builds FROM --platform=%s, and the function's architecture is %s", img.dockerfile, platform, s.architecture),
			"remove --platform (pylambda builds for the function's architecture) or set it to "+want)
	}
}

// firstFrom returns the platform and image of a Dockerfile's first FROM.
func firstFrom(data []byte) (platform, image string) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if m := fromLine.FindStringSubmatch(sc.Text()); m != nil {
			return m[1], m[2]
		}
	}
	return "", ""
}

// imageContext is a container function's build context, staged with the
// same exclude engine as a zip.
type imageContext struct {
	dir        string
	dockerfile string // relative to dir
}

// stageImage writes the build context into the cache: the function's files
// (less the asset excludes), and the generated Dockerfile and requirements.
func stageImage(r *report, s *functionSpec, img imageSpec) imageContext {
	if !r.ok() {
		return imageContext{}
	}
	extra := map[string]string{}
	ctx := imageContext{dockerfile: img.dockerfile}
	if img.dockerfile == "" {
		ctx.dockerfile = "Dockerfile.pylambda"
		extra[ctx.dockerfile] = Dockerfile(s.path, img.baseImage, s.handler)
		pyproject, err := bundle.PyprojectRequirements(bundle.Options{Entry: s.entry, Interpreter: s.bundling.Python})
		if err != nil {
			requirementsProblem(r, err)
			return ctx
		}
		extra["pylambda-requirements.txt"] = imageRequirements(s, img, pyproject)
	}
	plan, err := bundle.NewPlan(bundle.Options{Entry: s.entry, Excludes: s.excludes, Architecture: s.architecture, Python: s.python(),
		NoDependencies: true, ExtraFiles: extra, Label: s.path})
	if err != nil {
		r.add("Entry", "its files cannot be read: "+err.Error(), "check the folder's permissions")
		return ctx
	}
	cache := s.bundling.CacheDir
	if cache == "" {
		cache = bundle.DefaultCacheDir()
	}
	ctx.dir = filepath.Join(cache, "images", plan.Hash())
	if _, err := os.Stat(ctx.dir); err == nil {
		return ctx
	}
	_ = os.MkdirAll(filepath.Join(cache, "images"), 0o755)
	tmp, err := os.MkdirTemp(filepath.Join(cache, "images"), "tmp-")
	if err == nil {
		err = plan.Build(tmp)
	}
	if err == nil {
		if err = os.Rename(tmp, ctx.dir); err != nil {
			if _, statErr := os.Stat(ctx.dir); statErr == nil {
				err = nil
			}
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		r.add("Entry", "its build context cannot be staged: "+err.Error(), "check that the cache folder (BundlingOptions.CacheDir) is writable")
	}
	return ctx
}

// Dockerfile returns the Dockerfile pylambda generates for a container
// function: the base image, the requirements (the function's, Powertools,
// a pinned boto3) installed into the task root, the code, the handler.
func Dockerfile(path, baseImage, handler string) string {
	data, err := templates.ReadFile("templates/Dockerfile")
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return strings.NewReplacer("{path}", path, "{base}", baseImage, "{handler}", handler).Replace(string(data))
}

// imageRequirements are the requirement lines the generated image installs:
// the function's requirements.txt (or else its pyproject.toml's [project]
// dependencies, as a zip would), Powertools with the Tracer's X-Ray SDK (the
// layer ships it; the package needs the extra), and a pinned boto3.
func imageRequirements(s *functionSpec, img imageSpec, pyproject []string) string {
	var lines []string
	if _, err := os.Stat(filepath.Join(s.entry, bundle.RequirementsFile)); err == nil {
		lines = append(lines, "--requirement "+bundle.RequirementsFile)
	}
	lines = append(lines, pyproject...)
	if s.delivery.Kind() == powertools.BundledDelivery {
		lines = append(lines, powertools.PackageName+"[tracer]=="+s.delivery.Release())
	}
	if img.boto3 != "" {
		lines = append(lines, "boto3=="+img.boto3)
	}
	sort.Strings(lines)
	return "# Installed by the image pylambda generates.\n" + strings.Join(lines, "\n") + "\n"
}
