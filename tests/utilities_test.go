//lint:file-ignore SA1019 the assertions API returns cxapi.SynthesisMessage; its replacement has no Go binding

package tests

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/constructs/pylambda"
	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
)

// flagsHandler is a function folder holding app.py and the given
// feature_flags.json.
const flagsHandler = "testdata/handlers/flags"

// flagsFile is a function whose folder holds app.py and a
// feature_flags.json with the given content.
func flagsFile(content string) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(awscdk.Stack) *pylambda.FunctionProps {
		dir, err := os.MkdirTemp("", "flags-")
		if err != nil {
			panic(err)
		}
		for name, data := range map[string]string{"app.py": "def handler(event, context):\n    return event\n", "feature_flags.json": content} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				panic(err)
			}
		}
		return &pylambda.FunctionProps{Entry: dir, FeatureFlags: &pylambda.FeatureFlagsOptions{}}
	}
}

// workQueue is a queue fit for a function with the default timeout: a
// visibility timeout of six times 10 s, and a dead-letter queue.
func workQueue(stack awscdk.Stack, id string, props *awssqs.QueueProps) awssqs.Queue {
	dlq := awssqs.NewQueue(stack, jsii.String(id+"DLQ"), &awssqs.QueueProps{Fifo: props.Fifo,
		Encryption: awssqs.QueueEncryption_SQS_MANAGED, EnforceSSL: jsii.Bool(true)})
	nag.Suppress(dlq,
		nag.Suppression{ID: nag.SQSDeadLetterQueue, Reason: "the dead-letter queue of " + id},
		nag.Suppression{ID: nag.ServerlessSQSRedrivePolicy, Reason: "the dead-letter queue of " + id})
	props.DeadLetterQueue = &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)}
	if props.VisibilityTimeout == nil {
		props.VisibilityTimeout = awscdk.Duration_Seconds(jsii.Number(60))
	}
	return awssqs.NewQueue(stack, jsii.String(id), props)
}

// statements returns every IAM statement of the template's policies
// (managed and inline), as JSON.
func statements(t *testing.T, tmpl map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, p := range ofType(tmpl, "AWS::IAM::Policy") {
		for _, s := range at(p, "Properties", "PolicyDocument", "Statement").([]any) {
			out = append(out, s.(map[string]any))
		}
	}
	return out
}

// actionsOf lists a statement's actions.
func actionsOf(s map[string]any) []string {
	switch a := s["Action"].(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, x := range a {
			out = append(out, x.(string))
		}
		return out
	}
	return nil
}

