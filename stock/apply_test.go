package stock_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name   string
		allocs []stock.Allocation
		// Changes from the fixture.
		levels    map[string]stock.Level
		committed map[stock.NodeID]sourcing.Qty
	}{
		{name: "nothing", allocs: nil},
		{
			name:      "one allocation",
			allocs:    []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 3}},
			levels:    map[string]stock.Level{"dc-paris/TSHIRT-M": {OnHand: 10, Reserved: 5, Safety: 1}},
			committed: map[stock.NodeID]sourcing.Qty{"dc-paris": 3},
		},
		{
			name: "a split shipment",
			allocs: []stock.Allocation{
				{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 2},
				{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 7},
				{Node: "supplier-de", SKU: "TSHIRT-M", Qty: 100},
			},
			levels: map[string]stock.Level{
				"dc-paris/TSHIRT-M":    {OnHand: 10, Reserved: 9, Safety: 1},
				"store-lyon/TSHIRT-M":  {OnHand: 3, Reserved: 2, Safety: 1},
				"supplier-de/TSHIRT-M": {OnHand: 100, Reserved: 100},
			},
			committed: map[stock.NodeID]sourcing.Qty{"dc-paris": 7, "store-lyon": 2, "supplier-de": 100},
		},
		{
			name: "the same pair twice adds up to exactly what is available",
			allocs: []stock.Allocation{
				{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 3},
				{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 4},
			},
			levels:    map[string]stock.Level{"dc-paris/TSHIRT-M": {OnHand: 10, Reserved: 9, Safety: 1}},
			committed: map[stock.NodeID]sourcing.Qty{"dc-paris": 7},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t)
			before := stateOf(s)
			next, err := s.Apply(tt.allocs)
			require.NoError(t, err)
			require.NotSame(t, s, next)

			want := stateOf(fixture(t))
			maps.Copy(want.Levels, tt.levels)
			for i, n := range want.Nodes {
				want.Nodes[i].Committed += tt.committed[n.ID]
			}
			if diff := cmp.Diff(want, stateOf(next), cmpOpts); diff != "" {
				t.Errorf("Apply() snapshot mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, stateOf(s), cmpOpts); diff != "" {
				t.Errorf("Apply() changed the original snapshot (-before +after):\n%s", diff)
			}
			// Positions do not move.
			for i := range next.NumNodes() {
				require.Equal(t, s.NodeAt(i).ID, next.NodeAt(i).ID)
			}
		})
	}
}

// withMugs is the fixture with 20 mugs at the Lyon store, whose capacity
// leaves 6 units today.
func withMugs(t *testing.T) *stock.Snapshot {
	t.Helper()
	s, err := fixture(t).WithLevels([]stock.Record{{Node: "store-lyon", SKU: "MUG", Level: stock.Level{OnHand: 20}}})
	require.NoError(t, err)
	return s
}

func TestApplyConflicts(t *testing.T) {
	tests := []struct {
		name   string
		allocs []stock.Allocation
		want   string
	}{
		{name: "over available", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 8}}, want: "dc-paris/TSHIRT-M: 8 wanted, 7 available"},
		{
			name:   "over available in two parts",
			allocs: []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 4}, {Node: "dc-paris", SKU: "TSHIRT-M", Qty: 4}},
			want:   "dc-paris/TSHIRT-M: 8 wanted, 7 available",
		},
		{name: "safety stock is not sold", allocs: []stock.Allocation{{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 3}}, want: "store-lyon/TSHIRT-M: 3 wanted, 2 available"},
		{name: "nothing recorded", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "MUG", Qty: 1}}, want: "dc-paris/MUG: 1 wanted, 0 available"},
		{name: "over capacity", allocs: []stock.Allocation{{Node: "store-lyon", SKU: "MUG", Qty: 7}}, want: "store-lyon: 7 units wanted, capacity left 6"},
		{
			name:   "over capacity across SKUs",
			allocs: []stock.Allocation{{Node: "store-lyon", SKU: "MUG", Qty: 5}, {Node: "store-lyon", SKU: "TSHIRT-M", Qty: 2}},
			want:   "store-lyon: 7 units wanted, capacity left 6",
		},
		{
			name:   "one bad allocation spoils the lot",
			allocs: []stock.Allocation{{Node: "supplier-de", SKU: "TSHIRT-M", Qty: 1}, {Node: "dc-paris", SKU: "LAMP", Qty: 1}},
			want:   "dc-paris/LAMP: 1 wanted, 0 available",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withMugs(t)
			before := stateOf(s)
			next, err := s.Apply(tt.allocs)
			require.ErrorIs(t, err, stock.ErrConflict)
			require.Nil(t, next)
			require.Contains(t, err.Error(), tt.want)
			if diff := cmp.Diff(before, stateOf(s), cmpOpts); diff != "" {
				t.Errorf("a refused Apply changed the snapshot (-before +after):\n%s", diff)
			}
		})
	}
}

