package pylambda

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/stackinfo"
)

// Thresholds of a function's alarms (AlarmOptions). The README says why.
const (
	// DefaultErrorRatePercent: the errors alarm rings when 1% or more of
	// the invocations of 5 minutes fail.
	DefaultErrorRatePercent = 1
	// DefaultDurationPercentOfTimeout: the duration alarm rings when the
	// p99 duration stays at or above 80% of the timeout for 15 minutes.
	DefaultDurationPercentOfTimeout = 80
	// DefaultThrottlesThreshold: the throttles alarm rings when Lambda
	// refuses one invocation or more in 5 minutes.
	DefaultThrottlesThreshold = 1
	// DefaultEventAgeSeconds: the event age alarm of a function with Batch
	// sources rings when the oldest record waiting for it stays 15 minutes
	// old or older for 15 minutes.
	DefaultEventAgeSeconds = 900
	// minEventAgeSeconds: the metrics are 5-minute maxima of ages that
	// grow by the second; a threshold under a minute would ring on every
	// batching window and retry.
	minEventAgeSeconds = 60
	// maxAlarmMetrics is CloudWatch's limit of metrics in one alarm's math
	// expression.
	maxAlarmMetrics = 10
)

// AlarmOptions turn on a regional function's CloudWatch alarms
// (FunctionProps.Alarms): the share of failed invocations, throttles, a p99
// duration close to the timeout, and the depth of the dead-letter queue
// (pylambda's, the caller's DeadLetterQueue, or an SQS OnFailure destination
// of the same region); with Batch sources, the age of the records waiting
// and the depth of the queues where failed records end up. Every alarm
// notifies Topic when it rings and when it recovers.
type AlarmOptions struct {
	// Topic receives the alarms' notifications (ALARM and OK). Subscribe
	// your team to it (Function.AlarmTopic()). A topic encrypted with a key
	// of your own needs a key policy that lets cloudwatch.amazonaws.com use
	// it (kms:Decrypt, kms:GenerateDataKey*).
	// Default: the stack's alarm topic, created once per stack for every
	// function that has alarms ("PylambdaAlarmTopic"): encrypted with a
	// customer-managed KMS key that rotates ("PylambdaAlarmKey"), TLS only,
	// published to by the CloudWatch alarms of the stack's account and
	// region.
	Topic awssns.ITopic
	// ErrorRatePercent is the share of invocations, in percent, whose
	// failure within 5 minutes rings the errors alarm: in (0, 100].
	// Default: DefaultErrorRatePercent (1).
	ErrorRatePercent float64
	// DurationPercentOfTimeout is the p99 duration, in percent of the
	// function's timeout, that rings the duration alarm when it lasts 15
	// minutes: in (0, 100).
	// Default: DefaultDurationPercentOfTimeout (80).
	DurationPercentOfTimeout float64
	// ThrottlesThreshold is how many throttled invocations within 5
	// minutes ring the throttles alarm: at least 1.
	// Default: DefaultThrottlesThreshold (1).
	ThrottlesThreshold int
	// EventAgeSeconds is the age of the oldest record waiting for a
	// function with Batch sources (Lambda's IteratorAge for streams, the
	// queue's ApproximateAgeOfOldestMessage for SQS) that rings the event
	// age alarm when it lasts 15 minutes: at least 60 seconds. Only for
	// functions with Batch.
	// Default: DefaultEventAgeSeconds (900).
	EventAgeSeconds int
}

// withDefaults fills the thresholds.
func (o AlarmOptions) withDefaults() AlarmOptions {
	if o.ErrorRatePercent == 0 {
		o.ErrorRatePercent = DefaultErrorRatePercent
	}
	if o.DurationPercentOfTimeout == 0 {
		o.DurationPercentOfTimeout = DefaultDurationPercentOfTimeout
	}
	if o.ThrottlesThreshold == 0 {
		o.ThrottlesThreshold = DefaultThrottlesThreshold
	}
	if o.EventAgeSeconds == 0 {
		o.EventAgeSeconds = DefaultEventAgeSeconds
	}
	return o
}

