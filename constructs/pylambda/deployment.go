package pylambda

import (
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// Gradual deployments (FunctionProps.Deployment).
const (
	// LiveAlias is the name of the alias that callers invoke once a
	// function has a deployment (InvokeTarget).
	LiveAlias = "live"
	// DefaultUtilizationTarget is the share of the provisioned concurrency
	// that autoscaling keeps in use: 70% leaves room for a burst while new
	// environments start.
	DefaultUtilizationTarget = 0.7
	// maxShiftMinutes is the longest CodeDeploy lets a Lambda deployment
	// shift traffic: 48 hours between the first and the last shift
	// (CodeDeploy user guide, "CodeDeploy quotas").
	maxShiftMinutes = 48 * 60
)

// TrafficShift is how CodeDeploy moves the traffic of the live alias to a
// new version: Canary, Linear or AllAtOnce. The zero value is the default,
// Canary(10, 5).
type TrafficShift struct {
	kind    shiftKind
	percent int
	minutes int
}

type shiftKind int

const (
	shiftDefault shiftKind = iota
	shiftCanary
	shiftLinear
	shiftAllAtOnce
)

// Canary shifts percent of the traffic to the new version, then the rest
// after minutes. Percent is 1 to 99; the wait is at most 2880 minutes.
func Canary(percent, minutes int) TrafficShift {
	return TrafficShift{kind: shiftCanary, percent: percent, minutes: minutes}
}

// Linear shifts percent more of the traffic every minutes until the new
// version has it all. Percent is 1 to 99; the whole shift lasts at most
// 2880 minutes.
func Linear(percent, minutes int) TrafficShift {
	return TrafficShift{kind: shiftLinear, percent: percent, minutes: minutes}
}

// AllAtOnce shifts every invocation to the new version at once, after the
// pre-traffic hook passes.
func AllAtOnce() TrafficShift { return TrafficShift{kind: shiftAllAtOnce} }

// withDefault returns Canary(10, 5) for the zero value.
func (t TrafficShift) withDefault() TrafficShift {
	if t.kind == shiftDefault {
		return Canary(10, 5)
	}
	return t
}

func (t TrafficShift) String() string {
	switch t.kind {
	case shiftDefault:
		return "the default shift, pylambda.Canary(10, 5)"
	case shiftCanary:
		return fmt.Sprintf("pylambda.Canary(%d, %d)", t.percent, t.minutes)
	case shiftLinear:
		return fmt.Sprintf("pylambda.Linear(%d, %d)", t.percent, t.minutes)
	case shiftAllAtOnce:
		return "pylambda.AllAtOnce()"
	}
	return "TrafficShift(" + strconv.Itoa(int(t.kind)) + ")"
}

// steps is how many waits a linear shift makes: 10% at a time shifts at
// 0, 1, ..., 9 intervals, 9 waits.
func (t TrafficShift) steps() int { return (100+t.percent-1)/t.percent - 1 }

// check adds the problems of the shift to r.
func (t TrafficShift) check(r *report) {
	t = t.withDefault()
	if t.kind == shiftAllAtOnce {
		return
	}
	if t.kind != shiftCanary && t.kind != shiftLinear {
		r.add("Deployment.Shift", t.String()+" is not a traffic shift", "use pylambda.Canary, pylambda.Linear or pylambda.AllAtOnce")
		return
	}
	if t.percent < 1 || t.percent > 99 {
		r.add("Deployment.Shift", fmt.Sprintf("%s shifts %d%% of the traffic at a time, and CodeDeploy shifts 1 to 99%%", t, t.percent),
			"use a whole percentage from 1 to 99 (pylambda.AllAtOnce() shifts everything at once)")
		return
	}
	if t.minutes < 1 {
		r.add("Deployment.Shift", fmt.Sprintf("%s waits %d minutes between shifts, and CodeDeploy waits at least 1", t, t.minutes),
			"use a whole number of minutes, at least 1")
		return
	}
	total := t.minutes
	if t.kind == shiftLinear {
		total = t.steps() * t.minutes
	}
	if total > maxShiftMinutes {
		r.add("Deployment.Shift", fmt.Sprintf("%s takes %d minutes to shift all the traffic, and CodeDeploy allows %d (48 hours)", t, total, maxShiftMinutes),
			"shift a larger percentage at a time or wait fewer minutes between shifts")
	}
}

// DeploymentOptions turn on gradual deployments (FunctionProps.Deployment):
// every new version of the function is published behind the alias "live"
// (LiveAlias), which callers invoke (InvokeTarget), and CodeDeploy shifts
// the alias's traffic to it step by step, rolling back when an alarm rings
// or a hook fails.
//
// The function's own rollback alarms watch the new version only (the
// alias's metrics for the version it executes): its error rate and its p99
// duration, with the thresholds of Alarms (or their defaults). An incident
// of the version in service therefore neither blocks the deployment of its
// fix nor rolls it back.
type DeploymentOptions struct {
	// Shift is how the traffic moves: pylambda.Canary(percent, minutes),
	// pylambda.Linear(percent, minutes) or pylambda.AllAtOnce().
	// Default: pylambda.Canary(10, 5): a tenth of the traffic for 5
	// minutes, then all of it.
	Shift TrafficShift
	// Alarms stop a deployment and roll it back when they ring, besides the
	// function's own rollback alarms. An alarm that is already ringing when
	// a deployment starts stops it: give alarms that watch what a new
	// version changes.
	// Default: none.
	Alarms []awscloudwatch.IAlarm
	// PreTrafficHook is a function CodeDeploy invokes before it shifts any
	// traffic, to test the new version: a pylambda.Function or an
	// awslambda.IFunction of the same region. It must report its result
	// with codedeploy:PutLifecycleEventHookExecutionStatus, which pylambda
	// grants it; a failure rolls the deployment back.
	// Default: none.
	PreTrafficHook constructs.IConstruct
	// PostTrafficHook is a function CodeDeploy invokes once the new version
	// has all the traffic, as PreTrafficHook.
	// Default: none.
	PostTrafficHook constructs.IConstruct
	// ProvisionedConcurrency is how many execution environments of the
	// live version Lambda keeps initialized (billed while configured).
	// Default: 0 (none).
	ProvisionedConcurrency int
	// Autoscaling scales ProvisionedConcurrency on its utilization.
	// Default: none (a fixed ProvisionedConcurrency).
	Autoscaling *ConcurrencyAutoscaling
}

// ConcurrencyAutoscaling scales the live alias's provisioned concurrency
// with Application Auto Scaling, tracking its utilization.
type ConcurrencyAutoscaling struct {
	// MinCapacity is the fewest provisioned environments.
	// Default: DeploymentOptions.ProvisionedConcurrency.
	MinCapacity int
	// MaxCapacity is the most provisioned environments.
	// Required.
	MaxCapacity int
	// UtilizationTarget is the share of the provisioned concurrency kept in
	// use, in (0, 1).
	// Default: DefaultUtilizationTarget (0.7).
	UtilizationTarget float64
}

// deployment publishes versions behind the live alias and shifts traffic
// with CodeDeploy. Without DeploymentOptions it only refuses provisioned
// concurrency that no caller would use.
type deployment struct {
	opts       *DeploymentOptions
	thresholds AlarmOptions // of the rollback alarms
	reserved   *float64     // ReservedConcurrentExecutions, when a number
	versionPC  bool         // CurrentVersionOptions.ProvisionedConcurrentExecutions is set
	hooks      []hook
}

// hook is a traffic hook as read from the props.
type hook struct {
	property string
	fn       awslambda.IFunction // nil when the value is not a function
	region   string
	edge     bool
}

// deploymentOf returns the deployment feature of p, or nil when p neither
// asks for a deployment nor sets provisioned concurrency.
func deploymentOf(p *FunctionProps) *deployment {
	versionPC := p.CurrentVersionOptions != nil && p.CurrentVersionOptions.ProvisionedConcurrentExecutions != nil
	if p.Deployment == nil && !versionPC {
		return nil
	}
	d := &deployment{opts: p.Deployment, versionPC: versionPC}
	if p.Alarms != nil {
		d.thresholds = *p.Alarms
	}
	if r := p.ReservedConcurrentExecutions; r != nil && *r >= 0 && *r == math.Trunc(*r) {
		d.reserved = r // a token number is a large negative float
	}
	if d.opts != nil {
		for _, h := range []struct {
			property string
			value    constructs.IConstruct
		}{{"Deployment.PreTrafficHook", d.opts.PreTrafficHook}, {"Deployment.PostTrafficHook", d.opts.PostTrafficHook}} {
			if h.value != nil {
				d.hooks = append(d.hooks, readHook(h.property, h.value))
			}
		}
	}
	return d
}

// readHook reads a traffic hook: a pylambda function, or any Lambda function
// of the CDK.
func readHook(property string, c constructs.IConstruct) hook {
	h := hook{property: property}
	switch f := c.(type) {
	case Function:
		h.fn = f.InvokeTarget()
	case EdgeFunction:
		h.edge = true
		return h
	case awslambda.IFunction:
		h.fn = f
	default:
		return h
	}
	if region := h.fn.Env().Region; region != nil && !stackinfo.IsToken(*region) {
		h.region = *region
	}
	return h
}

func (d *deployment) check(s *functionSpec, r *report) {
	if d.opts == nil {
		r.add("CurrentVersionOptions.ProvisionedConcurrentExecutions", "keeps environments of a version warm that no caller invokes: without a deployment, InvokeTarget() is the unpublished function ($LATEST), which Lambda cannot provision",
			"set Deployment: &pylambda.DeploymentOptions{ProvisionedConcurrency: N}: the live alias gets it, and callers invoke the alias (InvokeTarget)")
		return
	}
	o := d.opts
	if d.versionPC {
		r.add("CurrentVersionOptions.ProvisionedConcurrentExecutions", "provisions the version that the live alias points to, and Lambda refuses provisioned concurrency on both a version and an alias of it",
			"move it to Deployment.ProvisionedConcurrency")
	}
	o.Shift.check(r)
	for i, a := range o.Alarms {
		if a == nil {
			r.add(fmt.Sprintf("Deployment.Alarms[%d]", i), "is nil", "remove it, or give the alarm")
		}
	}
	for _, h := range d.hooks {
		switch {
		case h.edge:
			r.add(h.property, "is a Lambda@Edge function, which lives in us-east-1 for CloudFront and cannot test a regional version", "give a regional function (pylambda.NewFunction)")
		case h.fn == nil:
			r.add(h.property, "is not a Lambda function: CodeDeploy runs hooks by invoking them", "give a pylambda.Function or an awslambda.IFunction")
		case h.region != "" && s.info.Region != "" && h.region != s.info.Region:
			r.add(h.property, fmt.Sprintf("is a function in %s, and the deployment runs in %s: CodeDeploy invokes hooks of its own region", h.region, s.info.Region),
				"create the hook function in "+s.info.Region)
		}
	}
	pc := o.ProvisionedConcurrency
	if pc < 0 {
		r.add("Deployment.ProvisionedConcurrency", fmt.Sprintf("must not be negative, got %d", pc), "give the number of environments to keep initialized, or 0 for none")
	}
	if d.reserved != nil && float64(pc) > *d.reserved {
		r.add("Deployment.ProvisionedConcurrency", fmt.Sprintf("%d is more than ReservedConcurrentExecutions (%v): Lambda provisions at most the reserved concurrency", pc, *d.reserved),
			"lower ProvisionedConcurrency, or raise ReservedConcurrentExecutions")
	}
	if as := o.Autoscaling; as != nil {
		minCapacity := as.MinCapacity
		if minCapacity == 0 {
			minCapacity = pc
		}
		switch {
		case pc < 1:
			r.add("Deployment.Autoscaling", "scales the provisioned concurrency, and Deployment.ProvisionedConcurrency is 0", "set ProvisionedConcurrency, the concurrency a deployment starts with")
		case minCapacity < 1 || minCapacity > as.MaxCapacity:
			r.add("Deployment.Autoscaling", fmt.Sprintf("MinCapacity %d and MaxCapacity %d are not a range: at least 1 and MinCapacity <= MaxCapacity", minCapacity, as.MaxCapacity),
				"set MaxCapacity to the most environments to provision, no fewer than MinCapacity (default: ProvisionedConcurrency)")
		case pc < minCapacity || pc > as.MaxCapacity:
			r.add("Deployment.ProvisionedConcurrency", fmt.Sprintf("%d is outside Autoscaling's range %d to %d", pc, minCapacity, as.MaxCapacity), "give a ProvisionedConcurrency within the range")
		case d.reserved != nil && float64(as.MaxCapacity) > *d.reserved:
			r.add("Deployment.Autoscaling", fmt.Sprintf("MaxCapacity %d is more than ReservedConcurrentExecutions (%v)", as.MaxCapacity, *d.reserved),
				"lower MaxCapacity, or raise ReservedConcurrentExecutions")
		}
		if t := as.UtilizationTarget; math.IsNaN(t) || t < 0 || t >= 1 {
			r.add("Deployment.Autoscaling.UtilizationTarget", fmt.Sprintf("must be a share in (0, 1), got %v", t),
				fmt.Sprintf("use e.g. %v (70%% of the provisioned environments busy), or leave it unset", DefaultUtilizationTarget))
		}
	}
}

func (d *deployment) configure(*functionBuild) {}

func (d *deployment) attach(b *functionBuild) {
	if d.opts == nil {
		return
	}
	o := *d.opts
	fn, path := b.out.fn, b.spec.path
	version := fn.CurrentVersion()
	aliasProps := &awslambda.AliasProps{
		AliasName:   jsii.String(LiveAlias),
		Version:     version,
		Description: jsii.String("What callers invoke; CodeDeploy shifts it to each new version of " + path),
		// Asynchronous invocations of the alias follow the function's own
		// settings (an event invoke config applies to one qualifier).
		OnFailure:     b.props.OnFailure,
		OnSuccess:     b.props.OnSuccess,
		MaxEventAge:   b.props.MaxEventAge,
		RetryAttempts: b.props.RetryAttempts,
	}
	if o.ProvisionedConcurrency > 0 {
		aliasProps.ProvisionedConcurrentExecutions = jsii.Number(float64(o.ProvisionedConcurrency))
	}
	alias := awslambda.NewAlias(b.node, jsii.String("LiveAlias"), aliasProps)
	b.out.alias = alias

	rollback := d.rollbackAlarms(b, version)
	// The alarms watch the new version before CodeDeploy shifts any traffic.
	alias.Node().DefaultChild().Node().AddDependency(rollback[0], rollback[1])
	alarms := make([]interfacesawscloudwatch.IAlarmRef, 0, len(rollback)+len(o.Alarms))
	for _, a := range rollback {
		alarms = append(alarms, a)
	}
	for _, a := range o.Alarms {
		alarms = append(alarms, a)
	}
	props := &awscodedeploy.LambdaDeploymentGroupProps{
		Alias:            alias,
		DeploymentConfig: deploymentConfig(b.spec.info, o.Shift.withDefault()),
		Alarms:           &alarms,
		AutoRollback: &awscodedeploy.AutoRollbackConfig{
			FailedDeployment: jsii.Bool(true), StoppedDeployment: jsii.Bool(true), DeploymentInAlarm: jsii.Bool(true),
		},
		Role: d.role(b),
	}
	for _, h := range d.hooks {
		if h.property == "Deployment.PreTrafficHook" {
			props.PreHook = h.fn
		} else {
			props.PostHook = h.fn
		}
	}
	b.out.deployment = awscodedeploy.NewLambdaDeploymentGroup(b.node, jsii.String("Deployment"), props)

	if as := o.Autoscaling; as != nil {
		minCapacity := as.MinCapacity
		if minCapacity == 0 {
			minCapacity = o.ProvisionedConcurrency
		}
		target := as.UtilizationTarget
		if target == 0 {
			target = DefaultUtilizationTarget
		}
		alias.AddAutoScaling(&awslambda.AutoScalingOptions{
			MinCapacity: jsii.Number(float64(minCapacity)), MaxCapacity: jsii.Number(float64(as.MaxCapacity)),
		}).ScaleOnUtilization(&awslambda.UtilizationScalingOptions{UtilizationTarget: jsii.Number(target)})
	}
}

// role is CodeDeploy's role for the deployment group: the permissions of
// AWS's AWSCodeDeployRoleForLambdaLimited, narrowed to this function, its
// live alias and its hooks (a function's role carries no managed policy).
// The CDK attaches that managed policy, and invoke grants for the hooks, to
// the group's role: the group gets a view of the role that ignores them.
func (d *deployment) role(b *functionBuild) awsiam.IRole {
	fn := b.out.fn
	// The alias's ARN written from the function's, not by reference: the
	// alias's update policy names the deployment group, which names the role.
	aliasArn := jsii.String(*fn.FunctionArn() + ":" + LiveAlias)
	statements := []awsiam.PolicyStatement{
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"),
			Resources: &[]*string{fn.FunctionArn(), aliasArn},
		}),
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("cloudwatch:DescribeAlarms"),
			Resources: jsii.Strings("*"),
		}),
	}
	if len(d.hooks) > 0 {
		var hooks []*string
		for _, h := range d.hooks {
			hooks = append(hooks, h.fn.FunctionArn())
		}
		statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("lambda:InvokeFunction"), Resources: &hooks,
		}))
	}
	role := awsiam.NewRole(b.node, jsii.String("DeploymentRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("codedeploy.amazonaws.com"), nil),
		Description: jsii.String("CodeDeploy role of the deployments of " + b.spec.path),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"Deployment": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements}),
		},
	})
	nag.Suppress(role, nag.Suppression{ID: nag.IAMWildcard,
		Reason:    "cloudwatch:DescribeAlarms returns composite alarms only to a permission scoped to * (CloudWatch API reference); CodeDeploy reads the states of the deployment's alarms with it, nothing else",
		AppliesTo: []string{"Resource::*"}})
	return role.WithoutPolicyUpdates(nil)
}

