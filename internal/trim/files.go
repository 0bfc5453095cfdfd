package trim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pylambda/pylambda/internal/bundle"
)

const recordFile = "RECORD"

// selectFiles returns the files of dir to keep, given every module file of
// the bundle and the kept ones (relative slash paths).
func selectFiles(dir string, moduleFiles []string, kept map[string]bool) ([]string, error) {
	modules := map[string]bool{}
	packages := map[string]bool{} // folders of regular packages
	for _, f := range moduleFiles {
		modules[f] = true
		if strings.HasPrefix(path.Base(f), "__init__.") {
			packages[path.Dir(f)] = true
		}
	}
	keptPackages := map[string]bool{}
	for f := range kept {
		if strings.HasPrefix(path.Base(f), "__init__.") {
			keptPackages[path.Dir(f)] = true
		}
	}
	files, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	owner, err := owners(dir, files)
	if err != nil {
		return nil, err
	}
	keptDists := map[string]bool{}
	for f, dist := range owner {
		if kept[f] {
			keptDists[dist] = true
		}
	}
	var out []string
	for _, f := range files {
		top, _, _ := strings.Cut(f, "/")
		var keep bool
		switch pkg := enclosingPackage(f, packages); {
		case modules[f]:
			keep = kept[f]
		case strings.HasSuffix(top, ".dist-info"):
			keep = keptDists[top]
		case pkg != "":
			keep = keptPackages[pkg]
		case owner[f] != "":
			keep = keptDists[owner[f]]
		default:
			keep = true // the function's own data
		}
		if keep {
			out = append(out, f)
		}
	}
	return out, nil
}

// listFiles returns the regular files under dir (symbolic links to regular
// files included), relative and slash-separated, sorted, without
// __pycache__ folders and compiled .pyc files.
func listFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "__pycache__" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".pyc") {
			return nil
		}
		if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
			return nil // a broken link, a link to a folder, a socket...
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(files)
	return files, err
}

// enclosingPackage returns the folder of the innermost regular package that
// holds f, "" if none does.
func enclosingPackage(f string, packages map[string]bool) string {
	for d := path.Dir(f); d != "."; d = path.Dir(d) {
		if packages[d] {
			return d
		}
	}
	return ""
}

// owners maps each file listed in the RECORD of a *.dist-info folder at the
// root of dir to that folder.
func owners(dir string, files []string) (map[string]string, error) {
	owner := map[string]string{}
	for _, f := range files {
		dist, name, _ := strings.Cut(f, "/")
		if !strings.HasSuffix(dist, ".dist-info") || name != recordFile {
			continue
		}
		rows, err := readRecord(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if p, ok := inBundle(row[0]); ok {
				owner[p] = dist
			}
		}
	}
	return owner, nil
}

// inBundle returns a RECORD path relative to the bundle root, and false for
// one outside it (e.g. a script pip wrote elsewhere).
func inBundle(p string) (string, bool) {
	p = path.Clean(p)
	if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

func readRecord(file string) ([][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("trim: %s: %w", file, err)
		}
		if len(row) > 0 && row[0] != "" {
			rows = append(rows, row)
		}
	}
}

// Apply writes the kept files into dst, which must not exist or be empty;
// the bundle is left as it is. The RECORD of a kept *.dist-info folder is
// rewritten to list only what is kept (and what lies outside the bundle).
func (r *Result) Apply(dst string) error {
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return fmt.Errorf("trim: %s is not empty", dst)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	kept := map[string]bool{}
	for _, f := range r.Files {
		kept[f] = true
	}
	for _, f := range r.Files {
		src, out := filepath.Join(r.Dir, filepath.FromSlash(f)), filepath.Join(dst, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		dist, name, _ := strings.Cut(f, "/")
		var err error
		if strings.HasSuffix(dist, ".dist-info") && name == recordFile {
			err = writeRecord(src, out, f, kept)
		} else {
			err = bundle.CopyFile(src, out)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeRecord writes the rows of the RECORD src whose file is kept.
func writeRecord(src, out, self string, kept map[string]bool) error {
	rows, err := readRecord(src)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, row := range rows {
		if p, ok := inBundle(row[0]); !ok || kept[p] || p == self {
			if err := w.Write(row); err != nil {
				return err
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
