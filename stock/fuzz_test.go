package stock_test

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/stock"
)

// fzReader turns fuzz bytes into small records. Most numbers are small; a
// few bytes stand for the bounds of the library (MaxQty and its
// neighbours, negatives) so the fuzzer reaches them at once.
type fzReader struct{ b []byte }

func (r *fzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fzReader) empty() bool { return len(r.b) == 0 }

func (r *fzReader) num() int64 {
	switch c := r.byte(); c {
	case 0xF0:
		return -1
	case 0xF1:
		return int64(stock.MaxQty)
	case 0xF2:
		return int64(stock.MaxQty) + 1
	case 0xF3:
		return int64(stock.MaxQty) - 1
	case 0xF4:
		return 1 << 62
	case 0xF5:
		return 366
	case 0xF6:
		return 1_000_000_000
	case 0xF7:
		return 1_000_000_001
	case 0xF8:
		return int64(r.byte())<<8 | int64(r.byte())
	default:
		return int64(c)
	}
}

// fzNodeID and fzSKU name nodes and items from a byte: a few names, so that
// duplicates and references happen, the empty name, and (for references,
// n = 11) names no node or item has.
func fzNodeID(c byte, n byte) stock.NodeID {
	switch c %= n; c {
	case 9:
		return ""
	case 10:
		return "nowhere"
	default:
		return stock.NodeID(fmt.Sprintf("n%d", c))
	}
}

func fzSKU(c byte, n byte) stock.SKU {
	switch c %= n; c {
	case 9:
		return ""
	case 10:
		return "NOSUCH"
	default:
		return stock.SKU(fmt.Sprintf("S%d", c))
	}
}

// fzWorld decodes a currency, nodes, items and levels.
func fzWorld(data []byte) (sourcing.Currency, []stock.Node, []stock.Item, []stock.Record) {
	r := &fzReader{data}
	cur := sourcing.Currency("EUR")
	if r.byte()%16 == 15 {
		cur = "eur"
	}
	nNodes, nItems := int(r.byte()%7), int(r.byte()%7)
	var nodes []stock.Node
	for range nNodes {
		id := fzNodeID(r.byte(), 10)
		flags := r.byte()
		ll, err := geo.LatLngFromDegrees(float64(int(r.byte()%181)-90), float64(int(r.byte())-128))
		if err != nil {
			panic(err)
		}
		n := stock.Node{ID: id, Kind: stock.NodeKind(flags % 4), Location: ll, Country: "FR",
			Ships: flags&4 != 0, Pickup: flags&8 != 0, Reserve: flags&16 != 0,
			Priority: int(r.num()), HandlingCost: sourcing.Money(r.num()), PickCost: sourcing.Money(r.num()),
			Capacity: sourcing.Qty(r.num()), Committed: sourcing.Qty(r.num()), PrepDays: sourcing.Days(r.num())}
		if flags&32 != 0 && flags&64 != 0 {
			n.Country = ""
		}
		nodes = append(nodes, n)
	}
	var items []stock.Item
	for range nItems {
		it := stock.Item{SKU: fzSKU(r.byte(), 10), Weight: sourcing.Grams(r.num()), Volume: sourcing.CubicCm(r.num())}
		switch r.byte() % 4 {
		case 1:
			it.Tags = []string{"hazmat"}
		case 2:
			it.Tags = []string{"oversize", ""}
		case 3:
			it.Tags = []string{}
		}
		it.Name = string(it.SKU) + " name"
		items = append(items, it)
	}
	var levels []stock.Record
	for !r.empty() && len(levels) < 48 {
		levels = append(levels, stock.Record{Node: fzNodeID(r.byte(), 11), SKU: fzSKU(r.byte(), 11),
			Level: stock.Level{OnHand: sourcing.Qty(r.num()), Reserved: sourcing.Qty(r.num()), Safety: sourcing.Qty(r.num())}})
	}
	return cur, nodes, items, levels
}