// grantsOf returns the statements that allow any of actions.
func grantsOf(t *testing.T, tmpl map[string]any, actions ...string) []map[string]any {
	var out []map[string]any
	for _, s := range statements(t, tmpl) {
		for _, a := range actionsOf(s) {
			if slices.Contains(actions, a) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// noStar fails when a statement other than X-Ray's grants on "*".
func noStar(t *testing.T, tmpl map[string]any) {
	t.Helper()
	for _, s := range statements(t, tmpl) {
		if strings.HasPrefix(actionsOf(s)[0], "xray:") {
			continue
		}
		if strings.Contains(toJSON(t, s["Resource"]), `"*"`) {
			t.Errorf("statement grants on \"*\": %s", toJSON(t, s))
		}
	}
}

func TestIdempotencyCreatesThePowertoolsTable(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	cdktest.Run(t, func() {
		fn = pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
			Idempotency: &pylambda.IdempotencyOptions{}})
	})
	tmpl := synth(t, stack)
	tables := ofType(tmpl, "AWS::DynamoDB::GlobalTable")
	if len(tables) != 1 {
		t.Fatalf("want one table, got %d", len(tables))
	}
	var id string
	var table map[string]any
	for id, table = range tables {
	}
	if !strings.HasPrefix(id, "OrdersIdempotencyTable") {
		t.Errorf("table logical id %s, want it under the function", id)
	}
	p := table["Properties"].(map[string]any)
	want := map[string]any{
		"KeySchema":               []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"AttributeDefinitions":    []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
		"TimeToLiveSpecification": map[string]any{"AttributeName": "expiration", "Enabled": true},
		"BillingMode":             "PAY_PER_REQUEST",
		"SSESpecification":        map[string]any{"SSEEnabled": true, "SSEType": "KMS"},
	}
	for k, v := range want {
		if !reflect.DeepEqual(p[k], v) {
			t.Errorf("%s = %s, want %s", k, toJSON(t, p[k]), toJSON(t, v))
		}
	}
	if got := toJSON(t, p["Replicas"]); !strings.Contains(got, `"PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}`) {
		t.Errorf("replicas = %s, want point-in-time recovery", got)
	}
	if table["DeletionPolicy"] != "Retain" || table["UpdateReplacePolicy"] != "Retain" {
		t.Errorf("table policies %v/%v, want Retain", table["DeletionPolicy"], table["UpdateReplacePolicy"])
	}
	env := at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "Environment", "Variables").(map[string]any)
	if !reflect.DeepEqual(env[pylambda.IdempotencyTableSetting], map[string]any{"Ref": id}) {
		t.Errorf("%s = %v, want the table's name", pylambda.IdempotencyTableSetting, env[pylambda.IdempotencyTableSetting])
	}
	grants := grantsOf(t, tmpl, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan")
	if len(grants) != 1 {
		t.Fatalf("want one DynamoDB grant, got %s", toJSON(t, grants))
	}
	if got := actionsOf(grants[0]); !reflect.DeepEqual(got, []string{"dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}) {
		t.Errorf("actions = %v, want the four item actions only", got)
	}
	if got := toJSON(t, grants[0]["Resource"]); got != `{"Fn::GetAtt":["`+id+`","Arn"]}` {
		t.Errorf("resource = %s, want the table only", got)
	}
	noStar(t, tmpl)
	if fn.IdempotencyTable() == nil || *fn.IdempotencyTable().Node().Path() != "Stack/Orders/IdempotencyTable" {
		t.Errorf("IdempotencyTable() = %v", fn.IdempotencyTable())
	}
}

// The caller's table (with a customer managed key) is used, not created:
// the function gets its name, the item actions and the key.
func TestIdempotencyWithYourTable(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	var table awsdynamodb.TableV2
	cdktest.Run(t, func() {
		key := awskms.NewKey(stack, jsii.String("Key"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})
		table = awsdynamodb.NewTableV2(stack, jsii.String("Records"), &awsdynamodb.TablePropsV2{
			PartitionKey:        &awsdynamodb.Attribute{Name: jsii.String("id"), Type: awsdynamodb.AttributeType_STRING},
			TimeToLiveAttribute: jsii.String("expiration"),
			Encryption:          awsdynamodb.TableEncryptionV2_CustomerManagedKey(key, nil),
		})
		fn = pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
			Idempotency: &pylambda.IdempotencyOptions{Table: table}})
	})
	tmpl := synth(t, stack)
	if n := len(ofType(tmpl, "AWS::DynamoDB::GlobalTable")); n != 1 {
		t.Errorf("%d tables, want yours alone", n)
	}
	env := at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "Environment", "Variables").(map[string]any)
	if got := toJSON(t, env[pylambda.IdempotencyTableSetting]); !strings.Contains(got, `"Records`) {
		t.Errorf("table setting = %s, want your table", got)
	}
	if len(grantsOf(t, tmpl, "kms:Decrypt")) != 1 || len(grantsOf(t, tmpl, "kms:Encrypt")) != 1 {
		t.Errorf("want the table's key granted: %s", toJSON(t, statements(t, tmpl)))
	}
	if fn.IdempotencyTable() != table {
		t.Error("IdempotencyTable() is not your table")
	}
}

