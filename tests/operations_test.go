package tests

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
)

// resource returns the one resource whose logical id is prefix<8 hex>.
func resource(t *testing.T, tmpl map[string]any, prefix string) map[string]any {
	t.Helper()
	re := regexp.MustCompile(`^` + prefix + `[0-9A-F]{8}$`)
	var found []string
	for id := range tmpl["Resources"].(map[string]any) {
		if re.MatchString(id) {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		t.Fatalf("resources %s<hash> = %v, want one", prefix, found)
	}
	return tmpl["Resources"].(map[string]any)[found[0]].(map[string]any)
}

// withShift gives a function a deployment with the traffic shift.
func withShift(shift pylambda.TrafficShift) func(p *pylambda.FunctionProps) {
	return func(p *pylambda.FunctionProps) { p.Deployment = &pylambda.DeploymentOptions{Shift: shift} }
}

// logicalIDs returns the sorted logical ids of a type.
func logicalIDs(tmpl map[string]any, typ string) []string {
	var ids []string
	for id := range ofType(tmpl, typ) {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// hashless drops the 8-hex hash of logical ids.
func hashless(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = regexp.MustCompile(`[0-9A-F]{8}$`).ReplaceAllString(id, "")
	}
	return out
}

// The alarms of a default (asynchronous) function: the error rate, the
// throttles, the p99 duration against 80% of the timeout, the depth of the
// dead-letter queue; each notifies the stack's encrypted topic when it
// rings and when it recovers. A second function shares the topic.
func TestAlarms(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	cdktest.Run(t, func() {
		fn = pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{}})
		pylambda.NewFunction(stack, "Other", &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{}})
	})
	tmpl := synth(t, stack)
	if got, want := hashless(logicalIDs(tmpl, "AWS::CloudWatch::Alarm")), []string{
		"FnDeadLetterQueueAlarm", "FnDurationAlarm", "FnErrorsAlarm", "FnThrottlesAlarm",
		"OtherDeadLetterQueueAlarm", "OtherDurationAlarm", "OtherErrorsAlarm", "OtherThrottlesAlarm",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("alarms = %v, want %v", got, want)
	}
	if len(fn.Alarms()) != 4 || fn.AlarmTopic() == nil {
		t.Errorf("Alarms() = %d alarms, AlarmTopic() = %v; want 4 and the topic", len(fn.Alarms()), fn.AlarmTopic())
	}
	if n := len(ofType(tmpl, "AWS::SNS::Topic")); n != 1 {
		t.Errorf("topics = %d, want one shared by both functions", n)
	}

	errors := resource(t, tmpl, "FnErrorsAlarm")["Properties"].(map[string]any)
	wantErrors := map[string]any{"Threshold": 1.0, "EvaluationPeriods": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching"}
	for k, v := range wantErrors {
		if errors[k] != v {
			t.Errorf("errors alarm %s = %v, want %v", k, errors[k], v)
		}
	}
	if m := toJSON(t, errors["Metrics"]); !strings.Contains(m, `"Expression":"100 * FILL(errors, 0) / invocations"`) ||
		!strings.Contains(m, `"MetricName":"Errors"`) || !strings.Contains(m, `"MetricName":"Invocations"`) || !strings.Contains(m, `"Period":300`) {
		t.Errorf("errors alarm metrics = %s, want the failed share of 5 minutes", m)
	}
	duration := resource(t, tmpl, "FnDurationAlarm")["Properties"].(map[string]any)
	if duration["Threshold"] != 8000.0 || duration["ExtendedStatistic"] != "p99" || duration["DatapointsToAlarm"] != 3.0 || duration["EvaluationPeriods"] != 3.0 {
		t.Errorf("duration alarm = %s, want p99 >= 8000 ms (80%% of 10 s) in 3 of 3 periods", toJSON(t, duration))
	}
	throttles := resource(t, tmpl, "FnThrottlesAlarm")["Properties"].(map[string]any)
	if throttles["Threshold"] != 1.0 || throttles["MetricName"] != "Throttles" || throttles["Statistic"] != "Sum" {
		t.Errorf("throttles alarm = %s", toJSON(t, throttles))
	}
	dlq := resource(t, tmpl, "FnDeadLetterQueueAlarm")["Properties"].(map[string]any)
	if d := toJSON(t, dlq["Dimensions"]); dlq["MetricName"] != "ApproximateNumberOfMessagesVisible" || dlq["Namespace"] != "AWS/SQS" ||
		!regexp.MustCompile(`"Fn::GetAtt":\["FnDeadLetterQueue[0-9A-F]{8}","QueueName"\]`).MatchString(d) {
		t.Errorf("dead-letter alarm = %s, want the depth of the function's queue", toJSON(t, dlq))
	}
	for _, id := range logicalIDs(tmpl, "AWS::CloudWatch::Alarm") {
		p := ofType(tmpl, "AWS::CloudWatch::Alarm")[id]["Properties"].(map[string]any)
		for _, actions := range []string{"AlarmActions", "OKActions"} {
			if a := toJSON(t, p[actions]); !regexp.MustCompile(`^\[\{"Ref":"PylambdaAlarmTopic[0-9A-F]{8}"\}\]$`).MatchString(a) {
				t.Errorf("%s %s = %s, want the stack's alarm topic", id, actions, a)
			}
		}
		if d, _ := p["AlarmDescription"].(string); !strings.HasPrefix(d, "Stack/") {
			t.Errorf("%s description %q does not name the function", id, d)
		}
	}

	topic := only(t, tmpl, "AWS::SNS::Topic")["Properties"].(map[string]any)
	if k := toJSON(t, topic["KmsMasterKeyId"]); !strings.Contains(k, "PylambdaAlarmKey") {
		t.Errorf("topic key = %s, want the stack's alarm key", k)
	}
	key := only(t, tmpl, "AWS::KMS::Key")["Properties"].(map[string]any)
	if key["EnableKeyRotation"] != true || !strings.Contains(toJSON(t, key["KeyPolicy"]), `"Service":"cloudwatch.amazonaws.com"`) {
		t.Errorf("key = %s, want rotation and CloudWatch allowed to encrypt", toJSON(t, key))
	}
	policy := toJSON(t, only(t, tmpl, "AWS::SNS::TopicPolicy")["Properties"])
	for _, want := range []string{`"aws:SecureTransport":"false"`, `"Effect":"Deny"`, `"Service":"cloudwatch.amazonaws.com"`, `"aws:SourceAccount"`, `:alarm:*"`} {
		if !strings.Contains(policy, want) {
			t.Errorf("topic policy lacks %s: %s", want, policy)
		}
	}
}

