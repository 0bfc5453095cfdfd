package pycheck

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// worker runs check.py as one long-lived process of one Python, started by
// the first check that needs it.
type worker struct {
	python string
	mu     sync.Mutex // held for a round trip: the process answers in order
	proc   *process   // nil until started, and after it failed or was closed
}

// workers holds a worker for each Python executable. They stay in the map
// after Close, without a process: a worker is never lost to Close.
var workers struct {
	sync.Mutex
	byPython map[string]*worker
}

// starts counts the worker processes started, and roundTrips the round
// trips asked of them.
var starts, roundTrips atomic.Int64

func workerOf(python string) *worker {
	workers.Lock()
	defer workers.Unlock()
	w := workers.byPython[python]
	if w == nil {
		if workers.byPython == nil {
			workers.byPython = map[string]*worker{}
		}
		w = &worker{python: python}
		workers.byPython[python] = w
	}
	return w
}

// Close stops the workers and empties the cache; a later check starts a new
// worker. It closes each worker's stdin, on which the worker exits, and
// waits for it (killing it after 5 seconds). Callers may call Close when
// they are done checking, but need not: an idle worker that is never closed
// exits with the Go process, whose end closes the worker's stdin.
func Close() error {
	workers.Lock()
	all := slices.Collect(maps.Values(workers.byPython))
	workers.Unlock()
	var errs []error
	for _, w := range all {
		w.mu.Lock()
		if w.proc != nil {
			if err := w.proc.close(); err != nil {
				errs = append(errs, fmt.Errorf("pycheck: closing the worker of %s: %w", w.python, err))
			}
			w.proc = nil
		}
		w.mu.Unlock()
	}
	cache.clear()
	return errors.Join(errs...)
}

// answer is the worker's reply to one round trip.
type answer struct {
	Error   string   `json:"error"` // why the requests could not be checked
	Results []result `json:"results"`
}

// check sends requests to the worker in one round trip and returns its
// results in order. cwd, when not empty, is the folder relative paths are
// resolved in.
func (w *worker) check(cwd string, requests []wireRequest) ([]result, error) {
	line, err := json.Marshal(struct {
		Cwd      string        `json:"cwd,omitempty"`
		Requests []wireRequest `json:"requests"`
	}{cwd, requests})
	if err != nil {
		return nil, err
	}
	a, err := w.roundTrip(append(line, '\n'))
	if err != nil {
		return nil, err
	}
	if a.Error != "" {
		return nil, fmt.Errorf("pycheck: the worker of %s refused the requests: %s", w.python, a.Error)
	}
	if len(a.Results) != len(requests) {
		return nil, fmt.Errorf("pycheck: the worker of %s answered %d of %d requests", w.python, len(a.Results), len(requests))
	}
	return a.Results, nil
}

// roundTrip sends line (one JSON document and a newline) and reads the
// answer, starting the process if it is not running. A process that fails
// is ended; when it was started by an earlier call (and may have died
// since), a new one is started and asked once more.
func (w *worker) roundTrip(line []byte) (answer, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	roundTrips.Add(1)
	retry := w.proc != nil
	for {
		if w.proc == nil {
			p, err := startProcess(w.python)
			if err != nil {
				return answer{}, err
			}
			w.proc = p
		}
		a, err := w.proc.exchange(line)
		if err == nil {
			return a, nil
		}
		err = w.proc.kill(w.python, err)
		w.proc = nil
		if !retry {
			return answer{}, err
		}
		retry = false
	}
}

// process is a running check.py.
type process struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *tail
}

func startProcess(python string) (*process, error) {
	// -I: no environment variables, user site-packages or script folder on
	// the path; -S: no site-packages at all; -B: no bytecode written.
	cmd := exec.Command(python, "-I", "-S", "-B", "-c", script)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout), stderr: &tail{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pycheck: starting %s: %w", python, err)
	}
	starts.Add(1)
	return p, nil
}

// exchange writes line and reads one answer.
func (p *process) exchange(line []byte) (answer, error) {
	var a answer
	if _, err := p.stdin.Write(line); err != nil {
		return a, fmt.Errorf("writing the requests: %w", err)
	}
	out, err := p.stdout.ReadBytes('\n')
	if err != nil {
		return a, fmt.Errorf("reading the answer: %w", err)
	}
	if err := json.Unmarshal(out, &a); err != nil {
		return a, fmt.Errorf("reading the answer: %w", err)
	}
	return a, nil
}

// kill ends a process whose exchange failed with err and returns the error
// to report, with how the process ended and the end of its stderr.
func (p *process) kill(python string, err error) error {
	_ = p.cmd.Process.Kill() // it may have exited already
	if waitErr := p.cmd.Wait(); waitErr != nil {
		err = fmt.Errorf("%w (%v)", err, waitErr)
	}
	return fmt.Errorf("pycheck: %s failed: %w\n%s", python, err, strings.TrimSpace(string(p.stderr.b)))
}

// closeWait is how long close waits for a process to exit before it kills
// it.
const closeWait = 5 * time.Second

// close closes the process's stdin, on which it exits, and waits for it.
func (p *process) close() error {
	p.stdin.Close()
	kill := time.AfterFunc(closeWait, func() { _ = p.cmd.Process.Kill() })
	err := p.cmd.Wait()
	if !kill.Stop() {
		return fmt.Errorf("it did not exit within %v of its stdin closing", closeWait)
	}
	return err
}

// tail keeps the last tailSize bytes written to it: the end of the worker's
// stderr, for the error when it fails. It is read only after the process
// was waited for.
type tail struct{ b []byte }

const tailSize = 4096

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - tailSize; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}
