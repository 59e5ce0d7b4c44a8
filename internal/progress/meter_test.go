package progress

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// clock is a fake clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestMeter(t *testing.T) {
	type step struct {
		advance time.Duration
		do      func(m *Meter, ticks chan time.Time)
	}
	stage := func(name string, total int64, unit string) func(*Meter, chan time.Time) {
		return func(m *Meter, _ chan time.Time) { m.Stage(name, total, unit) }
	}
	add := func(n int64) func(*Meter, chan time.Time) { return func(m *Meter, _ chan time.Time) { m.Add(n) } }
	tick := func(_ *Meter, ticks chan time.Time) { ticks <- time.Time{} }
	tests := []struct {
		name  string
		every time.Duration
		steps []step
		want  []string
	}{
		{name: "a short run prints nothing", every: time.Second,
			steps: []step{{0, stage("parsing", 0, "")}, {500 * time.Millisecond, tick}, {300 * time.Millisecond, stage("solving", 3, "orders")}, {0, add(3)}}},
		{name: "a line a second at most, then done", every: time.Second,
			steps: []step{
				{0, stage("solving", 100, "orders")},
				{1200 * time.Millisecond, add(5)},
				{500 * time.Millisecond, add(5)}, // too soon
				{600 * time.Millisecond, add(1)},
				{9 * time.Second, add(1)},
			},
			want: []string{"t: solving: 5 of 100 orders (1.2s)", "t: solving: 11 of 100 orders (2.3s)", "t: solving: 12 of 100 orders (11s)", "t: done (11s)"}},
		{name: "a tick shows a stage that is one long call", every: time.Second,
			steps: []step{{0, stage("parsing big.json", 0, "")}, {1500 * time.Millisecond, tick}, {2 * time.Second, tick}},
			want:  []string{"t: parsing big.json (1.5s)", "t: parsing big.json (3.5s)", "t: done (3.5s)"}},
		{name: "bytes in megabytes; a count without a total", every: 0,
			steps: []step{{0, stage("reading stock.csv", 50_000_000, "bytes")}, {0, add(12_345_678)}, {0, stage("reading nodes.csv", 0, "bytes")}, {0, stage("checking", 0, "rows")}, {0, add(7)}},
			want: []string{"t: reading stock.csv: 0.0 of 50.0 MB (0s)", "t: reading stock.csv: 12.3 of 50.0 MB (0s)", "t: reading nodes.csv: 0.0 MB (0s)",
				"t: checking: 0 rows (0s)", "t: checking: 7 rows (0s)", "t: done (0s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			ticks := make(chan time.Time)
			m := Start(&out, "t", tt.every, c.now, ticks)
			for _, s := range tt.steps {
				c.advance(s.advance)
				s.do(m, ticks)
			}
			m.Stop()
			m.Stop() // twice is harmless
			m.Add(1) // and so is a move after Stop
			var got []string
			if out.Len() > 0 {
				got = strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNilMeter(t *testing.T) {
	var m *Meter
	m.Stage("x", 1, "rows")
	m.Add(1)
	m.Set(1)
	m.Stop()
	n, err := Reader{R: strings.NewReader("abc"), M: m}.Read(make([]byte, 8))
	require.NoError(t, err)
	require.Equal(t, 3, n)
}

func TestReader(t *testing.T) {
	var out bytes.Buffer
	c := &clock{}
	m := Start(&out, "t", 0, c.now, nil)
	m.Stage("reading f", 4_000_000, "bytes")
	data, err := io.ReadAll(Reader{R: strings.NewReader(strings.Repeat("x", 2_000_000)), M: m})
	require.NoError(t, err)
	require.Len(t, data, 2_000_000)
	m.Stop()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Equal(t, "t: reading f: 2.0 of 4.0 MB (0s)", lines[len(lines)-2])
}
