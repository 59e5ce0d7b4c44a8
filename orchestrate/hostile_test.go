package orchestrate_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// A hostile shape is a legal input that once broke a deadline, a budget or
// memory: many lines of one SKU, lines the rules tell apart, many holders,
// long fallback chains, extreme quantities.
type hostileShape struct {
	name  string
	snap  *stock.Snapshot
	rs    *rules.RuleSet
	order orchestrate.Order
	k     int
}

// hostileWorld is stores stores at lat 45–46, lng 5–5.03, each holding
// perStore units of each of skus SKUs, one carrier with one zone, and one
// profile with the weights split 100, per_km 1, backorder 1000 (edit
// changes it).
func hostileWorld(t testing.TB, stores, skus int, perStore sourcing.Qty, edit func(*rules.ProfileSpec)) (*stock.Snapshot, *rules.RuleSet) {
	t.Helper()
	nodes := make([]stock.Node, stores)
	var items []stock.Item
	var levels []stock.Record
	for s := range skus {
		items = append(items, stock.Item{SKU: hostileSKU(s), Weight: 100})
	}
	side := int(math.Ceil(math.Sqrt(float64(stores))))
	for i := range nodes {
		lat := 45 + float64(i/side)/float64(side)
		lng := 5 + 0.03*float64(i%side)/float64(side)
		nodes[i] = stock.Node{ID: stock.NodeID(fmt.Sprintf("store-%06d", i)), Kind: stock.Store,
			Location: geo.MustLatLng(lat, lng), Country: "FR", Ships: true}
		for s := range skus {
			levels = append(levels, stock.Record{Node: nodes[i].ID, SKU: hostileSKU(s), Level: stock.Level{OnHand: perStore}})
		}
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	prof := rules.ProfileSpec{Name: "default", Weights: rules.Weights{Split: 100, PerKm: sourcing.RateScale, Backorder: 1000}}
	if edit != nil {
		edit(&prof)
	}
	rs, err := rules.New(rules.Spec{Version: "hostile", Currency: "EUR", Profiles: []rules.ProfileSpec{prof},
		Carriers: []carrier.Spec{{ID: carrier.ServiceID{Carrier: "c", Service: "std"}, MaxParcel: 500_000,
			Zones: []carrier.Zone{{MaxDistance: 2000 * geo.Kilometre, Days: 2}},
			Rates: []carrier.RateRow{{MaxWeight: 500_000, Prices: []sourcing.Money{500}}}}}})
	require.NoError(t, err)
	return snap, rs
}

func hostileSKU(i int) stock.SKU { return stock.SKU(fmt.Sprintf("S%02d", i)) }

func hostileOrder(lines ...orchestrate.Line) orchestrate.Order {
	return orchestrate.Order{ID: "hostile", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.2, 5.2), Lines: lines}
}

// repeat returns n lines of qty units of sku.
func repeat(n int, sku stock.SKU, qty sourcing.Qty) []orchestrate.Line {
	out := make([]orchestrate.Line, n)
	for i := range out {
		out[i] = orchestrate.Line{SKU: sku, Qty: qty}
	}
	return out
}

// hostileShapes builds the shapes of the reproductions, once: each was
// slow, over its deadline, out of memory or a panic before the search was
// bounded.
func hostileShapes(t testing.TB) []hostileShape {
	t.Helper()
	hostileOnce.Do(func() { hostileMade = makeHostileShapes(t) })
	return hostileMade
}

var (
	hostileOnce sync.Once
	hostileMade []hostileShape
)