func TestApplyUpToCapacity(t *testing.T) {
	s := withMugs(t)
	next, err := s.Apply([]stock.Allocation{{Node: "store-lyon", SKU: "MUG", Qty: 6}})
	require.NoError(t, err)
	n, _ := next.Node("store-lyon")
	require.Equal(t, sourcing.Qty(10), n.Committed)
	left, limited := n.Remaining()
	require.True(t, limited)
	require.Equal(t, sourcing.Qty(0), left)
	require.Equal(t, stock.Level{OnHand: 20, Reserved: 6}, next.Level("store-lyon", "MUG"))

	_, err = next.Apply([]stock.Allocation{{Node: "store-lyon", SKU: "MUG", Qty: 1}})
	require.ErrorIs(t, err, stock.ErrConflict)
	require.Contains(t, err.Error(), "capacity left 0")
}

func TestApplyInvalid(t *testing.T) {
	tests := []struct {
		name   string
		allocs []stock.Allocation
		want   fieldSentinel
	}{
		{name: "unknown node", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "MUG", Qty: 1}, {Node: "store-nice", SKU: "MUG", Qty: 1}}, want: fieldSentinel{"allocations[1].node", stock.ErrUnknownNode}},
		{name: "unknown SKU", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "SOCKS", Qty: 1}}, want: fieldSentinel{"allocations[0].sku", stock.ErrUnknownSKU}},
		{name: "zero", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 0}}, want: fieldSentinel{"allocations[0].qty", sourcing.ErrInvalid}},
		{name: "negative", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: -1}}, want: fieldSentinel{"allocations[0].qty", sourcing.ErrInvalid}},
		{name: "too many", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: stock.MaxQty + 1}}, want: fieldSentinel{"allocations[0].qty", sourcing.ErrInvalid}},
	}
	for _, tt := range tests {
		for _, op := range []string{"Apply", "Release"} {
			t.Run(op+"/"+tt.name, func(t *testing.T) {
				s := fixture(t)
				var err error
				if op == "Apply" {
					_, err = s.Apply(tt.allocs)
				} else {
					_, err = s.Release(tt.allocs)
				}
				require.ErrorIs(t, err, tt.want.Err)
				got := fieldSentinels(err)
				if diff := cmp.Diff([]fieldSentinel{tt.want}, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
					t.Errorf("%s() error mismatch (-want +got):\n%s", op, diff)
				}
			})
		}
	}
}

