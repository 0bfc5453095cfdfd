package pycheck

// WorkerStarts returns how many worker processes were started.
func WorkerStarts() int64 { return starts.Load() }

// RoundTrips returns how many round trips were asked of the workers.
func RoundTrips() int64 { return roundTrips.Load() }

// WorkerPIDs returns the process ids of the running workers.
func WorkerPIDs() []int {
	workers.Lock()
	defer workers.Unlock()
	var pids []int
	for _, w := range workers.byPython {
		w.mu.Lock()
		if w.proc != nil {
			pids = append(pids, w.proc.cmd.Process.Pid)
		}
		w.mu.Unlock()
	}
	return pids
}

// Send sends line, which holds no newline, to the worker that checks Python
// 3.11 functions with the default Checker, and returns the error it answers.
func Send(line string) (string, error) {
	python, err := Checker{}.find(11)
	if err != nil {
		return "", err
	}
	a, err := workerOf(python).roundTrip([]byte(line + "\n"))
	return a.Error, err
}
