package pylambda

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/stackinfo"
)

// Thresholds of the alarms of a distribution's Lambda@Edge functions
// (EdgeAlarmsProps). The README says why.
const (
	// DefaultEdgeErrorRatePercent: the function errors alarm rings when 1%
	// or more of the viewer requests of 5 minutes failed in a Lambda@Edge
	// function (execution errors and invalid responses).
	DefaultEdgeErrorRatePercent = 1
	// DefaultServerErrorRatePercent: the server errors alarm rings when 5%
	// or more of the viewer responses of 5 minutes are 5xx.
	DefaultServerErrorRatePercent = 5
)

// cloudFrontNamespace and its dimension Region=Global are those of every
// CloudFront metric, published in us-east-1 only (CloudFront developer
// guide, "Types of metrics for CloudFront").
const cloudFrontNamespace = "AWS/CloudFront"

// EdgeAlarmsProps configure the alarms of a distribution's Lambda@Edge
// functions.
type EdgeAlarmsProps struct {
	// Distribution is the CloudFront distribution whose Lambda@Edge
	// functions the alarms watch: one of the app (in any stack), or
	// imported with its id.
	// Required.
	Distribution awscloudfront.IDistribution
	// Topic receives the alarms' notifications (ALARM and OK). CloudWatch
	// alarms notify topics of their own region only: a topic of us-east-1.
	// Default: the alarm topic of the stack that holds the alarms
	// ("PylambdaAlarmTopic", as for regional functions).
	Topic awssns.ITopic
	// ErrorRatePercent is the share of the viewer requests of 5 minutes, in
	// percent, that failed in a Lambda@Edge function (CloudFront's
	// LambdaExecutionError and LambdaValidationError) and ring the function
	// errors alarm: in (0, 100].
	// Default: DefaultEdgeErrorRatePercent (1).
	ErrorRatePercent float64
	// ServerErrorRatePercent is the share of the viewer responses of 5
	// minutes, in percent, that are 5xx (CloudFront's 5xxErrorRate: the
	// functions' throttles and failures, and the origin's) and ring the
	// server errors alarm: in (0, 100].
	// Default: DefaultServerErrorRatePercent (5).
	ServerErrorRatePercent float64
	// StackID is the id of the us-east-1 stack that holds the alarms when
	// the construct's stack is in another region.
	// Default: the id of the construct's stack followed by "EdgeAlarms".
	StackID string
	// Replicas turns on alarms on the functions' replicas in the regions
	// that run them, each region's own metrics: failed invocations,
	// throttles and a p99 duration close to the timeout, per function.
	// Default: none (CloudFront's alarms above watch every region at once).
	Replicas *EdgeReplicaAlarms
}

// EdgeReplicaAlarms are alarms on the replicas of Lambda@Edge functions in
// the regions that run them. A replica publishes its metrics (AWS/Lambda,
// FunctionName "us-east-1.<function name>") in the region that ran it, and
// an alarm reads the metrics of its own region: each region gets a stack of
// its own, "<alarm stack id>-<region>" (us-east-1: the stack of the
// CloudFront alarms), which reads the functions' names with cross-region
// references.
type EdgeReplicaAlarms struct {
	// Functions are the edge functions whose replicas are watched: values
	// that NewEdgeFunction returned, once each.
	// Required.
	Functions []EdgeFunction
	// Regions are where the watched replicas run: the regions of CloudFront's
	// regional edge caches nearest your viewers (the CloudFront console's
	// Monitoring page shows them per function), of the aws partition.
	// Required.
	Regions []string
	// Topics are the topics each region's alarms notify, by region; each of
	// its region (alarms notify topics of their own region only).
	// Default: in us-east-1, the topic of the CloudFront alarms (Topic, or
	// the stack's); elsewhere the alarm topic of the region's stack
	// ("PylambdaAlarmTopic").
	Topics map[string]awssns.ITopic
	// ErrorRatePercent, DurationPercentOfTimeout and ThrottlesThreshold are
	// the thresholds of a regional function's alarms (AlarmOptions), with
	// the same defaults, applied to each replica's invocations in a region.
	ErrorRatePercent         float64
	DurationPercentOfTimeout float64
	ThrottlesThreshold       int
}

