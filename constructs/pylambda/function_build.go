package pylambda

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/internal/bundle"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// functionBuild is a regional function in progress: the steps of
// NewFunction, and the features, fill it in turn.
type functionBuild struct {
	spec    *functionSpec
	props   *FunctionProps // the caller's props, a copy
	node    *function      // the construct at scope/id
	out     *function      // what the accessors return
	fp      awslambda.FunctionProps
	env     map[string]string // settings written as environment variables
	logsArn *string
	cfn     awslambda.CfnFunction
	// Suppressions of the function's own resource, written in one call.
	fnSuppressions []nag.Suppression
}

// steps runs the build steps every kind of regional function shares, once
// its code is set: logs, role, Powertools (with its layer, if any), the
// features' props and settings, the function, tracing, the features'
// resources, the suppressions.
func (b *functionBuild) steps(layerArn *string, features []feature) {
	b.logs()
	b.role()
	b.powertools(layerArn)
	for _, ft := range features {
		ft.configure(b)
	}
	b.settings()
	b.function()
	b.tracing()
	for _, ft := range features {
		ft.attach(b)
	}
	b.suppressions()
}

// setting adds an environment variable the function gets.
func (b *functionBuild) setting(key, value string) {
	if b.env == nil {
		b.env = map[string]string{}
	}
	b.env[key] = value
}

// suppressFunction records a cdk-nag suppression for the function's resource.
func (b *functionBuild) suppressFunction(s ...nag.Suppression) {
	b.fnSuppressions = append(b.fnSuppressions, s...)
}

// code starts the L2 props from the (filled) options and the asset.
func (b *functionBuild) code(plan *bundle.Plan) {
	b.fp = functionProps(b.props.FunctionOptions)
	b.fp.Code = assetCode(b.spec.codeRequest(), plan)
	b.fp.Handler = jsii.String(b.props.Handler)
	b.fp.Runtime = b.props.Runtime
}

// logs sends the function's logs (JSON, at levels derived from the
// Powertools level, by default) to an explicit log group with a retention,
// unless the caller brings a group.
func (b *functionBuild) logs() {
	if b.props.LogGroup != nil {
		b.out.logGroup, _ = b.props.LogGroup.(awslogs.ILogGroup)
		b.logsArn = b.props.LogGroup.LogGroupRef().LogGroupArn
		return
	}
	lg := awslogs.NewLogGroup(b.node, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention:     b.props.Logs.Retention,
		RemovalPolicy: b.props.Logs.RemovalPolicy,
	})
	b.fp.LogGroup = lg
	b.out.logGroup = lg
	b.logsArn = lg.LogGroupArn()
}

// role gives the function its own role with no managed policies, allowed to
// write to its own log group only; a caller's role gets that permission.
func (b *functionBuild) role() {
	logs := awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: &[]*string{b.logsArn},
	})
	role := b.props.Role
	if role == nil {
		role = awsiam.NewRole(b.node, jsii.String("ServiceRole"), &awsiam.RoleProps{
			AssumedBy:   lambdaPrincipal(),
			Description: jsii.String("Execution role of " + b.spec.path),
			InlinePolicies: &map[string]awsiam.PolicyDocument{
				"Logs": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{logs}}),
			},
		})
	} else {
		role.AddToPrincipalPolicy(logs)
	}
	b.fp.Role = role
	b.out.role = role
}

// powertools adds the Powertools layer (when the delivery is a layer) and
// the typed settings.
func (b *functionBuild) powertools(layerArn *string) {
	for k, v := range b.spec.effective.Environment() {
		b.setting(k, v)
	}
	if layerArn == nil {
		return
	}
	layers := []awslambda.ILayerVersion{sharedLayer(b.spec.info, layerArn)}
	if b.fp.Layers != nil {
		layers = append(layers, *b.fp.Layers...)
	}
	b.fp.Layers = &layers
}

