package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
	"github.com/pylambda/pylambda/stacks"
)

// TestCLISynth runs the real `cdk synth` on the example app, as make synth
// does (built-in CloudFormation validation on, cdk.json's feature flags), and
// checks the CLI's output and that the cloud assembly holds exactly the golden
// templates: the unit tests' synthesis is the one that gets deployed.
func TestCLISynth(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cdk := filepath.Join(root, "_tools", "node_modules", ".bin", "cdk")
	if _, err := os.Stat(cdk); err != nil {
		if os.Getenv("PYLAMBDA_REQUIRE_CLI") != "" {
			t.Fatalf("the CDK CLI is not installed at %s: run make deps", cdk)
		}
		t.Skipf("the CDK CLI is not installed at %s (make test installs it and runs this test)", cdk)
	}
	out := t.TempDir()
	cmd := exec.Command(cdk, "synth", "--quiet", "--output", out)
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"PATH="+filepath.Dir(cdk)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"JSII_NODE="+filepath.Join(filepath.Dir(cdk), "node"),
		"CDK_DISABLE_CLI_TELEMETRY=true")
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cdk synth failed: %v\n%s", err, output)
	}
	for _, unwanted := range []string{"feature flags are not configured", "end-of-life", "no longer supported", "[Warning", "[Error"} {
		if strings.Contains(string(output), unwanted) {
			t.Errorf("cdk synth printed %q:\n%s", unwanted, output)
		}
	}

	var manifest struct {
		Artifacts map[string]struct {
			Type        string `json:"type"`
			Environment string `json:"environment"`
		} `json:"artifacts"`
	}
	readJSON(t, filepath.Join(out, "manifest.json"), &manifest)
	for name, a := range allStacks(exampleApp(t)) {
		id := *a.ArtifactId()
		art, ok := manifest.Artifacts[id]
		if !ok || art.Type != "aws:cloudformation:stack" {
			t.Errorf("%s: no stack artifact %q in manifest.json", name, id)
			continue
		}
		// What the CLI synthesizes is what the golden file holds, once the
		// metadata that only the CLI asks for is removed.
		var tmpl map[string]any
		readJSON(t, filepath.Join(out, id+".template.json"), &tmpl)
		dropCLIMetadata(tmpl)
		got, err := snapshot.Marshal(snapshot.Normalize(tmpl, nil))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", id+".template.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			var g, w any
			_ = json.Unmarshal(got, &g)
			_ = json.Unmarshal(want, &w)
			t.Errorf("%s: cdk synth differs from the golden template (-golden +cli):\n%s", id, cmp.Diff(w, g))
		}
	}

	// A user's snapshot test, written as the README shows (snapshot.NewApp,
	// paths anchored with pylambda.ProjectPath, run from this sub-package),
	// synthesizes exactly what the CLI does.
	var user stacks.Stacks
	cdktest.Run(t, func() {
		app := snapshot.NewApp(t, nil)
		user = stacks.Build(app)
		nagpacks.Apply(app)
	})
	for name, stack := range allStacks(user) {
		got, err := snapshot.Template(stack)
		if err != nil {
			t.Fatal(err)
		}
		var cli map[string]any
		readJSON(t, filepath.Join(out, *stack.ArtifactId()+".template.json"), &cli)
		dropCLIMetadata(cli)
		if d := cmp.Diff(snapshot.Normalize(cli, nil), snapshot.Normalize(got, nil)); d != "" {
			t.Errorf("%s: a user's snapshot.NewApp template differs from cdk synth's (-cli +user):\n%s", name, d)
		}
	}
}

// dropCLIMetadata removes the resource metadata that the CLI turns on
// (construct paths, asset locations) and unit-test apps do not.
func dropCLIMetadata(tmpl map[string]any) {
	resources, _ := tmpl["Resources"].(map[string]any)
	for _, r := range resources {
		res, _ := r.(map[string]any)
		md, _ := res["Metadata"].(map[string]any)
		for k := range md {
			if strings.HasPrefix(k, "aws:cdk:path") || strings.HasPrefix(k, "aws:asset:") {
				delete(md, k)
			}
		}
		if md != nil && len(md) == 0 {
			delete(res, "Metadata")
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