// EdgeAlarms are the CloudWatch alarms of a distribution's Lambda@Edge
// functions: the construct at scope/id; the alarms themselves live in
// us-east-1, where CloudFront publishes its metrics.
type EdgeAlarms interface {
	constructs.Construct
	// Alarms are the function errors alarm and the server errors alarm.
	Alarms() []awscloudwatch.Alarm
	// AlarmTopic is the topic the alarms notify.
	AlarmTopic() awssns.ITopic
	// AlarmStack is the stack that holds the alarms: the construct's own
	// stack in us-east-1, else the us-east-1 alarm stack.
	AlarmStack() awscdk.Stack
	// ReplicaAlarms are the alarms on the replicas in a region of
	// Replicas.Regions, nil for another region.
	ReplicaAlarms(region string) []awscloudwatch.Alarm
	// ReplicaTopic is the topic the replica alarms of a region notify.
	ReplicaTopic(region string) awssns.ITopic
	// ReplicaStack is the stack that holds the replica alarms of a region.
	ReplicaStack(region string) awscdk.Stack
}

// edgeAlarms implements EdgeAlarms (see function).
type edgeAlarms struct {
	constructs.Construct
	alarms   []awscloudwatch.Alarm
	topic    awssns.ITopic
	stack    awscdk.Stack
	replicas map[string]*replicaRegion
}

// replicaRegion is what the replica alarms of one region are.
type replicaRegion struct {
	stack  awscdk.Stack
	topic  awssns.ITopic
	alarms []awscloudwatch.Alarm
}

func (e *edgeAlarms) Alarms() []awscloudwatch.Alarm { return e.alarms }
func (e *edgeAlarms) AlarmTopic() awssns.ITopic     { return e.topic }
func (e *edgeAlarms) AlarmStack() awscdk.Stack      { return e.stack }
func (e *edgeAlarms) ReplicaAlarms(region string) []awscloudwatch.Alarm {
	if r := e.replicas[region]; r != nil {
		return r.alarms
	}
	return nil
}
func (e *edgeAlarms) ReplicaTopic(region string) awssns.ITopic {
	if r := e.replicas[region]; r != nil {
		return r.topic
	}
	return nil
}
func (e *edgeAlarms) ReplicaStack(region string) awscdk.Stack {
	if r := e.replicas[region]; r != nil {
		return r.stack
	}
	return nil
}