// Thresholds and the topic are the caller's to choose; a function without
// asynchronous invocations has no dead-letter alarm; a caller's dead-letter
// queue and an SQS on-failure destination of the region are watched, other
// destinations are not.
func TestAlarmOptions(t *testing.T) {
	t.Run("thresholds and topic", func(t *testing.T) {
		stack := stackIn(t, "eu-west-1")
		cdktest.Run(t, func() {
			topic := awssns.NewTopic(stack, jsii.String("Oncall"), nil)
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
				FunctionOptions: awslambda.FunctionOptions{Timeout: awscdk.Duration_Seconds(jsii.Number(30))},
				Alarms:          &pylambda.AlarmOptions{Topic: topic, ErrorRatePercent: 5, DurationPercentOfTimeout: 50, ThrottlesThreshold: 10}})
		})
		tmpl := synth(t, stack)
		if got := hashless(logicalIDs(tmpl, "AWS::CloudWatch::Alarm")); !reflect.DeepEqual(got, []string{"FnDurationAlarm", "FnErrorsAlarm", "FnThrottlesAlarm"}) {
			t.Errorf("alarms = %v, want no dead-letter alarm for a synchronous function", got)
		}
		if n := len(ofType(tmpl, "AWS::KMS::Key")); n != 0 {
			t.Errorf("keys = %d, want none with the caller's topic", n)
		}
		for prefix, want := range map[string]float64{"FnErrorsAlarm": 5, "FnDurationAlarm": 15000, "FnThrottlesAlarm": 10} {
			p := resource(t, tmpl, prefix)["Properties"].(map[string]any)
			if p["Threshold"] != want {
				t.Errorf("%s threshold = %v, want %v", prefix, p["Threshold"], want)
			}
			if a := toJSON(t, p["AlarmActions"]); !strings.Contains(a, `"Ref":"Oncall`) {
				t.Errorf("%s actions = %s, want the caller's topic", prefix, a)
			}
		}
	})
	for name, tc := range map[string]struct {
		props func(stack awscdk.Stack) awslambda.FunctionOptions
		want  map[string]string // alarm -> the queue's logical id prefix or literal name
	}{
		"caller's dead-letter queue": {func(stack awscdk.Stack) awslambda.FunctionOptions {
			return awslambda.FunctionOptions{DeadLetterQueue: awssqs.NewQueue(stack, jsii.String("Mine"), nil)}
		}, map[string]string{"FnDeadLetterQueueAlarm": `"Fn::GetAtt":["Mine`}},
		"SQS on-failure destination": {func(stack awscdk.Stack) awslambda.FunctionOptions {
			return awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(awssqs.NewQueue(stack, jsii.String("Failures"), nil))}
		}, map[string]string{"FnOnFailureQueueAlarm": `"Fn::GetAtt":["Failures`}},
		"imported queue of the region": {func(stack awscdk.Stack) awslambda.FunctionOptions {
			q := awssqs.Queue_FromQueueArn(stack, jsii.String("Imported"), jsii.String("arn:aws:sqs:eu-west-1:123456789012:failures"))
			return awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(q)}
		}, map[string]string{"FnOnFailureQueueAlarm": `"Value":"failures"`}},
		"imported queue of another region": {func(stack awscdk.Stack) awslambda.FunctionOptions {
			q := awssqs.Queue_FromQueueArn(stack, jsii.String("Imported"), jsii.String("arn:aws:sqs:us-east-1:123456789012:failures"))
			return awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(q)}
		}, map[string]string{}},
		"function destination": {func(stack awscdk.Stack) awslambda.FunctionOptions {
			target := awslambda.NewFunction(stack, jsii.String("Target"), &awslambda.FunctionProps{
				Runtime: awslambda.Runtime_PYTHON_3_11(), Handler: jsii.String("app.handler"), Code: awslambda.Code_FromInline(jsii.String("x"))})
			return awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewLambdaDestination(target, nil)}
		}, map[string]string{}},
	} {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			cdktest.Run(t, func() {
				pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, FunctionOptions: tc.props(stack), Alarms: &pylambda.AlarmOptions{}})
			})
			tmpl := synth(t, stack)
			var queueAlarms []string
			for _, id := range hashless(logicalIDs(tmpl, "AWS::CloudWatch::Alarm")) {
				if strings.Contains(id, "Queue") {
					queueAlarms = append(queueAlarms, id)
				}
			}
			if len(queueAlarms) != len(tc.want) {
				t.Fatalf("queue alarms = %v, want %v", queueAlarms, tc.want)
			}
			for alarm, queue := range tc.want {
				if d := toJSON(t, resource(t, tmpl, alarm)["Properties"].(map[string]any)["Dimensions"]); !strings.Contains(d, queue) {
					t.Errorf("%s dimensions = %s, want %s", alarm, d, queue)
				}
			}
		})
	}
}