// fzMaxAllocs bounds the allocations fzAllocs repeats: enough for sums
// thousands of times MaxQty, small enough for a fuzz input to stay fast.
const fzMaxAllocs = 4096

// fzAllocs decodes allocations, three bytes each (node, SKU, quantity),
// at most 12 given; and how many times Apply is to be repeated, the stock
// restored in between. A node byte of 0xF9 repeats the allocation before it
// as many times as the number that follows says (so that many allocations
// of one level, each up to MaxQty, add up far beyond it), up to
// fzMaxAllocs in all; 0xFA sets the repetitions from the byte after it.
func fzAllocs(data []byte) (allocs []stock.Allocation, rounds int) {
	r := &fzReader{data}
	for given := 0; !r.empty() && given < 12; given++ {
		switch c := r.byte(); c {
		case 0xF9:
			n := min(r.num(), int64(fzMaxAllocs-len(allocs)))
			if len(allocs) > 0 && n > 0 {
				allocs = append(allocs, slices.Repeat(allocs[len(allocs)-1:], int(n))...)
			}
		case 0xFA:
			rounds = int(r.byte() % 8)
		default:
			allocs = append(allocs, stock.Allocation{Node: fzNodeID(c, 11), SKU: fzSKU(r.byte(), 11), Qty: sourcing.Qty(r.num())})
		}
	}
	return allocs, rounds
}

// fzExpectValid says whether NewSnapshot must accept the inputs, from the
// rules its documentation and the field comments give.
func fzExpectValid(cur sourcing.Currency, nodes []stock.Node, items []stock.Item, levels []stock.Record) bool {
	if !cur.Valid() {
		return false
	}
	inQty := func(q sourcing.Qty) bool { return q >= 0 && q <= stock.MaxQty }
	nodeIDs := map[stock.NodeID]bool{}
	for _, n := range nodes {
		if n.ID == "" || !n.Kind.Valid() || n.Country == "" || n.Priority < 0 || n.HandlingCost < 0 || n.PickCost < 0 ||
			!inQty(n.Capacity) || !inQty(n.Committed) || n.PrepDays < 0 || n.PrepDays > 365 || nodeIDs[n.ID] {
			return false
		}
		nodeIDs[n.ID] = true
	}
	skus := map[stock.SKU]bool{}
	for _, it := range items {
		if it.SKU == "" || it.Weight < 0 || it.Weight > 1e9 || it.Volume < 0 || it.Volume > 1e12 || slices.Contains(it.Tags, "") || skus[it.SKU] {
			return false
		}
		skus[it.SKU] = true
	}
	type pair struct {
		n stock.NodeID
		s stock.SKU
	}
	seen := map[pair]bool{}
	for _, l := range levels {
		if !nodeIDs[l.Node] || !skus[l.SKU] || !inQty(l.OnHand) || !inQty(l.Reserved) || !inQty(l.Safety) || seen[pair{l.Node, l.SKU}] {
			return false
		}
		seen[pair{l.Node, l.SKU}] = true
	}
	return true
}

// fzState is everything Apply and Release may change, and what they must
// not: every level recorded, every node's committed units, the level count.
type fzState struct {
	Levels    map[string]stock.Level // "node/sku"
	Committed map[stock.NodeID]sourcing.Qty
	NumLevels int
}

func fzStateOf(s *stock.Snapshot) fzState {
	st := fzState{Levels: map[string]stock.Level{}, Committed: map[stock.NodeID]sourcing.Qty{}, NumLevels: s.NumLevels()}
	for n := range s.Nodes() {
		st.Committed[n.ID] = n.Committed
	}
	for it := range s.Items() {
		for id, l := range s.Holders(it.SKU) {
			st.Levels[string(id)+"/"+string(it.SKU)] = l
		}
	}
	return st
}

// fzCheckErrors checks that every error joined in err is a FieldError
// naming a field, with a non-empty message starting with it.
func fzCheckErrors(t *testing.T, err error) {
	t.Helper()
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if !errors.As(e, &fe) || fe.Field == "" || fe.Err == nil || !strings.HasPrefix(e.Error(), fe.Field+":") {
			t.Fatalf("error %q (%T) is not a FieldError naming a field and a sentinel", e, e)
		}
	}
}

