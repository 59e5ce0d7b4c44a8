package stock_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

// scale builds the inputs of a snapshot of nodes × skus with about density
// of the pairs stocked, seeded.
func scale(nodes, skus int, density float64) ([]stock.Node, []stock.Item, []stock.Record) {
	r := rand.New(rand.NewPCG(1, 2))
	ns := make([]stock.Node, nodes)
	for i := range ns {
		ns[i] = stock.Node{ID: stock.NodeID(fmt.Sprintf("n%05d", i)), Kind: stock.Store, Country: "FR", Ships: true,
			Location: geo.MustLatLng(42+r.Float64()*8, -4+r.Float64()*12), Capacity: 100}
	}
	items := make([]stock.Item, skus)
	for i := range items {
		items[i] = stock.Item{SKU: stock.SKU(fmt.Sprintf("S%06d", i)), Weight: 500}
	}
	levels := make([]stock.Record, 0, int(float64(nodes*skus)*density*1.01))
	for _, n := range ns {
		for _, it := range items {
			if r.Float64() < density {
				levels = append(levels, stock.Record{Node: n.ID, SKU: it.SKU, Level: stock.Level{OnHand: sourcing.Qty(1 + r.IntN(20))}})
			}
		}
	}
	return ns, items, levels
}

var (
	scaleNodes, scaleItems, scaleLevels = []stock.Node(nil), []stock.Item(nil), []stock.Record(nil)
	scaleSnap                           *stock.Snapshot
)

func scaleFixture(b *testing.B) *stock.Snapshot {
	b.Helper()
	if scaleSnap == nil {
		scaleNodes, scaleItems, scaleLevels = scale(5000, 20000, 0.1)
		snap, err := stock.NewSnapshot("EUR", scaleNodes, scaleItems, scaleLevels)
		if err != nil {
			b.Fatal(err)
		}
		scaleSnap = snap
	}
	return scaleSnap
}

// BenchmarkSnapshotBuild builds a snapshot of 5,000 nodes × 20,000 SKUs
// with about 10% of the pairs stocked (about 10 million levels) and reports
// the heap it holds per level. Run it with -benchtime 1x.
func BenchmarkSnapshotBuild(b *testing.B) {
	nodes, items, levels := scale(5000, 20000, 0.1)
	b.ResetTimer()
	var snap *stock.Snapshot
	var before, after runtime.MemStats
	for b.Loop() {
		snap = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		var err error
		if snap, err = stock.NewSnapshot("EUR", nodes, items, levels); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(snap.NumLevels()), "levels")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(snap.NumLevels()), "B/level")
	runtime.KeepAlive(snap)
}

// BenchmarkSnapshotUpdate replaces one level of the 10-million-level
// snapshot: a new snapshot sharing everything else.
func BenchmarkSnapshotUpdate(b *testing.B) {
	snap := scaleFixture(b)
	rec := []stock.Record{{Node: "n02500", SKU: "S010000", Level: stock.Level{OnHand: 7}}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		rec[0].OnHand = sourcing.Qty(i % 50)
		if _, err := snap.WithLevels(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotApply reserves a three-line plan on the big snapshot.
func BenchmarkSnapshotApply(b *testing.B) {
	snap := scaleFixture(b)
	var allocs []stock.Allocation
	for _, sku := range []stock.SKU{"S000001", "S010001", "S019999"} {
		for id, lvl := range snap.Holders(sku) {
			if lvl.Available() > 0 {
				allocs = append(allocs, stock.Allocation{Node: id, SKU: sku, Qty: 1})
				break
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := snap.Apply(allocs); err != nil {
			b.Fatal(err)
		}
	}
}