func intp(n int) *int { return &n }

// mappings returns the event source mappings by source logical id.
func mappings(t *testing.T, tmpl map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, m := range ofType(tmpl, "AWS::Lambda::EventSourceMapping") {
		src := toJSON(t, at(m, "Properties", "EventSourceArn"))
		for _, name := range []string{"Jobs", "Events", "Orders"} {
			if strings.Contains(src, `"`+name) {
				out[name] = m["Properties"].(map[string]any)
			}
		}
	}
	return out
}

// Each source gets a mapping that reports batch item failures, with
// pylambda's defaults and the caller's options; its grants name the source
// only; stream failures go to a queue pylambda creates; the function,
// invoked by mappings only, has no dead-letter queue.
func TestBatchSources(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	var fn pylambda.Function
	cdktest.Run(t, func() {
		jobs := workQueue(stack, "Jobs", &awssqs.QueueProps{})
		events := awskinesis.NewStream(stack, jsii.String("Events"), nil)
		orders := awsdynamodb.NewTableV2(stack, jsii.String("Orders"), &awsdynamodb.TablePropsV2{
			PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
			DynamoStream: awsdynamodb.StreamViewType_NEW_IMAGE})
		fn = pylambda.NewFunction(stack, "Worker", &pylambda.FunctionProps{Entry: basicHandler, Batch: []pylambda.BatchSource{
			pylambda.SQSBatch(jobs, &pylambda.SQSBatchOptions{BatchSize: 100, MaxBatchingWindowSeconds: 5}),
			pylambda.KinesisBatch(events, nil),
			pylambda.DynamoDBBatch(orders, &pylambda.StreamBatchOptions{StartingPosition: awslambda.StartingPosition_LATEST,
				RetryAttempts: intp(0), BisectBatchOnError: jsii.Bool(false), ParallelizationFactor: 2, MaxRecordAgeSeconds: 3600}),
		}})
	})
	tmpl := synth(t, stack)
	ms := mappings(t, tmpl)
	if len(ms) != 3 {
		t.Fatalf("mappings = %s, want one per source", toJSON(t, ms))
	}
	for name, m := range ms {
		if !reflect.DeepEqual(m["FunctionResponseTypes"], []any{"ReportBatchItemFailures"}) {
			t.Errorf("%s: FunctionResponseTypes = %v, want ReportBatchItemFailures", name, m["FunctionResponseTypes"])
		}
	}
	want := map[string]map[string]any{
		"Jobs":   {"BatchSize": 100.0, "MaximumBatchingWindowInSeconds": 5.0},
		"Events": {"BatchSize": 100.0, "StartingPosition": "TRIM_HORIZON", "MaximumRetryAttempts": 3.0, "BisectBatchOnFunctionError": true},
		"Orders": {"BatchSize": 100.0, "StartingPosition": "LATEST", "MaximumRetryAttempts": 0.0, "BisectBatchOnFunctionError": false,
			"ParallelizationFactor": 2.0, "MaximumRecordAgeInSeconds": 3600.0},
	}
	for name, props := range want {
		for k, v := range props {
			if !reflect.DeepEqual(ms[name][k], v) {
				t.Errorf("%s: %s = %v, want %v", name, k, ms[name][k], v)
			}
		}
	}
	// Stream failures go to the queue pylambda creates, encrypted and TLS only.
	var failures string
	for id := range ofType(tmpl, "AWS::SQS::Queue") {
		if strings.HasPrefix(id, "WorkerBatchFailures") {
			failures = id
		}
	}
	if failures == "" {
		t.Fatal("no failure queue for the stream sources")
	}
	for _, name := range []string{"Events", "Orders"} {
		if got := toJSON(t, at(ms[name], "DestinationConfig", "OnFailure", "Destination")); got != `{"Fn::GetAtt":["`+failures+`","Arn"]}` {
			t.Errorf("%s: on-failure destination %s, want %s", name, got, failures)
		}
	}
	if _, ok := ms["Jobs"]["DestinationConfig"]; ok {
		t.Error("the SQS mapping has a destination: SQS failures go to the queue's own dead-letter queue")
	}
	// A mapping-only function: no dead-letter queue of its own.
	if fn.DeadLetterQueue() != nil || at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "DeadLetterConfig") != nil {
		t.Error("the function got a dead-letter queue, which would never receive anything")
	}
	for actions, resource := range map[string]string{
		"sqs:ReceiveMessage":        `"Jobs`,
		"kinesis:GetRecords":        `"Events`,
		"dynamodb:GetRecords":       `"StreamArn"`,
		"sqs:SendMessage":           `"` + failures,
		"dynamodb:GetShardIterator": `"Orders`,
	} {
		grants := grantsOf(t, tmpl, actions)
		if len(grants) != 1 || !strings.Contains(toJSON(t, grants[0]["Resource"]), resource) {
			t.Errorf("%s granted on %s, want %s only", actions, toJSON(t, grants), resource)
		}
	}
	noStar(t, tmpl)
}

