// Package snapshot compares the CloudFormation template of a CDK stack with a
// golden file, for the tests of any CDK Go project.
//
// Match synthesizes the stack, removes what legitimately varies between
// machines and CDK releases (see Normalize), and compares the result with
// testdata/<stack>.template.json. When updating is asked for, it writes the
// file instead. A difference is reported as a readable diff of the JSON.
//
// The update switch is the environment variable UPDATE_SNAPSHOTS (or the
// Update option), never a command-line flag: a library that registered a
// global -update flag would panic in every test binary that defines its own.
//
//	UPDATE_SNAPSHOTS=1 go test ./...
package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/google/go-cmp/cmp"
)

// UpdateEnv is the environment variable that makes Match write golden files
// instead of comparing with them, when set to 1 or true.
const UpdateEnv = "UPDATE_SNAPSHOTS"

// Placeholders written in place of values that vary between machines or
// releases.
const (
	AssetHashPlaceholder   = "[asset-hash]"
	VersionHashPlaceholder = "[version-hash]"
)

// Replacement rewrites every match of Pattern, in keys and string values alike,
// with With (which may refer to groups as $1).
type Replacement struct {
	Pattern *regexp.Regexp
	With    string
}

// Options tune Match and Normalize. The zero value is ready to use.
type Options struct {
	// Dir is the folder of golden files.
	// Default: "testdata".
	Dir string
	// Name is the golden file's base name, without ".template.json".
	// Default: the stack's artifact id.
	Name string
	// Update writes the golden file instead of comparing with it.
	// Default: true when UPDATE_SNAPSHOTS is "1" or "true".
	Update *bool
	// KeepBootstrapVersion keeps the BootstrapVersion parameter and the
	// CheckBootstrapVersion rule that the default synthesizer adds.
	// Default: false (they change with CDK releases, not with your code).
	KeepBootstrapVersion bool
	// KeepMetadata keeps the CDKMetadata resource and its condition, which
	// encode the CDK, language and OS versions when version reporting is on.
	// Default: false.
	KeepMetadata bool
	// Replacements are applied after the built-in ones.
	// Default: none.
	Replacements []Replacement
}

// Built-in replacements: asset hashes (S3 keys, image tags, asset parameters)
// are 64 hex digits; a Lambda version's logical id ends with a hash of the
// function's configuration, code location included.
var builtin = []Replacement{
	{regexp.MustCompile(`[0-9a-f]{64}`), AssetHashPlaceholder},
	{regexp.MustCompile(`(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}`), "${1}" + VersionHashPlaceholder},
}

// Match compares the normalized template of stack with its golden file, or
// writes the file when updating. It fails t, never panics: a synthesis error
// is reported as a test failure.
func Match(t testing.TB, stack awscdk.Stack, opts *Options) {
	t.Helper()
	o := withDefaults(opts)
	tmpl, err := Template(stack)
	if err != nil {
		t.Fatal(err)
		return
	}
	name := o.Name
	if name == "" {
		name = *stack.ArtifactId()
	}
	MatchTemplate(t, name, tmpl, &o)
}

// MatchTemplate is Match for a template already parsed, e.g. one read from a
// cdk.out folder: it compares the normalized tmpl with <Dir>/<name>.template.json.
func MatchTemplate(t testing.TB, name string, tmpl map[string]any, opts *Options) {
	t.Helper()
	o := withDefaults(opts)
	if err := compare(filepath.Join(o.Dir, name+".template.json"), Normalize(tmpl, &o), *o.Update); err != nil {
		t.Fatal(err)
	}
}

// Template synthesizes the app that holds stack (once: a later call on the
// same app reads the same cloud assembly) and returns the stack's template as
// parsed JSON. A synthesis error, which the CDK raises as a panic, is returned.
func Template(stack awscdk.Stack) (tmpl map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("synthesizing %s: %v", *stack.Node().Path(), r)
		}
	}()
	asm := awscdk.Stage_Of(stack).Synth(nil)
	path := *asm.GetStackArtifact(stack.ArtifactId()).TemplateFullPath()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &tmpl); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return tmpl, nil
}

// Normalize returns a copy of tmpl without what varies between machines and
// releases: asset hashes (wherever they appear, logical ids included) and the
// hash in Lambda version logical ids become placeholders; the CDKMetadata
// resource and the bootstrap version check are dropped unless opts keeps them.
func Normalize(tmpl map[string]any, opts *Options) map[string]any {
	o := withDefaults(opts)
	out, _ := rewrite(tmpl, append(append([]Replacement{}, builtin...), o.Replacements...)).(map[string]any)
	if !o.KeepMetadata {
		deleteIn(out, "Resources", "CDKMetadata")
		deleteIn(out, "Conditions", "CDKMetadataAvailable")
	}
	if !o.KeepBootstrapVersion {
		deleteIn(out, "Parameters", "BootstrapVersion")
		deleteIn(out, "Rules", "CheckBootstrapVersion")
	}
	return out
}

func withDefaults(opts *Options) Options {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Dir == "" {
		o.Dir = "testdata"
	}
	if o.Update == nil {
		update, _ := strconv.ParseBool(os.Getenv(UpdateEnv))
		o.Update = &update
	}
	return o
}

// rewrite copies v, applying rs to every map key and string.
func rewrite(v any, rs []Replacement) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[replace(k, rs)] = rewrite(e, rs)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = rewrite(e, rs)
		}
		return s
	case string:
		return replace(v, rs)
	default:
		return v
	}
}

func replace(s string, rs []Replacement) string {
	for _, r := range rs {
		s = r.Pattern.ReplaceAllString(s, r.With)
	}
	return s
}

// deleteIn removes section[key], and the section itself once empty.
func deleteIn(tmpl map[string]any, section, key string) {
	m, ok := tmpl[section].(map[string]any)
	if !ok {
		return
	}
	delete(m, key)
	if len(m) == 0 {
		delete(tmpl, section)
	}
}

// Marshal renders a template as the golden files store it: indented JSON with
// sorted keys and a final newline, byte-identical for equal templates.
func Marshal(tmpl map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tmpl); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func compare(path string, got map[string]any, update bool) error {
	data, err := Marshal(got)
	if err != nil {
		return err
	}
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}
	golden, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return fmt.Errorf("no golden file %s: run the test with %s=1 to create it", path, UpdateEnv)
	}
	if err != nil {
		return err
	}
	if bytes.Equal(golden, data) {
		return nil
	}
	var want, have any
	if err := json.Unmarshal(golden, &want); err != nil {
		return fmt.Errorf("golden file %s is not JSON (%v): run the test with %s=1 to rewrite it", path, err, UpdateEnv)
	}
	_ = json.Unmarshal(data, &have)
	diff := cmp.Diff(want, have)
	if diff == "" {
		// Same JSON, different bytes (e.g. a hand-edited file): rewrite to fix.
		return fmt.Errorf("golden file %s is not in canonical form: run the test with %s=1 to rewrite it", path, UpdateEnv)
	}
	return fmt.Errorf("template differs from %s (if intended, run the test with %s=1 and review the golden file's diff) (-golden +synthesized):\n%s", path, UpdateEnv, diff)
}