// NewEdgeAlarms creates the alarms of the Lambda@Edge functions of a
// distribution, in us-east-1, where CloudFront publishes the metrics of
// every distribution: the share of viewer requests that failed in a
// function, and the share of 5xx responses (which include the functions'
// throttles). They watch every Lambda@Edge function of the distribution
// at once: CloudFront's metrics are per distribution. With Replicas, each
// function also gets alarms on its replicas in the regions listed, on the
// metrics each region holds (a stack per region).
//
// From a stack in us-east-1 the alarms are created in place. From a stack
// in another region they go to a us-east-1 stack of the same app and
// account ("<stack id>EdgeAlarms"), which reads the distribution's id with
// a cross-region reference (Fn::GetStackOutput) and so is deployed after
// the distribution's stack: `cdk deploy --all`, or name both stacks.
//
// Invalid props panic before anything is added to the tree, with every
// problem at once, as *ValidationError values.
func NewEdgeAlarms(scope constructs.Construct, id string, props *EdgeAlarmsProps) EdgeAlarms {
	var p EdgeAlarmsProps
	if props != nil {
		p = *props
	}
	info := stackinfo.Of(scope)
	r := &report{path: stackinfo.Path(scope, id)}
	checkEdgeAlarms(r, info, id, &p)
	if err := r.err(); err != nil {
		panic(err)
	}
	defer withPath(r.path)
	if p.ErrorRatePercent == 0 {
		p.ErrorRatePercent = DefaultEdgeErrorRatePercent
	}
	if p.ServerErrorRatePercent == 0 {
		p.ServerErrorRatePercent = DefaultServerErrorRatePercent
	}

	e := &edgeAlarms{}
	constructs.NewConstruct_Override(e, scope, jsii.String(id))
	var at constructs.Construct = e
	prefix := ""
	e.stack = info.Stack
	if info.Region != EdgeRegion {
		e.stack = edgeAlarmStack(info.Stack, p.StackID)
		at, prefix = e.stack, id
	}
	e.topic = p.Topic
	if e.topic == nil {
		e.topic = alarmTopic(stackinfo.Of(e.stack))
	}
	action := awscloudwatchactions.NewSnsAction(e.topic)

	fiveMinutes := awscdk.Duration_Minutes(jsii.Number(5))
	distribution := p.Distribution.DistributionId()
	metric := func(name, statistic string) awscloudwatch.Metric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace:     jsii.String(cloudFrontNamespace),
			MetricName:    jsii.String(name),
			DimensionsMap: &map[string]*string{"DistributionId": distribution, "Region": jsii.String("Global")},
			Statistic:     jsii.String(statistic),
			Period:        fiveMinutes,
		})
	}
	path := r.path
	failed := awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
		Expression: jsii.String("100 * (FILL(execution, 0) + FILL(validation, 0)) / requests"),
		UsingMetrics: &map[string]awscloudwatch.IMetric{
			"execution":  metric("LambdaExecutionError", "Sum"),
			"validation": metric("LambdaValidationError", "Sum"),
			"requests":   metric("Requests", "Sum"),
		},
		Label:  jsii.String("Requests failed in a Lambda@Edge function (%)"),
		Period: fiveMinutes,
	})
	for _, a := range []struct {
		id string
		t  threshold
	}{
		{"FunctionErrorsAlarm", threshold{metric: failed, value: p.ErrorRatePercent, periods: 1, description: fmt.Sprintf(
			"%s: %v%% or more of the viewer requests of 5 minutes failed in a Lambda@Edge function of the distribution (exceptions, timeouts, invalid responses; the viewers got 502 or 503). "+
				"Find the function and the region in the CloudFront console's Monitoring page, then read /aws/lambda/us-east-1.<function name> in that region.", path, p.ErrorRatePercent)}},
		{"ServerErrorsAlarm", threshold{metric: metric("5xxErrorRate", "Average"), value: p.ServerErrorRatePercent, periods: 1, description: fmt.Sprintf(
			"%s: %v%% or more of the distribution's responses of 5 minutes were 5xx: Lambda@Edge failures or throttles (503), or the origin's errors. "+
				"The function errors alarm tells the first apart; the distribution's standard logs name the x-edge-detailed-result-type.", path, p.ServerErrorRatePercent)}},
	} {
		e.alarms = append(e.alarms, newThresholdAlarm(at, prefix+a.id, a.t, action))
	}
	if p.Replicas != nil {
		e.replicaAlarms(info, p, at, prefix)
	}
	return e
}

// replicaAlarms creates the alarms on the replicas of each function in each
// region: in the region's stack, or with the CloudFront alarms in
// us-east-1.
func (e *edgeAlarms) replicaAlarms(info *stackinfo.Info, p EdgeAlarmsProps, home constructs.Construct, prefix string) {
	rp := *p.Replicas
	o := AlarmOptions{ErrorRatePercent: rp.ErrorRatePercent, DurationPercentOfTimeout: rp.DurationPercentOfTimeout, ThrottlesThreshold: rp.ThrottlesThreshold}.withDefaults()
	fiveMinutes := awscdk.Duration_Minutes(jsii.Number(5))
	e.replicas = map[string]*replicaRegion{}
	for _, region := range rp.Regions {
		rr := &replicaRegion{stack: e.stack}
		at, atPrefix := home, prefix
		if region != EdgeRegion {
			rr.stack = edgeReplicaStack(info.Stack, p.StackID, region)
			at, atPrefix = rr.stack, *e.Node().Id()
		}
		rr.topic = rp.Topics[region]
		if rr.topic == nil && region == EdgeRegion {
			rr.topic = e.topic // the CloudFront alarms' topic, yours or the stack's
		}
		if rr.topic == nil {
			rr.topic = alarmTopic(stackinfo.Of(rr.stack))
		}
		action := awscloudwatchactions.NewSnsAction(rr.topic)
		for _, f := range rp.Functions {
			ef := f.(*edgeFunction)
			name := jsii.String(EdgeRegion + "." + *ef.fn.FunctionName())
			metric := func(metricName, statistic string) awscloudwatch.Metric {
				return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
					Namespace: jsii.String("AWS/Lambda"), MetricName: jsii.String(metricName),
					DimensionsMap: &map[string]*string{"FunctionName": name}, Statistic: jsii.String(statistic), Period: fiveMinutes,
				})
			}
			id := atPrefix + *ef.Node().Id() + "Replica"
			where := fmt.Sprintf("%s's replicas in %s (/aws/lambda/us-east-1.<function name> in %s has their logs)", ef.path, region, region)
			for _, a := range []struct {
				id string
				t  threshold
			}{
				{"ErrorsAlarm", threshold{
					metric: errorRateExpression(metric("Errors", "Sum"), metric("Invocations", "Sum"), fiveMinutes),
					value:  o.ErrorRatePercent, periods: 1,
					description: fmt.Sprintf("%s: %v%% or more of the invocations of 5 minutes failed (exceptions, timeouts) in %s.", ef.path, o.ErrorRatePercent, where),
				}},
				{"ThrottlesAlarm", threshold{
					metric: metric("Throttles", "Sum"), value: float64(o.ThrottlesThreshold), periods: 1,
					description: fmt.Sprintf("%s: Lambda refused %d or more invocations in 5 minutes in %s: viewers got 503. Raise the account's concurrency quota in %s.", ef.path, o.ThrottlesThreshold, where, region),
				}},
				{"DurationAlarm", threshold{
					metric: metric("Duration", "p99"), value: durationThresholdMillis(ef.timeout, o.DurationPercentOfTimeout), periods: 3,
					description: fmt.Sprintf("%s: the p99 duration stayed at or above %v%% of the %v s timeout for 15 minutes in %s: viewers wait, and requests are about to fail.", ef.path, o.DurationPercentOfTimeout, ef.timeout, where),
				}},
			} {
				rr.alarms = append(rr.alarms, newThresholdAlarm(at, id+a.id, a.t, action))
			}
		}
		e.replicas[region] = rr
	}
}

