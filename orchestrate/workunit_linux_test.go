package orchestrate_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
)

// threadCPU returns the CPU time of the calling thread: what a solve costs,
// whatever else the machine runs (the goroutine is locked to its thread).
func threadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3 /* CLOCK_THREAD_CPUTIME_ID */, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// TestWorkUnitsCostAlike checks that a unit of Options.Budget costs about
// the same time on every path of the search: orders of every size on a
// generated network, checkout promises, reservations, click & collect, the
// large-order search, and every hostile shape (many lines of one SKU,
// 2^16 parts, many holders, the largest quantities). It measures the
// thread's CPU time per unit of each and fails when one path costs more
// than four times the median: a path that does much work per unit, which
// would let a deadline or a budget overshoot. The figures are ratios from
// one run, so a loaded machine shifts them all alike; the garbage
// collector is off while they are taken (its cost follows the live heap,
// not the search).
func TestWorkUnitsCostAlike(t *testing.T) {
	if !longRun() || testing.Short() || raceEnabled {
		t.Skip("measures CPU time, for seconds: a long run only (SOURCING_LONG=1), not under the race detector")
	}
	ctx := context.Background()
	type path struct {
		name string
		run  func() int64 // the work done
	}
	var paths []path
	solveAll := func(name string, orders []orchestrate.Order, f *fixture, opts orchestrate.Options) {
		paths = append(paths, path{name, func() int64 {
			var w int64
			for _, o := range orders {
				res, err := orchestrate.Solve(ctx, o, f.snap, f.rs, opts)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				w += res.Work
			}
			return w
		}})
	}
	sizes := []int{500}
	if longRun() {
		sizes = append(sizes, 5000)
	}
	for _, nodes := range sizes {
		f := networkOf(t, nodes)
		for _, lines := range []int{1, 5, 8, 20} {
			solveAll(fmt.Sprintf("%d nodes, %d lines", nodes, lines), f.net.Orders(7, 8, lines, lines), f, orchestrate.Options{})
		}
	}
	f := networkOf(t, 500)
	var reserve []orchestrate.Order // those some store can hold
	for _, o := range f.net.Orders(8, 32, 1, 2) {
		o.Mode = rules.Reserve
		if _, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{}); err == nil {
			reserve = append(reserve, o)
		}
	}
	solveAll("500 nodes, reservations", reserve, f, orchestrate.Options{})
	express := f.rs.Carriers()[len(f.rs.Carriers())-1].ID()
	solveAll("500 nodes, 3 lines, one service", f.net.Orders(9, 8, 3, 3), f, orchestrate.Options{Services: []carrier.ServiceID{express}})
	basket := f.net.Orders(10, 1, 3, 3)[0]
	paths = append(paths, path{"500 nodes, promise", func() int64 {
		req := orchestrate.PromiseRequest{Basket: basket.Lines, Destination: basket.Destination, Country: basket.Country, Channel: basket.Channel}
		res, err := orchestrate.Promise(ctx, req, f.snap, f.rs, orchestrate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Work
	}})
	for _, sh := range hostileShapes(t) {
		budget := int64(2_000_000)
		if sh.name == "16 SKUs, 2 stores: 2^16 parts the rules tell apart" {
			budget = orchestrate.DefaultBudget // the dynamic program over 2^16 states
		}
		paths = append(paths, path{sh.name, func() int64 {
			res, err := orchestrate.Solve(ctx, sh.order, sh.snap, sh.rs, orchestrate.Options{K: sh.k, Budget: budget})
			if err != nil {
				t.Fatalf("%s: %v", sh.name, err)
			}
			return res.Work
		}})
	}

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The collector's marking is paid by the goroutines that allocate, in
	// proportion to the live heap (here, every network of the test): with
	// it off, the figures are the search's own.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	perUnit := make([]float64, len(paths))
	for i, p := range paths {
		best := 0.0
		for range 3 {
			start, work := threadCPU(), int64(0)
			for threadCPU()-start < 5*time.Millisecond {
				work += p.run()
			}
			ns := float64(threadCPU()-start) / float64(work)
			runtime.GC()
			if best == 0 || ns < best {
				best = ns
			}
		}
		perUnit[i] = best
	}
	sorted := slices.Clone(perUnit)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	for i, p := range paths {
		t.Logf("%-55s %5.2f ns/unit", p.name, perUnit[i])
		if perUnit[i] > 4*median {
			t.Errorf("%s: %.2f ns per unit of work, over 4 × the median %.2f: a step of it is not counted", p.name, perUnit[i], median)
		}
	}
}
