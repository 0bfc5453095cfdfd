package powertools

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
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
	p := withLayerDefaults(props)
	if err := checkVersion(p.Python, p.Version); err != nil {
		return nil, err
	}
	stack := awscdk.Stack_Of(scope)
	region := stack.Region()
	if *awscdk.Token_IsUnresolved(region) {
		if p.Latest {
			return ssmValue(scope, p), nil
		}
		mapping := publisherMapping(stack)
		acct := mapping.FindInMap(awscdk.Aws_REGION(), jsii.String(mappingKey(p.Architecture)), nil)
		arn := "arn:" + *awscdk.Aws_PARTITION() + ":lambda:" + *awscdk.Aws_REGION() + ":" + *acct +
			":layer:" + LayerName(p.Python, p.Architecture) + ":" + strconv.Itoa(p.Version)
		return &arn, nil
	}
	partition := regioninfo.RegionInfo_Get(region).Partition()
	if partition == nil {
		return nil, fmt.Errorf("the CDK knows no partition for region %q", *region)
	}
	if p.Latest {
		if !HasLatestParameter(*partition, *region) {
			return nil, fmt.Errorf("the public SSM parameter %s does not exist in %s", SSMParameterName(p.Python, p.Architecture), *region)
		}
		if _, err := Publisher(*partition, *region, p.Architecture); err != nil {
			return nil, err
		}
		return ssmValue(scope, p), nil
	}
	arn, err := LayerARN(*partition, *region, p.Architecture, p.Python, p.Version)
	if err != nil {
		return nil, err
	}
	return &arn, nil
}

// NewLayer returns the Powertools layer for the stack of scope as a layer
// version that any function can use. See ResolveLayerARN for the checks.
func NewLayer(scope constructs.Construct, id string, props LayerProps) (awslambda.ILayerVersion, error) {
	arn, err := ResolveLayerARN(scope, props)
	if err != nil {
		return nil, err
	}
	return awslambda.LayerVersion_FromLayerVersionArn(scope, jsii.String(id), arn), nil
}

func withLayerDefaults(p LayerProps) LayerProps {
	if p.Architecture == "" {
		p.Architecture = ARM64
	}
	if p.Python == "" {
		p.Python = DefaultPythonVersion
	}
	if p.Version == 0 {
		p.Version = DefaultLayerVersion
	}
	return p
}

// ssmValue reads the "latest" parameter at deploy time through a template
// parameter of type AWS::SSM::Parameter::Value<String>, which CloudFormation
// resolves again on every deploy (one per stack and parameter name).
func ssmValue(scope constructs.Construct, p LayerProps) *string {
	return awsssm.StringParameter_ValueForStringParameter(scope, jsii.String(SSMParameterName(p.Python, p.Architecture)), nil)
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