// checkReplicas adds the problems of the replica alarms to r.
func checkReplicas(r *report, info *stackinfo.Info, rp *EdgeReplicaAlarms, stackID string) {
	AlarmOptions{ErrorRatePercent: rp.ErrorRatePercent, DurationPercentOfTimeout: rp.DurationPercentOfTimeout, ThrottlesThreshold: rp.ThrottlesThreshold}.
		checkThresholds(r, "Replicas")
	if len(rp.Functions) == 0 {
		r.add("Replicas.Functions", "is empty", "give the edge functions whose replicas to watch, e.g. []pylambda.EdgeFunction{rewrite}")
	}
	ids := map[string]int{}
	for i, f := range rp.Functions {
		prop := fmt.Sprintf("Replicas.Functions[%d]", i)
		ef, ok := f.(*edgeFunction)
		switch {
		case f == nil:
			r.add(prop, "is nil", "remove it, or give the edge function")
			continue
		case !ok:
			r.add(prop, fmt.Sprintf("is a %T, not a function that pylambda.NewEdgeFunction created", f), "give the value NewEdgeFunction returned")
			continue
		}
		id := *ef.Node().Id()
		if j, dup := ids[id]; dup {
			r.add(prop, fmt.Sprintf("%s has the id %q of Replicas.Functions[%d], which names its alarms", ef.path, id, j), "list each function once, with ids that differ")
			continue
		}
		ids[id] = i
		if ef.timeout < 0 {
			r.add(prop, fmt.Sprintf("%s has a Timeout unknown at synth, and the duration alarm compares the p99 duration with it", ef.path),
				"give the function's Timeout as a number of seconds (awscdk.Duration_Seconds)")
		}
	}
	if len(rp.Regions) == 0 {
		r.add("Replicas.Regions", "is empty", "give the regions whose replicas to watch, e.g. []string{\"eu-west-1\", \"us-east-1\"}")
	}
	seen := map[string]int{}
	for i, region := range rp.Regions {
		prop := fmt.Sprintf("Replicas.Regions[%d]", i)
		switch partition := regionPartition(region); {
		case !regionPattern.MatchString(region):
			r.add(prop, fmt.Sprintf("%q is not a region name", region), "use a region such as \"eu-west-1\"")
			continue
		case partition == "":
			r.add(prop, fmt.Sprintf("%s is not a region the CDK knows", region), "check its spelling, e.g. \"eu-west-1\"")
			continue
		case partition != "aws":
			r.add(prop, fmt.Sprintf("%s is in the %s partition, and Lambda@Edge runs in the aws partition only", region, partition), "remove it")
			continue
		}
		if j, dup := seen[region]; dup {
			r.add(prop, fmt.Sprintf("%s is Replicas.Regions[%d] again", region, j), "list each region once")
			continue
		}
		seen[region] = i
	}
	for _, region := range slices.Sorted(maps.Keys(rp.Topics)) {
		topic := rp.Topics[region]
		prop := "Replicas.Topics[" + region + "]"
		if _, ok := seen[region]; !ok {
			r.add(prop, "is the topic of a region that Replicas.Regions does not list", "add the region to Regions, or remove the topic")
			continue
		}
		if topic == nil {
			r.add(prop, "is nil", "remove it for the region's alarm topic, or give a topic")
			continue
		}
		if got := topicRegion(topic); got != "" && got != region {
			r.add(prop, fmt.Sprintf("is a topic of %s, and the alarms of %s notify topics of their own region only", got, region), "give a topic of "+region+", or remove it for the region's alarm topic")
		}
	}
	if info.Region == "" {
		return
	}
	for _, region := range rp.Regions {
		if region == EdgeRegion {
			continue
		}
		checkAlarmStack(r, info, "Replicas.Regions", edgeReplicaStackID(info.Stack, stackID, region), region, "the alarms of "+region)
	}
}