// A function with Batch sources gets the age of the records waiting for it
// (its IteratorAge for streams, the SQS source's oldest message) and the
// depth of the queues where its failed records end up (the SQS source's
// dead-letter queue, the streams' failure queues): one alarm each, the
// maximum of the sources' metrics.
func TestBatchAlarms(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sources func(stack awscdk.Stack) []pylambda.BatchSource
		age     []string // expected in the event age alarm's metrics
		fail    []string // expected in the failures alarm's metrics
		expr    map[string]string
	}{
		{"sqs", func(stack awscdk.Stack) []pylambda.BatchSource {
			return []pylambda.BatchSource{pylambda.SQSBatch(workQueue(stack, "Jobs", &awssqs.QueueProps{}), nil)}
		}, []string{`"MetricName":"ApproximateAgeOfOldestMessage"`, `"Jobs`}, []string{`"JobsDLQ`}, nil},
		{"every kind", func(stack awscdk.Stack) []pylambda.BatchSource {
			orders := awsdynamodb.NewTableV2(stack, jsii.String("Orders"), &awsdynamodb.TablePropsV2{
				PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
				DynamoStream: awsdynamodb.StreamViewType_NEW_IMAGE})
			mine := awssqs.NewQueue(stack, jsii.String("Mine"), nil)
			return []pylambda.BatchSource{
				pylambda.SQSBatch(workQueue(stack, "Jobs", &awssqs.QueueProps{}), nil),
				pylambda.KinesisBatch(awskinesis.NewStream(stack, jsii.String("Events"), nil), nil),
				pylambda.DynamoDBBatch(orders, &pylambda.StreamBatchOptions{OnFailure: awslambdaeventsources.NewSqsDlq(mine)}),
			}
		}, []string{`"MetricName":"IteratorAge"`, `"MetricName":"ApproximateAgeOfOldestMessage"`},
			[]string{`"JobsDLQ`, `"WorkerBatchFailures`, `"Mine`},
			map[string]string{"WorkerEventAgeAlarm": "MAX([m0 / 1000, m1])", "WorkerBatchFailuresAlarm": "MAX([m0, m1, m2])"}},
		{"a dead-letter queue shared, and one set on the L1", func(stack awscdk.Stack) []pylambda.BatchSource {
			shared := awssqs.NewQueue(stack, jsii.String("Shared"), nil)
			redrive := &awssqs.DeadLetterQueue{Queue: shared, MaxReceiveCount: jsii.Number(5)}
			a := awssqs.NewQueue(stack, jsii.String("A"), &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(60)), DeadLetterQueue: redrive})
			b := awssqs.NewQueue(stack, jsii.String("B"), &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(60))})
			b.Node().DefaultChild().(awssqs.CfnQueue).SetRedrivePolicy(map[string]any{"deadLetterTargetArn": shared.QueueArn(), "maxReceiveCount": 5})
			return []pylambda.BatchSource{pylambda.SQSBatch(a, nil), pylambda.SQSBatch(b, nil)}
		}, []string{`"MetricName":"ApproximateAgeOfOldestMessage"`}, []string{`"MetricName":"ApproximateNumberOfMessagesVisible"`, `"Shared`},
			map[string]string{"WorkerEventAgeAlarm": "MAX([m0, m1])"}},
		{"stream with an SNS destination", func(stack awscdk.Stack) []pylambda.BatchSource {
			topic := awssns.NewTopic(stack, jsii.String("Failures"), nil)
			return []pylambda.BatchSource{pylambda.KinesisBatch(awskinesis.NewStream(stack, jsii.String("Events"), nil),
				&pylambda.StreamBatchOptions{OnFailure: awslambdaeventsources.NewSnsDlq(topic)})}
		}, []string{`"MetricName":"IteratorAge"`}, nil, map[string]string{"WorkerEventAgeAlarm": "m0 / 1000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			var fn pylambda.Function
			cdktest.Run(t, func() {
				fn = pylambda.NewFunction(stack, "Worker", &pylambda.FunctionProps{Entry: basicHandler, Batch: tc.sources(stack),
					Alarms: &pylambda.AlarmOptions{EventAgeSeconds: 600}})
			})
			tmpl := synth(t, stack)
			want := []string{"WorkerDurationAlarm", "WorkerErrorsAlarm", "WorkerEventAgeAlarm", "WorkerThrottlesAlarm"}
			if tc.fail != nil {
				want = append([]string{"WorkerBatchFailuresAlarm"}, want...)
			}
			if got := hashless(logicalIDs(tmpl, "AWS::CloudWatch::Alarm")); !reflect.DeepEqual(got, want) {
				t.Fatalf("alarms = %v, want %v", got, want)
			}
			if len(fn.Alarms()) != len(want) {
				t.Errorf("Alarms() = %d, want %d", len(fn.Alarms()), len(want))
			}
			age := resource(t, tmpl, "WorkerEventAgeAlarm")["Properties"].(map[string]any)
			if age["Threshold"] != 600.0 || age["EvaluationPeriods"] != 3.0 || age["DatapointsToAlarm"] != 3.0 || age["TreatMissingData"] != "notBreaching" {
				t.Errorf("event age alarm = %s, want >= 600 s in 3 of 3 periods", toJSON(t, age))
			}
			for _, w := range tc.age {
				if !strings.Contains(toJSON(t, age), w) {
					t.Errorf("event age alarm lacks %s: %s", w, toJSON(t, age))
				}
			}
			if tc.fail != nil {
				fail := resource(t, tmpl, "WorkerBatchFailuresAlarm")["Properties"].(map[string]any)
				if strings.Contains(tc.name, "shared") && fail["Metrics"] != nil {
					t.Errorf("failures alarm = %s, want the shared queue once, as a plain metric", toJSON(t, fail))
				}
				if fail["Threshold"] != 1.0 || fail["EvaluationPeriods"] != 1.0 {
					t.Errorf("failures alarm = %s, want >= 1 message", toJSON(t, fail))
				}
				for _, w := range tc.fail {
					if !strings.Contains(toJSON(t, fail), w) {
						t.Errorf("failures alarm lacks %s: %s", w, toJSON(t, fail))
					}
				}
			}
			for alarm, expr := range tc.expr {
				if m := toJSON(t, resource(t, tmpl, alarm)["Properties"].(map[string]any)["Metrics"]); !strings.Contains(m, `"Expression":"`+expr+`"`) {
					t.Errorf("%s metrics = %s, want %s", alarm, m, expr)
				}
			}
		})
	}
}

