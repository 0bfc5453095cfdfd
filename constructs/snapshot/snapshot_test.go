package snapshot_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pylambda/pylambda/constructs/snapshot"
)

const hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func template() map[string]any {
	return map[string]any{
		"Resources": map[string]any{
			"FnCurrentVersion4E2B2261" + "0123456789abcdef0123456789abcdef": map[string]any{"Type": "AWS::Lambda::Version"},
			"Fn": map[string]any{
				"Type": "AWS::Lambda::Function",
				"Properties": map[string]any{
					"Code":   map[string]any{"S3Key": hash + ".zip"},
					"Layers": []any{"arn:aws:lambda:eu-west-1:017000801446:layer:x:27"},
				},
			},
			"Alias": map[string]any{"Properties": map[string]any{"FunctionVersion": map[string]any{
				"Fn::GetAtt": []any{"FnCurrentVersion4E2B2261" + "0123456789abcdef0123456789abcdef", "Version"}}}},
			"CDKMetadata": map[string]any{"Type": "AWS::CDK::Metadata"},
		},
		"Conditions": map[string]any{"CDKMetadataAvailable": map[string]any{}},
		"Parameters": map[string]any{"BootstrapVersion": map[string]any{"Type": "AWS::SSM::Parameter::Value<String>"}},
		"Rules":      map[string]any{"CheckBootstrapVersion": map[string]any{}},
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]struct {
		opts *snapshot.Options
		want map[string]any
	}{
		"defaults": {
			opts: nil,
			want: map[string]any{
				"Resources": map[string]any{
					"FnCurrentVersion4E2B2261[version-hash]": map[string]any{"Type": "AWS::Lambda::Version"},
					"Fn": map[string]any{
						"Type": "AWS::Lambda::Function",
						"Properties": map[string]any{
							"Code":   map[string]any{"S3Key": "[asset-hash].zip"},
							"Layers": []any{"arn:aws:lambda:eu-west-1:017000801446:layer:x:27"},
						},
					},
					"Alias": map[string]any{"Properties": map[string]any{"FunctionVersion": map[string]any{
						"Fn::GetAtt": []any{"FnCurrentVersion4E2B2261[version-hash]", "Version"}}}},
				},
			},
		},
		"keep metadata and bootstrap version, extra replacement": {
			opts: &snapshot.Options{
				KeepMetadata:         true,
				KeepBootstrapVersion: true,
				Replacements:         []snapshot.Replacement{{Pattern: regexp.MustCompile(`:layer:x:\d+`), With: ":layer:x:N"}},
			},
			want: map[string]any{
				"Resources": map[string]any{
					"FnCurrentVersion4E2B2261[version-hash]": map[string]any{"Type": "AWS::Lambda::Version"},
					"Fn": map[string]any{
						"Type": "AWS::Lambda::Function",
						"Properties": map[string]any{
							"Code":   map[string]any{"S3Key": "[asset-hash].zip"},
							"Layers": []any{"arn:aws:lambda:eu-west-1:017000801446:layer:x:N"},
						},
					},
					"Alias": map[string]any{"Properties": map[string]any{"FunctionVersion": map[string]any{
						"Fn::GetAtt": []any{"FnCurrentVersion4E2B2261[version-hash]", "Version"}}}},
					"CDKMetadata": map[string]any{"Type": "AWS::CDK::Metadata"},
				},
				"Conditions": map[string]any{"CDKMetadataAvailable": map[string]any{}},
				"Parameters": map[string]any{"BootstrapVersion": map[string]any{"Type": "AWS::SSM::Parameter::Value<String>"}},
				"Rules":      map[string]any{"CheckBootstrapVersion": map[string]any{}},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := template()
			got := snapshot.Normalize(in, tc.opts)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Normalize() mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(template(), in); diff != "" {
				t.Errorf("Normalize() changed its input:\n%s", diff)
			}
		})
	}
}

func TestMarshalIsCanonical(t *testing.T) {
	a, err := snapshot.Marshal(map[string]any{"b": "<&>", "a": []any{1.0, "x"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"b\": \"<&>\"\n}\n"
	if string(a) != want {
		t.Errorf("Marshal() = %q, want %q", a, want)
	}
}

// fakeT records failures instead of stopping the test that drives it.
type fakeT struct {
	testing.TB
	failures []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatal(args ...any) {
	f.failures = append(f.failures, strings.TrimSpace(sprint(args...)))
}
func (f *fakeT) Fatalf(s string, a ...any) { f.Fatal(s) }

func sprint(args ...any) string {
	var b strings.Builder
	for _, a := range args {
		if err, ok := a.(error); ok {
			b.WriteString(err.Error())
		}
	}
	return b.String()
}

func TestMatchTemplate(t *testing.T) {
	dir := t.TempDir()
	update, compare := true, false
	tmpl := template()

	// Missing golden file: the failure says how to create it.
	f := &fakeT{}
	snapshot.MatchTemplate(f, "stack", tmpl, &snapshot.Options{Dir: dir, Update: &compare})
	if len(f.failures) != 1 || !strings.Contains(f.failures[0], "UPDATE_SNAPSHOTS=1") {
		t.Fatalf("missing golden file: failures %q", f.failures)
	}

	// Update writes it; a comparison then passes.
	f = &fakeT{}
	snapshot.MatchTemplate(f, "stack", tmpl, &snapshot.Options{Dir: dir, Update: &update})
	snapshot.MatchTemplate(f, "stack", tmpl, &snapshot.Options{Dir: dir, Update: &compare})
	if len(f.failures) != 0 {
		t.Fatalf("unchanged template: failures %q", f.failures)
	}
	data, err := os.ReadFile(filepath.Join(dir, "stack.template.json"))
	if err != nil || !strings.Contains(string(data), "[asset-hash].zip") || strings.Contains(string(data), hash) {
		t.Fatalf("golden file not written normalized: %v\n%s", err, data)
	}

	// A changed template fails with a diff naming the changed value.
	changed := template()
	changed["Resources"].(map[string]any)["Fn"].(map[string]any)["Properties"].(map[string]any)["MemorySize"] = 512.0
	snapshot.MatchTemplate(f, "stack", changed, &snapshot.Options{Dir: dir, Update: &compare})
	if len(f.failures) != 1 || !strings.Contains(f.failures[0], "MemorySize") || !strings.Contains(f.failures[0], "512") {
		t.Fatalf("changed template: failures %q", f.failures)
	}
}

func TestUpdateFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(snapshot.UpdateEnv, "1")
	f := &fakeT{}
	snapshot.MatchTemplate(f, "env", template(), &snapshot.Options{Dir: dir})
	if len(f.failures) != 0 {
		t.Fatalf("failures %q", f.failures)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.template.json")); err != nil {
		t.Fatalf("%s=1 did not write the golden file: %v", snapshot.UpdateEnv, err)
	}
}
