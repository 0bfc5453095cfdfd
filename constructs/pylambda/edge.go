package pylambda

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront/experimental"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
)

// EdgeFunction is a Lambda@Edge function: the construct at scope/id in the
// parent stack, whose function and numbered version live in us-east-1.
type EdgeFunction interface {
	constructs.Construct
	// Version is what CloudFront runs: a numbered version in us-east-1.
	Version() awslambda.IVersion
	// Lambda is the function in us-east-1 (in the support stack when the
	// parent stack is in another region).
	Lambda() awslambda.Function
	// LogGroup is /aws/lambda/us-east-1.<function name> in us-east-1.
	LogGroup() awslogs.ILogGroup
	// EdgeLambda is the association for a CloudFront behavior's
	// EdgeLambdas: the version, the event type and IncludeBody.
	EdgeLambda() *awscloudfront.EdgeLambda
}

// edgeFunction implements EdgeFunction (see function).
type edgeFunction struct {
	constructs.Construct
	version     awslambda.IVersion
	fn          awslambda.Function
	logGroup    awslogs.ILogGroup
	event       awscloudfront.LambdaEdgeEventType
	includeBody bool
	timeout     float64 // seconds; -1 when a token
	path        string
}

func (e *edgeFunction) Version() awslambda.IVersion { return e.version }
func (e *edgeFunction) Lambda() awslambda.Function  { return e.fn }
func (e *edgeFunction) LogGroup() awslogs.ILogGroup { return e.logGroup }

func (e *edgeFunction) EdgeLambda() *awscloudfront.EdgeLambda {
	el := &awscloudfront.EdgeLambda{EventType: e.event, FunctionVersion: e.version}
	if e.includeBody {
		el.IncludeBody = jsii.Bool(true)
	}
	return el
}

// NewEdgeFunction creates a Python Lambda@Edge function in us-east-1 from a
// stack in any region: in place when the stack is in us-east-1, else in the
// us-east-1 support stack that aws-cdk's experimental EdgeFunction uses (its
// version ARN reaches the parent stack through SSM). The parent stack needs
// an explicit region, and us-east-1 must be bootstrapped.
//
// Invalid props panic before anything is added to the tree, the compressed
// zip's size included, with *ValidationError values; settings added to the
// function later that Lambda@Edge forbids fail the synth.
func NewEdgeFunction(scope constructs.Construct, id string, props *EdgeFunctionProps) EdgeFunction {
	var p EdgeFunctionProps
	if props != nil {
		p = *props
	}
	s := readEdge(scope, id, &p)
	r := &report{path: s.path}
	checkEdge(r, s)
	plan := planCode(r, s.codeRequest())
	checkHandler(r, s.base, true, plan)
	trimmed := trimBundle(r, s, plan)
	checkEdgeSize(r, s, plan, trimmed)
	if err := r.err(); err != nil {
		panic(err)
	}

	p = s.fill(p)
	defer withPath(s.path)
	e := &edgeFunction{event: p.EventType, includeBody: p.IncludeBody, timeout: s.timeout, path: s.path}
	constructs.NewConstruct_Override(e, scope, jsii.String(id))
	b := &edgeBuild{spec: s, props: &p, node: e, id: id}
	b.home()
	b.role()
	if trimmed != nil {
		b.function(trimmed.code())
	} else {
		b.function(assetCode(s.codeRequest(), plan))
	}
	b.logs()
	b.suppressions()
	validateState(e, e.fn, edgeStateRules(s))
	awscdk.Aspects_Of(e.fn).Add(&edgeEnvironmentCheck{spec: s, fn: e.fn}, nil)
	return e
}

// edgeBuild is an edge function in progress.
type edgeBuild struct {
	spec  *edgeSpec
	props *EdgeFunctionProps
	node  *edgeFunction
	id    string
	// where the role and log group live, and the prefix of their ids there:
	// the construct itself in us-east-1; the support stack elsewhere, where
	// the CDK names the function by the construct's id and its siblings are
	// named after it.
	at     constructs.Construct
	prefix string
	// stackID is the support stack's id, "" in us-east-1.
	stackID string
	iamRole awsiam.IRole
	cfn     awslambda.CfnFunction
}

