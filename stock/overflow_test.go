package stock_test

import (
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

// extremes is a snapshot at the bounds: a warehouse without a capacity
// and a store with a capacity of MaxQty, each holding MaxQty units of A,
// the store's all reserved.
func extremes(t *testing.T) *stock.Snapshot {
	t.Helper()
	nodes := []stock.Node{
		{ID: "dc", Kind: stock.Warehouse, Location: geo.MustLatLng(48.85, 2.35), Country: "FR", Ships: true},
		{ID: "store", Kind: stock.Store, Location: geo.MustLatLng(45.76, 4.84), Country: "FR", Ships: true, Capacity: stock.MaxQty},
	}
	levels := []stock.Record{
		{Node: "dc", SKU: "A", Level: stock.Level{OnHand: stock.MaxQty}},
		{Node: "dc", SKU: "B", Level: stock.Level{OnHand: stock.MaxQty}},
		{Node: "store", SKU: "A", Level: stock.Level{OnHand: stock.MaxQty, Reserved: stock.MaxQty}},
	}
	s, err := stock.NewSnapshot("EUR", nodes, []stock.Item{{SKU: "A"}, {SKU: "B"}}, levels)
	require.NoError(t, err)
	return s
}

// TestApplyReleaseOutOfRange: quantities that would leave [0, MaxQty] are
// refused, with the snapshot unchanged, rather than clamped or wrapped.
func TestApplyReleaseOutOfRange(t *testing.T) {
	maxOf := func(node stock.NodeID, sku stock.SKU) stock.Allocation {
		return stock.Allocation{Node: node, SKU: sku, Qty: stock.MaxQty}
	}
	tests := []struct {
		name    string
		release bool
		// restock: applied first, then the levels put back (WithLevels),
		// as a host restocking between orders does.
		restock []stock.Allocation
		allocs  []stock.Allocation
		want    error
	}{
		{name: "Apply: twice MaxQty of one level", allocs: []stock.Allocation{maxOf("dc", "A"), maxOf("dc", "A")}, want: sourcing.ErrInvalid},
		{name: "Apply: MaxQty of two levels of one node", allocs: []stock.Allocation{maxOf("dc", "A"), maxOf("dc", "B")}, want: sourcing.ErrInvalid},
		{name: "Release: twice MaxQty of one level", release: true, allocs: []stock.Allocation{maxOf("store", "A"), maxOf("store", "A")}, want: sourcing.ErrInvalid},
		{name: "Release: MaxQty never reserved", release: true, allocs: []stock.Allocation{maxOf("dc", "A")}, want: stock.ErrConflict},
		{
			// Committed counts the day's units: restocked, the node without
			// a capacity would have 2 × MaxQty committed.
			name: "Apply after a restock: committed past MaxQty", restock: []stock.Allocation{maxOf("dc", "A")},
			allocs: []stock.Allocation{{Node: "dc", SKU: "A", Qty: 1}}, want: stock.ErrOverflow,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := extremes(t)
			if tt.restock != nil {
				var levels []stock.Record
				for _, a := range tt.restock {
					levels = append(levels, stock.Record{Node: a.Node, SKU: a.SKU, Level: s.Level(a.Node, a.SKU)})
				}
				applied, err := s.Apply(tt.restock)
				require.NoError(t, err)
				s, err = applied.WithLevels(levels)
				require.NoError(t, err)
			}
			before := stateOf(s)
			var next *stock.Snapshot
			var err error
			if tt.release {
				next, err = s.Release(tt.allocs)
			} else {
				next, err = s.Apply(tt.allocs)
			}
			require.ErrorIs(t, err, tt.want)
			require.Nil(t, next)
			if diff := cmp.Diff(before, stateOf(s), cmpOpts); diff != "" {
				t.Errorf("a refused call changed the snapshot (-before +after):\n%s", diff)
			}
		})
	}
}

// TestApplyReleaseNeverWrap makes the 9,223,373 allocations of MaxQty on
// one level whose sum passes the largest int64: they once left the level
// with −9.2×10¹⁸ reserved and the node of capacity MaxQty with 0 units
// committed (Apply), or 9.2×10¹⁸ units reserved that never were (Release).
// They build 0.4 GB of allocations: a long run only (SOURCING_LONG=1).
func TestApplyReleaseNeverWrap(t *testing.T) {
	if os.Getenv("SOURCING_LONG") != "1" || raceEnabled {
		t.Skip("builds 9,223,373 allocations (0.4 GB): a long run only (SOURCING_LONG=1), not under the race detector")
	}
	s := extremes(t)
	before := stateOf(s)
	for _, tt := range []struct {
		name string
		call func([]stock.Allocation) (*stock.Snapshot, error)
		node stock.NodeID
	}{
		{"Apply", s.Apply, "store"},
		{"Apply", s.Apply, "dc"},
		{"Release", s.Release, "dc"},
	} {
		t.Run(tt.name+"/"+string(tt.node), func(t *testing.T) {
			allocs := slices.Repeat([]stock.Allocation{{Node: tt.node, SKU: "A", Qty: stock.MaxQty}}, 9_223_373)
			next, err := tt.call(allocs)
			if next != nil {
				n, _ := next.Node(tt.node)
				t.Fatalf("%s accepted: level %+v, committed %d", tt.name, next.Level(tt.node, "A"), n.Committed)
			}
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			if diff := cmp.Diff(before, stateOf(s), cmpOpts); diff != "" {
				t.Errorf("a refused call changed the snapshot (-before +after):\n%s", diff)
			}
		})
	}
}