// checkThresholds adds the problems of the thresholds to r, under prefix
// (e.g. "Alarms").
func (o AlarmOptions) checkThresholds(r *report, prefix string) {
	if e := o.ErrorRatePercent; math.IsNaN(e) || e < 0 || e > 100 {
		r.add(prefix+".ErrorRatePercent", fmt.Sprintf("must be a percentage in (0, 100], got %v", e),
			fmt.Sprintf("use e.g. %d (1%% of invocations failing rings the alarm), or leave it unset", DefaultErrorRatePercent))
	}
	if d := o.DurationPercentOfTimeout; math.IsNaN(d) || d < 0 || d >= 100 {
		r.add(prefix+".DurationPercentOfTimeout", fmt.Sprintf("must be a percentage of the timeout in (0, 100), got %v", d),
			fmt.Sprintf("use e.g. %d (a p99 duration at 80%% of the timeout rings the alarm): timeouts themselves ring the errors alarm", DefaultDurationPercentOfTimeout))
	}
	if o.ThrottlesThreshold < 0 {
		r.add(prefix+".ThrottlesThreshold", fmt.Sprintf("must be at least 1 throttled invocation, got %d", o.ThrottlesThreshold),
			"leave it unset to ring on the first throttled invocation, or give a larger count")
	}
	if a := o.EventAgeSeconds; a < 0 || (a > 0 && a < minEventAgeSeconds) {
		r.add(prefix+".EventAgeSeconds", fmt.Sprintf("must be at least %d seconds, got %d: the ages are 5-minute maxima, and a record waits seconds in every batching window and retry", minEventAgeSeconds, a),
			fmt.Sprintf("leave it unset for %d (15 minutes), or give a number of seconds of %d or more", DefaultEventAgeSeconds, minEventAgeSeconds))
	}
}

// alarms creates a function's alarms and routes them to a topic.
type alarms struct {
	opts         AlarmOptions
	timeoutToken bool // Timeout is given but unknown at synth
	batch        bool // the function has Batch sources
}

// readAlarms reads the alarm options of p.
func readAlarms(s *functionSpec, p *FunctionProps) *alarms {
	return &alarms{opts: *p.Alarms, timeoutToken: p.Timeout != nil && s.timeout == nil, batch: len(p.Batch) > 0}
}

func (a *alarms) check(s *functionSpec, r *report) {
	a.opts.checkThresholds(r, "Alarms")
	if a.opts.EventAgeSeconds != 0 && !a.batch {
		r.add("Alarms.EventAgeSeconds", "sets the event age alarm of Batch sources, and the function has none: pylambda cannot see event source mappings added to the function later",
			"remove EventAgeSeconds, or give the sources in Batch; alarm on your own mappings with the function's IteratorAge metric or the queue's age")
	}
	if a.timeoutToken {
		r.add("Alarms", "the duration alarm compares the p99 duration with the timeout, and Timeout is a token unknown at synth",
			"give Timeout as a number of seconds (awscdk.Duration_Seconds), or remove Alarms")
	}
}

func (*alarms) configure(*functionBuild) {}

func (a *alarms) attach(b *functionBuild) {
	o := a.opts.withDefaults()
	fn, path := b.out.fn, b.spec.path
	topic := o.Topic
	if topic == nil {
		topic = alarmTopic(b.spec.info)
	}
	action := awscloudwatchactions.NewSnsAction(topic)
	var created []awscloudwatch.Alarm
	add := func(id string, t threshold) {
		created = append(created, newThresholdAlarm(b.node, id, t, action))
	}
	b.out.alarmTopic = topic
	// The function's alarms come first in Alarms(), before a deployment's
	// rollback alarms.
	defer func() { b.out.alarms = append(created, b.out.alarms...) }()

	fiveMinutes := awscdk.Duration_Minutes(jsii.Number(5))
	stat := func(statistic string) *awscloudwatch.MetricOptions {
		return &awscloudwatch.MetricOptions{Statistic: jsii.String(statistic), Period: fiveMinutes}
	}
	add("ErrorsAlarm", threshold{
		metric: errorRateExpression(fn.MetricErrors(stat("Sum")), fn.MetricInvocations(stat("Sum")), fiveMinutes),
		value:  o.ErrorRatePercent, periods: 1,
		description: fmt.Sprintf("%s: %v%% or more of the invocations in 5 minutes failed (errors and timeouts). "+
			"Read the function's log group for the exceptions and its X-Ray traces for the failing calls.", path, o.ErrorRatePercent),
	})
	add("ThrottlesAlarm", threshold{
		metric: fn.MetricThrottles(stat("Sum")), value: float64(o.ThrottlesThreshold), periods: 1,
		description: fmt.Sprintf("%s: Lambda refused %d or more invocations in 5 minutes for lack of concurrency. "+
			"Synchronous callers got HTTP 429; raise the function's reserved concurrency or the account's quota, or slow the callers.", path, o.ThrottlesThreshold),
	})
	timeout := float64(DefaultTimeoutSeconds)
	if b.spec.timeout != nil {
		timeout = *b.spec.timeout
	}
	add("DurationAlarm", threshold{
		metric: fn.MetricDuration(stat("p99")), value: durationThresholdMillis(timeout, o.DurationPercentOfTimeout), periods: 3,
		description: fmt.Sprintf("%s: the p99 duration stayed at or above %v%% of the %v s timeout for 15 minutes: invocations are about to time out. "+
			"Find the slow calls in the X-Ray traces; raise Timeout or MemorySize, or make the calls faster.", path, o.DurationPercentOfTimeout, timeout),
	})
	for _, q := range a.failureQueues(b) {
		add(q.id, threshold{
			metric: queueDepth(q.name, fiveMinutes), value: 1, periods: 1,
			description: fmt.Sprintf("%s: failed events wait in %s after Lambda's retries. "+
				"Read them, fix the cause, then redrive them to the function (SQS dead-letter queue redrive) or delete them; the alarm rings until the queue is empty.", path, q.what),
		})
	}
	if w := b.out.batchWatch; w != nil {
		batchAlarms(b, w, o, add)
	}
}