func TestRelease(t *testing.T) {
	t.Run("undoes Apply", func(t *testing.T) {
		s := fixture(t)
		allocs := []stock.Allocation{
			{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 2},
			{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 5},
		}
		applied, err := s.Apply(allocs)
		require.NoError(t, err)
		released, err := applied.Release(allocs)
		require.NoError(t, err)
		if diff := cmp.Diff(stateOf(s), stateOf(released), cmpOpts); diff != "" {
			t.Errorf("Release(Apply(s)) differs from s (-want +got):\n%s", diff)
		}
		require.Equal(t, sourcing.Qty(7), applied.Level("dc-paris", "TSHIRT-M").Reserved, "Release left the applied snapshot alone")
	})
	t.Run("reservations made before the snapshot", func(t *testing.T) {
		// The Lyon store had 5 mugs reserved and 4 units committed: giving
		// back all 5 empties the reservation and the commitment, which
		// never goes below zero.
		s := fixture(t)
		next, err := s.Release([]stock.Allocation{{Node: "store-lyon", SKU: "MUG", Qty: 5}})
		require.NoError(t, err)
		require.Equal(t, stock.Level{OnHand: 5}, next.Level("store-lyon", "MUG"))
		n, _ := next.Node("store-lyon")
		require.Equal(t, sourcing.Qty(0), n.Committed)
		orig, _ := s.Node("store-lyon")
		require.Equal(t, sourcing.Qty(4), orig.Committed)
	})
	for _, tt := range []struct {
		name   string
		allocs []stock.Allocation
		want   string
	}{
		{name: "more than reserved", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 3}}, want: "dc-paris/TSHIRT-M: 3 released, 2 reserved"},
		{name: "nothing recorded", allocs: []stock.Allocation{{Node: "dc-paris", SKU: "MUG", Qty: 1}}, want: "dc-paris/MUG: 1 released, 0 reserved"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t)
			next, err := s.Release(tt.allocs)
			require.ErrorIs(t, err, stock.ErrConflict)
			require.Nil(t, next)
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestWithLevels(t *testing.T) {
	s := fixture(t)
	before := stateOf(s)
	next, err := s.WithLevels([]stock.Record{
		{Node: "dc-paris", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 50, Reserved: 1}}, // replaced
		{Node: "supplier-de", SKU: "MUG", Level: stock.Level{OnHand: 9}},                 // added after
		{Node: "dc-paris", SKU: "MUG", Level: stock.Level{OnHand: 4}},                    // added before
		{Node: "store-lyon", SKU: "LAMP", Level: stock.Level{}},                          // an explicit zero
	})
	require.NoError(t, err)

	want := stateOf(fixture(t))
	want.Levels["dc-paris/TSHIRT-M"] = stock.Level{OnHand: 50, Reserved: 1}
	want.Levels["supplier-de/MUG"] = stock.Level{OnHand: 9}
	want.Levels["dc-paris/MUG"] = stock.Level{OnHand: 4}
	want.Levels["store-lyon/LAMP"] = stock.Level{}
	want.NLevels = 8
	if diff := cmp.Diff(want, stateOf(next), cmpOpts); diff != "" {
		t.Errorf("WithLevels() mismatch (-want +got):\n%s", diff)
	}
	var order []stock.NodeID
	for id := range next.Holders("MUG") {
		order = append(order, id)
	}
	require.Equal(t, []stock.NodeID{"dc-paris", "store-lyon", "supplier-de"}, order, "holders stay in node ID order")
	if diff := cmp.Diff(before, stateOf(s), cmpOpts); diff != "" {
		t.Errorf("WithLevels() changed the original (-before +after):\n%s", diff)
	}
}

func TestWithLevelsInvalid(t *testing.T) {
	ok := stock.Record{Node: "dc-paris", SKU: "MUG", Level: stock.Level{OnHand: 1}}
	tests := []struct {
		name    string
		records []stock.Record
		want    []fieldSentinel
	}{
		{name: "unknown node", records: []stock.Record{ok, {Node: "store-nice", SKU: "MUG"}}, want: []fieldSentinel{{"levels[1].node", stock.ErrUnknownNode}}},
		{name: "unknown SKU", records: []stock.Record{{Node: "dc-paris", SKU: "SOCKS"}}, want: []fieldSentinel{{"levels[0].sku", stock.ErrUnknownSKU}}},
		{
			name:    "bad level",
			records: []stock.Record{{Node: "dc-paris", SKU: "MUG", Level: stock.Level{OnHand: -1, Safety: stock.MaxQty + 1}}},
			want:    []fieldSentinel{{"levels[0].on_hand", sourcing.ErrInvalid}, {"levels[0].safety", sourcing.ErrInvalid}},
		},
		{name: "the same pair twice", records: []stock.Record{ok, ok}, want: []fieldSentinel{{"levels[1]", stock.ErrDuplicate}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t)
			before := stateOf(s)
			next, err := s.WithLevels(tt.records)
			require.Error(t, err)
			require.Nil(t, next)
			if diff := cmp.Diff(tt.want, fieldSentinels(err), cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("WithLevels() errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if diff := cmp.Diff(before, stateOf(s), cmpOpts); diff != "" {
				t.Errorf("a refused WithLevels changed the snapshot (-before +after):\n%s", diff)
			}
		})
	}
}