// A deployment publishes the function behind the live alias, which callers
// invoke; CodeDeploy shifts it with the default canary and rolls back on the
// new version's rollback alarms and the caller's.
func TestDeployment(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	cdktest.Run(t, func() {
		mine := awscloudwatch.NewAlarm(stack, jsii.String("Mine"), &awscloudwatch.AlarmProps{
			Metric:    awscloudwatch.NewMetric(&awscloudwatch.MetricProps{Namespace: jsii.String("Shop"), MetricName: jsii.String("OrdersFailed")}),
			Threshold: jsii.Number(1), EvaluationPeriods: jsii.Number(1)})
		fn = pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
			Deployment: &pylambda.DeploymentOptions{Alarms: []awscloudwatch.IAlarm{mine}}})
	})
	if fn.Alias() == nil || fn.InvokeTarget() != awslambda.IFunction(fn.Alias()) || fn.DeploymentGroup() == nil {
		t.Fatalf("InvokeTarget() = %v, Alias() = %v: want the live alias", fn.InvokeTarget(), fn.Alias())
	}
	if got := *fn.InvokeTarget().Node().Path(); got != "Stack/Fn/LiveAlias" {
		t.Errorf("InvokeTarget() is at %s", got)
	}
	tmpl := synth(t, stack)
	alias := resource(t, tmpl, "FnLiveAlias")
	if p := alias["Properties"].(map[string]any); p["Name"] != "live" ||
		!regexp.MustCompile(`"Fn::GetAtt":\["FnCurrentVersion[0-9A-F]{8}[0-9a-f]{32}","Version"\]`).MatchString(toJSON(t, p["FunctionVersion"])) {
		t.Errorf("alias = %s, want live on the current version", toJSON(t, p))
	}
	if u := toJSON(t, alias["UpdatePolicy"]); !strings.Contains(u, "CodeDeployLambdaAliasUpdate") {
		t.Errorf("alias update policy = %s, want CodeDeploy's", u)
	}
	group := only(t, tmpl, "AWS::CodeDeploy::DeploymentGroup")["Properties"].(map[string]any)
	if group["DeploymentConfigName"] != "CodeDeployDefault.LambdaCanary10Percent5Minutes" {
		t.Errorf("deployment config = %v, want the 10%%/5 minutes canary", group["DeploymentConfigName"])
	}
	alarms := toJSON(t, at(group, "AlarmConfiguration", "Alarms"))
	for _, want := range []string{`"Ref":"FnRollbackErrorsAlarm`, `"Ref":"FnRollbackDurationAlarm`, `"Ref":"Mine`} {
		if !strings.Contains(alarms, want) {
			t.Errorf("deployment alarms lack %s: %s", want, alarms)
		}
	}
	if events := toJSON(t, at(group, "AutoRollbackConfiguration", "Events")); !strings.Contains(events, "DEPLOYMENT_STOP_ON_ALARM") ||
		!strings.Contains(events, "DEPLOYMENT_FAILURE") || !strings.Contains(events, "DEPLOYMENT_STOP_ON_REQUEST") {
		t.Errorf("rollback events = %s", events)
	}
	rollback := toJSON(t, resource(t, tmpl, "FnRollbackErrorsAlarm")["Properties"])
	for _, want := range []string{`"Name":"ExecutedVersion"`, `":live"`, `"Period":60`, `"Expression":"100 * FILL(errors, 0) / invocations"`} {
		if !strings.Contains(rollback, want) {
			t.Errorf("rollback errors alarm lacks %s: %s", want, rollback)
		}
	}
	if strings.Contains(rollback, "AlarmActions") {
		t.Errorf("rollback alarm notifies: %s", rollback)
	}
	if n := len(ofType(tmpl, "AWS::CodeDeploy::DeploymentConfig")); n != 0 {
		t.Errorf("custom deployment configs = %d, want the predefined one", n)
	}
}