// A function that also takes asynchronous events keeps its asynchronous
// failure handling; a stream source with its own destination gets no
// failure queue.
func TestBatchKeepsYourFailureHandling(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		dlq := awssqs.NewQueue(stack, jsii.String("Async"), nil)
		topic := awssns.NewTopic(stack, jsii.String("Failures"), nil)
		events := awskinesis.NewStream(stack, jsii.String("Events"), nil)
		pylambda.NewFunction(stack, "Worker", &pylambda.FunctionProps{Entry: basicHandler,
			FunctionOptions: awslambda.FunctionOptions{DeadLetterQueue: dlq},
			Batch:           []pylambda.BatchSource{pylambda.KinesisBatch(events, &pylambda.StreamBatchOptions{OnFailure: awslambdaeventsources.NewSnsDlq(topic)})}})
	})
	tmpl := synth(t, stack)
	if at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "DeadLetterConfig", "TargetArn") == nil {
		t.Error("your dead-letter queue is gone")
	}
	if n := len(ofType(tmpl, "AWS::SQS::Queue")); n != 1 {
		t.Errorf("%d queues, want yours alone", n)
	}
	m := only(t, tmpl, "AWS::Lambda::EventSourceMapping")
	if got := toJSON(t, at(m, "Properties", "DestinationConfig", "OnFailure", "Destination")); !strings.Contains(got, `"Failures`) {
		t.Errorf("destination %s, want your topic", got)
	}
}

