package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/internal/cdktest"
)

// perStack keeps every stack under CloudFormation's 500 resources (a
// function brings six).
const perStack = 50

// builder adds n functions to app, made by pylambda or by hand.
type builder func(app awscdk.App, entry string, n int)

// withPylambda is what a user writes with pylambda.
func withPylambda(app awscdk.App, entry string, n int) {
	var stack awscdk.Stack
	for i := range n {
		if i%perStack == 0 {
			stack = newStack(app, i)
		}
		pylambda.NewFunction(stack, fmt.Sprintf("Fn%d", i), &pylambda.FunctionProps{Entry: entry})
	}
}

// byHand writes the same resources with plain aws-cdk-go calls: the same
// construct tree and template (TestSameResources checks it), with none of
// pylambda's reading or checking.
func byHand(app awscdk.App, entry string, n int) {
	var stack awscdk.Stack
	for i := range n {
		if i%perStack == 0 {
			stack = newStack(app, i)
		}
		id := fmt.Sprintf("Fn%d", i)
		node := constructs.NewConstruct(stack, jsii.String(id))
		lg := awslogs.NewLogGroup(node, jsii.String("LogGroup"), &awslogs.LogGroupProps{
			Retention: awslogs.RetentionDays_THREE_MONTHS, RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		role := awsiam.NewRole(node, jsii.String("ServiceRole"), &awsiam.RoleProps{
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			Description: jsii.String("Execution role of Stack" + fmt.Sprint(i/perStack) + "/" + id),
			InlinePolicies: &map[string]awsiam.PolicyDocument{"Logs": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
				Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
					Actions: jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"), Resources: &[]*string{lg.LogGroupArn()},
				})},
			})},
		})
		layer := awslambda.LayerVersion_FromLayerVersionArn(node, jsii.String("PowertoolsLayer"),
			jsii.String("arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-arm64:27"))
		dlq := awssqs.NewQueue(node, jsii.String("DeadLetterQueue"), &awssqs.QueueProps{
			Encryption: awssqs.QueueEncryption_SQS_MANAGED, EnforceSSL: jsii.Bool(true), RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
		})
		dlq.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(
			nag.Suppression{ID: nag.ServerlessSQSRedrivePolicy, Reason: "this queue is the function's dead-letter queue, the end of the line for failed events: a queue behind it would only move them"},
			nag.Suppression{ID: nag.SQSDeadLetterQueue, Reason: "this queue is the function's dead-letter queue (Lambda's DeadLetterConfig, which cdk-nag does not follow)"},
		))
		fn := awslambda.NewFunction(node, jsii.String("Resource"), &awslambda.FunctionProps{
			Runtime: awslambda.Runtime_PYTHON_3_11(), Architecture: awslambda.Architecture_ARM_64(), Handler: jsii.String("app.handler"),
			Code:       awslambda.Code_FromAsset(jsii.String(entry), &awss3assets.AssetOptions{Exclude: jsii.Strings(pylambda.DefaultAssetExcludes...)}),
			MemorySize: jsii.Number(256), Timeout: awscdk.Duration_Seconds(jsii.Number(10)),
			LoggingFormat: awslambda.LoggingFormat_JSON, ApplicationLogLevelV2: awslambda.ApplicationLogLevel_INFO, SystemLogLevelV2: awslambda.SystemLogLevel_INFO,
			LogGroup: lg, Role: role, Layers: &[]awslambda.ILayerVersion{layer}, DeadLetterQueue: dlq,
			Environment: &map[string]*string{
				"POWERTOOLS_LOG_LEVEL": jsii.String("INFO"), "POWERTOOLS_METRICS_NAMESPACE": jsii.String("Stack" + fmt.Sprint(i/perStack)),
				"POWERTOOLS_SERVICE_NAME": jsii.String(pylambda.ServiceName(id)),
			},
		})
		cfn := fn.Node().DefaultChild().(awslambda.CfnFunction)
		cfn.SetTracingConfig(&awslambda.CfnFunction_TracingConfigProperty{Mode: jsii.String("Active")})
		policy := awsiam.NewPolicy(node, jsii.String("TracingPolicy"), &awsiam.PolicyProps{
			Roles: &[]awsiam.IRole{role},
			Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings("xray:PutTraceSegments", "xray:PutTelemetryRecords"), Resources: jsii.Strings("*"),
			})},
		})
		fn.Node().AddDependency(policy)
		policy.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(nag.Suppression{
			ID: nag.IAMWildcard, Reason: "X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; this policy holds nothing else", AppliesTo: []string{"Resource::*"},
		}))
		reason := "the runtime python3.11 is chosen deliberately (pylambda Runtime): the Powertools layer and bundled dependencies are built for it"
		cfn.AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(
			nag.Suppression{ID: nag.LambdaLatestVersion, Reason: reason}, nag.Suppression{ID: nag.ServerlessLambdaLatestVersion, Reason: reason}))
	}
}