// FuzzNewSnapshot builds snapshots from fuzzed nodes, items and levels and
// checks that NewSnapshot accepts exactly the valid inputs, reporting
// FieldErrors with the documented sentinels otherwise; that an accepted
// snapshot's counts, Node, Item, Level, Holders and the search's view of
// the index (stockindex.HoldingsOf) agree with the input records; that Apply takes exactly the feasible
// allocations (unknown node or SKU, bad quantities and more than MaxQty of
// a node in one call are FieldErrors, over-allocations ErrConflict, a
// node's committed units past MaxQty ErrOverflow), never leaves a level
// with reserved + safety above on hand, moves Reserved and Committed by
// what it takes, and never changes the snapshot it is called on; that
// Release after Apply restores every level and committed count; that
// Release on the original snapshot gives back exactly what is reserved,
// never more; and that Apply repeated with the stock restored in between
// (WithLevels, as a restock) keeps the committed counts in range. The
// quantities reach MaxQty and its neighbours, and one level may be
// allocated thousands of times in a call; every snapshot made, from any
// sequence, holds only quantities in [0, MaxQty]: never negative, never
// wrapped. (A sum wraps int64 only past 9,223,373 allocations of MaxQty,
// too many for a fuzz input: TestApplyReleaseNeverWrap makes them in a
// long run.)
func FuzzNewSnapshot(f *testing.F) {
	// Two nodes, two items, three levels; allocations within stock.
	f.Add([]byte{0, 2, 2,
		1, 1, 90, 128, 0, 120, 25, 0, 0, 0, // n1 warehouse
		2, 2, 100, 130, 1, 60, 30, 40, 12, 1, // n2 store, capacity 40, committed 12
		1, 250, 0, 0, // S1
		2, 2, 5, 1, // S2
		1, 1, 10, 2, 1,
		2, 1, 5, 0, 0,
		2, 2, 30, 0, 3,
	}, []byte{1, 1, 3, 2, 1, 5, 2, 2, 20})
	// Over capacity and over stock.
	f.Add([]byte{0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 5, 2, 0, 1, 0, 0, 0, 1, 1, 10, 0, 0},
		[]byte{1, 1, 4, 1, 1, 2})
	f.Add([]byte{0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 5, 2, 0, 1, 0, 0, 0, 1, 1, 10, 0, 0}, []byte{1, 1, 11})
	// Limits: MaxQty levels and capacity, one over them.
	f.Add([]byte{0, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0xF1, 0xF3, 0, 3, 0xF6, 0xF1, 0, 3, 3, 0xF1, 0, 0}, []byte{3, 3, 1, 3, 3, 0xF1})
	f.Add([]byte{0, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0xF2, 0, 0, 3, 0xF7, 0xF2, 0, 3, 3, 0xF2, 0xF0, 0}, []byte{3, 3, 1})
	// Extreme quantities: a node without a capacity given MaxQty, then
	// again after a restock, until its committed units would pass MaxQty.
	f.Add([]byte{0, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0xF6, 0xF1, 0, 3, 3, 0xF1, 0, 0}, []byte{3, 3, 0xF1, 0xFA, 3})
	// 4,096 allocations of MaxQty on one level, applied and released.
	f.Add([]byte{0, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0xF6, 0xF1, 0, 3, 3, 0xF1, 0xF1, 0}, []byte{3, 3, 0xF1, 0xF9, 0xF8, 0x10, 0x00})
	// MaxQty − 1 and 1 of a level, at a node of capacity MaxQty: exactly
	// full; restocked, the capacity refuses.
	f.Add([]byte{0, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0xF1, 0, 0, 3, 0xF6, 0xF1, 0, 3, 3, 0xF1, 0, 0}, []byte{3, 3, 0xF3, 3, 3, 1, 0xFA, 2})
	// Twice MaxQty − 1 released from a level holding MaxQty reserved.
	f.Add([]byte{0, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0xF6, 0xF1, 0, 3, 3, 0xF1, 0xF1, 0}, []byte{3, 3, 0xF3, 0xF9, 1})
	// Duplicates: nodes, SKUs, levels; unknown references.
	f.Add([]byte{0, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}, []byte{})
	f.Add([]byte{0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 5, 0, 0, 1, 1, 6, 0, 0}, []byte{1, 1, 1})
	f.Add([]byte{0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 10, 1, 5, 0, 0, 1, 10, 6, 0, 0}, []byte{10, 1, 1, 1, 10, 1, 1, 1, 0})
	// Reserved and safety above on hand; invalid currency, kind, tags.
	f.Add([]byte{0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 5, 4, 3}, []byte{1, 1, 1})
	f.Add([]byte{15, 1, 1, 1, 0, 0, 0, 0xF0, 0xF0, 0xF0, 0xF0, 0xF0, 0xF5, 9, 0xF0, 0xF0, 2}, []byte{})
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, world, allocData []byte) {
		cur, nodes, items, levels := fzWorld(world)
		in := struct {
			n []stock.Node
			i []stock.Item
			l []stock.Record
		}{slices.Clone(nodes), slices.Clone(items), slices.Clone(levels)}
		s, err := stock.NewSnapshot(cur, nodes, items, levels)
		if !slices.Equal(nodes, in.n) || !slices.Equal(levels, in.l) || len(items) != len(in.i) {
			t.Fatal("NewSnapshot modified its inputs")
		}
		valid := fzExpectValid(cur, nodes, items, levels)
		if err != nil {
			if valid {
				t.Fatalf("NewSnapshot refused valid input: %v\nnodes %v\nitems %v\nlevels %v", err, nodes, items, levels)
			}
			fzCheckErrors(t, err)
			fzCheckSentinels(t, err, nodes, items, levels)
			return
		}
		if !valid {
			t.Fatalf("NewSnapshot accepted invalid input\ncurrency %q\nnodes %v\nitems %v\nlevels %v", cur, nodes, items, levels)
		}
		fzCheckSnapshot(t, s, cur, nodes, items, levels)

		before := fzStateOf(s)
		fzCheckRange(t, "NewSnapshot", before)
		allocs, rounds := fzAllocs(allocData)
		want, wantErr := fzApplyModel(s, before, allocs, 1)
		next, err := s.Apply(allocs)
		if diff := gocmp.Diff(before, fzStateOf(s)); diff != "" {
			t.Fatalf("Apply(%v) changed the snapshot it was called on (-before +after):\n%s", allocs, diff)
		}
		fzCheckAdjust(t, "Apply", allocs, next, err, want, wantErr)
		if err == nil {
			fzRestockAndApply(t, next, before, levels, allocs, rounds)
			for key, l := range fzStateOf(next).Levels {
				if l.Reserved < 0 || l.Reserved+l.Safety > l.OnHand && l.Reserved != before.Levels[key].Reserved {
					t.Fatalf("Apply(%v) left %s at %+v (was %+v)", allocs, key, l, before.Levels[key])
				}
			}
			fzCheckRange(t, "Apply", fzStateOf(next))
			back, err := next.Release(allocs)
			if err != nil {
				t.Fatalf("Release(%v) after Apply: %v", allocs, err)
			}
			if diff := gocmp.Diff(before, fzStateOf(back)); diff != "" {
				t.Fatalf("Release after Apply(%v) did not restore the snapshot (-before +after):\n%s", allocs, diff)
			}
			// Applied snapshots answer lookups the same way.
			fzCheckSnapshot(t, back, cur, nodes, items, levels)
		}

		want, wantErr = fzApplyModel(s, before, allocs, -1)
		rel, err := s.Release(allocs)
		if diff := gocmp.Diff(before, fzStateOf(s)); diff != "" {
			t.Fatalf("Release(%v) changed the snapshot it was called on (-before +after):\n%s", allocs, diff)
		}
		fzCheckAdjust(t, "Release", allocs, rel, err, want, wantErr)
	})
}

