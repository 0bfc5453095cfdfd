package tests

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
)

// siteWithEdge is a stack in region with a distribution running an edge
// function.
func siteWithEdge(t *testing.T, app awscdk.App, region string) (awscdk.Stack, awscloudfront.Distribution) {
	t.Helper()
	var env *awscdk.Environment
	if region != "" {
		env = &awscdk.Environment{Region: jsii.String(region), Account: jsii.String("123456789012")}
	}
	stack := awscdk.NewStack(app, jsii.String("Site"), &awscdk.StackProps{Env: env})
	var dist awscloudfront.Distribution
	cdktest.Run(t, func() {
		var edgeLambdas *[]*awscloudfront.EdgeLambda
		if region != "" {
			e := pylambda.NewEdgeFunction(stack, "Rewrite", viewerRequest(basicHandler))
			edgeLambdas = &[]*awscloudfront.EdgeLambda{e.EdgeLambda()}
		}
		dist = awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
			DefaultBehavior: &awscloudfront.BehaviorOptions{
				Origin:      awscloudfrontorigins.NewHttpOrigin(jsii.String("example.com"), nil),
				EdgeLambdas: edgeLambdas,
			},
		})
	})
	return stack, dist
}

// edgeAlarmsOf checks the two alarms of a template and returns the
// DistributionId dimension of each, as JSON.
func edgeAlarmsOf(t *testing.T, tmpl map[string]any, prefix string) []string {
	t.Helper()
	if got := hashless(logicalIDs(tmpl, "AWS::CloudWatch::Alarm")); !reflect.DeepEqual(got, []string{prefix + "FunctionErrorsAlarm", prefix + "ServerErrorsAlarm"}) {
		t.Fatalf("alarms = %v", got)
	}
	var dims []string
	fn := resource(t, tmpl, prefix+"FunctionErrorsAlarm")["Properties"].(map[string]any)
	m := toJSON(t, fn["Metrics"])
	for _, want := range []string{
		`"Expression":"100 * (FILL(execution, 0) + FILL(validation, 0)) / requests"`,
		`"MetricName":"LambdaExecutionError"`, `"MetricName":"LambdaValidationError"`, `"MetricName":"Requests"`,
		`"Namespace":"AWS/CloudFront"`, `{"Name":"Region","Value":"Global"}`, `"Stat":"Sum"`, `"Period":300`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("function errors alarm lacks %s: %s", want, m)
		}
	}
	if fn["Threshold"] != 1.0 || fn["EvaluationPeriods"] != 1.0 || fn["TreatMissingData"] != "notBreaching" {
		t.Errorf("function errors alarm = %s", toJSON(t, fn))
	}
	for _, q := range fn["Metrics"].([]any) {
		for _, d := range asList(at(q, "MetricStat", "Metric", "Dimensions")) {
			if d := d.(map[string]any); d["Name"] == "DistributionId" {
				dims = append(dims, toJSON(t, d["Value"]))
			}
		}
	}
	if len(dims) != 3 {
		t.Errorf("function errors alarm has %d DistributionId dimensions, want 3: %s", len(dims), m)
	}
	server := resource(t, tmpl, prefix+"ServerErrorsAlarm")["Properties"].(map[string]any)
	if server["MetricName"] != "5xxErrorRate" || server["Namespace"] != "AWS/CloudFront" || server["Statistic"] != "Average" || server["Threshold"] != 5.0 {
		t.Errorf("server errors alarm = %s", toJSON(t, server))
	}
	for _, d := range server["Dimensions"].([]any) {
		if d := d.(map[string]any); d["Name"] == "DistributionId" {
			dims = append(dims, toJSON(t, d["Value"]))
		}
	}
	for _, id := range logicalIDs(tmpl, "AWS::CloudWatch::Alarm") {
		p := ofType(tmpl, "AWS::CloudWatch::Alarm")[id]["Properties"].(map[string]any)
		for _, actions := range []string{"AlarmActions", "OKActions"} {
			if a := toJSON(t, p[actions]); !regexp.MustCompile(`^\[\{"Ref":"PylambdaAlarmTopic[0-9A-F]{8}"\}\]$`).MatchString(a) {
				t.Errorf("%s %s = %s, want the alarm stack's topic", id, actions, a)
			}
		}
	}
	return dims
}

