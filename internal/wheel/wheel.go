// Package wheel writes small Python wheels, so that bundling tests and
// benchmarks install real packages with pip offline (--no-index
// --find-links), with no package index.
package wheel

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Spec describes a wheel.
type Spec struct {
	Name    string            // distribution and import name, e.g. "fastjson"
	Version string            // e.g. "1.0.0"
	Tag     string            // e.g. "py3-none-any" or "cp311-cp311-manylinux2014_aarch64"
	Files   map[string]string // files of the package, relative to its folder
}

// PlatformTag returns the CPython 3.11 tag of a manylinux2014 platform
// ("aarch64" or "x86_64").
func PlatformTag(machine string) string { return "cp311-cp311-manylinux2014_" + machine }

// Write writes the wheel into dir and returns its path.
func Write(dir string, s Spec) (string, error) {
	name := fmt.Sprintf("%s-%s-%s.whl", s.Name, s.Version, s.Tag)
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zw := zip.NewWriter(f)

	info := fmt.Sprintf("%s-%s.dist-info", s.Name, s.Version)
	pure := strings.HasSuffix(s.Tag, "-none-any")
	files := map[string]string{}
	for rel, content := range s.Files {
		files[s.Name+"/"+rel] = content
	}
	if _, ok := files[s.Name+"/__init__.py"]; !ok {
		files[s.Name+"/__init__.py"] = ""
	}
	files[info+"/METADATA"] = fmt.Sprintf("Metadata-Version: 2.1\nName: %s\nVersion: %s\n", s.Name, s.Version)
	files[info+"/WHEEL"] = fmt.Sprintf("Wheel-Version: 1.0\nGenerator: pylambda-tests\nRoot-Is-Purelib: %t\nTag: %s\n", pure, s.Tag)

	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var record strings.Builder
	for _, n := range names {
		if err := add(zw, n, files[n]); err != nil {
			return "", err
		}
		sum := sha256.Sum256([]byte(files[n]))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", n, base64.RawURLEncoding.EncodeToString(sum[:]), len(files[n]))
	}
	fmt.Fprintf(&record, "%s/RECORD,,\n", info)
	if err := add(zw, info+"/RECORD", record.String()); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return path, f.Close()
}

func add(zw *zip.Writer, name, content string) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return err
	}
	_, err = w.Write([]byte(content))
	return err
}
