package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// RequirementsError is a function's dependency list that cannot be read:
// a malformed pyproject.toml, a -r or -c file that does not exist, or no
// Python to read pyproject.toml with (Err is then a *NoPythonError).
type RequirementsError struct {
	Entry string
	Err   error
}

func (e *RequirementsError) Error() string {
	return "the dependencies of " + e.Entry + " cannot be read: " + e.Err.Error()
}

func (e *RequirementsError) Unwrap() error { return e.Err }

// readRequirements returns the requirement lines of requirements.txt
// (fromFile), or of pyproject.toml's [project] dependencies, without comments
// and blanks.
func readRequirements(opts Options) (lines []string, fromFile bool, err error) {
	data, err := os.ReadFile(filepath.Join(opts.Entry, RequirementsFile))
	if err == nil {
		var lines []string
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i]
			}
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				lines = append(lines, line)
			}
		}
		return lines, len(lines) > 0, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	if _, err := os.Stat(filepath.Join(opts.Entry, PyprojectFile)); err != nil {
		return nil, false, nil
	}
	lines, err = pyprojectDependencies(opts)
	return lines, false, err
}

// PyprojectRequirements returns the [project] dependencies of Entry's
// pyproject.toml when Entry has no requirements.txt (which wins, as in a
// zip), or nil. Errors are *RequirementsError values, wrapping a
// *NoPythonError when no local Python can read the file.
//
// A pyproject.toml that declares no dependencies (tool settings alone) is
// not handed to Python at all: reading it would need a local Python 3.11.
func PyprojectRequirements(opts Options) ([]string, error) {
	if data, err := os.ReadFile(filepath.Join(opts.Entry, PyprojectFile)); err == nil && !declaresDependencies.Match(data) {
		if _, err := os.Stat(filepath.Join(opts.Entry, RequirementsFile)); err != nil {
			return nil, nil
		}
	}
	lines, fromFile, err := readRequirements(opts)
	if err != nil {
		return nil, &RequirementsError{Entry: opts.Entry, Err: err}
	}
	if fromFile {
		return nil, nil
	}
	return lines, nil
}

// declaresDependencies matches a TOML file that may declare [project]
// dependencies: a dependencies key (dotted or in a table) anywhere.
var declaresDependencies = regexp.MustCompile(`(?m)^\s*(project\.)?dependencies\s*=`)

// pyprojectDependencies reads [project] dependencies with the interpreter's
// tomllib (Python 3.11+), so that no TOML parser is needed here.
func pyprojectDependencies(opts Options) ([]string, error) {
	python, err := Interpreter(opts.Interpreter)
	if err != nil {
		return nil, err
	}
	const script = `import json, sys, tomllib
with open(sys.argv[1], "rb") as f:
    print(json.dumps(tomllib.load(f).get("project", {}).get("dependencies", [])))`
	path := filepath.Join(opts.Entry, PyprojectFile)
	var stderr bytes.Buffer
	cmd := exec.Command(python, "-c", script, path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("reading the dependencies of %s: %v: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	var deps []string
	if err := json.Unmarshal(out, &deps); err != nil {
		return nil, fmt.Errorf("reading the dependencies of %s: %w", path, err)
	}
	return deps, nil
}

// referencedFiles returns "path sha256" for the files that requirement lines
// name: requirement and constraint files (-r, -c, followed), and local
// wheels or archives given by path. Paths are as written, relative to entry,
// so that the result is the same on every machine.
func referencedFiles(entry string, lines []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	var visit func(dir string, lines []string) error
	visit = func(dir string, lines []string) error {
		for _, line := range lines {
			fields := strings.Fields(line)
			if len(fields) == 0 {
				continue
			}
			ref, follow := "", false
			switch {
			case fields[0] == "-r" || fields[0] == "--requirement" || fields[0] == "-c" || fields[0] == "--constraint":
				if len(fields) > 1 {
					ref, follow = fields[1], true
				}
			case strings.HasPrefix(fields[0], "--requirement=") || strings.HasPrefix(fields[0], "--constraint="):
				ref, follow = fields[0][strings.Index(fields[0], "=")+1:], true
			case strings.HasPrefix(fields[0], "-r") || strings.HasPrefix(fields[0], "-c"):
				ref, follow = fields[0][2:], true
			case !strings.HasPrefix(fields[0], "-"):
				ref = fields[0]
			}
			if ref == "" || strings.Contains(ref, "://") {
				continue
			}
			path := filepath.Join(dir, ref)
			info, err := os.Stat(path)
			if err != nil || !info.Mode().IsRegular() {
				if follow {
					return fmt.Errorf("%s names %s, which does not exist", RequirementsFile, ref)
				}
				continue // a package name, not a file
			}
			rel, err := filepath.Rel(entry, path)
			if err != nil || strings.HasPrefix(rel, "..") {
				rel = "(outside)/" + filepath.Base(path) // no host path in the hash
			}
			if seen[rel] {
				continue
			}
			seen[rel] = true
			sum, err := fileSum(path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel)+" "+sum)
			if follow {
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				if err := visit(filepath.Dir(path), strings.Split(string(data), "\n")); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := visit(entry, lines); err != nil {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// localWheels returns the wheels in local find-links folders (URLs are
// skipped), by file name: reading the names is cheap, and only the wheels of
// the distributions a bundle installs are hashed (relevantWheels).
func localWheels(links []string) ([]string, error) {
	var out []string
	for _, l := range links {
		if strings.Contains(l, "://") {
			continue
		}
		matches, err := filepath.Glob(filepath.Join(l, "*.whl"))
		if err != nil {
			return nil, err
		}
		out = append(out, matches...)
	}
	sort.Strings(out)
	return out, nil
}

// relevantWheels returns "file sha256" for the wheels whose distribution is
// one of dists: the ones pip chose from, or could choose from next time.
func relevantWheels(wheels []string, dists []string) ([]string, error) {
	var out []string
	for _, w := range wheels {
		name, _, _ := strings.Cut(filepath.Base(w), "-")
		if !slices.Contains(dists, normalizeName(name)) {
			continue
		}
		sum, err := fileSum(w)
		if err != nil {
			return nil, err
		}
		out = append(out, filepath.Base(w)+" "+sum)
	}
	sort.Strings(out)
	return out, nil
}

// normalizeName is a distribution's name as the package index compares
// names (PEP 503): lower case, runs of "-", "_" and "." as one "-".
func normalizeName(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' }), "-")
}
