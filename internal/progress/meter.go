package progress

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Meter prints progress lines. Its methods are safe for concurrent use,
// and a nil *Meter does nothing, so that a command calls it whether or not
// progress is on.
type Meter struct {
	w     io.Writer
	prog  string
	every time.Duration
	now   func() time.Time
	start time.Time
	quit  chan struct{}
	done  chan struct{}
	stop  sync.Once

	mu          sync.Mutex
	last        time.Time // of the last line, or the start
	printed     bool
	stage, unit string
	n, total    int64
	stopped     bool
}

// Start returns a meter that writes to w lines prefixed with prog (the
// command's name), at most one every interval, measured with now. It
// prints when the run moves on (Stage, Add, Set) and at every tick of
// ticks (nil for none), so that a stage that is one long call is seen too.
// An interval of 0 prints on every move: tests use it, with a fixed clock.
// Stop ends it.
func Start(w io.Writer, prog string, every time.Duration, now func() time.Time, ticks <-chan time.Time) *Meter {
	m := &Meter{w: w, prog: prog, every: every, now: now, start: now(),
		quit: make(chan struct{}), done: make(chan struct{})}
	m.last = m.start
	go func() {
		defer close(m.done)
		for {
			select {
			case <-ticks:
				m.mu.Lock()
				m.maybePrint()
				m.mu.Unlock()
			case <-m.quit:
				return
			}
		}
	}()
	return m
}

// Stage starts a stage: name says what the run does ("solving"), total
// how many units it will do (0 if unknown) and unit what they are
// ("orders"; "bytes" are shown in MB).
func (m *Meter) Stage(name string, total int64, unit string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stage, m.total, m.unit, m.n = name, total, unit, 0
	m.maybePrint()
}

// Add counts n more units done in the stage.
func (m *Meter) Add(n int64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n += n
	m.maybePrint()
}

// Set sets the units done in the stage.
func (m *Meter) Set(n int64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n = n
	m.maybePrint()
}

// Stop stops the meter; if it printed a line, it prints a last one with the
// whole run's time, so that the person watching knows it ended. It must be
// called before the command writes its own lines on w.
func (m *Meter) Stop() {
	if m == nil {
		return
	}
	m.stop.Do(func() {
		close(m.quit)
		<-m.done // a tick received is printed first
		m.mu.Lock()
		defer m.mu.Unlock()
		m.stopped = true
		if m.printed {
			fmt.Fprintf(m.w, "%s: done (%s)\n", m.prog, m.elapsed(m.now()))
		}
	})
}

// maybePrint prints the state if the interval has passed since the last
// line; m.mu is held.
func (m *Meter) maybePrint() {
	if m.stopped || m.stage == "" {
		return
	}
	t := m.now()
	if t.Sub(m.last) < m.every {
		return
	}
	m.last, m.printed = t, true
	switch {
	case m.unit == "bytes" && m.total > 0:
		fmt.Fprintf(m.w, "%s: %s: %s of %s MB (%s)\n", m.prog, m.stage, mb(m.n), mb(m.total), m.elapsed(t))
	case m.unit == "bytes":
		fmt.Fprintf(m.w, "%s: %s: %s MB (%s)\n", m.prog, m.stage, mb(m.n), m.elapsed(t))
	case m.total > 0:
		fmt.Fprintf(m.w, "%s: %s: %d of %d %s (%s)\n", m.prog, m.stage, m.n, m.total, m.unit, m.elapsed(t))
	case m.unit != "":
		fmt.Fprintf(m.w, "%s: %s: %d %s (%s)\n", m.prog, m.stage, m.n, m.unit, m.elapsed(t))
	default:
		fmt.Fprintf(m.w, "%s: %s (%s)\n", m.prog, m.stage, m.elapsed(t))
	}
}

// mb writes n bytes in megabytes, with one decimal.
func mb(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }

// elapsed is the time since the start, in whole seconds past ten, tenths
// below.
func (m *Meter) elapsed(t time.Time) time.Duration {
	d := t.Sub(m.start)
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}

// Reader counts the bytes read through it in a meter's stage.
type Reader struct {
	R io.Reader
	M *Meter
}

// Read reads from R and adds what it read to M.
func (r Reader) Read(p []byte) (int, error) {
	n, err := r.R.Read(p)
	r.M.Add(int64(n))
	return n, err
}