// asList is v as a list, or nil.
func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// From a stack in another region, the alarms go to a us-east-1 stack that
// reads the distribution's id with Fn::GetStackOutput, deployed after the
// distribution's stack, with its own encrypted topic.
func TestEdgeAlarmsCrossRegion(t *testing.T) {
	app := cdktest.NewApp(t)
	stack, dist := siteWithEdge(t, app, "eu-west-1")
	var alarms pylambda.EdgeAlarms
	cdktest.Run(t, func() {
		alarms = pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist})
	})
	home := alarms.AlarmStack()
	if *home.Region() != "us-east-1" || *home.Node().Id() != "SiteEdgeAlarms" || *home.Account() != "123456789012" {
		t.Fatalf("alarm stack %s in %s/%s, want SiteEdgeAlarms in 123456789012/us-east-1", *home.Node().Id(), *home.Account(), *home.Region())
	}
	if len(alarms.Alarms()) != 2 || alarms.AlarmTopic() == nil {
		t.Errorf("Alarms() = %d, AlarmTopic() = %v", len(alarms.Alarms()), alarms.AlarmTopic())
	}
	tmpl := synth(t, home)
	for _, d := range edgeAlarmsOf(t, tmpl, "EdgeAlarms") {
		if !strings.Contains(d, `"Fn::GetStackOutput":{`) || !strings.Contains(d, `"Region":"eu-west-1"`) || !strings.Contains(d, `"StackName":"Site"`) {
			t.Errorf("DistributionId = %s, want the Site stack's output", d)
		}
	}
	if len(ofType(tmpl, "AWS::SNS::Topic")) != 1 || len(ofType(tmpl, "AWS::KMS::Key")) != 1 {
		t.Error("the alarm stack has no encrypted topic of its own")
	}
	for typ := range map[string]bool{"Custom::CrossRegionExportReader": true, "AWS::Lambda::Function": true} {
		if len(ofType(tmpl, typ)) != 0 {
			t.Errorf("the alarm stack has a %s: the reference should need no custom resource", typ)
		}
	}
	deps := false
	for _, d := range *home.Dependencies() {
		deps = deps || *d.Node().Path() == "Site"
	}
	if !deps {
		t.Error("the alarm stack does not depend on the distribution's stack")
	}
	outputs := toJSON(t, synth(t, stack)["Outputs"])
	if !strings.Contains(outputs, `"Ref":"Distribution`) {
		t.Errorf("the site stack publishes no output with the distribution's id: %s", outputs)
	}

	// A second construct of the same stack shares the alarm stack.
	cdktest.Run(t, func() {
		again := pylambda.NewEdgeAlarms(stack, "More", &pylambda.EdgeAlarmsProps{Distribution: dist, ErrorRatePercent: 5})
		if again.AlarmStack() != home {
			t.Error("a second EdgeAlarms made a second alarm stack")
		}
	})
}

// The alarm stack's reference stays weak in an app whose default is strong,
// which would otherwise put the CDK's export writer, a custom resource with
// a function of its own, in the user's stack.
func TestEdgeAlarmsReferenceIsWeakInAStrongApp(t *testing.T) {
	app := cdktest.NewApp(t)
	app.Node().SetContext(jsii.String("@aws-cdk/core:defaultCrossStackReferences"), "strong")
	stack, dist := siteWithEdge(t, app, "eu-west-1")
	var alarms pylambda.EdgeAlarms
	cdktest.Run(t, func() {
		alarms = pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist})
	})
	for _, d := range edgeAlarmsOf(t, synth(t, alarms.AlarmStack()), "EdgeAlarms") {
		if !strings.Contains(d, `"Fn::GetStackOutput"`) {
			t.Errorf("DistributionId = %s, want Fn::GetStackOutput", d)
		}
	}
	parent := synth(t, stack)
	for _, typ := range []string{"Custom::CrossRegionExportWriter", "AWS::SSM::Parameter"} {
		if n := len(ofType(parent, typ)); n != 0 {
			t.Errorf("the site stack has %d %s", n, typ)
		}
	}
}