func makeHostileShapes(t testing.TB) []hostileShape {
	var out []hostileShape
	add := func(name string, snap *stock.Snapshot, rs *rules.RuleSet, o orchestrate.Order, k int) {
		out = append(out, hostileShape{name: name, snap: snap, rs: rs, order: o, k: k})
	}
	snap, rs := hostileWorld(t, 2, 16, 16, nil)
	add("16 lines of 1 unit of one SKU, 2 stores", snap, rs, hostileOrder(repeat(16, "S00", 1)...), 3)
	add("8 lines of 3 units", snap, rs, hostileOrder(repeat(8, "S00", 3)...), 3)
	add("4 lines of 15 units", snap, rs, hostileOrder(repeat(4, "S00", 15)...), 3)
	add("2 lines of 255 units", snap, rs, hostileOrder(repeat(2, "S00", 255)...), 3)
	var distinct []orchestrate.Line
	for s := range 16 {
		distinct = append(distinct, orchestrate.Line{SKU: hostileSKU(s), Qty: 1})
	}
	add("16 SKUs, 2 stores: 2^16 parts the rules tell apart", snap, rs, hostileOrder(distinct...), 3)
	whole, wrs := hostileWorld(t, 2, 1, 200, func(p *rules.ProfileSpec) { p.Filters.WholeLines = true })
	var sizes []orchestrate.Line
	for q := range 16 {
		sizes = append(sizes, orchestrate.Line{SKU: "S00", Qty: sourcing.Qty(q + 1)})
	}
	add("16 whole lines of one SKU, all sizes different", whole, wrs, hostileOrder(sizes...), 3)
	kits, krs := hostileWorld(t, 3, 16, 4, nil)
	grouped := hostileOrder(append(slices.Clone(distinct), distinct...)...)
	for i := range 16 {
		grouped.ShipTogether = append(grouped.ShipTogether, []int{i, 16 + i})
	}
	add("16 ship-together pairs, 3 stores", kits, krs, grouped, 3)
	many, mrs := hostileWorld(t, 33_000, 1, 1, nil)
	add("33,000 holders of 1 unit, 16 lines of 1 unit", many, mrs, hostileOrder(repeat(16, "S00", 1)...), 3)
	wide, wirs := hostileWorld(t, 2_000, 16, 1, nil)
	add("2,000 holders of 16 SKUs, 16 lines of 1 unit", wide, wirs, hostileOrder(distinct...), 3)
	f := networkOf(t, 500)
	add("500 nodes, 16 lines of SKU-00000", f.snap, f.rs, hostileOrder(repeat(16, netgen.SKU(0), 1)...), 3)
	top := hostileOrder()
	for i := range 12 {
		top.Lines = append(top.Lines, orchestrate.Line{SKU: netgen.SKU(i), Qty: 2})
	}
	add("500 nodes, 12 lines of top SKUs", f.snap, f.rs, top, 10)
	huge, hrs := hostileWorld(t, 4, 2, stock.MaxQty, nil)
	add("lines of the largest quantity", huge, hrs, hostileOrder(orchestrate.Line{SKU: "S00", Qty: 1_000_000_000}, orchestrate.Line{SKU: "S01", Qty: 1_000_000_000}), 3)
	return out
}

// The most a call's work may pass its budget by: one step of work past the
// last check — the largest a search takes at once is making a table, a
// unit per 8 bytes, of which the largest (the parts of an order of 65,536)
// take 9 MB — and the finishing slack a cut-short call spends on its lower
// bound.
const (
	maxStep   = 1 << 21
	finishing = 1 << 18
)

// TestHostileShapesWithinBudget solves every hostile shape with a small
// budget: the work stays within it (but for one step and the finishing
// slack), so does the memory the solve allocates (a byte per unit, plus a
// fixed few megabytes), and the plans are feasible.
func TestHostileShapesWithinBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("memory is measured without the race detector's own")
	}
	for _, sh := range hostileShapes(t) {
		t.Run(sh.name, func(t *testing.T) {
			for _, budget := range []int64{20_000, 2_000_000} {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				res, err := orchestrate.Solve(context.Background(), sh.order, sh.snap, sh.rs, orchestrate.Options{K: sh.k, Budget: budget})
				runtime.ReadMemStats(&after)
				alloc := int64(after.TotalAlloc - before.TotalAlloc)
				require.LessOrEqual(t, alloc, budget+fixedBytes, "budget %d: the solve allocated %d bytes", budget, alloc)
				if err != nil {
					require.ErrorIs(t, err, orchestrate.ErrBudget)
					continue
				}
				checkFeasible(t, sh.snap, sh.order, res)
				require.LessOrEqual(t, res.Work, budget+maxStep+finishing+assembly(res), "budget %d", budget)
			}
		})
	}
}

// assembly bounds the work of assembling a result's plans, which a cut
// search still does: about 200 units per shipment and SKU it ships.
func assembly(res *orchestrate.Result) int64 {
	var n int64
	for _, p := range res.Plans {
		for _, s := range p.Shipments {
			n += 200 * int64(1+len(s.Lines))
		}
	}
	return n
}

// resultBytes is about what a result takes: its plans, their shipments and
// lines (a plan may ship from thousands of nodes).
func resultBytes(res *orchestrate.Result) int64 {
	if res == nil {
		return 0
	}
	var n int64
	for _, p := range res.Plans {
		n += int64(unsafe.Sizeof(p))
		for _, s := range p.Shipments {
			n += int64(unsafe.Sizeof(s)) + int64(len(s.Lines))*int64(unsafe.Sizeof(orchestrate.Line{}))
		}
	}
	return n
}