// Shifts map to CodeDeploy's predefined configurations where one exists, and
// to one custom configuration per stack and shift otherwise.
func TestDeploymentShifts(t *testing.T) {
	for name, tc := range map[string]struct {
		shift      pylambda.TrafficShift
		predefined string // DeploymentConfigName, "" for a custom one
		custom     string // the custom configuration's routing, as JSON
	}{
		"all at once":        {pylambda.AllAtOnce(), "CodeDeployDefault.LambdaAllAtOnce", ""},
		"predefined canary":  {pylambda.Canary(10, 30), "CodeDeployDefault.LambdaCanary10Percent30Minutes", ""},
		"predefined linear":  {pylambda.Linear(10, 1), "CodeDeployDefault.LambdaLinear10PercentEvery1Minute", ""},
		"custom canary":      {pylambda.Canary(5, 15), "", `"TimeBasedCanary":{"CanaryInterval":15,"CanaryPercentage":5},"Type":"TimeBasedCanary"`},
		"custom linear":      {pylambda.Linear(20, 3), "", `"TimeBasedLinear":{"LinearInterval":3,"LinearPercentage":20},"Type":"TimeBasedLinear"`},
		"longest linear ok":  {pylambda.Linear(25, 960), "", `"LinearInterval":960`},
		"canary of 99% ok":   {pylambda.Canary(99, 2880), "", `"CanaryInterval":2880,"CanaryPercentage":99`},
		"linear of 1% short": {pylambda.Linear(1, 29), "", `"LinearInterval":29,"LinearPercentage":1`},
	} {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			cdktest.Run(t, func() {
				for _, id := range []string{"A", "B"} {
					pylambda.NewFunction(stack, id, &pylambda.FunctionProps{Entry: basicHandler, Deployment: &pylambda.DeploymentOptions{Shift: tc.shift}})
				}
			})
			tmpl := synth(t, stack)
			configs := ofType(tmpl, "AWS::CodeDeploy::DeploymentConfig")
			for _, g := range ofType(tmpl, "AWS::CodeDeploy::DeploymentGroup") {
				name := toJSON(t, g["Properties"].(map[string]any)["DeploymentConfigName"])
				if tc.predefined != "" && name != `"`+tc.predefined+`"` {
					t.Errorf("config = %s, want %s", name, tc.predefined)
				}
				if tc.predefined == "" && !strings.Contains(name, `"Ref":"Pylambda`) {
					t.Errorf("config = %s, want the stack's custom configuration", name)
				}
			}
			if tc.predefined != "" {
				if len(configs) != 0 {
					t.Errorf("custom configurations = %d, want none", len(configs))
				}
				return
			}
			if len(configs) != 1 {
				t.Fatalf("custom configurations = %d, want one shared by both functions", len(configs))
			}
			for _, c := range configs {
				if r := toJSON(t, c["Properties"]); !strings.Contains(r, tc.custom) || !strings.Contains(r, `"ComputePlatform":"Lambda"`) {
					t.Errorf("configuration = %s, want %s", r, tc.custom)
				}
			}
		})
	}
}

// Provisioned concurrency goes on the live alias, scaled on its utilization;
// hooks (a pylambda function, a CDK function) are invoked by CodeDeploy and
// may report their result; asynchronous settings follow the alias.
func TestDeploymentConcurrencyHooksAndAsync(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		pre := pylambda.NewFunction(stack, "PreTraffic", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous})
		post := awslambda.NewFunction(stack, jsii.String("PostTraffic"), &awslambda.FunctionProps{
			Runtime: awslambda.Runtime_PYTHON_3_11(), Handler: jsii.String("app.handler"), Code: awslambda.Code_FromInline(jsii.String("x"))})
		failures := awssqs.NewQueue(stack, jsii.String("Failures"), nil)
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler,
			FunctionOptions: awslambda.FunctionOptions{OnFailure: awslambdadestinations.NewSqsDestination(failures), RetryAttempts: jsii.Number(1)},
			Deployment: &pylambda.DeploymentOptions{Shift: pylambda.Linear(10, 10), PreTrafficHook: pre, PostTrafficHook: post,
				ProvisionedConcurrency: 2, Autoscaling: &pylambda.ConcurrencyAutoscaling{MaxCapacity: 10}}})
	})
	tmpl := synth(t, stack)
	alias := resource(t, tmpl, "FnLiveAlias")
	if pc := toJSON(t, at(alias, "Properties", "ProvisionedConcurrencyConfig")); pc != `{"ProvisionedConcurrentExecutions":2}` {
		t.Errorf("alias provisioned concurrency = %s", pc)
	}
	hooks := toJSON(t, at(alias, "UpdatePolicy", "CodeDeployLambdaAliasUpdate"))
	if !strings.Contains(hooks, `"BeforeAllowTrafficHook":{"Ref":"PreTraffic`) || !strings.Contains(hooks, `"AfterAllowTrafficHook":{"Ref":"PostTraffic`) {
		t.Errorf("alias hooks = %s, want both hooks", hooks)
	}
	target := only(t, tmpl, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"].(map[string]any)
	if target["MinCapacity"] != 2.0 || target["MaxCapacity"] != 10.0 || target["ScalableDimension"] != "lambda:function:ProvisionedConcurrency" {
		t.Errorf("scalable target = %s", toJSON(t, target))
	}
	policy := toJSON(t, only(t, tmpl, "AWS::ApplicationAutoScaling::ScalingPolicy")["Properties"])
	if !strings.Contains(policy, `"TargetValue":0.7`) || !strings.Contains(policy, "LambdaProvisionedConcurrencyUtilization") {
		t.Errorf("scaling policy = %s, want 70%% utilization", policy)
	}
	var grants []string
	for _, p := range ofType(tmpl, "AWS::IAM::Policy") {
		if s := toJSON(t, p["Properties"]); strings.Contains(s, "codedeploy:PutLifecycleEventHookExecutionStatus") {
			grants = append(grants, toJSON(t, p["Properties"].(map[string]any)["Roles"]))
		}
	}
	if g := strings.Join(grants, " "); !strings.Contains(g, "PreTrafficServiceRole") || !strings.Contains(g, "PostTrafficServiceRole") {
		t.Errorf("hook report grants on %v, want both hooks' roles", grants)
	}
	var qualifiers []string
	for _, c := range ofType(tmpl, "AWS::Lambda::EventInvokeConfig") {
		p := c["Properties"].(map[string]any)
		if !strings.Contains(toJSON(t, p["DestinationConfig"]), `"Fn::GetAtt":["Failures`) || p["MaximumRetryAttempts"] != 1.0 {
			t.Errorf("event invoke config = %s, want the function's destination and retries", toJSON(t, p))
		}
		qualifiers = append(qualifiers, toJSON(t, p["Qualifier"]))
	}
	sort.Strings(qualifiers)
	if len(qualifiers) != 2 || qualifiers[0] != `"$LATEST"` || !strings.Contains(qualifiers[1], `"Ref":"FnLiveAlias`) {
		t.Errorf("asynchronous settings on %v, want $LATEST and the live alias", qualifiers)
	}
}

