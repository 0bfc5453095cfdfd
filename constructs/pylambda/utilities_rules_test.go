package pylambda

import (
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
)

// SSM's naming rules, as checkSSMName applies them to names and paths.
func TestCheckSSMName(t *testing.T) {
	tests := map[string]string{ // name -> fragment of the rule, "" when valid
		"/orders/api-url":                    "",
		"/orders/config/":                    "",
		"api-url":                            "",
		"/aws/service/x/y":                   "",
		"/a_b.c-d/E1":                        "",
		"":                                   "is empty",
		"/":                                  "every parameter",
		"orders/api-url":                     "without its leading slash",
		"/orders/api url":                    "characters SSM does not allow",
		"/orders//url":                       "empty level",
		"awsKey":                             "which SSM reserves",
		"SSM-key":                            "which SSM reserves",
		"/" + strings.Repeat("a/", 15) + "b": "levels deep",
		"/" + strings.Repeat("a", 1011):      "characters long",
		"${Token[TOKEN.12]}":                 "is a token",
	}
	for name, want := range tests {
		rule, fix := checkSSMName(name)
		switch {
		case want == "" && rule != "":
			t.Errorf("%q: %s", name, rule)
		case want != "" && !strings.Contains(rule, want):
			t.Errorf("%q: rule %q, want %q", name, rule, want)
		case want != "" && fix == "":
			t.Errorf("%q: no fix", name)
		}
	}
}

// The rules of batch sources over plain specs: Lambda's limits and the
// queue checks.
func TestBatchRules(t *testing.T) {
	ten := 10.0
	queue := func(vis float64, redrive, fifo bool, o SQSBatchOptions) batchSourceSpec {
		return batchSourceSpec{src: BatchSource{kind: sqsBatch, sqs: o}, path: "S/Q", readable: true, vis: &vis, redrive: redrive, fifo: fifo}
	}
	stream := func(o StreamBatchOptions) batchSourceSpec {
		return batchSourceSpec{src: BatchSource{kind: kinesisBatch, st: o}, path: "S/K"}
	}
	retries := func(n int) *int { return &n }
	tests := map[string]struct {
		source batchSourceSpec
		want   string // "" for none
	}{
		"good queue":                  {queue(60, true, false, SQSBatchOptions{}), ""},
		"queue, 100 with a window":    {queue(60, true, false, SQSBatchOptions{BatchSize: 100, MaxBatchingWindowSeconds: 1}), ""},
		"FIFO queue of 10":            {queue(60, true, true, SQSBatchOptions{BatchSize: 10}), ""},
		"visibility 59 s":             {queue(59, true, false, SQSBatchOptions{}), "less than six times"},
		"visibility 5 s":              {queue(5, true, false, SQSBatchOptions{}), "Lambda even refuses"},
		"no dead-letter queue":        {queue(60, false, false, SQSBatchOptions{}), "no dead-letter queue"},
		"11 without a window":         {queue(60, true, false, SQSBatchOptions{BatchSize: 11}), "needs a batching window"},
		"FIFO with a window":          {queue(60, true, true, SQSBatchOptions{MaxBatchingWindowSeconds: 1}), "takes no batching window"},
		"FIFO of 11 with a window":    {queue(60, true, true, SQSBatchOptions{BatchSize: 11, MaxBatchingWindowSeconds: 1}), "from a FIFO queue"},
		"negative size":               {queue(60, true, false, SQSBatchOptions{BatchSize: -1}), "outside Lambda's range of 1 to 10000"},
		"imported queue, unchecked":   {batchSourceSpec{src: BatchSource{kind: sqsBatch}, path: "S/Q"}, ""},
		"good stream":                 {stream(StreamBatchOptions{}), ""},
		"stream of 10000":             {stream(StreamBatchOptions{BatchSize: 10000, RetryAttempts: retries(10000)}), ""},
		"stream from LATEST":          {stream(StreamBatchOptions{StartingPosition: awslambda.StartingPosition_LATEST}), ""},
		"stream without retries":      {stream(StreamBatchOptions{RetryAttempts: retries(0)}), ""},
		"stream position unknown":     {stream(StreamBatchOptions{StartingPosition: "OLDEST"}), "is not a starting position"},
		"stream window 301 s":         {stream(StreamBatchOptions{MaxBatchingWindowSeconds: 301}), "0 to 300 s"},
		"stream parallelization -1":   {stream(StreamBatchOptions{ParallelizationFactor: -1}), "1 to 10"},
		"stream record age too old":   {stream(StreamBatchOptions{MaxRecordAgeSeconds: 604801}), "60 to 604800 s"},
		"stream record age of a week": {stream(StreamBatchOptions{MaxRecordAgeSeconds: 604800}), ""},
		"table without a stream":      {batchSourceSpec{src: BatchSource{kind: dynamoDBBatch}, path: "S/T", noStream: true}, "has no stream"},
		"zero source":                 {batchSourceSpec{}, "zero BatchSource"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b := &batch{sources: []batchSourceSpec{tc.source}, timeout: &ten}
			r := &report{path: "S/Fn"}
			b.check(&functionSpec{invocation: EventSourceMapping}, r)
			err := r.err()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// The size check counts the variables the utilities set: the feature flags'
// names, and the idempotency table's key (its name when it is known).
func TestFeatureSettingsAreCounted(t *testing.T) {
	got := featureSettings([]feature{
		&deadLetter{},
		&idempotency{},
		&featureFlags{opts: FeatureFlagsOptions{Application: "orders", Environment: "Shop", Profile: "features"}},
	})
	want := map[string]string{
		IdempotencyTableSetting:        "",
		FeatureFlagsApplicationSetting: "orders",
		FeatureFlagsEnvironmentSetting: "Shop",
		FeatureFlagsProfileSetting:     "features",
	}
	if !maps.Equal(got, want) {
		t.Errorf("featureSettings = %v, want %v", got, want)
	}
}
