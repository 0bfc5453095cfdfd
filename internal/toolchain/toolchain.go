// Package toolchain points the jsii runtime at the project's pinned Node.js.
//
// The aws-cdk-go bindings start a Node.js process (the jsii kernel) and by
// default take whatever `node` is first on PATH. The project pins Node 22 LTS
// in _tools/package.json; when it is installed (make does that), Use makes the
// kernel run on it, so `go test ./...` and `go run ./cmd/app` behave the same
// as `make test` and `make synth`, without the end-of-life banner an older
// system Node would print.
package toolchain

import (
	"os"
	"path/filepath"
)

// NodeEnv is the jsii runtime's variable naming the Node.js binary to run.
const NodeEnv = "JSII_NODE"

// NodePath is the project's pinned Node.js, relative to the module root.
var NodePath = filepath.Join("_tools", "node_modules", ".bin", "node")

// Use sets JSII_NODE to the project's pinned Node.js when it is installed and
// the variable is not already set, and reports the binary the kernel will run
// ("" for the one on PATH). It must run before the first jsii call.
func Use() string {
	if v := os.Getenv(NodeEnv); v != "" {
		return v
	}
	node := Find(NodePath)
	if node != "" {
		os.Setenv(NodeEnv, node)
	}
	return node
}

// Find returns the path of rel in the module root (the nearest folder with a
// go.mod from the working directory upwards), or "" when it does not exist.
func Find(rel string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			path := filepath.Join(dir, rel)
			if _, err := os.Stat(path); err != nil {
				return ""
			}
			return path
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
