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
		cdktest.Run(t, func() {
			topic := awssns.NewTopic(stack, jsii.String("Oncall"), nil)
			pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{Distribution: dist, Topic: topic, ServerErrorRatePercent: 10})
		})
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
		"stack id of another stack": {"eu-west-1", func(_ awscdk.Stack, dist awscloudfront.IDistribution) *pylambda.EdgeAlarmsProps {
			return &pylambda.EdgeAlarmsProps{Distribution: dist, StackID: "Site"}
		}, []string{`StackID: the alarm stack's id "Site" is that of a stack of the app in eu-west-1`}},
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