// fzRestockAndApply applies allocs again, rounds times, from next (where
// they were applied once), each time after WithLevels has put back the
// levels of before: what a host restocking between orders does. Committed
// counts grow with each round until the node's capacity, or MaxQty, refuses.
func fzRestockAndApply(t *testing.T, next *stock.Snapshot, before fzState, levels []stock.Record, allocs []stock.Allocation, rounds int) {
	t.Helper()
	for round := range rounds {
		restock := make([]stock.Record, len(levels))
		for i, l := range levels {
			restock[i] = stock.Record{Node: l.Node, SKU: l.SKU, Level: before.Levels[string(l.Node)+"/"+string(l.SKU)]}
		}
		restocked, err := next.WithLevels(restock)
		if err != nil {
			t.Fatalf("round %d: WithLevels(%v): %v", round, restock, err)
		}
		st := fzStateOf(restocked)
		fzCheckRange(t, "WithLevels", st)
		want, wantErr := fzApplyModel(restocked, st, allocs, 1)
		again, err := restocked.Apply(allocs)
		if diff := gocmp.Diff(st, fzStateOf(restocked)); diff != "" {
			t.Fatalf("round %d: a refused Apply(%v) changed the snapshot (-before +after):\n%s", round, allocs, diff)
		}
		fzCheckAdjust(t, "Apply", allocs, again, err, want, wantErr)
		if err != nil {
			return
		}
		next = again
	}
}