// fixedBytes is what a solve may allocate beyond a byte per unit of work:
// its lattice's arrays (at most 2^16 vectors of 16 bytes), its result, the
// tables its pool has not yet grown.
const fixedBytes = 4 << 20

// countdown is a context whose Err says the deadline passed once it has
// been asked polls times: it stands for a deadline that passes at a known
// point of the work, without a clock. after counts the calls past it.
type countdown struct {
	context.Context
	polls, calls, after int
}

func (c *countdown) Err() error {
	c.calls++
	if c.calls > c.polls {
		c.after++
		return context.DeadlineExceeded
	}
	return nil
}

func (c *countdown) Done() <-chan struct{} { return nil }

// TestDeadlinesHoldOnHostileShapes: a call notices its deadline within a
// step of work and then stops, whatever the order: the work a solve does
// is at most a step per look at its context, plus the finishing slack; a
// Promise, Explain or Sensitivity looks at its context only a few times
// once it has passed. (The meter looks every 4,096 units, about 20 µs; a
// step is at most about 0.5 ms.)
func TestDeadlinesHoldOnHostileShapes(t *testing.T) {
	ctx := context.Background()
	for _, sh := range hostileShapes(t) {
		t.Run(sh.name, func(t *testing.T) {
			for _, polls := range []int{1, 3, 10, 50} {
				cd := &countdown{Context: ctx, polls: polls}
				res, err := orchestrate.Solve(cd, sh.order, sh.snap, sh.rs, orchestrate.Options{K: sh.k})
				if err != nil {
					require.ErrorIs(t, err, orchestrate.ErrBudget)
					require.ErrorIs(t, err, context.DeadlineExceeded)
					continue
				}
				checkFeasible(t, sh.snap, sh.order, res)
				if res.Optimal {
					continue // done before the deadline
				}
				require.LessOrEqual(t, res.Work, int64(polls+1)*(4096+maxStep)+finishing, "%d looks at the context", polls)
				require.LessOrEqual(t, cd.after, 4, "looks at the context once past it")

				cd = &countdown{Context: ctx, polls: polls}
				_, err = orchestrate.Promise(cd, orchestrate.PromiseRequest{Basket: sh.order.Lines, Destination: sh.order.Destination,
					Country: "FR", Channel: "web"}, sh.snap, sh.rs, orchestrate.Options{})
				if err != nil {
					require.ErrorIs(t, err, orchestrate.ErrBudget)
				}
				require.LessOrEqual(t, cd.after, 5, "Promise looks at the context once past it")
			}
		})
	}
}

// TestFallbackChainOneBudget: a chain of 4,000 profiles, each widening its
// promise three times before handing over to the next, all in vain (the
// only store is too far for the promise): the whole chain shares one
// budget, so the call stops where it is spent, with the attempts it made.
// (The order asks for more than the store has: no attempt meets it.)
func TestFallbackChainOneBudget(t *testing.T) {
	snap, _ := hostileWorld(t, 1, 1, 10, nil)
	const n = 4_000
	var profiles []rules.ProfileSpec
	for i := range n {
		p := rules.ProfileSpec{Name: fmt.Sprintf("p%04d", i), Weights: rules.Weights{Split: 100, Backorder: 1000},
			Filters:  rules.Filters{OnTime: true},
			Fallback: rules.Fallback{WidenDays: []sourcing.Days{1, 2, 3}}}
		if i+1 < n {
			p.Fallback.Profile = fmt.Sprintf("p%04d", i+1)
		}
		profiles = append(profiles, p)
	}
	_, base := hostileWorld(t, 1, 1, 10, nil)
	spec := base.Spec()
	spec.Profiles = profiles
	rs, err := rules.New(spec)
	require.NoError(t, err)
	o := hostileOrder(orchestrate.Line{SKU: "S00", Qty: 11})
	o.PromiseDays = 1
	for _, budget := range []int64{5_000, 50_000, 500_000} {
		res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{Budget: budget})
		if err != nil {
			require.ErrorIs(t, err, orchestrate.ErrBudget)
			continue
		}
		require.LessOrEqual(t, res.Work, budget+maxStep+finishing+assembly(res))
		require.Less(t, len(res.Attempts), 4*n, "budget %d: the chain ran to its end", budget)
		require.False(t, res.Optimal)
	}
}

