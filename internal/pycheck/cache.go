package pycheck

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// cacheKey identifies a check: the Python that ran it and the request. Its
// answer also depends on files, which the cache entry lists.
type cacheKey struct {
	python  string // the interpreter's executable
	cwd     string // the current folder, when a path is relative
	entry   string
	paths   string // Request.Paths, separated by NUL
	handler string
	minor   int
	edge    bool
}

func newCacheKey(python, cwd string, r wireRequest) cacheKey {
	return cacheKey{
		python:  python,
		cwd:     cwd,
		entry:   r.Entry,
		paths:   strings.Join(r.Paths, "\x00"),
		handler: r.Handler,
		minor:   r.Python[1],
		edge:    r.Edge,
	}
}

// result is the worker's answer for one request: its problems and, for the
// cache, what on disk they depend on: ["stat", path, kind], ["list", folder,
// sha256 of its entries and their kinds] and ["file", path, sha256 of its
// contents], as check.py describes.
type result struct {
	Problems []Problem   `json:"problems"`
	Deps     [][3]string `json:"deps"`
}

// resultCache keeps the latest answer for each cacheKey. An answer is reused
// while every dependency it lists is unchanged, so an edited handler, a new
// module in a folder that was listed, or a file turned folder invalidates
// it. An answer replaces the one for the same key: the cache holds one entry
// per distinct request, however often its files change.
type resultCache struct {
	mu      sync.Mutex
	entries map[cacheKey]result
}

var cache resultCache

// lookup returns a copy of the cached problems of key, if its dependencies
// are unchanged.
func (c *resultCache) lookup(key cacheKey) ([]Problem, bool) {
	c.mu.Lock()
	r, ok := c.entries[key]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	// The dependencies are in the order the worker met them, and the first
	// change ends the lookup: a file is read only while the listing that
	// holds it still shows a regular file.
	for _, d := range r.Deps {
		if fingerprint(d[0], d[1]) != d[2] {
			return nil, false
		}
	}
	return slices.Clone(r.Problems), true
}

// store keeps r for key and returns a copy of its problems, nil when there
// are none.
func (c *resultCache) store(key cacheKey, r result) []Problem {
	if len(r.Problems) == 0 {
		r.Problems = nil
	}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[cacheKey]result{}
	}
	c.entries[key] = r
	c.mu.Unlock()
	return slices.Clone(r.Problems)
}

func (c *resultCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}

// fingerprint computes a dependency's fingerprint as check.py does. A file
// that cannot be read has none ("!"), which matches no recorded one, nor
// does an unknown kind of dependency.
func fingerprint(kind, path string) string {
	switch kind {
	case "stat":
		info, err := os.Stat(path)
		if err != nil {
			return ""
		}
		return kindOf(info.Mode())
	case "list":
		entries, err := os.ReadDir(path) // sorted by name
		if err != nil {
			entries = nil // as for no folder at all
		}
		var data []byte
		for _, e := range entries {
			mode := e.Type()
			if mode&fs.ModeSymlink != 0 {
				mode = fs.ModeIrregular // what a broken link is
				if info, err := os.Stat(filepath.Join(path, e.Name())); err == nil {
					mode = info.Mode()
				}
			}
			data = append(append(append(append(data, e.Name()...), 0), kindOf(mode)...), 0)
		}
		return sum(data)
	case "file":
		data, err := os.ReadFile(path)
		if err != nil {
			return "!"
		}
		return sum(data)
	}
	return "!"
}

// kindOf returns "d" for a folder, "f" for a regular file and "o" for
// anything else.
func kindOf(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "d"
	case mode.IsRegular():
		return "f"
	}
	return "o"
}

func sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}
