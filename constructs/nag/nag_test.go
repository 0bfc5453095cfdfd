package nag

import (
	"reflect"
	"testing"
)

func TestEntry(t *testing.T) {
	got := Entry(
		Suppression{ID: "AwsSolutions-IAM5", Reason: "X-Ray", AppliesTo: []string{"Resource::*"}},
		Suppression{ID: "AwsSolutions-L1", Reason: "pinned", AppliesToPattern: []string{"/^x$/"}},
		Suppression{ID: "Serverless-LambdaDLQ", Reason: "synchronous"},
	)
	want := map[string]any{"rules_to_suppress": []any{
		map[string]any{"id": "AwsSolutions-IAM5", "reason": "X-Ray", "applies_to": []any{"Resource::*"}},
		map[string]any{"id": "AwsSolutions-L1", "reason": "pinned", "applies_to": []any{map[string]any{"regex": "/^x$/"}}},
		map[string]any{"id": "Serverless-LambdaDLQ", "reason": "synchronous"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Entry() = %v\nwant %v", got, want)
	}
	// Existing rules are kept, new ones follow.
	kept := entry([]any{map[string]any{"id": "A", "reason": "r"}}, []Suppression{{ID: "B", Reason: "s"}})
	if rules := kept["rules_to_suppress"].([]any); len(rules) != 2 || rules[0].(map[string]any)["id"] != "A" {
		t.Errorf("entry() = %v, want A kept before B", kept)
	}
}