// Alarms, deployments and their resources pass both cdk-nag packs, warnings
// included.
func TestNagCleanOperations(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	app := awscdk.Stage_Of(stack)
	cdktest.Run(t, func() {
		// Hooks: a pylambda function invoked through its own live alias,
		// and a function of the region given by its ARN.
		pre := pylambda.NewFunction(stack, "PreTraffic", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
			Deployment: &pylambda.DeploymentOptions{Shift: pylambda.AllAtOnce()}})
		post := awslambda.Function_FromFunctionAttributes(stack, jsii.String("PostTraffic"), &awslambda.FunctionAttributes{
			FunctionArn: jsii.String("arn:aws:lambda:eu-west-1:123456789012:function:CodeDeployHook_post"), SameEnvironment: jsii.Bool(true)})
		fn := pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{},
			Deployment: &pylambda.DeploymentOptions{Shift: pylambda.Canary(5, 15), PreTrafficHook: pre, PostTrafficHook: post,
				ProvisionedConcurrency: 1, Autoscaling: &pylambda.ConcurrencyAutoscaling{MaxCapacity: 4}}})
		pylambda.NewDashboard(stack, "Dashboard", &pylambda.DashboardProps{Functions: []pylambda.Function{fn, pre}})
		nagpacks.Apply(app)
		app.Synth(nil)
		anns := assertions.Annotations_FromStack(stack)
		pattern := assertions.Match_StringLikeRegexp(jsii.String(`(AwsSolutions|Serverless)-`))
		report(t, "error", anns.FindError(jsii.String("*"), pattern))
		report(t, "warning", anns.FindWarning(jsii.String("*"), pattern))
	})
}

// dashboardBody renders a dashboard's body, references written as "REF".
func dashboardBody(t *testing.T, tmpl map[string]any) map[string]any {
	t.Helper()
	parts := at(only(t, tmpl, "AWS::CloudWatch::Dashboard"), "Properties", "DashboardBody", "Fn::Join").([]any)[1].([]any)
	var b strings.Builder
	for _, p := range parts {
		if s, ok := p.(string); ok {
			b.WriteString(s)
		} else {
			b.WriteString("REF")
		}
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(b.String()), &body); err != nil {
		t.Fatalf("dashboard body is not JSON: %v\n%s", err, b.String())
	}
	return body
}