func TestParametersGrants(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		secret := awssecretsmanager.NewSecret(stack, jsii.String("ApiKey"), nil)
		key := awskms.Key_FromKeyArn(stack, jsii.String("ParamsKey"), jsii.String("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
		pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
			Parameters: &pylambda.ParametersOptions{
				SSMParameters:  []string{"/orders/api-url", "/orders/config/", "plain", "/aws/service/global-infrastructure/current-region", "/orders/api-url"},
				Secrets:        []awssecretsmanager.ISecret{secret},
				AppConfig:      []pylambda.AppConfigConfiguration{{ApplicationID: "abc1234", EnvironmentID: "def5678", ProfileID: "ghi9012"}},
				DecryptionKeys: []awskms.IKey{key},
			}})
	})
	tmpl := synth(t, stack)
	arn := func(name string, account bool) string {
		acct := `{"Ref":"AWS::AccountId"}`
		if !account {
			acct = ""
		}
		if account {
			return `{"Fn::Join":["",["arn:aws:ssm:eu-west-1:",` + acct + `,":parameter` + name + `"]]}`
		}
		return `"arn:aws:ssm:eu-west-1::parameter` + name + `"`
	}
	all := toJSON(t, grantsOf(t, tmpl, "ssm:GetParameter"))
	for _, want := range []string{arn("/orders/api-url", true), arn("/plain", true), arn("/aws/service/global-infrastructure/current-region", false), arn("/orders/config/*", true)} {
		if !strings.Contains(all, want) {
			t.Errorf("GetParameter lacks %s:\n%s", want, all)
		}
	}
	if strings.Count(all, "api-url") != 1 {
		t.Errorf("a repeated name is granted twice: %s", all)
	}
	if got := toJSON(t, grantsOf(t, tmpl, "ssm:GetParametersByPath")); !strings.Contains(got, arn("/orders/config", true)) || strings.Contains(got, "config/*") {
		t.Errorf("GetParametersByPath = %s, want the path itself", got)
	}
	if got := toJSON(t, grantsOf(t, tmpl, "appconfig:GetLatestConfiguration")); !strings.Contains(got, ":application/abc1234/environment/def5678/configuration/ghi9012") {
		t.Errorf("AppConfig grant = %s", got)
	}
	if got := toJSON(t, grantsOf(t, tmpl, "secretsmanager:GetSecretValue")); !strings.Contains(got, `"ApiKey`) {
		t.Errorf("secret grant = %s", got)
	}
	if got := toJSON(t, grantsOf(t, tmpl, "kms:Decrypt")); !strings.Contains(got, "key/1234abcd") {
		t.Errorf("key grant = %s", got)
	}
	noStar(t, tmpl)
	// The path's wildcard is suppressed for AwsSolutions-IAM5 on exactly that path.
	for id, p := range ofType(tmpl, "AWS::IAM::Policy") {
		if strings.HasPrefix(id, "FnParametersPolicy") {
			if got := toJSON(t, p["Metadata"]); !strings.Contains(got, `parameter\\/orders\\/config\\/\\*$/`) {
				t.Errorf("suppression = %s", got)
			}
		}
	}
}

func TestFeatureFlagsResources(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		pylambda.NewFunction(stack, "Orders", &pylambda.FunctionProps{Entry: flagsHandler, Invocation: pylambda.Synchronous,
			FeatureFlags: &pylambda.FeatureFlagsOptions{}})
	})
	tmpl := synth(t, stack)
	app := only(t, tmpl, "AWS::AppConfig::Application")
	env := only(t, tmpl, "AWS::AppConfig::Environment")
	profile := only(t, tmpl, "AWS::AppConfig::ConfigurationProfile")
	version := only(t, tmpl, "AWS::AppConfig::HostedConfigurationVersion")
	deployment := only(t, tmpl, "AWS::AppConfig::Deployment")
	if at(app, "Properties", "Name") != "orders" || at(env, "Properties", "Name") != "Stack" || at(profile, "Properties", "Name") != "features" {
		t.Errorf("names %v/%v/%v, want the service, the stack, features", at(app, "Properties", "Name"), at(env, "Properties", "Name"), at(profile, "Properties", "Name"))
	}
	if at(profile, "Properties", "Type") != "AWS.Freeform" || at(profile, "Properties", "LocationUri") != "hosted" {
		t.Errorf("profile = %s, want a hosted freeform profile", toJSON(t, profile))
	}
	file, _ := os.ReadFile(filepath.Join(flagsHandler, "feature_flags.json"))
	if at(version, "Properties", "Content") != string(file) || at(version, "Properties", "ContentType") != "application/json" {
		t.Errorf("hosted version = %s, want the file", toJSON(t, version))
	}
	if at(deployment, "Properties", "DeploymentStrategyId") != "AppConfig.AllAtOnce" {
		t.Errorf("deployment = %s, want AppConfig.AllAtOnce", toJSON(t, deployment))
	}
	vars := at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "Environment", "Variables").(map[string]any)
	for k, v := range map[string]string{pylambda.FeatureFlagsApplicationSetting: "orders", pylambda.FeatureFlagsEnvironmentSetting: "Stack", pylambda.FeatureFlagsProfileSetting: "features"} {
		if vars[k] != v {
			t.Errorf("%s = %v, want %s", k, vars[k], v)
		}
	}
	grants := grantsOf(t, tmpl, "appconfig:GetLatestConfiguration")
	if len(grants) != 1 || !reflect.DeepEqual(actionsOf(grants[0]), []string{"appconfig:GetLatestConfiguration", "appconfig:StartConfigurationSession"}) {
		t.Fatalf("grants = %s", toJSON(t, grants))
	}
	if got := toJSON(t, grants[0]["Resource"]); !strings.Contains(got, `"/configuration/",{"Ref":"OrdersFeatureFlagsConfigurationConfigurationProfile`) {
		t.Errorf("resource = %s, want exactly the profile", got)
	}
	noStar(t, tmpl)
}