// From a us-east-1 stack the alarms are created in place; an imported
// distribution needs no reference at all.
func TestEdgeAlarmsInPlaceAndImported(t *testing.T) {
	t.Run("us-east-1", func(t *testing.T) {
		stack, dist := siteWithEdge(t, cdktest.NewApp(t), "us-east-1")
		var alarms pylambda.EdgeAlarms
		cdktest.Run(t, func() {
			alarms = pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist})
		})
		if alarms.AlarmStack() != stack {
			t.Error("the alarms left the us-east-1 stack")
		}
		for _, d := range edgeAlarmsOf(t, synth(t, stack), "EdgeAlarms") {
			if !regexp.MustCompile(`^\{"Ref":"Distribution[0-9A-F]{8}"\}$`).MatchString(d) {
				t.Errorf("DistributionId = %s, want a Ref", d)
			}
		}
	})
	t.Run("imported", func(t *testing.T) {
		app := cdktest.NewApp(t)
		stack := awscdk.NewStack(app, jsii.String("Site"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
		var alarms pylambda.EdgeAlarms
		cdktest.Run(t, func() {
			dist := awscloudfront.Distribution_FromDistributionAttributes(stack, jsii.String("Imported"), &awscloudfront.DistributionAttributes{
				DistributionId: jsii.String("E2QWRUHEXAMPLE"), DomainName: jsii.String("d111111abcdef8.cloudfront.net")})
			alarms = pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist, StackID: "SiteAlarms"})
		})
		home := alarms.AlarmStack()
		if *home.Node().Id() != "SiteAlarms" {
			t.Errorf("alarm stack %s, want StackID", *home.Node().Id())
		}
		for _, d := range edgeAlarmsOf(t, synth(t, home), "EdgeAlarms") {
			if d != `"E2QWRUHEXAMPLE"` {
				t.Errorf("DistributionId = %s, want the literal id", d)
			}
		}
	})
	t.Run("your topic", func(t *testing.T) {
		stack, dist := siteWithEdge(t, cdktest.NewApp(t), "us-east-1")
		var alarms pylambda.EdgeAlarms
		cdktest.Run(t, func() {
			topic := awssns.NewTopic(stack, jsii.String("Oncall"), nil)
			fn := pylambda.NewEdgeFunction(stack, "Other", viewerRequest(basicHandler))
			alarms = pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist, Topic: topic, ServerErrorRatePercent: 10,
				Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn}, Regions: []string{"us-east-1"}}})
		})
		if alarms.ReplicaTopic("us-east-1") != alarms.AlarmTopic() {
			t.Error("the us-east-1 replica alarms do not notify your topic")
		}
		tmpl := synth(t, stack)
		if len(ofType(tmpl, "AWS::KMS::Key")) != 0 {
			t.Error("a key was created with the caller's topic")
		}
		server := resource(t, tmpl, "EdgeAlarmsServerErrorsAlarm")["Properties"].(map[string]any)
		if server["Threshold"] != 10.0 || !strings.Contains(toJSON(t, server["AlarmActions"]), `"Ref":"Oncall`) {
			t.Errorf("server errors alarm = %s, want threshold 10 and the caller's topic", toJSON(t, server))
		}
	})
}

// An edge function of another implementation than NewEdgeFunction's.
type foreignEdge struct{ pylambda.EdgeFunction }