// The dashboard shows a row per function (invocations and errors, duration
// percentiles against the timeout, throttles and concurrency, Powertools'
// cold starts) and the states of a function's alarms.
func TestDashboard(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		orders := pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{},
			Powertools: powertools.Config{ServiceName: "orders", MetricsNamespace: "Shop"}})
		quiet := pylambda.NewFunction(stack, "Quiet", &pylambda.FunctionProps{Entry: basicHandler, Powertools: powertools.Config{DisableMetrics: true}})
		pylambda.NewDashboard(stack, "Dashboard", &pylambda.DashboardProps{Functions: []pylambda.Function{orders, quiet}, DashboardName: "shop-functions"})
	})
	tmpl := synth(t, stack)
	if name := at(only(t, tmpl, "AWS::CloudWatch::Dashboard"), "Properties", "DashboardName"); name != "shop-functions" {
		t.Errorf("dashboard name = %v", name)
	}
	body := dashboardBody(t, tmpl)
	var titles []string
	var coldStart, alarmStatus []any
	for _, w := range body["widgets"].([]any) {
		p := w.(map[string]any)["properties"].(map[string]any)
		if title, ok := p["title"].(string); ok {
			titles = append(titles, title)
		}
		for _, m := range asSlice(p["metrics"]) {
			if row := m.([]any); len(row) > 1 && row[1] == "ColdStart" {
				coldStart = row
			}
		}
		if alarms, ok := p["alarms"]; ok {
			alarmStatus = alarms.([]any)
		}
	}
	wantTitles := []string{
		"Stack/Orders: invocations and errors", "Stack/Orders: duration (ms)", "Stack/Orders: throttles and concurrency", "Stack/Orders: cold starts",
		"Stack/Orders: alarms",
		"Stack/Quiet: invocations and errors", "Stack/Quiet: duration (ms)", "Stack/Quiet: throttles and concurrency",
	}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("widget titles = %q\nwant %q", titles, wantTitles)
	}
	if want := []any{"Shop", "ColdStart", "function_name", "REF", "service", "orders"}; len(coldStart) < len(want) || !reflect.DeepEqual(coldStart[:len(want)], want) {
		t.Errorf("cold start metric = %v, want %v", coldStart, want)
	}
	if len(alarmStatus) != 4 {
		t.Errorf("alarm status widget shows %d alarms, want the function's 4", len(alarmStatus))
	}
	text := toJSON(t, body)
	for _, want := range []string{`"label":"p50"`, `"label":"p90"`, `"label":"p99"`, `"label":"Timeout","value":10000`, `"ConcurrentExecutions"`, `Powertools metrics are off`} {
		if !strings.Contains(text, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

// A distribution's row reads CloudFront's metrics from us-east-1, from a
// dashboard in any region; a dashboard may show distributions alone.
func TestDashboardDistributions(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		dist := awscloudfront.NewDistribution(stack, jsii.String("Site"), &awscloudfront.DistributionProps{
			DefaultBehavior: &awscloudfront.BehaviorOptions{Origin: awscloudfrontorigins.NewHttpOrigin(jsii.String("example.com"), nil)}})
		imported := awscloudfront.Distribution_FromDistributionAttributes(stack, jsii.String("Old"), &awscloudfront.DistributionAttributes{
			DistributionId: jsii.String("E2QWRUHEXAMPLE"), DomainName: jsii.String("d111111abcdef8.cloudfront.net")})
		pylambda.NewDashboard(stack, "Dashboard", &pylambda.DashboardProps{Distributions: []awscloudfront.IDistribution{dist, imported}})
	})
	body := dashboardBody(t, synth(t, stack))
	var titles []string
	metrics := map[string][]any{}
	for _, w := range body["widgets"].([]any) {
		p := w.(map[string]any)["properties"].(map[string]any)
		titles = append(titles, p["title"].(string))
		if p["region"] != "us-east-1" {
			t.Errorf("widget %v reads from %v, want us-east-1", p["title"], p["region"])
		}
		for _, m := range asSlice(p["metrics"]) {
			row := m.([]any)
			metrics[fmt.Sprint(row[1], " ", row[3])] = row
			if opts, _ := row[len(row)-1].(map[string]any); opts["region"] != "us-east-1" {
				t.Errorf("metric %v is not read from us-east-1", row)
			}
		}
	}
	if want := []string{"Stack/Site: requests", "Stack/Site: error rates (%)", "Stack/Site: Lambda@Edge errors",
		"Stack/Old: requests", "Stack/Old: error rates (%)", "Stack/Old: Lambda@Edge errors"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("titles = %q, want %q", titles, want)
	}
	for _, name := range []string{"Requests", "4xxErrorRate", "5xxErrorRate", "LambdaExecutionError", "LambdaValidationError"} {
		row, ok := metrics[name+" E2QWRUHEXAMPLE"]
		if !ok || row[0] != "AWS/CloudFront" || row[2] != "DistributionId" || row[4] != "Region" || row[5] != "Global" {
			t.Errorf("%s of the imported distribution = %v (metrics %v)", name, row, metrics)
		}
		if _, ok := metrics[name+" REF"]; !ok {
			t.Errorf("no %s of the distribution of the stack", name)
		}
	}
}

// A function of another implementation than NewFunction's.
type foreignFunction struct{ pylambda.Function }

func TestDashboardRejections(t *testing.T) {
	tests := map[string]struct {
		props func(stack awscdk.Stack) *pylambda.DashboardProps
		want  []string
	}{
		"no functions": {func(awscdk.Stack) *pylambda.DashboardProps { return nil }, []string{"Stack/Dashboard: Functions: is empty"}},
		"nil function": {func(awscdk.Stack) *pylambda.DashboardProps {
			return &pylambda.DashboardProps{Functions: []pylambda.Function{nil}}
		}, []string{"Functions[0]: is nil"}},
		"function twice": {func(stack awscdk.Stack) *pylambda.DashboardProps {
			fn := pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler})
			return &pylambda.DashboardProps{Functions: []pylambda.Function{fn, fn}}
		}, []string{"Functions[1]: is Stack/Fn again (Functions[0])", "list each function once"}},
		"foreign function": {func(stack awscdk.Stack) *pylambda.DashboardProps {
			return &pylambda.DashboardProps{Functions: []pylambda.Function{foreignFunction{}}}
		}, []string{"Functions[0]: is a tests.foreignFunction, not a function that pylambda.NewFunction created"}},
		"bad name": {func(stack awscdk.Stack) *pylambda.DashboardProps {
			fn := pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler})
			return &pylambda.DashboardProps{Functions: []pylambda.Function{fn}, DashboardName: "shop functions"}
		}, []string{"DashboardName: \"shop functions\" is not a dashboard name", "rename it"}},
		"nil distribution": {func(awscdk.Stack) *pylambda.DashboardProps {
			return &pylambda.DashboardProps{Distributions: []awscloudfront.IDistribution{nil}}
		}, []string{"Distributions[0]: is nil"}},
		"distribution of another region": {func(stack awscdk.Stack) *pylambda.DashboardProps {
			other := awscdk.NewStack(awscdk.Stage_Of(stack), jsii.String("Other"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("us-east-1")}})
			dist := awscloudfront.NewDistribution(other, jsii.String("Site"), &awscloudfront.DistributionProps{
				DefaultBehavior: &awscloudfront.BehaviorOptions{Origin: awscloudfrontorigins.NewHttpOrigin(jsii.String("example.com"), nil)}})
			return &pylambda.DashboardProps{Distributions: []awscloudfront.IDistribution{dist}}
		}, []string{"Distributions[0]: Other/Site is in a stack of us-east-1, and the dashboard in eu-west-1", "Distribution_FromDistributionAttributes"}},
		"function of another region": {func(stack awscdk.Stack) *pylambda.DashboardProps {
			other := awscdk.NewStack(awscdk.Stage_Of(stack), jsii.String("Other"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("us-west-2")}})
			fn := pylambda.NewFunction(other, "Fn", &pylambda.FunctionProps{Entry: basicHandler})
			return &pylambda.DashboardProps{Functions: []pylambda.Function{fn}}
		}, []string{"Functions[0]: Other/Fn is in us-west-2, and the dashboard in eu-west-1", "create the dashboard in a stack of us-west-2"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			var props *pylambda.DashboardProps
			cdktest.Run(t, func() { props = tc.props(stack) })
			msg, panicked := cdktest.Panic(func() { pylambda.NewDashboard(stack, "Dashboard", props) })
			if !panicked {
				t.Fatal("NewDashboard accepted the input")
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if stack.Node().TryFindChild(jsii.String("Dashboard")) != nil {
				t.Error("the rejected dashboard left a construct behind")
			}
		})
	}
}

