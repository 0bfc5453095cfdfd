// Package project finds the root of a CDK project: the folder of the
// nearest cdk.json from the working directory upwards, where the CLI runs
// the app.
package project

import (
	"os"
	"path/filepath"
)

// Root returns the folder of the nearest cdk.json from the working
// directory upwards, or "" when there is none.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "cdk.json")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path returns rel anchored at Root, or rel as it is without a cdk.json (or
// when rel is absolute).
func Path(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	if root := Root(); root != "" {
		return filepath.Join(root, rel)
	}
	return rel
}
