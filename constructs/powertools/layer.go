package powertools

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultLayerVersion is the layer version of DefaultRelease, the same in
// every partition.
const DefaultLayerVersion = 27

// DefaultPythonVersion is the Python version of the layer (and of the
// functions) unless told otherwise.
const DefaultPythonVersion = "3.11"

// Architecture is a Lambda instruction set architecture, spelled as Lambda
// and the layer names spell it.
type Architecture string

// Architectures the layers are published for.
const (
	ARM64 Architecture = "arm64"
	X86   Architecture = "x86_64"
)

// Partitions the layers are published in.
const (
	PartitionAWS      = "aws"
	PartitionChina    = "aws-cn"
	PartitionGovCloud = "aws-us-gov"
)

// commercialAccount publishes the layers in the aws partition.
const commercialAccount = "017000801446"

// publishers is the account that publishes the layers in each region outside
// the aws partition (docs: getting-started/install, November 2026).
var publishers = map[string]string{
	"cn-north-1":    "498634801083",
	"us-gov-east-1": "165087284144",
	"us-gov-west-1": "165093116878",
}

// commercialRegions are the aws-partition regions with x86_64 layers
// (docs, November 2026: 32 regions). The arm64 table lacks ca-west-1.
var commercialRegions = []string{
	"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
	"ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
	"eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
	"me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
	"us-west-1", "us-west-2",
}

// noARM64 are the regions whose layers exist for x86_64 only.
var noARM64 = []string{"ca-west-1"}

// noSSM are the commercial regions without the public "latest" SSM
// parameters; China and GovCloud have none either.
var noSSM = []string{"me-central-1", "me-south-1"}

// pythonVersions are the Python versions with v3 layers that pylambda
// accepts: 3.11 and the later ones, the migration path before 3.11's
// deprecation (2027-06-30).
var pythonVersions = []string{"3.11", "3.12", "3.13", "3.14"}

// firstPublicVersion is the first public layer version of a Python version
// whose earlier version numbers were not published.
var firstPublicVersion = map[string]int{"3.14": 27}

// PythonVersions returns the Python versions with layers, oldest first.
func PythonVersions() []string { return slices.Clone(pythonVersions) }

// LayerName returns the layer's name, e.g.
// AWSLambdaPowertoolsPythonV3-python311-arm64.
func LayerName(python string, arch Architecture) string {
	return "AWSLambdaPowertoolsPythonV3-python" + strings.ReplaceAll(python, ".", "") + "-" + string(arch)
}

// SSMParameterName returns the public SSM parameter that holds the ARN of the
// newest layer, e.g. /aws/service/powertools/python/arm64/python3.11/latest.
func SSMParameterName(python string, arch Architecture) string {
	return "/aws/service/powertools/python/" + string(arch) + "/python" + python + "/latest"
}

// Publisher returns the account that publishes the layers in region of
// partition, or an error that says where they are published.
func Publisher(partition, region string, arch Architecture) (string, error) {
	switch partition {
	case PartitionAWS:
		if !slices.Contains(commercialRegions, region) {
			return "", &LayerError{Kind: ErrNotPublished, Msg: fmt.Sprintf("powertools publishes no layer in %s; it does in %s", region, strings.Join(commercialRegions, ", "))}
		}
		if arch == ARM64 && slices.Contains(noARM64, region) {
			return "", &LayerError{Kind: ErrNoARM64, Msg: fmt.Sprintf("powertools publishes no arm64 layer in %s, only x86_64", region)}
		}
		return commercialAccount, nil
	case PartitionChina, PartitionGovCloud:
		if acct, ok := publishers[region]; ok {
			return acct, nil
		}
		var in []string
		for r := range publishers {
			if strings.HasPrefix(r, strings.TrimPrefix(partition, "aws-")) {
				in = append(in, r)
			}
		}
		slices.Sort(in)
		return "", &LayerError{Kind: ErrNotPublished, Msg: fmt.Sprintf("powertools publishes no layer in %s; in partition %s it does in %s", region, partition, strings.Join(in, ", "))}
	default:
		return "", &LayerError{Kind: ErrNotPublished, Msg: fmt.Sprintf("powertools publishes no layer in partition %q", partition)}
	}
}