// Small golden files of the operations cases.
func TestOperationsSnapshots(t *testing.T) {
	opts := func(name string) *snapshot.Options { return &snapshot.Options{Dir: "testdata/cases", Name: name} }
	t.Run("function-alarms", func(t *testing.T) {
		stack := stackIn(t, "eu-west-1")
		cdktest.Run(t, func() {
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Alarms: &pylambda.AlarmOptions{}})
		})
		snapshot.Match(t, stack, opts("function-alarms"))
	})
	t.Run("function-deployment", func(t *testing.T) {
		stack := stackIn(t, "eu-west-1")
		cdktest.Run(t, func() {
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
				Deployment: &pylambda.DeploymentOptions{ProvisionedConcurrency: 1, Autoscaling: &pylambda.ConcurrencyAutoscaling{MaxCapacity: 5}}})
		})
		snapshot.Match(t, stack, opts("function-deployment"))
	})
	t.Run("dashboard", func(t *testing.T) {
		stack := stackIn(t, "eu-west-1")
		cdktest.Run(t, func() {
			fn := pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous})
			pylambda.NewDashboard(stack, "Dashboard", &pylambda.DashboardProps{Functions: []pylambda.Function{fn}})
		})
		snapshot.Match(t, stack, opts("dashboard"))
	})
}

// nagSuppressed reports whether a resource's metadata suppresses rule.
func nagSuppressed(r map[string]any, rule string) bool {
	return strings.Contains(fmt.Sprint(at(r, "Metadata", nag.MetadataKey)), rule)
}

// CodeDeploy's role is the deployment's own, with no managed policy: the
// alias of this function, the states of alarms, and the hooks alone.
func TestDeploymentRole(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		hook := pylambda.NewFunction(stack, "Hook", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous})
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Deployment: &pylambda.DeploymentOptions{PreTrafficHook: hook}})
	})
	tmpl := synth(t, stack)
	for id, r := range ofType(tmpl, "AWS::IAM::Role") {
		if mp := at(r, "Properties", "ManagedPolicyArns"); mp != nil {
			t.Errorf("role %s has managed policies %v", id, mp)
		}
	}
	role := resource(t, tmpl, "FnDeploymentRole")
	policy := toJSON(t, at(role, "Properties", "Policies"))
	for _, want := range []string{
		`"Action":["lambda:GetAlias","lambda:GetProvisionedConcurrencyConfig","lambda:UpdateAlias"]`,
		`{"Fn::GetAtt":["FnD33BCDC9","Arn"]},{"Fn::Join":["",[{"Fn::GetAtt":["FnD33BCDC9","Arn"]},":live"]]}`,
		`"Action":"cloudwatch:DescribeAlarms","Effect":"Allow","Resource":"*"`,
		`"Action":"lambda:InvokeFunction","Effect":"Allow","Resource":{"Fn::GetAtt":["Hook`,
	} {
		if !strings.Contains(policy, want) {
			t.Errorf("deployment role policy lacks %s:\n%s", want, policy)
		}
	}
	if !nagSuppressed(role, nag.IAMWildcard) {
		t.Errorf("deployment role metadata = %s, want the DescribeAlarms wildcard explained", toJSON(t, role["Metadata"]))
	}
	group := only(t, tmpl, "AWS::CodeDeploy::DeploymentGroup")
	if arn := toJSON(t, at(group, "Properties", "ServiceRoleArn")); !strings.Contains(arn, "FnDeploymentRole") {
		t.Errorf("deployment group role = %s, want the deployment's own", arn)
	}
	// The CDK's own grants to the group's role (its managed policy, the
	// hooks' invoke) land nowhere.
	for id, p := range ofType(tmpl, "AWS::IAM::Policy") {
		if roles := toJSON(t, at(p, "Properties", "Roles")); strings.Contains(roles, "FnDeploymentRole") {
			t.Errorf("policy %s is attached to the deployment role", id)
		}
	}
	for id, p := range ofType(tmpl, "AWS::Lambda::Permission") {
		t.Errorf("permission %s: %s, want none", id, toJSON(t, p["Properties"]))
	}
}
