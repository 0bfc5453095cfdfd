package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// PatternError is an exclude pattern the engine cannot honour.
type PatternError struct {
	Pattern string
	Rule    string
	Fix     string
}

func (e *PatternError) Error() string { return fmt.Sprintf("%q %s; %s", e.Pattern, e.Rule, e.Fix) }

// CheckPatterns refuses the exclude patterns that Excluded cannot honour as
// a user would expect: negation, "**", braces, trailing slashes, and
// malformed brackets.
func CheckPatterns(patterns []string) error {
	for _, p := range patterns {
		var rule, fix string
		switch {
		case p == "" || p == "/":
			rule, fix = "matches nothing", "remove it"
		case strings.HasPrefix(p, "!"):
			rule, fix = "is a negation, which pylambda does not support", "list what to leave out, not what to keep"
		case strings.Contains(p, "**"):
			rule, fix = "uses **, which pylambda does not support", "a pattern without a slash (e.g. \"*.md\") matches a name at any depth"
		case strings.ContainsAny(p, "{}"):
			rule, fix = "uses braces, which pylambda does not support", "write one pattern per alternative"
		case strings.HasSuffix(p, "/"):
			rule, fix = "ends with a slash", "name the folder without it: a pattern matches files and folders alike"
		case strings.Contains(p, "\\"):
			rule, fix = "holds a backslash", "separate folders with slashes"
		default:
			if _, err := path.Match(p, ""); err != nil {
				rule, fix = "is malformed ("+err.Error()+")", "close every [ with ]"
			}
		}
		if rule != "" {
			return &PatternError{Pattern: p, Rule: rule, Fix: fix}
		}
	}
	return nil
}

// listSources returns the files under entry that no exclude pattern
// matches (see Excluded); an excluded folder is skipped whole.
func listSources(entry string, excludes []string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(entry, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == entry {
			return nil
		}
		rel, _ := filepath.Rel(entry, path)
		rel = filepath.ToSlash(rel)
		if Excluded(rel, excludes) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, rel)
		} else if d.Type()&fs.ModeSymlink != 0 {
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				out = append(out, rel)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Excluded reports whether a relative, slash-separated path matches one of
// the exclude patterns: the one engine that decides what a bundle holds.
// A pattern without a slash matches a file or folder name at any depth
// ("tests", "*.pyc"); one with a slash matches the path relative to the
// function's folder ("docs/*.md", a leading slash is allowed). The wildcards
// are those of path.Match (*, ?, [...]); CheckPatterns refuses the rest.
func Excluded(rel string, patterns []string) bool {
	base := rel[strings.LastIndex(rel, "/")+1:]
	for _, p := range patterns {
		target := base
		if strings.Contains(p, "/") {
			target, p = rel, strings.TrimPrefix(p, "/")
		}
		if ok, _ := path.Match(p, target); ok {
			return true
		}
	}
	return false
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// copyTree copies the regular files of src into dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return CopyFile(path, filepath.Join(dst, rel))
	})
}

// CopyFile copies a file with a fixed mode (0755 if executable, else
// 0644), whatever the umask or the source's mode, creating dst's folder: the
// one way files get into a bundle, so that bundles are the same everywhere.
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if info.Mode()&0o111 != 0 {
		mode = 0o755
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, mode)
}