// Every utility together passes both cdk-nag packs on what pylambda
// creates, warnings included.
func TestUtilitiesNagClean(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	app := awscdk.Stage_Of(stack)
	cdktest.Run(t, func() {
		utilitiesFunction(stack)
		nagpacks.Apply(app)
		app.Synth(nil)
		anns := assertions.Annotations_FromStack(stack)
		pattern := assertions.Match_StringLikeRegexp(jsii.String(`(AwsSolutions|Serverless)-`))
		ours := func(msgs *[]*cxapi.SynthesisMessage) *[]*cxapi.SynthesisMessage {
			var out []*cxapi.SynthesisMessage
			for _, m := range *msgs {
				if strings.HasPrefix(*m.Id, "/Stack/Fn/") {
					out = append(out, m)
				}
			}
			return &out
		}
		report(t, "error", ours(anns.FindError(jsii.String("*"), pattern)))
		report(t, "warning", ours(anns.FindWarning(jsii.String("*"), pattern)))
	})
}

// utilitiesFunction is a function with every utility, and the sources it
// consumes.
func utilitiesFunction(stack awscdk.Stack) pylambda.Function {
	jobs := workQueue(stack, "Jobs", &awssqs.QueueProps{Encryption: awssqs.QueueEncryption_SQS_MANAGED, EnforceSSL: jsii.Bool(true)})
	events := awskinesis.NewStream(stack, jsii.String("Events"), &awskinesis.StreamProps{Encryption: awskinesis.StreamEncryption_MANAGED})
	orders := awsdynamodb.NewTableV2(stack, jsii.String("Orders"), &awsdynamodb.TablePropsV2{
		PartitionKey:                     &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		DynamoStream:                     awsdynamodb.StreamViewType_NEW_IMAGE,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: jsii.Bool(true)}})
	secret := awssecretsmanager.NewSecret(stack, jsii.String("ApiKey"), nil)
	nag.Suppress(secret, nag.Suppression{ID: "AwsSolutions-SMG4", Reason: "a test secret"})
	return pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: flagsHandler,
		Idempotency: &pylambda.IdempotencyOptions{},
		Batch: []pylambda.BatchSource{pylambda.SQSBatch(jobs, nil), pylambda.KinesisBatch(events, nil),
			pylambda.DynamoDBBatch(orders, nil)},
		Parameters: &pylambda.ParametersOptions{SSMParameters: []string{"/orders/url", "/orders/config/"},
			Secrets: []awssecretsmanager.ISecret{secret}},
		FeatureFlags: &pylambda.FeatureFlagsOptions{},
	})
}

// A golden file of a function with every utility.
func TestUtilitiesSnapshot(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() { utilitiesFunction(stack) })
	snapshot.Match(t, stack, &snapshot.Options{Dir: "testdata/cases", Name: "function-utilities"})
}

// The inputs of the utilities' rows in the rejection catalogue
// (rejections_test.go).