func newStack(app awscdk.App, i int) awscdk.Stack {
	return awscdk.NewStack(app, jsii.String(fmt.Sprintf("Stack%d", i/perStack)), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
}

// handler writes a function folder.
func handler(tb testing.TB) string {
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte("def handler(event, context):\n    return event\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// synth builds and synthesizes one app (validation off, cdk.json's feature
// flags, as unit tests synthesize) and returns how long it took.
func synth(tb testing.TB, b builder, entry string, n int) time.Duration {
	start := time.Now()
	app := cdktest.NewApp(tb)
	b(app, entry, n)
	app.Synth(nil)
	return time.Since(start)
}

// BenchmarkFunctions synthesizes N functions made by pylambda and the same
// resources written by hand, side by side in each iteration, and reports
// both times, the per-function cost and their ratio.
//
//	go test -run '^$' -bench Functions -benchtime 3x ./bench/
func BenchmarkFunctions(b *testing.B) {
	entry := handler(b)
	synth(b, withPylambda, entry, 1) // warm the kernel and the CDK's modules
	synth(b, byHand, entry, 1)
	for _, n := range []int{1, 50, 200} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			py, hand := sideBySide(b, withPylambda, byHand, entry, n)
			runs := float64(b.N)
			b.ReportMetric(py.Seconds()*1000/runs, "pylambda-ms")
			b.ReportMetric(hand.Seconds()*1000/runs, "plain-ms")
			b.ReportMetric(float64(py.Microseconds())/runs/float64(n), "pylambda-us/fn")
			b.ReportMetric(float64(hand.Microseconds())/runs/float64(n), "plain-us/fn")
			b.ReportMetric(py.Seconds()/hand.Seconds(), "ratio")
		})
	}
}

// sideBySide synthesizes the apps of two builders in each iteration of b,
// alternating which goes first so that neither always pays for the other's
// garbage, and returns their total times.
func sideBySide(b *testing.B, x, y builder, entry string, n int) (tx, ty time.Duration) {
	first := true
	for b.Loop() {
		if first {
			tx += synth(b, x, entry, n)
			ty += synth(b, y, entry, n)
		} else {
			ty += synth(b, y, entry, n)
			tx += synth(b, x, entry, n)
		}
		first = !first
	}
	return tx, ty
}

// withOptions is withPylambda with options on (eighteen resources a
// function with Alarms and Deployment, so twenty functions a stack).
func withOptions(opts func(p *pylambda.FunctionProps)) builder {
	return func(app awscdk.App, entry string, n int) {
		const perOpsStack = 20
		var stack awscdk.Stack
		for i := range n {
			if i%perOpsStack == 0 {
				stack = newStack(app, i*perStack/perOpsStack)
			}
			p := &pylambda.FunctionProps{Entry: entry}
			opts(p)
			pylambda.NewFunction(stack, fmt.Sprintf("Fn%d", i), p)
		}
	}
}

// BenchmarkOperationsOptions synthesizes N functions with and without the
// operations options (Alarms; Alarms and a canary Deployment with its
// rollback alarms), side by side in each iteration, and reports what the
// options cost per function at synth.
//
//	go test -run '^$' -bench OperationsOptions -benchtime 3x ./bench/
func BenchmarkOperationsOptions(b *testing.B) {
	entry := handler(b)
	const n = 50
	for _, tc := range []struct {
		name string
		opts func(p *pylambda.FunctionProps)
	}{
		{"Alarms", func(p *pylambda.FunctionProps) { p.Alarms = &pylambda.AlarmOptions{} }},
		{"Alarms+Deployment", func(p *pylambda.FunctionProps) {
			p.Alarms, p.Deployment = &pylambda.AlarmOptions{}, &pylambda.DeploymentOptions{}
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			with := withOptions(tc.opts)
			synth(b, with, entry, 1) // warm the kernel and the CDK's modules
			tw, to := sideBySide(b, with, withPylambda, entry, n)
			runs := float64(b.N)
			b.ReportMetric(float64(tw.Microseconds())/runs/n, "with-us/fn")
			b.ReportMetric(float64(to.Microseconds())/runs/n, "without-us/fn")
			b.ReportMetric(float64((tw-to).Microseconds())/runs/n, "options-us/fn")
			b.ReportMetric(tw.Seconds()/to.Seconds(), "ratio")
		})
	}
}
