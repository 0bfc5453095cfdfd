package tests

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/powertools"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/wheel"
)

// The construct and its accessors are the CDK's own objects: a grant to the
// construct, or to its function, lands on the function's role; the
// accessors return what pylambda created.
func TestFunctionIdentity(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	cdktest.Run(t, func() {
		fn = pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: basicHandler})
		reads := awsdynamodb.NewTableV2(stack, jsii.String("Reads"), &awsdynamodb.TablePropsV2{
			PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("id"), Type: awsdynamodb.AttributeType_STRING},
		})
		writes := awsdynamodb.NewTableV2(stack, jsii.String("Writes"), &awsdynamodb.TablePropsV2{
			PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("id"), Type: awsdynamodb.AttributeType_STRING},
		})
		reads.GrantReadData(fn)            // the construct is an IGrantable
		writes.GrantWriteData(fn.Lambda()) // the L2
	})
	for accessor, want := range map[string]string{
		"Lambda":          *fn.Lambda().Node().Path(),
		"InvokeTarget":    *fn.InvokeTarget().Node().Path(),
		"LogGroup":        *fn.LogGroup().Node().Path(),
		"DeadLetterQueue": *fn.DeadLetterQueue().Node().Path(),
		"Role":            *fn.Role().Node().Path(),
	} {
		wantPath := map[string]string{"Lambda": "Stack/Orders/Resource", "InvokeTarget": "Stack/Orders/Resource", "LogGroup": "Stack/Orders/LogGroup",
			"DeadLetterQueue": "Stack/Orders/DeadLetterQueue", "Role": "Stack/Orders/ServiceRole"}[accessor]
		if want != wantPath {
			t.Errorf("%s() is at %s, want %s", accessor, want, wantPath)
		}
	}
	tmpl := synth(t, stack)
	var grants []string
	for id, p := range ofType(tmpl, "AWS::IAM::Policy") {
		if !strings.HasPrefix(id, "OrdersServiceRoleDefaultPolicy") {
			continue
		}
		if roles := toJSON(t, at(p, "Properties", "Roles")); !strings.Contains(roles, `"OrdersServiceRole`) {
			t.Errorf("default policy on %s, want the function's role", roles)
		}
		grants = append(grants, toJSON(t, at(p, "Properties", "PolicyDocument")))
	}
	if len(grants) != 1 || !strings.Contains(grants[0], "dynamodb:GetItem") || !strings.Contains(grants[0], "dynamodb:PutItem") ||
		!strings.Contains(grants[0], `"Reads`) || !strings.Contains(grants[0], `"Writes`) {
		t.Errorf("grants = %v, want both tables' grants on the function's role", grants)
	}
}

func TestEdgeFunctionAccessors(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var e pylambda.EdgeFunction
	cdktest.Run(t, func() { e = pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler)) })
	if got := *e.Node().Path(); got != "Stack/Edge" {
		t.Errorf("construct path = %s", got)
	}
	if got := *awscdk.Stack_Of(e.LogGroup()).Region(); got != "us-east-1" {
		t.Errorf("log group region = %s", got)
	}
	el := e.EdgeLambda()
	if el.FunctionVersion != e.Version() || el.EventType != awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST {
		t.Errorf("EdgeLambda() = %+v, want the construct's version and event", el)
	}
}

// A small golden file per construct case: what a user gets from the
// defaults, in an environment-agnostic stack, and on the edge.
func TestConstructSnapshots(t *testing.T) {
	opts := func(name string) *snapshot.Options { return &snapshot.Options{Dir: "testdata/cases", Name: name} }
	t.Run("function-defaults", func(t *testing.T) {
		stack := stackIn(t, "eu-west-1")
		cdktest.Run(t, func() { pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler}) })
		snapshot.Match(t, stack, opts("function-defaults"))
	})
	t.Run("function-environment-agnostic", func(t *testing.T) {
		stack := stackIn(t, "")
		cdktest.Run(t, func() {
			pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
				FunctionOptions: awslambda.FunctionOptions{Architecture: awslambda.Architecture_X86_64()}})
		})
		snapshot.Match(t, stack, opts("function-environment-agnostic"))
	})
	t.Run("edge-viewer", func(t *testing.T) {
		stack := stackIn(t, "eu-west-1")
		var e pylambda.EdgeFunction
		cdktest.Run(t, func() { e = pylambda.NewEdgeFunction(stack, "Edge", viewerRequest(basicHandler)) })
		snapshot.Match(t, awscdk.Stack_Of(e.Lambda()), opts("edge-viewer-support"))
		snapshot.Match(t, stack, opts("edge-viewer-parent"))
	})
	t.Run("edge-powertools", func(t *testing.T) {
		links := t.TempDir()
		if _, err := wheel.Write(links, wheel.Spec{Name: "aws_lambda_powertools", Version: "3.23.0", Tag: "py3-none-any"}); err != nil {
			t.Fatal(err)
		}
		stack := stackIn(t, "us-east-1")
		cdktest.Run(t, func() {
			pylambda.NewEdgeFunction(stack, "Headers", &pylambda.EdgeFunctionProps{
				EventType: awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE, Entry: basicHandler,
				Powertools:         powertools.Config{ServiceName: "site"},
				PowertoolsDelivery: powertools.Bundled(""),
				Bundling:           pylambda.BundlingOptions{FindLinks: []string{links}, NoIndex: true, CacheDir: t.TempDir()},
			})
		})
		snapshot.Match(t, stack, opts("edge-powertools-us-east-1"))
	})
}

// pip runs only for the stacks the CLI bundles (`cdk synth Other
// --exclusively` bundles Other alone); where it runs, its failure is an
// ordinary validation error.
func TestBundlingOnlyWhereRequired(t *testing.T) {
	entry := handlerWithRequirements(t, "nosuchpackage==1.0\n")
	props := func() *pylambda.FunctionProps {
		return &pylambda.FunctionProps{Entry: entry,
			Bundling: pylambda.BundlingOptions{FindLinks: []string{wheels(t)}, NoIndex: true, CacheDir: t.TempDir()}}
	}
	appWith := func(bundled string) awscdk.App {
		return awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false),
			Context: &map[string]any{"aws:cdk:bundling-stacks": []any{bundled}}})
	}
	stack := awscdk.NewStack(appWith("Other"), jsii.String("Stack"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
	cdktest.Run(t, func() { pylambda.NewFunction(stack, "Fn", props()) })

	stack = awscdk.NewStack(appWith("Stack"), jsii.String("Stack"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
	msg, panicked := cdktest.Panic(func() { pylambda.NewFunction(stack, "Fn", props()) })
	if !panicked || !strings.Contains(msg, "Stack/Fn: Bundling: pip could not install the requirements") {
		t.Errorf("a bundled stack's pip failure: %v %q", panicked, msg)
	}

}