// BenchmarkHostileDeadlines solves each hostile shape, and a Promise for
// its basket, under deadlines of 1 and 10 ms with the default budget, and
// reports the time past the deadline: the slack the documentation states.
func BenchmarkHostileDeadlines(b *testing.B) {
	for _, sh := range hostileShapes(b) {
		for _, d := range []time.Duration{time.Millisecond, 10 * time.Millisecond} {
			b.Run(fmt.Sprintf("%s/%v", sh.name, d), func(b *testing.B) {
				var worst, worstPromise time.Duration
				for b.Loop() {
					ctx, cancel := context.WithTimeout(context.Background(), d)
					start := time.Now()
					_, err := orchestrate.Solve(ctx, sh.order, sh.snap, sh.rs, orchestrate.Options{K: sh.k})
					worst = max(worst, time.Since(start)-d)
					cancel()
					if err != nil && !errors.Is(err, orchestrate.ErrBudget) {
						b.Fatal(err)
					}
					ctx, cancel = context.WithTimeout(context.Background(), d)
					start = time.Now()
					_, err = orchestrate.Promise(ctx, orchestrate.PromiseRequest{Basket: sh.order.Lines, Destination: sh.order.Destination,
						Country: "FR", Channel: "web"}, sh.snap, sh.rs, orchestrate.Options{})
					worstPromise = max(worstPromise, time.Since(start)-d)
					cancel()
					if err != nil && !errors.Is(err, orchestrate.ErrBudget) {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(worst.Microseconds())/1000, "ms-past-solve")
				b.ReportMetric(float64(worstPromise.Microseconds())/1000, "ms-past-promise")
			})
		}
	}
}

// TestGeneratedHostileShapes draws hostile shapes at random — many lines
// of few SKUs, many holders, whole lines and ship-together groups, the
// largest quantities, long fallback chains — and solves each with a small
// budget: never a panic, the work and the bytes allocated within the
// budget (but for one step and the finishing slack, and a fixed few
// megabytes), every plan feasible.
func TestGeneratedHostileShapes(t *testing.T) {
	n := 60
	if longRun() {
		n = 400
	}
	if raceEnabled {
		n = 10
	}
	qtys := []sourcing.Qty{1, 1, 2, 3, 15, 255, 70_000, 1_000_000_000}
	for seed := range uint64(n) {
		if s := os.Getenv("ZZ_SEED"); s != "" && s != fmt.Sprint(seed) {
			continue
		}
		r := rand.New(rand.NewPCG(seed, 18))
		stores := []int{1, 2, 3, 50, 2_000, 20_000}[r.IntN(6)]
		skus := 1 + r.IntN(4)
		whole := r.IntN(3) == 0
		chain := []int{0, 0, 50, 2_000}[r.IntN(4)]
		snap, rs := hostileWorld(t, stores, skus, qtys[r.IntN(len(qtys))], func(p *rules.ProfileSpec) {
			p.Filters.WholeLines = whole
		})
		if chain > 0 {
			spec := rs.Spec()
			base := spec.Profiles[0]
			spec.Profiles = nil
			for i := range chain {
				p := base
				p.Name = fmt.Sprintf("p%04d", i)
				p.Filters.OnTime = true
				p.Fallback = rules.Fallback{WidenDays: []sourcing.Days{1, 2}}
				if i+1 < chain {
					p.Fallback.Profile = fmt.Sprintf("p%04d", i+1)
				}
				spec.Profiles = append(spec.Profiles, p)
			}
			var err error
			rs, err = rules.New(spec)
			require.NoError(t, err)
		}
		o := hostileOrder()
		o.PromiseDays = 1
		for range 1 + r.IntN(20) {
			o.Lines = append(o.Lines, orchestrate.Line{SKU: hostileSKU(r.IntN(skus)), Qty: qtys[r.IntN(len(qtys))]})
		}
		if len(o.Lines) >= 4 && r.IntN(3) == 0 {
			o.ShipTogether = [][]int{{0, 1}, {2, 3}}
		}
		budget := []int64{5_000, 50_000, 500_000, 5_000_000}[r.IntN(4)]
		k := 1 + r.IntN(5)
		name := fmt.Sprintf("seed %d: %d stores, %d SKUs, %d lines, whole %v, chain %d, budget %d, K %d", seed, stores, skus, len(o.Lines), whole, chain, budget, k)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: k, Budget: budget})
		runtime.ReadMemStats(&after)
		if !raceEnabled {
			alloc := int64(after.TotalAlloc - before.TotalAlloc)
			require.LessOrEqual(t, alloc, budget+fixedBytes+2*resultBytes(res), "%s: the solve allocated %d bytes", name, alloc)
		}
		if err != nil {
			require.ErrorIs(t, err, orchestrate.ErrBudget, name)
			continue
		}
		checkFeasible(t, snap, o, res)
		require.LessOrEqual(t, res.Work, budget+maxStep+finishing+assembly(res), name)
	}
}