// LayerARN returns the ARN of a layer version, after checking that it is
// published in region of partition for arch and python.
func LayerARN(partition, region string, arch Architecture, python string, version int) (string, error) {
	if err := checkVersion(python, version); err != nil {
		return "", err
	}
	acct, err := Publisher(partition, region, arch)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("arn:%s:lambda:%s:%s:layer:%s:%d", partition, region, acct, LayerName(python, arch), version), nil
}

// HasLatestParameter reports whether the public "latest" SSM parameters exist
// in region of partition.
func HasLatestParameter(partition, region string) bool {
	return partition == PartitionAWS && slices.Contains(commercialRegions, region) && !slices.Contains(noSSM, region)
}

func checkVersion(python string, version int) error {
	if !slices.Contains(pythonVersions, python) {
		return &LayerError{Kind: ErrUnsupportedPython, Msg: fmt.Sprintf("no Powertools v3 layer for Python %q in pylambda; use one of %s", python, strings.Join(pythonVersions, ", "))}
	}
	first := max(1, firstPublicVersion[python])
	if version < first {
		return &LayerError{Kind: ErrUnpublishedVersion, Msg: fmt.Sprintf("layer version %d does not exist for Python %s; the first is %d", version, python, first)}
	}
	return nil
}

// mappingKey is the architecture's key in the region mapping, whose keys
// CloudFormation limits to letters and digits.
func mappingKey(a Architecture) string { return strings.ReplaceAll(string(a), "_", "") }

// mappingRows are the rows of the region mapping that environment-agnostic
// stacks use to find the publisher at deploy time: region -> architecture key
// -> account. A region missing from it (or arm64 in ca-west-1) fails the deploy
// with a FindInMap error, the best a template can do when the region is known
// only then.
func mappingRows() map[string]map[string]string {
	rows := map[string]map[string]string{}
	add := func(region, acct string) {
		row := map[string]string{mappingKey(X86): acct}
		if !slices.Contains(noARM64, region) {
			row[mappingKey(ARM64)] = acct
		}
		rows[region] = row
	}
	for _, r := range commercialRegions {
		add(r, commercialAccount)
	}
	for r, acct := range publishers {
		add(r, acct)
	}
	return rows
}

// LayerErrorKind says why a layer cannot be given, so that callers can
// choose a fix without reading the message.
type LayerErrorKind int

// Reasons a layer cannot be given.
const (
	// ErrNotPublished: Powertools publishes no layer in the region or
	// partition.
	ErrNotPublished LayerErrorKind = iota + 1
	// ErrNoARM64: the region has x86_64 layers only.
	ErrNoARM64
	// ErrNoLatestParameter: the public "latest" SSM parameter does not exist
	// in the region.
	ErrNoLatestParameter
	// ErrUnpublishedVersion: the layer version does not exist for the
	// Python version.
	ErrUnpublishedVersion
	// ErrUnsupportedPython: no v3 layer for the Python version.
	ErrUnsupportedPython
	// ErrUnknownRegion: the CDK knows no partition for the region.
	ErrUnknownRegion
	// ErrNewerThanPublished: the layer version is newer than any the
	// partition publishes.
	ErrNewerThanPublished
	// ErrUnknownRelease: not a v3 release number.
	ErrUnknownRelease
	// ErrNoReleaseParameter: the layer of the release is unknown to
	// pylambda and its public SSM parameter does not exist in the region.
	ErrNoReleaseParameter
)

// LayerError is a layer that cannot be given, with the reason.
type LayerError struct {
	Kind LayerErrorKind
	Msg  string
}

func (e *LayerError) Error() string { return e.Msg }