// rollbackAlarms creates the alarms that roll a deployment back: the error
// rate and p99 duration of the version the alias executes (the new one
// during a shift), over 1 minute. They notify no one: a rollback fails the
// stack's deployment, which says why.
func (d *deployment) rollbackAlarms(b *functionBuild, version awslambda.Version) []awscloudwatch.Alarm {
	o := d.thresholds.withDefaults()
	fn, path := b.out.fn, b.spec.path
	minute := awscdk.Duration_Minutes(jsii.Number(1))
	dims := &map[string]*string{
		"FunctionName":    fn.FunctionName(),
		"Resource":        jsii.String(*fn.FunctionName() + ":" + LiveAlias),
		"ExecutedVersion": version.Version(),
	}
	metric := func(name, statistic string) awscloudwatch.Metric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace: jsii.String("AWS/Lambda"), MetricName: jsii.String(name),
			DimensionsMap: dims, Statistic: jsii.String(statistic), Period: minute,
		})
	}
	timeout := float64(DefaultTimeoutSeconds)
	if b.spec.timeout != nil {
		timeout = *b.spec.timeout
	}
	errors := newThresholdAlarm(b.node, "RollbackErrorsAlarm", threshold{
		metric: errorRateExpression(metric("Errors", "Sum"), metric("Invocations", "Sum"), minute),
		value:  o.ErrorRatePercent, periods: 1,
		description: fmt.Sprintf("%s: %v%% or more of the invocations of the version the live alias runs failed within a minute. "+
			"During a deployment, CodeDeploy rolls the new version back.", path, o.ErrorRatePercent),
	}, nil)
	duration := newThresholdAlarm(b.node, "RollbackDurationAlarm", threshold{
		metric: metric("Duration", "p99"), value: durationThresholdMillis(timeout, o.DurationPercentOfTimeout), periods: 2,
		description: fmt.Sprintf("%s: the p99 duration of the version the live alias runs stayed at or above %v%% of the %v s timeout for 2 minutes. "+
			"During a deployment, CodeDeploy rolls the new version back.", path, o.DurationPercentOfTimeout, timeout),
	}, nil)
	b.out.alarms = append(b.out.alarms, errors, duration)
	return []awscloudwatch.Alarm{errors, duration}
}

