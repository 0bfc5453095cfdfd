package toolchain_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pylambda/pylambda/internal/toolchain"
)

// module writes a module root with go.mod and, if node, the pinned Node.js.
func module(t *testing.T, node bool) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if node {
		bin := filepath.Join(root, toolchain.NodePath)
		if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestUseFindsTheModulesNode(t *testing.T) {
	root := module(t, true)
	t.Chdir(filepath.Join(root, "a", "b"))
	t.Setenv(toolchain.NodeEnv, "")
	want := filepath.Join(root, toolchain.NodePath)
	if got := toolchain.Use(); got != want {
		t.Errorf("Use() = %q, want %q", got, want)
	}
	if got := os.Getenv(toolchain.NodeEnv); got != want {
		t.Errorf("%s = %q, want %q", toolchain.NodeEnv, got, want)
	}
}

func TestUseKeepsTheCallersChoice(t *testing.T) {
	t.Chdir(module(t, true))
	t.Setenv(toolchain.NodeEnv, "/opt/node/bin/node")
	if got := toolchain.Use(); got != "/opt/node/bin/node" {
		t.Errorf("Use() = %q, want the caller's JSII_NODE", got)
	}
}

func TestUseWithoutInstalledNode(t *testing.T) {
	t.Chdir(module(t, false))
	t.Setenv(toolchain.NodeEnv, "")
	if got := toolchain.Use(); got != "" || os.Getenv(toolchain.NodeEnv) != "" {
		t.Errorf("Use() = %q with no pinned Node installed, want \"\" and JSII_NODE unset", got)
	}
}