// home finds where the function's resources live.
func (b *edgeBuild) home() {
	b.at = b.node
	if b.spec.info.Region == EdgeRegion {
		return
	}
	b.stackID = b.props.StackID
	if b.stackID == "" {
		b.stackID = "edge-lambda-stack-" + *b.spec.info.Stack.Node().Addr()
	}
	b.at, b.prefix = supportStack(b.spec.info.Stack, b.stackID), b.id
}

// role is the function's own role, which CloudFront's replicas can assume.
func (b *edgeBuild) role() {
	b.iamRole = awsiam.NewRole(b.at, jsii.String(b.prefix+"ServiceRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewCompositePrincipal(
			awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			awsiam.NewServicePrincipal(jsii.String("edgelambda.amazonaws.com"), nil)),
		Description: jsii.String("Execution role of the Lambda@Edge function " + b.spec.path),
	})
}

// function creates the function and its numbered version: in place as the
// child "Resource", or through the CDK's experimental EdgeFunction, which
// puts it in the support stack and reads the version's ARN back.
func (b *edgeBuild) function(code awslambda.Code) {
	p := b.props
	var description *string
	if b.props.Description != "" {
		description = jsii.String(b.props.Description)
	}
	if b.stackID == "" {
		fn := awslambda.NewFunction(b.node, jsii.String("Resource"), &awslambda.FunctionProps{
			Runtime: p.Runtime, Handler: jsii.String(b.spec.handlerInZip()), Code: code,
			Architecture: awslambda.Architecture_X86_64(), MemorySize: jsii.Number(float64(p.MemorySize)),
			Timeout: p.Timeout, Role: b.iamRole, Description: description,
		})
		b.node.fn, b.node.version = fn, fn.CurrentVersion()
	} else {
		version := experimental.NewEdgeFunction(b.node, jsii.String(b.id), &experimental.EdgeFunctionProps{
			Runtime: p.Runtime, Handler: jsii.String(b.spec.handlerInZip()), Code: code,
			Architecture: awslambda.Architecture_X86_64(), MemorySize: jsii.Number(float64(p.MemorySize)),
			Timeout: p.Timeout, Role: b.iamRole, Description: description, StackId: jsii.String(b.stackID),
		})
		b.node.fn, b.node.version = version.Lambda().(awslambda.Function), version
		hardenReader(b.spec.info, b.props.Logs)
	}
	b.cfn = b.node.fn.Node().DefaultChild().(awslambda.CfnFunction)
	b.cfn.ApplyRemovalPolicy(p.RemovalPolicy, nil)
	b.node.fn.CurrentVersion().ApplyRemovalPolicy(p.RemovalPolicy)
}

// logs creates /aws/lambda/us-east-1.<name> in us-east-1 with a retention
// (replicas write to groups of that name in every region that runs them),
// and lets the role create and write those groups in any region.
func (b *edgeBuild) logs() {
	fn := b.node.fn
	name := *fn.FunctionName()
	logs := b.props.Logs
	group := awslogs.NewLogGroup(b.at, jsii.String(b.prefix+"EdgeLogGroup"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/lambda/" + EdgeRegion + "." + name),
		Retention:     logs.Retention,
		RemovalPolicy: logs.RemovalPolicy,
	})
	b.node.logGroup = group
	// With @aws-cdk/aws-lambda:useCdkManagedLogGroup, the CDK also creates
	// /aws/lambda/<name> in us-east-1 (direct invocations): same settings.
	if managed, ok := fn.Node().TryFindChild(jsii.String("LogGroup")).(awslogs.LogGroup); ok {
		managed.Node().DefaultChild().(awslogs.CfnLogGroup).SetRetentionInDays(group.Node().DefaultChild().(awslogs.CfnLogGroup).RetentionInDays())
		managed.ApplyRemovalPolicy(logs.RemovalPolicy)
	}
	fnStack := awscdk.Stack_Of(fn)
	arn := func(region, group string) string {
		return "arn:" + *fnStack.Partition() + ":logs:" + region + ":" + *fnStack.Account() + ":log-group:" + group
	}
	replicas, direct := "/aws/lambda/"+EdgeRegion+"."+name, "/aws/lambda/"+name
	policy := awsiam.NewPolicy(b.at, jsii.String(b.prefix+"LogsPolicy"), &awsiam.PolicyProps{
		Roles: &[]awsiam.IRole{b.iamRole},
		Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
			// CreateLogGroup is authorized on the group's ARN, the writes on
			// its streams (":*").
			Resources: jsii.Strings(arn("*", replicas), arn("*", replicas)+":*", arn(EdgeRegion, direct), arn(EdgeRegion, direct)+":*"),
		})},
	})
	// CloudFront runs the version, so the version waits for the permission.
	// (The function itself cannot: the policy names it, a cycle.)
	fn.CurrentVersion().Node().AddDependency(policy)
	policy.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(nag.Suppression{
		ID:               nag.IAMWildcard,
		Reason:           "Lambda@Edge replicas log to /aws/lambda/us-east-1.<function name> in whichever region runs them, so the region is a wildcard; the groups are this function's only, the trailing * its log streams",
		AppliesToPattern: []string{`/^Resource::arn:[^:]+:logs:(\*|us-east-1):(<AWS::AccountId>|\d{12}):log-group:\/aws\/lambda\/(us-east-1\.)?<[^>]+>(:\*)?$/`},
	}))
}

