package orchestrate_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
)

// A decision in one log line: log the result as a value.
func ExampleResult_LogValue() {
	snap, rs := network()
	order := orchestrate.Order{ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}}}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 2})
	if err != nil {
		panic(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		switch a.Key {
		case slog.TimeKey:
			return slog.Attr{} // for a stable example
		case "work":
			return slog.String("work", "…") // the search effort varies with the library's version
		}
		return a
	}}))
	logger.Info("sourced", "result", res)
	// Output:
	// level=INFO msg=sourced result.order=web-1001 result.mode=home result.profile=default result.version=2026-11-26.1 result.cost=1382 result.shipments=1 result.nodes=store-lyon result.backordered=0 result.plans=2 result.optimal=true result.work=…
}

// metrics is what a host might export (to Prometheus, OpenTelemetry…):
// counters fed by Options.Observe, with no metrics package in the library.
type metrics struct {
	mu       sync.Mutex
	solves   map[string]int // by outcome
	cuts     int
	work     int64
	planCost int64
}

func (m *metrics) observe(s orchestrate.SolveStats) {
	m.mu.Lock() // solves may run concurrently
	defer m.mu.Unlock()
	m.solves[s.Outcome()]++
	m.work += s.Work
	m.planCost += int64(s.Cost)
	if s.CutShort {
		m.cuts++
	}
}

// Counting solves, budget cuts and errors by sentinel with an observer.
func ExampleSolveStats() {
	snap, rs := network()
	m := &metrics{solves: map[string]int{}}
	opts := orchestrate.Options{Observe: m.observe}
	grenoble := geo.MustLatLng(45.19, 5.72)
	shoe := []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, try := range []struct {
		ctx   context.Context
		order orchestrate.Order
	}{
		{context.Background(), orchestrate.Order{ID: "a", Mode: rules.Home, Destination: grenoble, Lines: shoe}},
		{context.Background(), orchestrate.Order{ID: "b", Mode: rules.Home, Destination: grenoble, Lines: shoe}},
		{context.Background(), orchestrate.Order{ID: "c", Mode: rules.Home, Lines: shoe}},                           // no destination
		{context.Background(), orchestrate.Order{ID: "d", Mode: rules.Reserve, Destination: grenoble, Lines: shoe}}, // no store takes reservations
		{cancelled, orchestrate.Order{ID: "e", Mode: rules.Home, Destination: grenoble, Lines: shoe}},
	} {
		_, _ = orchestrate.Solve(try.ctx, try.order, snap, rs, opts)
	}
	fmt.Println("solves by outcome:", m.solves)
	fmt.Println("cut short:", m.cuts, "plan 1 costs:", m.planCost, "work spent:", m.work > 0)
	// Output:
	// solves by outcome: map[budget:1 infeasible:1 invalid:1 ok:2]
	// cut short: 1 plan 1 costs: 2424 work spent: true
}
