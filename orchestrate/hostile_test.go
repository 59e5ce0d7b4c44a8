package orchestrate_test

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

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

// hostileShapes builds the shapes of the reproductions: each was slow,
// over its deadline or out of memory before the search was bounded.
func hostileShapes(t testing.TB) []hostileShape {
	t.Helper()
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
	many, mrs := hostileWorld(t, 8_000, 1, 1, nil)
	add("8,000 holders of 1 unit, 16 lines of 1 unit", many, mrs, hostileOrder(repeat(16, "S00", 1)...), 3)
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

// TestHostileShapesWithinBudget solves every hostile shape with a small
// budget: the work stays within it (plus the finishing slack), so does the
// memory the solve allocates, and the plans are feasible.
func TestHostileShapesWithinBudget(t *testing.T) {
	for _, sh := range hostileShapes(t) {
		t.Run(sh.name, func(t *testing.T) {
			for _, budget := range []int64{20_000, 2_000_000} {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				start := time.Now()
				res, err := orchestrate.Solve(context.Background(), sh.order, sh.snap, sh.rs, orchestrate.Options{K: sh.k, Budget: budget})
				elapsed := time.Since(start)
				runtime.ReadMemStats(&after)
				if err != nil {
					require.ErrorIs(t, err, orchestrate.ErrBudget)
					continue
				}
				checkFeasible(t, sh.snap, sh.order, res)
				t.Logf("budget %d: work %d, %v, %.1f ns/unit, %d KB, optimal %v", budget, res.Work, elapsed,
					float64(elapsed.Nanoseconds())/float64(res.Work), (after.TotalAlloc-before.TotalAlloc)>>10, res.Optimal)
			}
		})
	}
}