// threshold is an alarm that rings when its metric is at or above a value
// for a number of consecutive periods; a period without data is not
// breaching (a function or queue nobody uses is healthy).
type threshold struct {
	metric      awscloudwatch.IMetric
	value       float64
	periods     int
	description string
}

// newThresholdAlarm creates t at scope/id, notifying action when it rings
// and when it recovers (none when action is nil).
func newThresholdAlarm(scope constructs.Construct, id string, t threshold, action awscloudwatch.IAlarmAction) awscloudwatch.Alarm {
	props := &awscloudwatch.AlarmProps{
		Metric:             t.metric,
		Threshold:          jsii.Number(t.value),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		EvaluationPeriods:  jsii.Number(float64(t.periods)),
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
		AlarmDescription:   alarmDescription(t.description),
	}
	if t.periods > 1 {
		props.DatapointsToAlarm = jsii.Number(float64(t.periods))
	}
	alarm := awscloudwatch.NewAlarm(scope, jsii.String(id), props)
	if action != nil {
		alarm.AddAlarmAction(action)
		alarm.AddOkAction(action)
	}
	return alarm
}

// queueDepth is the number of messages visible in the SQS queue name.
func queueDepth(name *string, period awscdk.Duration) awscloudwatch.IMetric {
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace: jsii.String("AWS/SQS"), MetricName: jsii.String("ApproximateNumberOfMessagesVisible"),
		DimensionsMap: &map[string]*string{"QueueName": name}, Statistic: jsii.String("Maximum"), Period: period,
	})
}

// batchAlarms adds the alarms of a function's Batch sources: the age of the
// oldest record waiting for it, and the depth of the queues where the
// records it failed end up. Each is one alarm whatever the number of
// sources (the maximum of their metrics), split in alarms of at most ten
// metrics, CloudWatch's limit.
func batchAlarms(b *functionBuild, w *batchWatch, o AlarmOptions, add func(string, threshold)) {
	fiveMinutes := awscdk.Duration_Minutes(jsii.Number(5))
	path := b.spec.path
	maximum := &awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum"), Period: fiveMinutes}
	var ages, queueAges []alarmInput
	for _, src := range w.sources {
		switch {
		case src.queue != nil:
			queueAges = append(queueAges, alarmInput{metric: src.queue.MetricApproximateAgeOfOldestMessage(maximum), what: "queue " + src.what})
		case len(ages) == 0:
			// One metric for every stream: Lambda's IteratorAge is per function.
			ages = append(ages, alarmInput{
				metric: b.out.fn.Metric(jsii.String("IteratorAge"), maximum),
				scale:  "/ 1000", // milliseconds
				what:   "the function's stream sources (IteratorAge)",
			})
		}
	}
	ages = append(ages, queueAges...)
	for n, group := range chunks(ages) {
		add(numbered("EventAgeAlarm", n), threshold{
			metric: maxOf(group, "Oldest waiting record (s)", fiveMinutes), value: float64(o.EventAgeSeconds), periods: 3,
			description: fmt.Sprintf("%s: records have waited %d s or more for 15 minutes in %s. "+
				"The function falls behind (raise its concurrency, batch size or ParallelizationFactor) or a failing record blocks a shard (read the function's errors and its failure queues).",
				path, o.EventAgeSeconds, inputsText(group)),
		})
	}
	var failures []alarmInput
	for _, q := range w.failureQueues(b) {
		failures = append(failures, alarmInput{metric: queueDepth(q.name, fiveMinutes), what: q.what})
	}
	for n, group := range chunks(failures) {
		add(numbered("BatchFailuresAlarm", n), threshold{
			metric: maxOf(group, "Failed records waiting", fiveMinutes), value: 1, periods: 1,
			description: fmt.Sprintf("%s: records the function failed wait in %s after their retries. "+
				"Read them, fix the cause, then redrive them (SQS dead-letter queue redrive; a stream's failure record names the shard and sequence numbers to read again) or delete them; the alarm rings until the queues are empty.",
				path, inputsText(group)),
		})
	}
}

