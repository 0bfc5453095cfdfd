package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
	"github.com/pylambda/pylambda/internal/nagpacks"
	"github.com/pylambda/pylambda/stacks"
)

// examples builds the example app as cmd/app does, once per test binary:
// every test that reads the example stacks shares one synthesis.
var examples struct {
	app    awscdk.App
	stacks stacks.Stacks
}

func exampleApp(t *testing.T) stacks.Stacks {
	t.Helper()
	if examples.app == nil {
		cdktest.Run(t, func() {
			app := cdktest.NewSharedApp()
			examples.stacks = stacks.Build(app)
			nagpacks.Apply(app)
			examples.app = app
		})
	}
	return examples.stacks
}

func allStacks(s stacks.Stacks) map[string]awscdk.Stack {
	return map[string]awscdk.Stack{
		"api":                 s.API.Stack,
		"site":                s.Site.Stack,
		"site-edge":           awscdk.Stack_Of(s.Site.URLRewrite.Lambda()),
		"site-alarms":         s.Site.Alarms.AlarmStack(),
		"site-replica-alarms": s.Site.Alarms.ReplicaStack("eu-west-1"),
		"container":           s.Container.Stack,
	}
}

// TestSnapshot compares every example stack with its golden template in
// testdata/. make update-snapshots rewrites them.
func TestSnapshot(t *testing.T) {
	for name, stack := range allStacks(exampleApp(t)) {
		t.Run(name, func(t *testing.T) { snapshot.Match(t, stack, nil) })
	}
}

// TestDeterministicSynth synthesizes the example app twice, in two apps with
// two output folders, and requires byte-identical templates and asset
// manifests: nothing may depend on time, map order or the output path.
func TestDeterministicSynth(t *testing.T) {
	first, second := synthFiles(t), synthFiles(t)
	if len(first) == 0 {
		t.Fatal("the example app synthesized no templates")
	}
	if len(first) != len(second) {
		t.Fatalf("synths wrote %d and %d files", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two synths of the same code", name)
		}
	}
}

// synthFiles returns the templates and asset manifests of one synthesis.
func synthFiles(t *testing.T) map[string][]byte {
	t.Helper()
	var dir string
	cdktest.Run(t, func() {
		app := cdktest.NewApp(t)
		stacks.Build(app)
		nagpacks.Apply(app)
		dir = *app.Synth(nil).Directory()
	})
	files := map[string][]byte{}
	for _, pattern := range []string{"*.template.json", "*.assets.json"} {
		matches, _ := filepath.Glob(filepath.Join(dir, pattern))
		sort.Strings(matches)
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(m)] = data
		}
	}
	return files
}