// fzCheckRange checks that every quantity of a snapshot's state is in
// [0, MaxQty]: nothing negative, nothing wrapped around.
func fzCheckRange(t *testing.T, op string, st fzState) {
	t.Helper()
	in := func(q sourcing.Qty) bool { return q >= 0 && q <= stock.MaxQty }
	for key, l := range st.Levels {
		if !in(l.OnHand) || !in(l.Reserved) || !in(l.Safety) || !in(l.Available()) {
			t.Fatalf("%s left %s at %+v: out of [0, %d]", op, key, l, stock.MaxQty)
		}
	}
	for id, c := range st.Committed {
		if !in(c) {
			t.Fatalf("%s left %s with %d units committed: out of [0, %d]", op, id, c, stock.MaxQty)
		}
	}
}

// fzCheckSentinels checks that the documented sentinels are among the
// errors when their cause is in the input: duplicate node IDs or SKUs, and
// levels naming nodes or items not given at all.
func fzCheckSentinels(t *testing.T, err error, nodes []stock.Node, items []stock.Item, levels []stock.Record) {
	t.Helper()
	nodeIDs, skus := map[stock.NodeID]int{}, map[stock.SKU]int{}
	for _, n := range nodes {
		nodeIDs[n.ID]++
	}
	for _, it := range items {
		skus[it.SKU]++
	}
	for id, c := range nodeIDs {
		if c > 1 && !errors.Is(err, stock.ErrDuplicate) {
			t.Fatalf("node %q given %d times; error %v does not wrap ErrDuplicate", id, c, err)
		}
	}
	for sku, c := range skus {
		if c > 1 && !errors.Is(err, stock.ErrDuplicate) {
			t.Fatalf("SKU %q given %d times; error %v does not wrap ErrDuplicate", sku, c, err)
		}
	}
	for i, l := range levels {
		if nodeIDs[l.Node] == 0 && !strings.Contains(err.Error(), fmt.Sprintf("stock[%d].node", i)) {
			t.Fatalf("level %d names node %q, not given; error %v does not say so", i, l.Node, err)
		}
		if skus[l.SKU] == 0 && !strings.Contains(err.Error(), fmt.Sprintf("stock[%d].sku", i)) {
			t.Fatalf("level %d names SKU %q, not given; error %v does not say so", i, l.SKU, err)
		}
	}
}