// alarmInput is one metric of a batch alarm.
type alarmInput struct {
	metric awscloudwatch.IMetric
	scale  string // an expression suffix bringing the metric to the alarm's unit
	what   string // for the description
}

// maxOf is the metric of one input, or the maximum of several.
func maxOf(inputs []alarmInput, label string, period awscdk.Duration) awscloudwatch.IMetric {
	if len(inputs) == 1 && inputs[0].scale == "" {
		return inputs[0].metric
	}
	using := map[string]awscloudwatch.IMetric{}
	terms := make([]string, len(inputs))
	for n, in := range inputs {
		id := fmt.Sprintf("m%d", n)
		using[id] = in.metric
		terms[n] = strings.TrimSpace(id + " " + in.scale)
	}
	expr := terms[0]
	if len(terms) > 1 {
		expr = "MAX([" + strings.Join(terms, ", ") + "])"
	}
	return awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
		Expression: jsii.String(expr), UsingMetrics: &using, Label: jsii.String(label), Period: period,
	})
}

// chunks splits inputs in groups of at most maxAlarmMetrics.
func chunks(inputs []alarmInput) [][]alarmInput {
	var out [][]alarmInput
	for len(inputs) > maxAlarmMetrics {
		out, inputs = append(out, inputs[:maxAlarmMetrics]), inputs[maxAlarmMetrics:]
	}
	if len(inputs) > 0 {
		out = append(out, inputs)
	}
	return out
}

// numbered is id for the first alarm of a kind, id2, id3... for the next.
func numbered(id string, n int) string {
	if n == 0 {
		return id
	}
	return fmt.Sprintf("%s%d", id, n+1)
}

// inputsText lists what the inputs watch: the first three, and how many
// more, so that a description stays within CloudWatch's 1,024 characters.
func inputsText(inputs []alarmInput) string {
	const listed = 3
	var names []string
	for n, in := range inputs {
		if n == listed {
			names = append(names, fmt.Sprintf("%d more", len(inputs)-listed))
			break
		}
		names = append(names, in.what)
	}
	return strings.Join(names, ", ")
}

// maxAlarmDescription is CloudWatch's limit of an alarm's description.
const maxAlarmDescription = 1024

// alarmDescription is s, cut to CloudWatch's limit (a construct path may be
// long).
func alarmDescription(s string) *string {
	if r := []rune(s); len(r) > maxAlarmDescription {
		s = string(r[:maxAlarmDescription-1]) + "…"
	}
	return jsii.String(s)
}

// failureQueue is a queue where a function's failed events wait.
type failureQueue struct {
	id   string  // the alarm's construct id
	name *string // the queue's name (a token for a queue in the stack)
	what string  // for the description
}

// failureQueues returns the queues whose depth the function's alarms watch:
// the dead-letter queue pylambda created or the caller's, and an SQS
// OnFailure destination of the same region.
func (a *alarms) failureQueues(b *functionBuild) []failureQueue {
	var out []failureQueue
	switch {
	case b.out.dlq != nil:
		out = append(out, failureQueue{"DeadLetterQueueAlarm", b.out.dlq.QueueName(), "the function's dead-letter queue"})
	case b.props.DeadLetterQueue != nil:
		out = append(out, failureQueue{"DeadLetterQueueAlarm", b.props.DeadLetterQueue.QueueName(), "the function's dead-letter queue (DeadLetterQueue)"})
	}
	if b.props.OnFailure != nil {
		if name := onFailureQueue(b.out.fn, b.spec.info); name != nil {
			out = append(out, failureQueue{"OnFailureQueueAlarm", name, "the function's on-failure destination (OnFailure)"})
		}
	}
	return out
}