// idempotencyTable is a function with Idempotency on a table of this app
// with the given partition key ("S" or "N") and time to live attribute
// ("" for none).
func idempotencyTable(key, keyType, ttl string) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(stack awscdk.Stack) *pylambda.FunctionProps {
		props := &awsdynamodb.TablePropsV2{PartitionKey: &awsdynamodb.Attribute{Name: jsii.String(key), Type: awsdynamodb.AttributeType(map[string]string{"S": "STRING", "N": "NUMBER"}[keyType])}}
		if ttl != "" {
			props.TimeToLiveAttribute = jsii.String(ttl)
		}
		table := awsdynamodb.NewTableV2(stack, jsii.String("Records"), props)
		return &pylambda.FunctionProps{Entry: basicHandler, Idempotency: &pylambda.IdempotencyOptions{Table: table}}
	}
}

// idempotencyOwnTableWith is a function with Idempotency on a good table of
// its own, and options that apply only to the table pylambda creates.
func idempotencyOwnTableWith(key bool, removal awscdk.RemovalPolicy) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(stack awscdk.Stack) *pylambda.FunctionProps {
		p := idempotencyTable("id", "S", "expiration")(stack)
		if key {
			p.Idempotency.EncryptionKey = awskms.NewKey(stack, jsii.String("Key"), nil)
		}
		p.Idempotency.RemovalPolicy = removal
		return p
	}
}

// queueSpec is a queue a batch function consumes.
type queueSpec struct {
	visibilitySeconds int // 0 for SQS's default (30 s)
	noDLQ, fifo       bool
}

// sqsFunction is a function that consumes one queue, or the same queue
// twice.
func sqsFunction(q queueSpec, opts pylambda.SQSBatchOptions, twice bool, mod func(*pylambda.FunctionProps)) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(stack awscdk.Stack) *pylambda.FunctionProps {
		props := &awssqs.QueueProps{}
		if q.fifo {
			props.Fifo = jsii.Bool(true)
		}
		if q.visibilitySeconds > 0 {
			props.VisibilityTimeout = awscdk.Duration_Seconds(jsii.Number(q.visibilitySeconds))
		}
		if !q.noDLQ {
			dlq := awssqs.NewQueue(stack, jsii.String("JobsDLQ"), &awssqs.QueueProps{Fifo: props.Fifo})
			props.DeadLetterQueue = &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)}
		}
		queue := awssqs.NewQueue(stack, jsii.String("Jobs"), props)
		sources := []pylambda.BatchSource{pylambda.SQSBatch(queue, &opts)}
		if twice {
			sources = append(sources, pylambda.SQSBatch(queue, nil))
		}
		p := &pylambda.FunctionProps{Entry: basicHandler, Batch: sources}
		if mod != nil {
			mod(p)
		}
		return p
	}
}

// streamFunction is a function that consumes a Kinesis stream ("kinesis"),
// a table's stream ("dynamodb") or a table without one ("table").
func streamFunction(kind string, opts pylambda.StreamBatchOptions) func(awscdk.Stack) *pylambda.FunctionProps {
	return func(stack awscdk.Stack) *pylambda.FunctionProps {
		var src pylambda.BatchSource
		switch kind {
		case "kinesis":
			src = pylambda.KinesisBatch(awskinesis.NewStream(stack, jsii.String("Events"), nil), &opts)
		default:
			props := &awsdynamodb.TablePropsV2{PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING}}
			if kind == "dynamodb" {
				props.DynamoStream = awsdynamodb.StreamViewType_NEW_IMAGE
			}
			src = pylambda.DynamoDBBatch(awsdynamodb.NewTableV2(stack, jsii.String("Orders"), props), &opts)
		}
		return &pylambda.FunctionProps{Entry: basicHandler, Batch: []pylambda.BatchSource{src}}
	}
}

// nilSecretAndKey is a function whose Parameters name a nil secret and a
// nil key.
func nilSecretAndKey(awscdk.Stack) *pylambda.FunctionProps {
	return &pylambda.FunctionProps{Entry: basicHandler, Parameters: &pylambda.ParametersOptions{
		Secrets: []awssecretsmanager.ISecret{nil}, DecryptionKeys: []awskms.IKey{nil}}}
}