// settings writes the caller's environment and pylambda's settings (which
// the rules have checked not to contradict it) as environment variables.
func (b *functionBuild) settings() {
	env := map[string]*string{}
	if b.fp.Environment != nil {
		maps.Copy(env, *b.fp.Environment)
	}
	for _, k := range slices.Sorted(maps.Keys(b.env)) {
		env[k] = jsii.String(b.env[k])
	}
	b.fp.Environment = &env
	b.out.envBytes = 0
	for k, v := range env {
		b.out.envBytes += len(k)
		if v != nil {
			b.out.envBytes += len(*v)
		}
	}
	b.out.effective = b.spec.effective
}

// function creates the L2 function, the child "Resource".
func (b *functionBuild) function() {
	// Tracing is applied to the L1 (see tracing), not by the L2, which would
	// add the X-Ray permissions to the role's default policy, where a cdk-nag
	// suppression would also hide later grants.
	b.fp.Tracing = ""
	fn := awslambda.NewFunction(b.node, jsii.String("Resource"), &b.fp)
	b.out.fn = fn
	b.cfn = fn.Node().DefaultChild().(awslambda.CfnFunction)
}

// tracing turns X-Ray on (Active unless the caller chose otherwise), with
// its two permissions in a policy of their own.
func (b *functionBuild) tracing() {
	mode := "Active"
	switch b.spec.tracing {
	case awslambda.Tracing_DISABLED:
		return
	case awslambda.Tracing_PASS_THROUGH:
		mode = "PassThrough"
	}
	b.cfn.SetTracingConfig(&awslambda.CfnFunction_TracingConfigProperty{Mode: jsii.String(mode)})
	policy := awsiam.NewPolicy(b.node, jsii.String("TracingPolicy"), &awsiam.PolicyProps{
		Roles: &[]awsiam.IRole{b.out.role},
		Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
			Resources: jsii.Strings("*"),
		})},
	})
	b.out.fn.Node().AddDependency(policy)
	policy.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(nag.Suppression{
		ID:        nag.IAMWildcard,
		Reason:    "X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; this policy holds nothing else",
		AppliesTo: []string{"Resource::*"},
	}))
}

// suppressions writes the function's cdk-nag suppressions in one call: the
// runtime pinned by design, and what the features recorded.
func (b *functionBuild) suppressions() {
	reason := "the runtime " + b.spec.runtime + " is chosen deliberately (pylambda Runtime): the Powertools layer and bundled dependencies are built for it"
	all := append([]nag.Suppression{
		{ID: nag.LambdaLatestVersion, Reason: reason},
		{ID: nag.ServerlessLambdaLatestVersion, Reason: reason},
	}, b.fnSuppressions...)
	b.cfn.AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(all...))
}

// functionProps copies every FunctionOptions field into FunctionProps, which
// holds the same fields plus Code, Handler and Runtime: new CDK options pass
// through without a change here (a test checks that every field has its match).
func functionProps(o awslambda.FunctionOptions) awslambda.FunctionProps {
	var p awslambda.FunctionProps
	src := reflect.ValueOf(o)
	dst := reflect.ValueOf(&p).Elem()
	for i := range src.NumField() {
		dst.FieldByName(src.Type().Field(i).Name).Set(src.Field(i))
	}
	return p
}

// lambdaPrincipal is Lambda's service principal, one for every role (a
// principal is a value, not a construct).
var lambdaPrincipal = sync.OnceValue(func() awsiam.IPrincipal {
	return awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)
})

// sharedLayer returns the stack's import of a layer version: one construct
// ("PowertoolsLayer<n>" under the stack, no resource) for every function
// that uses the same ARN.
func sharedLayer(info *stackinfo.Info, arn *string) awslambda.ILayerVersion {
	key := layerKey{info, *arn}
	if l, ok := layers.Load(key); ok {
		return l.(awslambda.ILayerVersion)
	}
	n := 0
	layers.Range(func(k, _ any) bool {
		if k.(layerKey).info == info {
			n++
		}
		return true
	})
	l := awslambda.LayerVersion_FromLayerVersionArn(info.Stack, jsii.String(fmt.Sprintf("PowertoolsLayer%d", n)), arn)
	layers.Store(key, l)
	return l
}

type layerKey struct {
	info *stackinfo.Info
	arn  string
}

var layers sync.Map // layerKey -> awslambda.ILayerVersion