// The mistakes the edge alarms refuse, each before anything is created.
func TestEdgeAlarmsRejections(t *testing.T) {
	for name, tc := range map[string]struct {
		region string
		props  func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps
		want   []string
	}{
		"no distribution": {"eu-west-1", func(awscdk.Stack, awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{}
		}, []string{"Site/EdgeAlarms: Distribution: is required", "EdgeLambda()"}},
		"environment-agnostic stack": {"", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist}
		}, []string{"(stack): the stack is environment-agnostic", "Env: &awscdk.Environment{Region"}},
		"error rate above 100%": {"eu-west-1", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, ErrorRatePercent: 120}
		}, []string{"ErrorRatePercent: must be a percentage in (0, 100], got 120"}},
		"negative 5xx rate": {"eu-west-1", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, ServerErrorRatePercent: -5}
		}, []string{"ServerErrorRatePercent: must be a percentage in (0, 100], got -5"}},
		"topic of the distribution's region": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Topic: awssns.NewTopic(stack, jsii.String("Oncall"), nil)}
		}, []string{"Topic: is a topic of eu-west-1, and CloudWatch alarms notify topics of their own region only", "leave Topic unset"}},
		"imported topic of another region": {"us-east-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			topic := awssns.Topic_FromTopicArn(stack, jsii.String("Oncall"), jsii.String("arn:aws:sns:eu-central-1:123456789012:oncall"))
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Topic: topic}
		}, []string{"Topic: is a topic of eu-central-1"}},
		"stack id in us-east-1": {"us-east-1", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, StackID: "Alarms"}
		}, []string{"StackID: names the us-east-1 alarm stack, and the construct's stack is in us-east-1", "remove StackID"}},
		"replicas without functions or regions": {"eu-west-1", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{}}
		}, []string{"Replicas.Functions: is empty", "Replicas.Regions: is empty"}},
		"replica function twice": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			fn := pylambda.NewEdgeFunction(stack, "Other", viewerRequest(basicHandler))
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn, fn, nil}, Regions: []string{"eu-west-1"}}}
		}, []string{`Replicas.Functions[1]: Site/Other has the id "Other" of Replicas.Functions[0]`, "Replicas.Functions[2]: is nil"}},
		"replica function of another kind": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{foreignEdge{}}, Regions: []string{"eu-west-1"}}}
		}, []string{"Replicas.Functions[0]: is a tests.foreignEdge, not a function that pylambda.NewEdgeFunction created"}},
		"replica function with a token timeout": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			seconds := awscdk.NewCfnParameter(stack, jsii.String("Seconds"), &awscdk.CfnParameterProps{Type: jsii.String("Number")}).ValueAsNumber()
			p := viewerRequest(basicHandler)
			p.Timeout = awscdk.Duration_Seconds(seconds)
			fn := pylambda.NewEdgeFunction(stack, "Other", p)
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn}, Regions: []string{"eu-west-1"}}}
		}, []string{"Replicas.Functions[0]: Site/Other has a Timeout unknown at synth", "awscdk.Duration_Seconds"}},
		"replica regions misspelt, repeated or outside the aws partition": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			fn := pylambda.NewEdgeFunction(stack, "Other", viewerRequest(basicHandler))
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn},
				Regions: []string{"Ireland", "eu-west-1", "eu-west-1", "cn-north-1"}, DurationPercentOfTimeout: 100}}
		}, []string{`Replicas.Regions[0]: "Ireland" is not a region name`, "Replicas.Regions[2]: eu-west-1 is Replicas.Regions[1] again",
			"Replicas.Regions[3]: cn-north-1 is in the aws-cn partition, and Lambda@Edge runs in the aws partition only",
			"Replicas.DurationPercentOfTimeout: must be a percentage of the timeout in (0, 100), got 100"}},
		"replica topics of the wrong region": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			fn := pylambda.NewEdgeFunction(stack, "Other", viewerRequest(basicHandler))
			topic := awssns.NewTopic(stack, jsii.String("Oncall"), nil)
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn},
				Regions: []string{"us-east-1"}, Topics: map[string]awssns.ITopic{"us-east-1": topic, "ap-south-1": topic}}}
		}, []string{"Replicas.Topics[us-east-1]: is a topic of eu-west-1, and the alarms of us-east-1 notify topics of their own region only",
			"Replicas.Topics[ap-south-1]: is the topic of a region that Replicas.Regions does not list"}},
		"stack id of another stack": {"eu-west-1", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, StackID: "Site"}
		}, []string{`StackID: the stack of the CloudFront alarms would have the id "Site", which a stack of the app pylambda did not create for them has`}},
		"stack id of a us-east-1 stack of yours": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			awscdk.NewStack(awscdk.Stage_Of(stack), jsii.String("Mine"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("us-east-1")}})
			return &pylambda.EdgeAlarmsProps{Distribution: dist, StackID: "Mine"}
		}, []string{`StackID: the stack of the CloudFront alarms would have the id "Mine"`}},
		"replica stack id of a stack of yours": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			awscdk.NewStack(awscdk.Stage_Of(stack), jsii.String("SiteEdgeAlarms-eu-west-1"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
			fn := pylambda.NewEdgeFunction(stack, "Other", viewerRequest(basicHandler))
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn}, Regions: []string{"eu-west-1"}}}
		}, []string{`Replicas.Regions: the stack of the alarms of eu-west-1 would have the id "SiteEdgeAlarms-eu-west-1"`}},
		"a second EdgeAlarms of the same id": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			pylambda.NewEdgeAlarms(constructs.NewConstruct(stack, jsii.String("Elsewhere")), "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist})
			return &pylambda.EdgeAlarmsProps{Distribution: dist}
		}, []string{`(id): another EdgeAlarms with the id "EdgeAlarms" already has its alarms in SiteEdgeAlarms`, "its own id"}},
		"misspelt replica region": {"eu-west-1", func(stack awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			fn := pylambda.NewEdgeFunction(stack, "Other", viewerRequest(basicHandler))
			return &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{Functions: []pylambda.EdgeFunction{fn}, Regions: []string{"eu-wset-1"}}}
		}, []string{"Replicas.Regions[0]: eu-wset-1 is not a region the CDK knows", "check its spelling"}},
	} {
		t.Run(name, func(t *testing.T) {
			stack, dist := siteWithEdge(t, cdktest.NewApp(t), tc.region)
			msg, panicked := cdktest.Panic(func() { pylambda.NewEdgeAlarms(stack, "EdgeAlarms", tc.props(stack, dist)) })
			if !panicked {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if stack.Node().TryFindChild(jsii.String("EdgeAlarms")) != nil {
				t.Error("the construct was created before the props were refused")
			}
		})
	}
}