// bigNetwork is a snapshot of 300 nodes (more than one chunk of the
// copy-on-write arrays) and 6 SKUs, with a level for about half the pairs.
func bigNetwork(t *testing.T, rng *rand.Rand) (*stock.Snapshot, []stock.Node, []stock.SKU, map[[2]string]stock.Level) {
	t.Helper()
	var nodes []stock.Node
	for i := range 300 {
		n := stock.Node{
			ID: stock.NodeID(fmt.Sprintf("n%03d", (i*7)%300)), Kind: stock.Kinds[i%3], Country: "FR",
			Location: geo.MustLatLng(float64(i%90), float64(i%180)),
		}
		if rng.IntN(2) == 0 {
			n.Capacity = sourcing.Qty(1 + rng.IntN(30))
			n.Committed = sourcing.Qty(rng.IntN(int(n.Capacity) + 1))
		}
		nodes = append(nodes, n)
	}
	skus := []stock.SKU{"A", "B", "C", "D", "E", "F"}
	var items []stock.Item
	for _, sku := range skus {
		items = append(items, stock.Item{SKU: sku, Weight: 100})
	}
	levels := map[[2]string]stock.Level{}
	var records []stock.Record
	for _, n := range nodes {
		for _, sku := range skus {
			if rng.IntN(2) == 0 {
				continue
			}
			l := stock.Level{OnHand: sourcing.Qty(rng.IntN(20)), Reserved: sourcing.Qty(rng.IntN(5)), Safety: sourcing.Qty(rng.IntN(3))}
			records = append(records, stock.Record{Node: n.ID, SKU: sku, Level: l})
			levels[[2]string{string(n.ID), string(sku)}] = l
		}
	}
	s, err := stock.NewSnapshot("EUR", nodes, items, records)
	require.NoError(t, err)
	return s, nodes, skus, levels
}

// model is what a snapshot should hold: levels and committed units.
type model struct {
	levels    map[[2]string]stock.Level
	committed map[stock.NodeID]sourcing.Qty
	capacity  map[stock.NodeID]sourcing.Qty
}

func (m model) clone() model {
	return model{maps.Clone(m.levels), maps.Clone(m.committed), m.capacity}
}

// adjust is Apply (sign 1) or Release (sign −1) on the model, written from
// the documentation: false if the snapshot must refuse.
func (m model) adjust(allocs []stock.Allocation, sign sourcing.Qty) bool {
	perLevel := map[[2]string]sourcing.Qty{}
	perNode := map[stock.NodeID]sourcing.Qty{}
	for _, a := range allocs {
		perLevel[[2]string{string(a.Node), string(a.SKU)}] += a.Qty
		perNode[a.Node] += a.Qty
	}
	for k, q := range perLevel {
		l := m.levels[k]
		if sign > 0 && q > max(0, l.OnHand-l.Reserved-l.Safety) || sign < 0 && q > l.Reserved {
			return false
		}
		l.Reserved += sign * q
		m.levels[k] = l
	}
	for n, q := range perNode {
		c := m.capacity[n]
		if sign > 0 && c > 0 && q > max(0, c-m.committed[n]) {
			return false
		}
		m.committed[n] = max(0, m.committed[n]+sign*q)
	}
	return true
}

func (m model) matches(s *stock.Snapshot) error {
	got := map[[2]string]stock.Level{}
	for it := range s.Items() {
		for id, l := range s.Holders(it.SKU) {
			got[[2]string{string(id), string(it.SKU)}] = l
		}
	}
	if !maps.Equal(m.levels, got) {
		return fmt.Errorf("levels mismatch (-want +got):\n%s", cmp.Diff(m.levels, got))
	}
	if s.NumLevels() != len(m.levels) {
		return fmt.Errorf("NumLevels() = %d, want %d", s.NumLevels(), len(m.levels))
	}
	for n := range s.Nodes() {
		if n.Committed != m.committed[n.ID] {
			return fmt.Errorf("%s committed %d, want %d", n.ID, n.Committed, m.committed[n.ID])
		}
	}
	return nil
}