// deploymentConfig returns CodeDeploy's predefined configuration for the
// shift, or the stack's custom one: custom configurations are limited to 50
// per account, so functions of a stack share one per shift.
func deploymentConfig(info *stackinfo.Info, t TrafficShift) awscodedeploy.ILambdaDeploymentConfig {
	switch {
	case t.kind == shiftAllAtOnce:
		return awscodedeploy.LambdaDeploymentConfig_ALL_AT_ONCE()
	case t.kind == shiftCanary && t.percent == 10:
		switch t.minutes {
		case 5:
			return awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES()
		case 10:
			return awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_10MINUTES()
		case 15:
			return awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_15MINUTES()
		case 30:
			return awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_30MINUTES()
		}
	case t.kind == shiftLinear && t.percent == 10:
		switch t.minutes {
		case 1:
			return awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_1MINUTE()
		case 2:
			return awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_2MINUTES()
		case 3:
			return awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_3MINUTES()
		case 10:
			return awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_10MINUTES()
		}
	}
	key := configKey{info, t}
	if c, ok := deploymentConfigs.Load(key); ok {
		return c.(awscodedeploy.ILambdaDeploymentConfig)
	}
	interval := awscdk.Duration_Minutes(jsii.Number(float64(t.minutes)))
	percent := jsii.Number(float64(t.percent))
	var routing awscodedeploy.TrafficRouting
	id := fmt.Sprintf("Pylambda%dPercent%dMinutes", t.percent, t.minutes)
	if t.kind == shiftCanary {
		id = "PylambdaCanary" + id[len("Pylambda"):]
		routing = awscodedeploy.NewTimeBasedCanaryTrafficRouting(&awscodedeploy.TimeBasedCanaryTrafficRoutingProps{Interval: interval, Percentage: percent})
	} else {
		id = "PylambdaLinear" + id[len("Pylambda"):]
		routing = awscodedeploy.NewTimeBasedLinearTrafficRouting(&awscodedeploy.TimeBasedLinearTrafficRoutingProps{Interval: interval, Percentage: percent})
	}
	c := awscodedeploy.NewLambdaDeploymentConfig(info.Stack, jsii.String(id), &awscodedeploy.LambdaDeploymentConfigProps{TrafficRouting: routing})
	deploymentConfigs.Store(key, c)
	return c
}

type configKey struct {
	info  *stackinfo.Info
	shift TrafficShift
}

var deploymentConfigs sync.Map // configKey -> awscodedeploy.ILambdaDeploymentConfig