// A container function takes the same utilities: the features apply to
// every regional function.
func TestUtilitiesOnContainerFunction(t *testing.T) {
	stack := stackIn(t, "eu-west-1")
	cdktest.Run(t, func() {
		jobs := workQueue(stack, "Jobs", &awssqs.QueueProps{})
		pylambda.NewContainerFunction(stack, "Fn", &pylambda.ContainerFunctionProps{FunctionProps: pylambda.FunctionProps{
			Entry: flagsHandler, Idempotency: &pylambda.IdempotencyOptions{}, FeatureFlags: &pylambda.FeatureFlagsOptions{},
			Batch: []pylambda.BatchSource{pylambda.SQSBatch(jobs, nil)}}})
	})
	tmpl := synth(t, stack)
	vars := at(only(t, tmpl, "AWS::Lambda::Function"), "Properties", "Environment", "Variables").(map[string]any)
	for _, k := range []string{pylambda.IdempotencyTableSetting, pylambda.FeatureFlagsApplicationSetting} {
		if vars[k] == nil {
			t.Errorf("%s not set: %v", k, vars)
		}
	}
	only(t, tmpl, "AWS::DynamoDB::GlobalTable")
	only(t, tmpl, "AWS::AppConfig::Deployment")
	if m := only(t, tmpl, "AWS::Lambda::EventSourceMapping"); !reflect.DeepEqual(at(m, "Properties", "FunctionResponseTypes"), []any{"ReportBatchItemFailures"}) {
		t.Errorf("mapping = %s", toJSON(t, m))
	}
}

// A Table (v1) is read as a TableV2 is: a good one is used, a bad one
// refused; an imported table is taken as it is.
func TestIdempotencyReadsEveryKindOfTable(t *testing.T) {
	v1 := func(key string) func(awscdk.Stack) awsdynamodb.ITable {
		return func(stack awscdk.Stack) awsdynamodb.ITable {
			return awsdynamodb.NewTable(stack, jsii.String("Records"), &awsdynamodb.TableProps{
				PartitionKey:        &awsdynamodb.Attribute{Name: jsii.String(key), Type: awsdynamodb.AttributeType_STRING},
				TimeToLiveAttribute: jsii.String("expiration"),
				BillingMode:         awsdynamodb.BillingMode_PAY_PER_REQUEST,
			})
		}
	}
	imported := func(stack awscdk.Stack) awsdynamodb.ITable {
		return awsdynamodb.TableV2_FromTableName(stack, jsii.String("Records"), jsii.String("anything"))
	}
	for name, tc := range map[string]struct {
		table func(awscdk.Stack) awsdynamodb.ITable
		want  string // "" when accepted
	}{
		"good Table":     {v1("id"), ""},
		"bad Table":      {v1("orderId"), `Idempotency.Table: has partition key "orderId" (string)`},
		"imported table": {imported, ""},
	} {
		t.Run(name, func(t *testing.T) {
			stack := stackIn(t, "eu-west-1")
			msg, panicked := cdktest.Panic(func() {
				pylambda.NewFunction(stack, "Fn", &pylambda.FunctionProps{Entry: basicHandler, Invocation: pylambda.Synchronous,
					Idempotency: &pylambda.IdempotencyOptions{Table: tc.table(stack)}})
			})
			switch {
			case tc.want == "" && panicked:
				t.Fatalf("refused: %s", msg)
			case tc.want != "" && !strings.Contains(msg, tc.want):
				t.Fatalf("error %q, want %q", msg, tc.want)
			case tc.want == "":
				grants := grantsOf(t, synth(t, stack), "dynamodb:PutItem")
				if len(grants) != 1 {
					t.Errorf("grants = %s", toJSON(t, grants))
				}
			}
		})
	}
}
