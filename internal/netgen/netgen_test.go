package netgen

import (
	"os"
	"testing"

	"github.com/sourcing-go/sourcing/stock"
)

// The generated networks have the shape the benchmarks rely on: a few
// warehouses holding most of the range, many stores holding a sparse,
// popularity-skewed slice of it, some suppliers, and 10,000 SKUs.
func TestNetworkShape(t *testing.T) {
	for _, nodes := range []int{50, 500, 5000} {
		// The 5,000-node network takes seconds to build: long runs only
		// (SOURCING_LONG=1, as CI runs).
		if nodes == 5000 && (testing.Short() || os.Getenv("SOURCING_LONG") != "1") {
			continue
		}
		n := Generate(Config{Seed: 1, Nodes: nodes})
		snap, _, err := n.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[stock.NodeKind]int{}
		for _, node := range n.Nodes {
			kinds[node.Kind]++
		}
		if snap.NumNodes() != nodes || snap.NumItems() != 10_000 {
			t.Fatalf("nodes=%d: got %d nodes, %d items", nodes, snap.NumNodes(), snap.NumItems())
		}
		if kinds[stock.Warehouse] < 2 || kinds[stock.Supplier] < 1 || kinds[stock.Store] < nodes*9/10 {
			t.Errorf("nodes=%d: kinds %v", nodes, kinds)
		}
		holders := func(k int) int {
			c := 0
			for range snap.Holders(SKU(k)) {
				c++
			}
			return c
		}
		top, tail := holders(0), holders(9_999)
		if top < nodes/3 || tail > top/5 {
			t.Errorf("nodes=%d: the top SKU has %d holders and the last %d; want skewed popularity", nodes, top, tail)
		}
		density := float64(snap.NumLevels()) / float64(nodes*10_000)
		if density > 0.1 {
			t.Errorf("nodes=%d: %.1f%% of (node, SKU) pairs stocked; want sparse store stock", nodes, 100*density)
		}
		orders := n.Orders(2, 200, 1, 20)
		for _, o := range orders {
			if len(o.Lines) < 1 || len(o.Lines) > 20 {
				t.Fatalf("order %s has %d lines", o.ID, len(o.Lines))
			}
			if err := o.Validate(snap); err != nil {
				t.Fatal(err)
			}
		}
	}
}