// fzCheckSnapshot checks a snapshot's lookups against the records it was
// built from (levels as given, committed units aside).
func fzCheckSnapshot(t *testing.T, s *stock.Snapshot, cur sourcing.Currency, nodes []stock.Node, items []stock.Item, levels []stock.Record) {
	t.Helper()
	if s.Currency() != cur || s.NumNodes() != len(nodes) || s.NumItems() != len(items) || s.NumLevels() != len(levels) {
		t.Fatalf("snapshot has %s, %d nodes, %d items, %d levels; input %s, %d, %d, %d",
			s.Currency(), s.NumNodes(), s.NumItems(), s.NumLevels(), cur, len(nodes), len(items), len(levels))
	}
	for _, n := range nodes {
		got, ok := s.Node(n.ID)
		got.Committed = n.Committed
		if !ok || got != n {
			t.Fatalf("Node(%q) = %+v, %v; want %+v", n.ID, got, ok, n)
		}
		i, ok := s.NodeIndex(n.ID)
		if !ok || s.NodeAt(i).ID != n.ID {
			t.Fatalf("NodeIndex(%q) = %d, %v", n.ID, i, ok)
		}
	}
	var prev stock.NodeID
	i := 0
	for n := range s.Nodes() {
		if i > 0 && n.ID <= prev {
			t.Fatalf("Nodes() not in ID order: %q after %q", n.ID, prev)
		}
		prev = n.ID
		i++
	}
	for _, it := range items {
		got, ok := s.Item(it.SKU)
		if !ok || got.SKU != it.SKU || got.Name != it.Name || got.Weight != it.Weight || got.Volume != it.Volume || !slices.Equal(got.Tags, it.Tags) {
			t.Fatalf("Item(%q) = %+v, %v; want %+v", it.SKU, got, ok, it)
		}
	}
	if _, ok := s.Node("nowhere"); ok {
		t.Fatal(`Node("nowhere") found`)
	}
	if _, ok := s.Item("NOSUCH"); ok {
		t.Fatal(`Item("NOSUCH") found`)
	}
	// Level, for every pair, recorded or not, and unknown names.
	recorded := map[stock.SKU]map[stock.NodeID]stock.Level{}
	for _, l := range levels {
		if recorded[l.SKU] == nil {
			recorded[l.SKU] = map[stock.NodeID]stock.Level{}
		}
		recorded[l.SKU][l.Node] = l.Level
	}
	for _, n := range append(slices.Clone(nodes), stock.Node{ID: "nowhere"}) {
		for _, it := range append(slices.Clone(items), stock.Item{SKU: "NOSUCH"}) {
			if got, want := s.Level(n.ID, it.SKU), recorded[it.SKU][n.ID]; got != want {
				t.Fatalf("Level(%q, %q) = %+v, want %+v", n.ID, it.SKU, got, want)
			}
		}
	}
	// Holders: exactly the nodes recorded for the SKU, in ID order.
	for _, it := range append(slices.Clone(items), stock.Item{SKU: "NOSUCH"}) {
		ids := slices.Sorted(maps.Keys(recorded[it.SKU]))
		var gotIDs []stock.NodeID
		for id, l := range s.Holders(it.SKU) {
			if l != recorded[it.SKU][id] {
				t.Fatalf("Holders(%q) gives %q %+v, recorded %+v", it.SKU, id, l, recorded[it.SKU][id])
			}
			gotIDs = append(gotIDs, id)
		}
		if !slices.Equal(gotIDs, ids) {
			t.Fatalf("Holders(%q) = %v, want %v", it.SKU, gotIDs, ids)
		}
		// The search's view of the index: the same holders, by position.
		hl := stockindex.HoldingsOf(s, string(it.SKU))
		if hl.Len() != len(ids) {
			t.Fatalf("HoldingsOf(%q) has %d holders, want %v", it.SKU, hl.Len(), ids)
		}
		for j := range hl.Len() {
			h := hl.At(j)
			if h.Node != hl.Node(j) || s.NodeAt(int(h.Node)).ID != ids[j] || stock.Level(h.Level) != recorded[it.SKU][ids[j]] {
				t.Fatalf("HoldingsOf(%q).At(%d) = %+v, want node %q %+v", it.SKU, j, h, ids[j], recorded[it.SKU][ids[j]])
			}
		}
	}
}

