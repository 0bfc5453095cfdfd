package pylambda

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecrassets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// DefaultBaseImage is the base image of the images pylambda generates: the
// Python 3.11 Lambda base image, whose runtime is the one of zip functions.
const DefaultBaseImage = "public.ecr.aws/lambda/python:3.11"

// ContainerFunctionProps configure a Python function packaged as a
// container image, for large or native dependencies (an image may hold
// 10 GB, a zip 250 MB unzipped) or one artefact across environments.
//
// The image is built from Entry: with a Dockerfile pylambda generates (the
// base image, the requirements and Powertools installed for the function's
// platform, the code), or with your own (Dockerfile). `cdk synth` needs no
// Docker: the image is built when the asset is published (`cdk deploy`, or
// a CI step that runs `cdk-assets`).
type ContainerFunctionProps struct {
	// FunctionProps are those of a zip function: the same defaults,
	// Powertools configuration, logs, role, tracing and failure handling.
	// Runtime names the Python version of the image (Python 3.11 by
	// default); Bundling and layers do not apply (an image has no layers);
	// PowertoolsDelivery installs Powertools into the image (the default:
	// powertools.DefaultRelease, the release of zip functions' layer), or
	// powertools.None().
	FunctionProps
	// Dockerfile is your own Dockerfile, relative to Entry. Its first stage
	// must build FROM a Python Lambda base image of the function's Python
	// version (public.ecr.aws/lambda/python:3.X), unless Runtime declares
	// the version; pylambda sets the image's command to Handler.
	// Default: "" (pylambda generates one).
	Dockerfile string
	// BaseImage replaces the generated Dockerfile's base image, e.g. a
	// mirror of the Lambda base image or a pinned digest of it.
	// Default: DefaultBaseImage (for Python 3.11).
	BaseImage string
	// Boto3 pins the AWS SDK release the image installs into the task root,
	// where it wins over the runtime's own (since Python 3.11, in
	// /var/lang/lib/python3.11/site-packages, after the task root on the
	// import path).
	// Default: "" (the runtime's SDK).
	Boto3 string
	// BuildArgs are passed to the image build.
	// Default: none.
	BuildArgs map[string]string
}

// NewContainerFunction creates a production-ready Python function from a
// container image and returns the construct at scope/id, as NewFunction
// does for a zip.
//
// Invalid props panic before anything is added to the tree, every problem at
// once, with *ValidationError values.
func NewContainerFunction(scope constructs.Construct, id string, props *ContainerFunctionProps) Function {
	var p ContainerFunctionProps
	if props != nil {
		p = *props
	}
	s := readFunction(scope, id, &p.FunctionProps)
	img := readImage(s, &p)
	r := &report{path: s.path}
	features := featuresOf(s, &p.FunctionProps)
	checkFunction(r, s, features)
	checkImage(r, s, img)
	checkHandler(r, s.base, false, nil)
	context := stageImage(r, s, img)
	if err := r.err(); err != nil {
		panic(err)
	}

	fp := s.fill(p.FunctionProps)
	defer withPath(s.path)
	f := &function{path: s.path}
	constructs.NewConstruct_Override(f, scope, jsii.String(id))
	b := &functionBuild{spec: s, props: &fp, node: f, out: f}
	b.fp = functionProps(fp.FunctionOptions)
	platform := awsecrassets.Platform_LINUX_ARM64()
	if s.architecture == "x86_64" {
		platform = awsecrassets.Platform_LINUX_AMD64()
	}
	b.fp.Code = awslambda.Code_FromAssetImage(jsii.String(context.dir), &awslambda.AssetImageCodeProps{
		File:      jsii.String(context.dockerfile),
		Platform:  platform,
		BuildArgs: jsiiStrings(img.buildArgs),
		Cmd:       jsii.Strings(s.handler),
	})
	b.fp.Handler = awslambda.Handler_FROM_IMAGE()
	b.fp.Runtime = awslambda.Runtime_FROM_IMAGE()
	b.steps(nil, features)
	return f
}

func jsiiStrings(m map[string]string) *map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := map[string]*string{}
	for k, v := range m {
		out[k] = jsii.String(v)
	}
	return &out
}
