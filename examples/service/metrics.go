package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
)

// durationBuckets are the upper bounds, in seconds, of the solve duration
// histogram.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts what /metrics exposes, in the Prometheus text exposition
// format (version 0.0.4), written by hand: the service needs no client
// library for a few counters and one histogram.
type metrics struct {
	mu          sync.Mutex
	requests    map[[2]string]int64 // (route, status code) → requests answered
	solves      map[bool]int64      // optimal → solves answered with plans
	work        int64               // work units spent by solves, in the units of orchestrate.Options.Budget
	cuts        map[string]int64    // deadline|budget → solves cut short
	errors      map[string]int64    // sentinel name → solves failed
	busy        int64               // solves refused: -max-solves running
	applies     map[string]int64    // outcome → POST /apply
	buckets     []int64             // solves per duration bucket (not cumulative)
	durationSum float64             // seconds
	durations   int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]int64{}, solves: map[bool]int64{}, cuts: map[string]int64{},
		errors: map[string]int64{}, applies: map[string]int64{}, buckets: make([]int64, len(durationBuckets)+1)}
}

// request counts an answer.
func (m *metrics) request(route string, status int) {
	m.mu.Lock()
	m.requests[[2]string{route, strconv.Itoa(status)}]++
	m.mu.Unlock()
}

// solved counts a solve that ran: its duration, its work, how it was cut
// short (by its deadline, or by the budget), and its error, if any.
func (m *metrics) solved(d time.Duration, res *orchestrate.Result, err error, deadline bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sec := d.Seconds()
	i, _ := slices.BinarySearch(durationBuckets, sec)
	m.buckets[i]++
	m.durationSum += sec
	m.durations++
	cut := ""
	switch {
	case err == nil && res.Optimal:
	case deadline:
		cut = "deadline"
	case err == nil && res.Work >= orchestrate.DefaultBudget, errors.Is(err, orchestrate.ErrBudget):
		cut = "budget"
	}
	if cut != "" {
		m.cuts[cut]++
	}
	if err != nil {
		_, name := classify(err)
		m.errors[name]++
		return
	}
	m.solves[res.Optimal]++
	m.work += res.Work
}

// solveError counts a /solve refused before the search (a malformed order).
func (m *metrics) solveError(name string) {
	m.mu.Lock()
	m.errors[name]++
	m.mu.Unlock()
}

// refused counts a solve refused because -max-solves were running.
func (m *metrics) refused() {
	m.mu.Lock()
	m.busy++
	m.mu.Unlock()
}

// applied counts a POST /apply by outcome.
func (m *metrics) applied(outcome string) {
	m.mu.Lock()
	m.applies[outcome]++
	m.mu.Unlock()
}

// write writes every metric, families and series in a fixed order.
func (m *metrics) write(w io.Writer, inFlight int, stockVersion int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b bytes.Buffer
	family := func(name, kind, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
	}
	sample := func(name string, labels []string, v any) {
		b.WriteString(name)
		if len(labels) > 0 {
			b.WriteByte('{')
			for i := 0; i < len(labels); i += 2 {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `%s="%s"`, labels[i], labelEscaper.Replace(labels[i+1]))
			}
			b.WriteByte('}')
		}
		fmt.Fprintf(&b, " %v\n", v)
	}

	family("sourcing_http_requests_total", "counter", "HTTP requests answered, by route (the pattern, or unmatched) and status code.")
	for _, k := range slices.SortedFunc(maps.Keys(m.requests), func(a, b [2]string) int {
		return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1])
	}) {
		sample("sourcing_http_requests_total", []string{"route", k[0], "code", k[1]}, m.requests[k])
	}
	family("sourcing_solves_total", "counter", "Solves answered with plans, by whether plan 1 is proven optimal.")
	for _, optimal := range []bool{true, false} {
		sample("sourcing_solves_total", []string{"optimal", strconv.FormatBool(optimal)}, m.solves[optimal])
	}
	family("sourcing_solve_work_units_total", "counter", "Search work spent by the solves answered with plans, in the units of the search budget.")
	sample("sourcing_solve_work_units_total", nil, m.work)
	family("sourcing_solve_cuts_total", "counter", "Solves cut short, by the deadline (-solve-timeout) or by the search budget.")
	for _, by := range []string{"deadline", "budget"} {
		sample("sourcing_solve_cuts_total", []string{"by", by}, m.cuts[by])
	}
	family("sourcing_solve_errors_total", "counter", "Solves failed, by the library's error sentinel (invalid, unknown_sku, unknown_node, infeasible, no_profile, budget, overflow, currency_mismatch, other).")
	for _, name := range slices.Sorted(maps.Keys(m.errors)) {
		sample("sourcing_solve_errors_total", []string{"error", name}, m.errors[name])
	}
	family("sourcing_solves_refused_total", "counter", "Solves refused with 503 because -max-solves solves were running.")
	sample("sourcing_solves_refused_total", nil, m.busy)
	family("sourcing_solves_in_flight", "gauge", "Solves running now.")
	sample("sourcing_solves_in_flight", nil, inFlight)
	family("sourcing_solve_duration_seconds", "histogram", "Duration of the solves that ran.")
	var cum int64
	for i, le := range durationBuckets {
		cum += m.buckets[i]
		sample("sourcing_solve_duration_seconds_bucket", []string{"le", strconv.FormatFloat(le, 'g', -1, 64)}, cum)
	}
	cum += m.buckets[len(durationBuckets)]
	sample("sourcing_solve_duration_seconds_bucket", []string{"le", "+Inf"}, cum)
	sample("sourcing_solve_duration_seconds_sum", nil, strconv.FormatFloat(m.durationSum, 'g', -1, 64))
	sample("sourcing_solve_duration_seconds_count", nil, m.durations)
	family("sourcing_stock_applies_total", "counter", "POST /apply requests, by outcome (applied, stale: another version in force, conflict: the units are gone, invalid).")
	for _, outcome := range []string{"applied", "stale", "conflict", "invalid"} {
		sample("sourcing_stock_applies_total", []string{"outcome", outcome}, m.applies[outcome])
	}
	family("sourcing_stock_version", "gauge", "Version of the stock the service holds.")
	sample("sourcing_stock_version", nil, stockVersion)
	_, err := w.Write(b.Bytes())
	return err
}

// labelEscaper escapes a label value as the text format wants: backslash,
// double quote and line feed.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func (s *server) getMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = s.metrics.write(w, len(s.slots), s.stock.Load().version)
}