// Replica alarms watch each function's replicas in each region, with the
// region's own metrics (us-east-1.<name>): in a stack per region that reads
// the function's name from us-east-1, or with the CloudFront alarms in
// us-east-1.
func TestEdgeReplicaAlarms(t *testing.T) {
	app := cdktest.NewApp(t)
	stack := awscdk.NewStack(app, jsii.String("Site"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
	var alarms pylambda.EdgeAlarms
	cdktest.Run(t, func() {
		rewrite := pylambda.NewEdgeFunction(stack, "Rewrite", viewerRequest(basicHandler))
		origin := pylambda.NewEdgeFunction(stack, "Origin", &pylambda.EdgeFunctionProps{
			EventType: awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST, Entry: basicHandler,
			Timeout: awscdk.Duration_Seconds(jsii.Number(20))})
		dist := awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
			DefaultBehavior: &awscloudfront.BehaviorOptions{
				Origin:      awscloudfrontorigins.NewHttpOrigin(jsii.String("example.com"), nil),
				EdgeLambdas: &[]*awscloudfront.EdgeLambda{rewrite.EdgeLambda(), origin.EdgeLambda()},
			},
		})
		topic := awssns.NewTopic(awscdk.NewStack(app, jsii.String("Oncall"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-central-1")}}),
			jsii.String("Topic"), nil)
		alarms = pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist, Replicas: &pylambda.EdgeReplicaAlarms{
			Functions: []pylambda.EdgeFunction{rewrite, origin},
			Regions:   []string{"eu-west-1", "eu-central-1", "us-east-1"},
			Topics:    map[string]awssns.ITopic{"eu-central-1": topic},
		}})
	})
	for _, tc := range []struct {
		region, stack string
		topicRef      string
	}{
		{"eu-west-1", "SiteEdgeAlarms-eu-west-1", `"Ref":"PylambdaAlarmTopic`},
		{"eu-central-1", "SiteEdgeAlarms-eu-central-1", `"Fn::GetStackOutput"`},
		{"us-east-1", "SiteEdgeAlarms", `"Ref":"PylambdaAlarmTopic`},
	} {
		t.Run(tc.region, func(t *testing.T) {
			rs := alarms.ReplicaStack(tc.region)
			if rs == nil || *rs.Node().Id() != tc.stack || *rs.Region() != tc.region {
				t.Fatalf("replica stack of %s = %v, want %s", tc.region, rs, tc.stack)
			}
			if n := len(alarms.ReplicaAlarms(tc.region)); n != 6 {
				t.Errorf("ReplicaAlarms(%s) = %d, want 3 per function", tc.region, n)
			}
			tmpl := synth(t, rs)
			var ids []string
			for _, id := range hashless(logicalIDs(tmpl, "AWS::CloudWatch::Alarm")) {
				if strings.HasPrefix(id, "EdgeAlarmsRewrite") || strings.HasPrefix(id, "EdgeAlarmsOrigin") {
					ids = append(ids, id)
				}
			}
			if want := []string{"EdgeAlarmsOriginReplicaDurationAlarm", "EdgeAlarmsOriginReplicaErrorsAlarm", "EdgeAlarmsOriginReplicaThrottlesAlarm",
				"EdgeAlarmsRewriteReplicaDurationAlarm", "EdgeAlarmsRewriteReplicaErrorsAlarm", "EdgeAlarmsRewriteReplicaThrottlesAlarm"}; !reflect.DeepEqual(ids, want) {
				t.Fatalf("replica alarms = %v, want %v", ids, want)
			}
			throttles := resource(t, tmpl, "EdgeAlarmsRewriteReplicaThrottlesAlarm")["Properties"].(map[string]any)
			name := toJSON(t, throttles["Dimensions"])
			if throttles["Namespace"] != "AWS/Lambda" || !strings.Contains(name, `"us-east-1."`) || !strings.Contains(name, `"Name":"FunctionName"`) {
				t.Errorf("throttles alarm = %s, want the us-east-1.<name> replicas' metric", toJSON(t, throttles))
			}
			if tc.region != "us-east-1" && !strings.Contains(name, `"Fn::GetStackOutput"`) {
				t.Errorf("function name %s, want it read from us-east-1", name)
			}
			for prefix, want := range map[string]float64{"EdgeAlarmsRewriteReplicaDurationAlarm": 4000, "EdgeAlarmsOriginReplicaDurationAlarm": 16000} {
				if got := resource(t, tmpl, prefix)["Properties"].(map[string]any)["Threshold"]; got != want {
					t.Errorf("%s threshold = %v, want %v (80%% of the timeout)", prefix, got, want)
				}
			}
			if m := toJSON(t, resource(t, tmpl, "EdgeAlarmsOriginReplicaErrorsAlarm")["Properties"].(map[string]any)["Metrics"]); !strings.Contains(m, `"Expression":"100 * FILL(errors, 0) / invocations"`) {
				t.Errorf("errors alarm metrics = %s", m)
			}
			if a := toJSON(t, throttles["AlarmActions"]); !strings.Contains(a, tc.topicRef) {
				t.Errorf("actions = %s, want %s", a, tc.topicRef)
			}
		})
	}
	if alarms.ReplicaAlarms("ap-south-1") != nil || alarms.ReplicaStack("ap-south-1") != nil {
		t.Error("a region not asked for has replica alarms")
	}
}
