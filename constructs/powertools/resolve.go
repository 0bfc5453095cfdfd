package powertools

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/stackinfo"
)

// LayerProps select a Powertools layer.
type LayerProps struct {
	// Architecture of the functions that use the layer.
	// Default: ARM64.
	Architecture Architecture
	// Python is the Python version of the layer, "3.11" to "3.14".
	// Default: DefaultPythonVersion ("3.11").
	Python string
	// Version is the layer version to pin.
	// Default: DefaultLayerVersion.
	Version int
	// Latest resolves the newest layer at deploy time from the public SSM
	// parameter instead of pinning a version: every deploy may pick up a new
	// Powertools release. Refused where the parameter does not exist (China,
	// GovCloud, me-central-1, me-south-1).
	// Default: false.
	Latest bool
	// Release selects the layer built from a release instead of Version:
	// its known version (ReleaseLayer), or else its public per-release SSM
	// parameter, resolved at deploy time. Refused where that parameter does
	// not exist.
	// Default: none (Version).
	Release string
}

// MappingID is the id of the stack-level CfnMapping that environment-agnostic
// stacks use to find the layer publisher for the deploy-time region.
const MappingID = "PowertoolsLayerPublishers"

// ResolveLayerARN returns the layer ARN for the stack of scope, as a string or a
// token, after checking that the layer exists there:
//   - region known at synth: the literal ARN of the pinned version (or a
//     deploy-time SSM lookup with Latest), with an error if Powertools
//     publishes no such layer in that region;
//   - environment-agnostic stack: an ARN that a stack-level CfnMapping
//     completes for the region at deploy time.
//
// It makes no change to the tree when it returns an error.
func ResolveLayerARN(scope constructs.Construct, props LayerProps) (*string, error) {
	if err := CheckLayer(scope, props); err != nil {
		return nil, err
	}
	p := withLayerDefaults(props)
	if p.Latest {
		return ssmValue(scope, SSMParameterName(p.Python, p.Architecture)), nil
	}
	if p.Release != "" {
		return ssmValue(scope, ReleaseParameterName(p.Python, p.Architecture, p.Release)), nil
	}
	info := stackinfo.Of(scope)
	if info.Region == "" {
		mapping := publisherMapping(info.Stack)
		acct := mapping.FindInMap(awscdk.Aws_REGION(), jsii.String(mappingKey(p.Architecture)), nil)
		arn := "arn:" + *awscdk.Aws_PARTITION() + ":lambda:" + *awscdk.Aws_REGION() + ":" + *acct +
			":layer:" + LayerName(p.Python, p.Architecture) + ":" + strconv.Itoa(p.Version)
		return &arn, nil
	}
	arn, err := LayerARN(info.Partition, info.Region, p.Architecture, p.Python, p.Version)
	return &arn, err
}

// CheckLayer returns the error ResolveLayerARN would return for the stack of
// scope, without adding anything to the tree.
func CheckLayer(scope constructs.Construct, props LayerProps) error {
	p := withLayerDefaults(props)
	if p.Release != "" {
		if err := CheckRelease(p.Release); err != nil {
			return &LayerError{Kind: ErrUnknownRelease, Msg: err.Error()}
		}
	}
	if !slices.Contains(pythonVersions, p.Python) {
		return checkVersion(p.Python, p.Version)
	}
	info := stackinfo.Of(scope)
	switch {
	case p.Release != "" && info.Region != "" && info.Partition != "" && !HasReleaseParameter(info.Partition, info.Region, p.Python, p.Release):
		return &LayerError{Kind: ErrNoReleaseParameter, Msg: fmt.Sprintf("pylambda knows no layer version of Powertools %s, and its public SSM parameter %s does not exist in %s",
			p.Release, ReleaseParameterName(p.Python, p.Architecture, p.Release), info.Region)}
	case p.Release != "":
		return nil
	}
	if err := checkVersion(p.Python, p.Version); err != nil {
		return err
	}
	switch {
	case info.Region == "":
		return nil
	case info.Partition == "":
		return &LayerError{Kind: ErrUnknownRegion, Msg: fmt.Sprintf("the CDK knows no partition for region %q", info.Region)}
	case p.Latest && !HasLatestParameter(info.Partition, info.Region):
		return &LayerError{Kind: ErrNoLatestParameter, Msg: fmt.Sprintf("the public SSM parameter %s does not exist in %s", SSMParameterName(p.Python, p.Architecture), info.Region)}
	case p.Latest:
		_, err := Publisher(info.Partition, info.Region, p.Architecture)
		return err
	case newestLayer[info.Partition] > 0 && p.Version > newestLayer[info.Partition]:
		return &LayerError{Kind: ErrNewerThanPublished, Msg: fmt.Sprintf("layer version %d is newer than any published in partition %s (the newest is %d)", p.Version, info.Partition, newestLayer[info.Partition])}
	}
	_, err := LayerARN(info.Partition, info.Region, p.Architecture, p.Python, p.Version)
	return err
}

func withLayerDefaults(p LayerProps) LayerProps {
	if p.Architecture == "" {
		p.Architecture = ARM64
	}
	if p.Python == "" {
		p.Python = DefaultPythonVersion
	}
	if v, ok := ReleaseLayer(p.Release); ok {
		p.Version, p.Release = v, ""
	}
	if p.Version == 0 {
		p.Version = DefaultLayerVersion
	}
	return p
}

// ssmValue reads a public parameter at deploy time through a template
// parameter of type AWS::SSM::Parameter::Value<String>, which CloudFormation
// resolves again on every deploy (one per stack and parameter name).
func ssmValue(scope constructs.Construct, name string) *string {
	return awsssm.StringParameter_ValueForStringParameter(scope, jsii.String(name), nil)
}

// publisherMapping returns the stack's region-to-publisher mapping, creating
// it on first use.
func publisherMapping(stack awscdk.Stack) awscdk.CfnMapping {
	if existing := stack.Node().TryFindChild(jsii.String(MappingID)); existing != nil {
		return existing.(awscdk.CfnMapping)
	}
	rows := map[string]*map[string]any{}
	for region, row := range mappingRows() {
		r := map[string]any{}
		for arch, acct := range row {
			r[arch] = acct
		}
		rows[region] = &r
	}
	return awscdk.NewCfnMapping(stack, jsii.String(MappingID), &awscdk.CfnMappingProps{Mapping: &rows})
}