// suppressions writes the function's cdk-nag suppressions in one call.
func (b *edgeBuild) suppressions() {
	reason := "the runtime " + b.spec.runtime + " is chosen deliberately (pylambda Runtime): bundled dependencies are built for it"
	ss := []nag.Suppression{
		{ID: nag.LambdaLatestVersion, Reason: reason},
		{ID: nag.ServerlessLambdaLatestVersion, Reason: reason},
		{ID: nag.ServerlessLambdaDLQ, Reason: "Lambda@Edge supports no dead-letter queue; CloudFront invokes the function synchronously and returns its errors to the viewer"},
		{ID: nag.ServerlessLambdaTracing, Reason: "Lambda@Edge supports no X-Ray tracing"},
	}
	if b.props.MemorySize == minMemory {
		reason := "128 MB is Lambda@Edge's limit for viewer events, not a forgotten default"
		if !isViewer(b.spec.event) {
			reason = "128 MB is chosen deliberately (pylambda's edge default, enough for header and URL work; MemorySize raises it)"
		}
		ss = append(ss, nag.Suppression{ID: nag.ServerlessLambdaDefaultMemory, Reason: reason})
	}
	b.cfn.AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(ss...))
}

// supportStack returns the us-east-1 support stack of parent, creating it as
// the CDK's experimental EdgeFunction would (which then finds and reuses
// it). It copies none of the parent's tags: tag it with awscdk.Tags_Of(app)
// like any other stack, so that its tags never depend on which function
// created it.
func supportStack(parent awscdk.Stack, id string) awscdk.Stack {
	stage := awscdk.Stage_Of(parent)
	if existing, ok := stage.Node().TryFindChild(jsii.String(id)).(awscdk.Stack); ok {
		return existing
	}
	return awscdk.NewStack(stage, jsii.String(id), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String(EdgeRegion), Account: parent.Account()},
	})
}

// edgeEnvironmentCheck refuses variables added to an edge function after
// construction (AddEnvironment, the L1's setter) while aspects run, before
// the CDK resolves anything: the CDK would otherwise refuse them first, in
// nested resolution errors that suggest an option that silently drops them.
type edgeEnvironmentCheck struct {
	spec *edgeSpec
	fn   awslambda.Function
	done bool
}

// Visit implements awscdk.IAspect.
func (c *edgeEnvironmentCheck) Visit(constructs.IConstruct) {
	if c.done {
		return
	}
	c.done = true
	cfn := c.fn.Node().DefaultChild().(awslambda.CfnFunction)
	env, _ := resolveMap(awscdk.Stack_Of(c.fn), map[string]any{"environment": (*cfn.CfnProperties())["environment"]})
	vars, _ := env["environment"].(map[string]any)
	if v, _ := vars["variables"].(map[string]any); len(v) > 0 {
		r := &report{path: c.spec.path}
		checkEdgeState(r, c.spec, functionState{environment: v})
		panic(r.err())
	}
}