// alarmStacks are the stacks pylambda created for edge alarms.
var alarmStacks sync.Map // awscdk.Stack -> true

// checkAlarmStack refuses an id of the alarm stacks that another stack of
// the app has: only a stack pylambda created for the same parent's alarms,
// in region, is shared.
func checkAlarmStack(r *report, info *stackinfo.Info, prop, id, region, what string) {
	other, ok := awscdk.Stage_Of(info.Stack).Node().TryFindChild(jsii.String(id)).(awscdk.Stack)
	if !ok {
		return
	}
	if _, ours := alarmStacks.Load(other); !ours || stackinfo.Of(other).Region != region {
		r.add(prop, fmt.Sprintf("the stack of %s would have the id %q, which a stack of the app pylambda did not create for them has", what, id),
			"give StackID an id no other stack of the app has (the replica stacks add -<region> to it)")
	}
}

// regionPattern is the shape of a region name.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)

// regionPartition is the partition the CDK knows for region, "" if none.
func regionPartition(region string) string {
	if !regionPattern.MatchString(region) {
		return ""
	}
	if p := regioninfo.RegionInfo_Get(&region).Partition(); p != nil {
		return *p
	}
	return ""
}

// edgeReplicaStack returns the stack of parent's replica alarms in region,
// creating it once, with weak cross-region references (the functions'
// names are read from us-east-1).
func edgeReplicaStack(parent awscdk.Stack, stackID, region string) awscdk.Stack {
	id := edgeReplicaStackID(parent, stackID, region)
	stage := awscdk.Stage_Of(parent)
	if existing, ok := stage.Node().TryFindChild(jsii.String(id)).(awscdk.Stack); ok {
		return existing
	}
	stack := awscdk.NewStack(stage, jsii.String(id), &awscdk.StackProps{
		Env:                   &awscdk.Environment{Region: jsii.String(region), Account: parent.Account()},
		CrossRegionReferences: jsii.Bool(true),
		Description:           jsii.String(fmt.Sprintf("Alarms of the %s replicas of the Lambda@Edge functions of %s (pylambda)", region, *parent.Node().Path())),
	})
	stack.Node().SetContext(jsii.String(crossStackReferencesContext), "weak")
	alarmStacks.Store(stack, true)
	return stack
}

// edgeReplicaStackID is the id of the stack of parent's replica alarms in
// region: the alarm stack's id, "-" and the region.
func edgeReplicaStackID(parent awscdk.Stack, stackID, region string) string {
	return edgeAlarmStackID(parent, stackID) + "-" + region
}

