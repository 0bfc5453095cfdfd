package project

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPath(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "cdk.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "stacks", "tests")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	real, _ := filepath.EvalSymlinks(root)
	got, _ := filepath.EvalSymlinks(Root())
	if got != real {
		t.Errorf("Root() = %s, want %s", got, real)
	}
	if got := Path("lambda/orders"); got != filepath.Join(Root(), "lambda/orders") {
		t.Errorf("Path() = %s", got)
	}
	if got := Path("/abs/x"); got != "/abs/x" {
		t.Errorf("Path(absolute) = %s", got)
	}
	t.Chdir(t.TempDir()) // no cdk.json above a temporary folder
	if Root() != "" || Path("x") != "x" {
		t.Errorf("without a cdk.json: Root() = %q, Path(x) = %q", Root(), Path("x"))
	}
}