// onFailureQueue returns the name of the SQS queue that fn's OnFailure
// destination names, or nil when the destination is not a queue whose
// metrics the stack's alarms can read: an SQS queue of the stack's region,
// in this app (a reference) or given by its ARN.
func onFailureQueue(fn awslambda.Function, info *stackinfo.Info) *string {
	child := fn.Node().TryFindChild(jsii.String("EventInvokeConfig"))
	if child == nil {
		return nil
	}
	cfn, ok := child.Node().DefaultChild().(awslambda.CfnEventInvokeConfig)
	if !ok {
		return nil
	}
	dc, ok := cfn.DestinationConfig().(*awslambda.CfnEventInvokeConfig_DestinationConfigProperty)
	if !ok || dc.OnFailure == nil {
		return nil
	}
	of, ok := dc.OnFailure.(*awslambda.CfnEventInvokeConfig_OnFailureProperty)
	if !ok || of.Destination == nil {
		return nil
	}
	return queueNameOfArn(*of.Destination, info)
}

// queueNameOfArn returns the name of the SQS queue whose ARN is arn, or nil
// when arn is not that of an SQS queue whose metrics the stack's alarms can
// read: a queue of the stack's region, in this app (a reference) or given
// by its ARN.
func queueNameOfArn(arn string, info *stackinfo.Info) *string {
	if !stackinfo.IsToken(arn) {
		// arn:partition:sqs:region:account:name
		parts := strings.Split(arn, ":")
		if len(parts) != 6 || parts[2] != "sqs" || (info.Region != "" && parts[3] != info.Region) {
			return nil
		}
		return jsii.String(parts[5])
	}
	ref, ok := awscdk.Tokenization_Reverse(&arn, nil).(awscdk.Reference)
	if !ok || ref.DisplayName() == nil || *ref.DisplayName() != "Arn" {
		return nil
	}
	res, ok := ref.Target().(awscdk.CfnResource)
	if !ok || *res.CfnResourceType() != "AWS::SQS::Queue" {
		return nil
	}
	if region := stackinfo.Of(res).Region; region != "" && info.Region != "" && region != info.Region {
		return nil
	}
	return awscdk.Token_AsString(res.GetAtt(jsii.String("QueueName"), awscdk.ResolutionTypeHint_STRING), nil)
}

// errorRateExpression is the percentage of invocations that failed.
// Lambda publishes no datapoint for a period without invocations: the
// expression has none either, and the alarms treat that as not breaching.
func errorRateExpression(errors, invocations awscloudwatch.IMetric, period awscdk.Duration) awscloudwatch.MathExpression {
	return awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
		Expression:   jsii.String("100 * FILL(errors, 0) / invocations"),
		UsingMetrics: &map[string]awscloudwatch.IMetric{"errors": errors, "invocations": invocations},
		Label:        jsii.String("Failed invocations (%)"),
		Period:       period,
	})
}

// alarmTopic returns the stack's alarm topic, creating it with its key for
// the first function that needs it: one topic and one key (about $1 a month)
// per stack, whatever the number of functions.
func alarmTopic(info *stackinfo.Info) awssns.ITopic {
	if t, ok := alarmTopics.Load(info); ok {
		return t.(awssns.ITopic)
	}
	stack := info.Stack
	cloudwatch := awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)
	key := awskms.NewKey(stack, jsii.String("PylambdaAlarmKey"), &awskms.KeyProps{
		Description:       jsii.String("Encrypts the pylambda alarm topic of this stack"),
		EnableKeyRotation: jsii.Bool(true),
	})
	// CloudWatch encrypts the notifications it publishes to the topic
	// (SNS developer guide, "Configure AWS KMS permissions for AWS services").
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublishToTheAlarmTopic"),
		Principals: &[]awsiam.IPrincipal{cloudwatch},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
	}), nil)
	topic := awssns.NewTopic(stack, jsii.String("PylambdaAlarmTopic"), &awssns.TopicProps{
		DisplayName: jsii.String("pylambda alarms"),
		MasterKey:   key,
		EnforceSSL:  jsii.Bool(true),
	})
	topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsOfThisAccount"),
		Principals: &[]awsiam.IPrincipal{cloudwatch},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{topic.TopicArn()},
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
			"ArnLike": map[string]any{"aws:SourceArn": stack.FormatArn(&awscdk.ArnComponents{
				Service: jsii.String("cloudwatch"), Resource: jsii.String("alarm"), ResourceName: jsii.String("*"),
				ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
			})},
		},
	}))
	alarmTopics.Store(info, topic)
	return topic
}

var alarmTopics sync.Map // *stackinfo.Info -> awssns.ITopic

// durationThresholdMillis is a share of a timeout in seconds, in the
// milliseconds Lambda's Duration metric counts.
func durationThresholdMillis(timeoutSeconds, percent float64) float64 {
	return math.Round(timeoutSeconds * 1000 * percent / 100)
}