// fzApplyModel computes what Apply (sign 1) or Release (sign −1) of allocs
// must give on a snapshot in state st: the new state, or the error it must
// wrap (for an invalid allocation, the first in order). Sums are kept in
// big integers, so the model itself never wraps.
func fzApplyModel(s *stock.Snapshot, st fzState, allocs []stock.Allocation, sign sourcing.Qty) (fzState, error) {
	type pair struct {
		n stock.NodeID
		s stock.SKU
	}
	sums, perNode := map[pair]*big.Int{}, map[stock.NodeID]*big.Int{}
	add := func(m *big.Int, q sourcing.Qty) *big.Int {
		if m == nil {
			m = new(big.Int)
		}
		return m.Add(m, big.NewInt(int64(q)))
	}
	for _, a := range allocs {
		if _, ok := s.Node(a.Node); !ok {
			return st, stock.ErrUnknownNode
		}
		if _, ok := s.Item(a.SKU); !ok {
			return st, stock.ErrUnknownSKU
		}
		if a.Qty <= 0 || a.Qty > stock.MaxQty {
			return st, sourcing.ErrInvalid
		}
		sums[pair{a.Node, a.SKU}] = add(sums[pair{a.Node, a.SKU}], a.Qty)
		perNode[a.Node] = add(perNode[a.Node], a.Qty)
	}
	over := func(q *big.Int, limit sourcing.Qty) bool { return q.Cmp(big.NewInt(int64(limit))) > 0 }
	nodes := slices.Sorted(maps.Keys(perNode))
	for _, id := range nodes {
		if over(perNode[id], stock.MaxQty) {
			return st, sourcing.ErrInvalid
		}
	}
	next := fzState{Levels: maps.Clone(st.Levels), Committed: maps.Clone(st.Committed), NumLevels: st.NumLevels}
	for _, p := range slices.SortedFunc(maps.Keys(sums), func(a, b pair) int { return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.s, b.s)) }) {
		key := string(p.n) + "/" + string(p.s)
		l, ok := st.Levels[key]
		q := sums[p]
		if sign > 0 && over(q, l.Available()) || sign < 0 && over(q, l.Reserved) || !ok {
			return st, stock.ErrConflict
		}
		l.Reserved += sign * sourcing.Qty(q.Int64())
		next.Levels[key] = l
	}
	for _, id := range nodes {
		n, _ := s.Node(id)
		q := sourcing.Qty(perNode[id].Int64())
		c := st.Committed[id]
		switch {
		case sign > 0 && n.Capacity > 0 && q > max(0, n.Capacity-c):
			return st, stock.ErrConflict
		case sign > 0 && c+q > stock.MaxQty:
			return st, stock.ErrOverflow
		}
		next.Committed[id] = max(0, c+sign*q)
	}
	return next, nil
}

func fzCheckAdjust(t *testing.T, op string, allocs []stock.Allocation, got *stock.Snapshot, err error, want fzState, wantErr error) {
	t.Helper()
	if wantErr != nil {
		if err == nil || got != nil {
			t.Fatalf("%s(%v) = %v, %v; want an error wrapping %v", op, allocs, got, err, wantErr)
		}
		if !errors.Is(err, wantErr) {
			t.Fatalf("%s(%v): error %v does not wrap %v", op, allocs, err, wantErr)
		}
		if !errors.Is(wantErr, stock.ErrConflict) && !errors.Is(wantErr, stock.ErrOverflow) {
			fzCheckErrors(t, err)
		}
		return
	}
	fzCheckRange(t, op, fzStateOf(got))
	if err != nil {
		t.Fatalf("%s(%v): unexpected error %v", op, allocs, err)
	}
	if diff := gocmp.Diff(want, fzStateOf(got)); diff != "" {
		t.Fatalf("%s(%v) (-want +got):\n%s", op, allocs, diff)
	}
}