// TestSnapshotHistory derives a tree of snapshots by random Apply, Release
// and WithLevels from random earlier ones, keeps every one, and checks each
// against a model at the end: no operation ever shows in a snapshot it was
// not applied to, and refusals match the documented rules.
func TestSnapshotHistory(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	base, nodes, skus, levels := bigNetwork(t, rng)
	m0 := model{levels: levels, committed: map[stock.NodeID]sourcing.Qty{}, capacity: map[stock.NodeID]sourcing.Qty{}}
	for _, n := range nodes {
		m0.committed[n.ID] = n.Committed
		m0.capacity[n.ID] = n.Capacity
	}
	type version struct {
		s *stock.Snapshot
		m model
	}
	versions := []version{{base, m0}}
	var applied, refused int
	for step := range 600 {
		from := versions[rng.IntN(len(versions))]
		m := from.m.clone()
		var next *stock.Snapshot
		var err error
		switch op := rng.IntN(5); op {
		case 0, 1, 2, 3:
			var allocs []stock.Allocation
			for range 1 + rng.IntN(3) {
				// Few nodes and SKUs, so allocations meet on the same pairs.
				n := nodes[rng.IntN(8)*37%len(nodes)]
				allocs = append(allocs, stock.Allocation{Node: n.ID, SKU: skus[rng.IntN(3)], Qty: sourcing.Qty(1 + rng.IntN(3))})
			}
			sign := sourcing.Qty(1)
			if op == 3 {
				sign = -1
				next, err = from.s.Release(allocs)
			} else {
				next, err = from.s.Apply(allocs)
			}
			if ok := m.adjust(allocs, sign); ok != (err == nil) {
				t.Fatalf("step %d: %v with %+v: error %v, model says ok = %v (seed %d)", step, op, allocs, err, ok, seed)
			}
			if err != nil {
				require.ErrorIs(t, err, stock.ErrConflict, "step %d (seed %d)", step, seed)
				refused++
				continue
			}
		case 4:
			var records []stock.Record
			seen := map[[2]string]bool{}
			for range 1 + rng.IntN(4) {
				n := nodes[rng.IntN(len(nodes))]
				k := [2]string{string(n.ID), string(skus[rng.IntN(len(skus))])}
				if seen[k] {
					continue
				}
				seen[k] = true
				l := stock.Level{OnHand: sourcing.Qty(rng.IntN(30)), Reserved: sourcing.Qty(rng.IntN(5))}
				records = append(records, stock.Record{Node: stock.NodeID(k[0]), SKU: stock.SKU(k[1]), Level: l})
				m.levels[k] = l
			}
			next, err = from.s.WithLevels(records)
			require.NoError(t, err, "step %d (seed %d)", step, seed)
		}
		applied++
		versions = append(versions, version{next, m})
	}
	for i, v := range versions {
		if err := v.m.matches(v.s); err != nil {
			t.Fatalf("version %d of %d (seed %d): %v", i, len(versions), seed, err)
		}
	}
	if applied < 100 || refused < 20 {
		t.Errorf("weak sample: %d operations applied, %d refused", applied, refused)
	}
	t.Logf("%d operations applied, %d refused", applied, refused)
}

// TestSnapshotConcurrentUse reads one snapshot from many goroutines while
// others derive new snapshots from it with Apply, Release and WithLevels.
// It proves nothing unless run with -race, which CI does.
func TestSnapshotConcurrentUse(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base, nodes, skus, levels := bigNetwork(t, rng)
	// A pair with stock to take, at a node without a capacity limit.
	var node stock.NodeID
	var sku stock.SKU
	for k, l := range levels {
		n, _ := base.Node(stock.NodeID(k[0]))
		if l.Available() >= 8 && n.Capacity == 0 {
			node, sku = stock.NodeID(k[0]), stock.SKU(k[1])
			break
		}
	}
	require.NotEmpty(t, node, "the network has a pair with stock")
	want := base.Level(node, sku)

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 30 {
				switch g % 2 {
				case 0: // reader
					for _, n := range nodes[g*10 : g*10+40] {
						for _, s := range skus {
							if got := base.Level(n.ID, s); got != levels[[2]string{string(n.ID), string(s)}] {
								errs <- fmt.Errorf("reader %d: Level(%s, %s) = %+v", g, n.ID, s, got)
								return
							}
						}
					}
					for id, l := range base.Holders(sku) {
						if id == node && l != want {
							errs <- fmt.Errorf("reader %d: holder %s = %+v, want %+v", g, id, l, want)
							return
						}
					}
				case 1: // writer
					a := []stock.Allocation{{Node: node, SKU: sku, Qty: sourcing.Qty(1 + (g+round)%8)}}
					next, err := base.Apply(a)
					if err != nil {
						errs <- fmt.Errorf("writer %d: %v", g, err)
						return
					}
					back, err := next.Release(a)
					if err != nil {
						errs <- fmt.Errorf("writer %d: %v", g, err)
						return
					}
					if back.Level(node, sku) != want {
						errs <- fmt.Errorf("writer %d: Release(Apply()) = %+v, want %+v", g, back.Level(node, sku), want)
						return
					}
					if _, err := next.WithLevels([]stock.Record{{Node: node, SKU: sku, Level: stock.Level{OnHand: sourcing.Qty(round)}}}); err != nil {
						errs <- fmt.Errorf("writer %d: %v", g, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Equal(t, want, base.Level(node, sku))
	require.True(t, slices.ContainsFunc(nodes, func(n stock.Node) bool { return n.ID == node }))
}