// checkEdgeAlarms adds the problems of p to r.
func checkEdgeAlarms(r *report, info *stackinfo.Info, id string, p *EdgeAlarmsProps) {
	if p.Distribution == nil {
		r.add("Distribution", "is required: the alarms watch a distribution's Lambda@Edge functions through CloudFront's metrics",
			"pass the distribution whose behaviors have the functions' EdgeLambda()")
	}
	if info.Region == "" {
		r.add("(stack)", "the stack is environment-agnostic, and the alarms must be created in us-east-1, where CloudFront publishes its metrics, from a stack whose region is known",
			"give the stack an explicit region: awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String(\"eu-west-1\")}}")
	}
	for _, t := range []struct {
		prop string
		v    float64
	}{{"ErrorRatePercent", p.ErrorRatePercent}, {"ServerErrorRatePercent", p.ServerErrorRatePercent}} {
		if math.IsNaN(t.v) || t.v < 0 || t.v > 100 {
			r.add(t.prop, fmt.Sprintf("must be a percentage in (0, 100], got %v", t.v), "give a share of the viewer requests, e.g. 1 or 5, or leave it unset")
		}
	}
	if p.StackID != "" && info.Region == EdgeRegion {
		r.add("StackID", "names the us-east-1 alarm stack, and the construct's stack is in us-east-1: the alarms are created in place",
			"remove StackID")
	}
	if info.Region != "" && info.Region != EdgeRegion {
		stackID := edgeAlarmStackID(info.Stack, p.StackID)
		checkAlarmStack(r, info, "StackID", stackID, EdgeRegion, "the CloudFront alarms")
		// The alarms are named after the construct's id in the shared
		// alarm stack.
		if st, ok := awscdk.Stage_Of(info.Stack).Node().TryFindChild(jsii.String(stackID)).(awscdk.Stack); ok &&
			st.Node().TryFindChild(jsii.String(id+"FunctionErrorsAlarm")) != nil {
			r.add("(id)", fmt.Sprintf("another EdgeAlarms with the id %q already has its alarms in %s, where the alarms are named after the id", id, stackID),
				"give each EdgeAlarms of the stack its own id")
		}
	}
	if p.Replicas != nil {
		checkReplicas(r, info, p.Replicas, p.StackID)
	}
	if p.Topic != nil {
		if region := topicRegion(p.Topic); region != "" && region != EdgeRegion {
			r.add("Topic", fmt.Sprintf("is a topic of %s, and CloudWatch alarms notify topics of their own region only: these alarms are in us-east-1", region),
				"pass a topic of a us-east-1 stack (or imported with a us-east-1 ARN), or leave Topic unset for the alarm stack's encrypted topic")
		}
	}
}

// topicRegion is the region of a topic: its stack's for a topic of the app,
// its ARN's for an imported one; "" when unknown at synth.
func topicRegion(topic awssns.ITopic) string {
	if _, ok := topic.Node().DefaultChild().(awssns.CfnTopic); ok {
		return stackinfo.Of(topic).Region
	}
	arn := *topic.TopicArn()
	if stackinfo.IsToken(arn) {
		return ""
	}
	// arn:partition:sns:region:account:name
	if parts := strings.Split(arn, ":"); len(parts) == 6 {
		return parts[3]
	}
	return ""
}

// edgeAlarmStack returns the us-east-1 stack that holds the edge alarms of
// parent's constructs, creating it once: in parent's stage, in its account,
// with cross-region references on (the distribution's id is read from
// parent's outputs).
func edgeAlarmStack(parent awscdk.Stack, id string) awscdk.Stack {
	id = edgeAlarmStackID(parent, id)
	stage := awscdk.Stage_Of(parent)
	if existing, ok := stage.Node().TryFindChild(jsii.String(id)).(awscdk.Stack); ok {
		return existing
	}
	stack := awscdk.NewStack(stage, jsii.String(id), &awscdk.StackProps{
		Env:                   &awscdk.Environment{Region: jsii.String(EdgeRegion), Account: parent.Account()},
		CrossRegionReferences: jsii.Bool(true),
		Description:           jsii.String(fmt.Sprintf("Alarms of the Lambda@Edge functions of %s (pylambda), in us-east-1 where CloudFront publishes its metrics", *parent.Node().Path())),
	})
	// Weak references (Fn::GetStackOutput) whatever the app's default: a
	// strong cross-region reference would add the CDK's export writer, a
	// custom resource with its own function, to the user's stack.
	stack.Node().SetContext(jsii.String(crossStackReferencesContext), "weak")
	alarmStacks.Store(stack, true)
	return stack
}

// crossStackReferencesContext is the CDK's context key of the default
// strength of cross-stack references, read from the consumer's node.
const crossStackReferencesContext = "@aws-cdk/core:defaultCrossStackReferences"

// edgeAlarmStackID is the id of parent's alarm stack: id, or parent's id
// followed by "EdgeAlarms".
func edgeAlarmStackID(parent awscdk.Stack, id string) string {
	if id == "" {
		id = *parent.Node().Id() + "EdgeAlarms"
	}
	return id
}
