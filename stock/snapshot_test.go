package stock_test

import (
	"cmp"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/stock"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the random tests (0: a new seed each run)")

func testSeed(t *testing.T) uint64 {
	t.Helper()
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", s, s)
	return s
}

// cmpOpts compares the library's values: LatLng by value (its fields are
// unexported), nil and empty slices alike.
var cmpOpts = gocmp.Options{
	gocmp.Comparer(func(a, b geo.LatLng) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// The fixture: three nodes, given out of ID order, three items, five levels.
func fixtureNodes() []stock.Node {
	return []stock.Node{
		{
			ID: "store-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR",
			Ships: true, Pickup: true, Reserve: true, Priority: 1, HandlingCost: 100, PickCost: 5,
			Capacity: 10, Committed: 4,
		},
		{
			ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR",
			Ships: true, HandlingCost: 150, PickCost: 10,
		},
		{
			ID: "supplier-de", Kind: stock.Supplier, Location: geo.MustLatLng(52.52, 13.405), Country: "DE",
			Ships: true, Priority: 2, Capacity: 1000, PrepDays: 2,
		},
	}
}

func fixtureItems() []stock.Item {
	return []stock.Item{
		{SKU: "TSHIRT-M", Weight: 300},
		{SKU: "MUG", Weight: 400, Volume: 1200, Tags: []string{"fragile"}},
		{SKU: "LAMP", Weight: 1200, Volume: 8000, Tags: []string{"oversize", "fragile"}},
	}
}

func fixtureLevels() []stock.Record {
	return []stock.Record{
		{Node: "supplier-de", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 100}},
		{Node: "dc-paris", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 10, Reserved: 2, Safety: 1}},
		{Node: "store-lyon", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 3, Safety: 1}},
		{Node: "store-lyon", SKU: "MUG", Level: stock.Level{OnHand: 5, Reserved: 5}},
		{Node: "dc-paris", SKU: "LAMP", Level: stock.Level{OnHand: 2, Safety: 5}},
	}
}

func fixture(t *testing.T) *stock.Snapshot {
	t.Helper()
	s, err := stock.NewSnapshot("EUR", fixtureNodes(), fixtureItems(), fixtureLevels())
	require.NoError(t, err)
	return s
}

// state is everything a snapshot holds, read through its exported methods.
type state struct {
	Currency sourcing.Currency
	Nodes    []stock.Node
	Items    []stock.Item
	Levels   map[string]stock.Level // "node/sku"
	NLevels  int
}

func stateOf(s *stock.Snapshot) state {
	st := state{Currency: s.Currency(), Levels: map[string]stock.Level{}, NLevels: s.NumLevels()}
	for n := range s.Nodes() {
		st.Nodes = append(st.Nodes, n)
	}
	for it := range s.Items() {
		st.Items = append(st.Items, it)
		for id, l := range s.Holders(it.SKU) {
			st.Levels[string(id)+"/"+string(it.SKU)] = l
		}
	}
	return st
}

// fieldSentinel is a field error's path and the sentinel it wraps.
type fieldSentinel struct {
	Field string
	Err   error
}

func fieldSentinels(err error) []fieldSentinel {
	var out []fieldSentinel
	for _, fe := range testkit.FieldErrors(err) {
		out = append(out, fieldSentinel{fe.Field, fe.Err})
	}
	return out
}

func TestNewSnapshot(t *testing.T) {
	s := fixture(t)
	require.Equal(t, sourcing.Currency("EUR"), s.Currency())
	require.Equal(t, 3, s.NumNodes())
	require.Equal(t, 3, s.NumItems())
	require.Equal(t, 5, s.NumLevels())

	nodes := fixtureNodes()
	want := state{
		Currency: "EUR",
		Nodes:    []stock.Node{nodes[1], nodes[0], nodes[2]}, // by ID
		Items:    []stock.Item{fixtureItems()[2], fixtureItems()[1], fixtureItems()[0]},
		Levels: map[string]stock.Level{
			"dc-paris/TSHIRT-M":    {OnHand: 10, Reserved: 2, Safety: 1},
			"store-lyon/TSHIRT-M":  {OnHand: 3, Safety: 1},
			"supplier-de/TSHIRT-M": {OnHand: 100},
			"store-lyon/MUG":       {OnHand: 5, Reserved: 5},
			"dc-paris/LAMP":        {OnHand: 2, Safety: 5},
		},
		NLevels: 5,
	}
	if diff := gocmp.Diff(want, stateOf(s), cmpOpts); diff != "" {
		t.Errorf("snapshot mismatch (-want +got):\n%s", diff)
	}
}

func TestNewSnapshotEmpty(t *testing.T) {
	s, err := stock.NewSnapshot("EUR", nil, nil, nil)
	require.NoError(t, err)
	require.Equal(t, 0, s.NumNodes())
	require.Equal(t, 0, s.NumItems())
	require.Equal(t, 0, s.NumLevels())
	if diff := gocmp.Diff(stock.Level{}, s.Level("x", "y")); diff != "" {
		t.Fatalf("s.Level(\"x\", \"y\") mismatch (-want +got):\n%s", diff)
	}
	for range s.Holders("x") {
		t.Error("Holders of an unknown SKU yielded")
	}
}

func TestNewSnapshotInvalid(t *testing.T) {
	inv := sourcing.ErrInvalid
	type input struct {
		currency sourcing.Currency
		nodes    []stock.Node
		items    []stock.Item
		levels   []stock.Record
	}
	tests := []struct {
		name   string
		change func(*input)
		want   []fieldSentinel
	}{
		{name: "bad currency", change: func(in *input) { in.currency = "eur" }, want: []fieldSentinel{{"currency", inv}}},
		{name: "no currency", change: func(in *input) { in.currency = "" }, want: []fieldSentinel{{"currency", inv}}},
		{name: "negative capacity", change: func(in *input) { in.nodes[2].Capacity = -1 }, want: []fieldSentinel{{"nodes[2].capacity", inv}}},
		{name: "capacity over the maximum", change: func(in *input) { in.nodes[0].Capacity = stock.MaxQty + 1 }, want: []fieldSentinel{{"nodes[0].capacity", inv}}},
		{name: "capacity at the maximum is fine", change: func(in *input) { in.nodes[0].Capacity = stock.MaxQty }, want: nil},
		{name: "prep days at a year is fine", change: func(in *input) { in.nodes[0].PrepDays = 365 }, want: nil},
		{name: "no location", change: func(in *input) { in.nodes[1].Location = geo.LatLng{} }, want: []fieldSentinel{{"nodes[1].lat", inv}}},
		{name: "the point (0, 0) is a location", change: func(in *input) { in.nodes[1].Location = geo.MustLatLng(0, 0) }, want: nil},
		{
			name: "every node field",
			change: func(in *input) {
				in.nodes = append(in.nodes, stock.Node{Kind: 7, Priority: -1, HandlingCost: -1, PickCost: -1, Capacity: -1, Committed: -1, PrepDays: 366})
			},
			want: []fieldSentinel{
				{"nodes[3].id", inv}, {"nodes[3].kind", inv}, {"nodes[3].lat", inv}, {"nodes[3].country", inv}, {"nodes[3].priority", inv},
				{"nodes[3].handling_cost", inv}, {"nodes[3].pick_cost", inv}, {"nodes[3].capacity", inv},
				{"nodes[3].committed", inv}, {"nodes[3].prep_days", inv},
			},
		},
		{
			name: "committed and negative prep days",
			change: func(in *input) {
				in.nodes[1].Committed = stock.MaxQty + 1
				in.nodes[1].PrepDays = -1
			},
			want: []fieldSentinel{{"nodes[1].committed", inv}, {"nodes[1].prep_days", inv}},
		},
		{
			name: "every item field",
			change: func(in *input) {
				in.items = append(in.items, stock.Item{Weight: -1, Volume: -1, Tags: []string{"ok", ""}})
			},
			want: []fieldSentinel{{"items[3].sku", inv}, {"items[3].weight_g", inv}, {"items[3].volume_cm3", inv}, {"items[3].tags[1]", inv}},
		},
		{
			name: "item too heavy and too big",
			change: func(in *input) {
				in.items[0].Weight = 1_000_000_001
				in.items[0].Volume = 1_000_000_000_001
			},
			want: []fieldSentinel{{"items[0].weight_g", inv}, {"items[0].volume_cm3", inv}},
		},
		{name: "duplicate node", change: func(in *input) { in.nodes = append(in.nodes, in.nodes[1]) }, want: []fieldSentinel{{"nodes.id", stock.ErrDuplicate}}},
		{name: "duplicate item", change: func(in *input) { in.items = append(in.items, stock.Item{SKU: "LAMP"}) }, want: []fieldSentinel{{"items.sku", stock.ErrDuplicate}}},
		{
			name:   "renamed node leaves its rows unknown",
			change: func(in *input) { in.nodes[1].ID = "dc-lille" },
			want:   []fieldSentinel{{"stock[1].node", stock.ErrUnknownNode}, {"stock[4].node", stock.ErrUnknownNode}},
		},
		{name: "unknown node in stock", change: func(in *input) { in.levels[3].Node = "store-nice" }, want: []fieldSentinel{{"stock[3].node", stock.ErrUnknownNode}}},
		{name: "unknown SKU in stock", change: func(in *input) { in.levels[1].SKU = "SOCKS" }, want: []fieldSentinel{{"stock[1].sku", stock.ErrUnknownSKU}}},
		{
			name:   "unknown node and SKU in one row",
			change: func(in *input) { in.levels[0] = stock.Record{Node: "x", SKU: "y"} },
			want:   []fieldSentinel{{"stock[0].node", stock.ErrUnknownNode}, {"stock[0].sku", stock.ErrUnknownSKU}},
		},
		{
			name: "every level field",
			change: func(in *input) {
				in.levels[4].Level = stock.Level{OnHand: -1, Reserved: stock.MaxQty + 1, Safety: -1}
			},
			want: []fieldSentinel{{"stock[4].on_hand", inv}, {"stock[4].reserved", inv}, {"stock[4].safety", inv}},
		},
		{
			name: "duplicate level",
			change: func(in *input) {
				in.levels = append(in.levels, stock.Record{Node: "dc-paris", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 1}})
			},
			want: []fieldSentinel{{"stock[5]", stock.ErrDuplicate}},
		},
		{
			name: "everything at once, in order",
			change: func(in *input) {
				in.currency = "€"
				in.nodes[0].Priority = -3
				in.nodes = append(in.nodes, in.nodes[2])
				in.items = append(in.items, stock.Item{Weight: -1}, stock.Item{Weight: -1})
				in.levels[0].OnHand = -1
				in.levels[1].SKU = "SOCKS"
			},
			want: []fieldSentinel{
				{"currency", inv},
				{"nodes[0].priority", inv},
				{"items[3].sku", inv}, {"items[3].weight_g", inv},
				{"items[4].sku", inv}, {"items[4].weight_g", inv},
				{"nodes.id", stock.ErrDuplicate},
				{"items.sku", stock.ErrDuplicate},
				{"stock[0].on_hand", inv},
				{"stock[1].sku", stock.ErrUnknownSKU},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input{"EUR", fixtureNodes(), fixtureItems(), fixtureLevels()}
			tt.change(&in)
			s, err := stock.NewSnapshot(in.currency, in.nodes, in.items, in.levels)
			if tt.want == nil {
				require.NoError(t, err)
				require.NotNil(t, s)
				return
			}
			require.Error(t, err)
			require.Nil(t, s)
			if diff := gocmp.Diff(tt.want, fieldSentinels(err), gocmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("NewSnapshot() errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			for _, w := range tt.want {
				require.ErrorIs(t, err, w.Err)
			}
		})
	}
}

func TestNewSnapshotErrorText(t *testing.T) {
	nodes := fixtureNodes()
	nodes[2].Capacity = -1
	levels := fixtureLevels()
	levels[3].SKU = "SOCKS"
	_, err := stock.NewSnapshot("EUR", nodes, fixtureItems(), levels)
	want := "nodes[2].capacity: -1: must be in [0, 1000000000000]\n" +
		`stock[3].sku: "SOCKS": no such item`
	require.EqualError(t, err, want)
	require.ErrorIs(t, err, stock.ErrUnknownSKU)
	require.ErrorIs(t, err, sourcing.ErrInvalid)
	require.NotErrorIs(t, err, stock.ErrUnknownNode)
}

func TestLevelAvailable(t *testing.T) {
	tests := []struct {
		name string
		l    stock.Level
		want sourcing.Qty
	}{
		{name: "zero", l: stock.Level{}, want: 0},
		{name: "on hand only", l: stock.Level{OnHand: 7}, want: 7},
		{name: "all three", l: stock.Level{OnHand: 10, Reserved: 2, Safety: 1}, want: 7},
		{name: "exactly nothing left", l: stock.Level{OnHand: 5, Reserved: 3, Safety: 2}, want: 0},
		{name: "over-reserved clamps to zero", l: stock.Level{OnHand: 1, Reserved: 3}, want: 0},
		{name: "safety above on hand clamps to zero", l: stock.Level{OnHand: 2, Safety: 5}, want: 0},
		{name: "largest", l: stock.Level{OnHand: stock.MaxQty}, want: stock.MaxQty},
		{name: "largest, all reserved and safe", l: stock.Level{OnHand: 0, Reserved: stock.MaxQty, Safety: stock.MaxQty}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Available(); got != tt.want {
				t.Errorf("%+v.Available() = %d, want %d", tt.l, got, tt.want)
			}
		})
	}
}

func TestSnapshotLookups(t *testing.T) {
	s := fixture(t)
	nodes := fixtureNodes()

	t.Run("Node", func(t *testing.T) {
		got, ok := s.Node("store-lyon")
		require.True(t, ok)
		if diff := gocmp.Diff(nodes[0], got, cmpOpts); diff != "" {
			t.Errorf("Node() mismatch (-want +got):\n%s", diff)
		}
		got, ok = s.Node("store-nice")
		require.False(t, ok)
		require.Equal(t, stock.NodeID(""), got.ID)
	})
	t.Run("NodeIndex and NodeAt", func(t *testing.T) {
		for i, id := range []stock.NodeID{"dc-paris", "store-lyon", "supplier-de"} {
			got, ok := s.NodeIndex(id)
			require.True(t, ok)
			require.Equal(t, i, got)
			require.Equal(t, id, s.NodeAt(i).ID)
		}
		_, ok := s.NodeIndex("store-nice")
		require.False(t, ok)
	})
	t.Run("Item", func(t *testing.T) {
		got, ok := s.Item("LAMP")
		require.True(t, ok)
		if diff := gocmp.Diff(fixtureItems()[2], got); diff != "" {
			t.Errorf("Item() mismatch (-want +got):\n%s", diff)
		}
		require.True(t, got.HasTag("fragile"))
		require.False(t, got.HasTag("hazmat"))
		_, ok = s.Item("SOCKS")
		require.False(t, ok)
	})
	t.Run("Level", func(t *testing.T) {
		for _, tt := range []struct {
			node          stock.NodeID
			sku           stock.SKU
			want          stock.Level
			wantAvailable sourcing.Qty
		}{
			{"dc-paris", "TSHIRT-M", stock.Level{OnHand: 10, Reserved: 2, Safety: 1}, 7},
			{"store-lyon", "TSHIRT-M", stock.Level{OnHand: 3, Safety: 1}, 2},
			{"store-lyon", "MUG", stock.Level{OnHand: 5, Reserved: 5}, 0},
			{"dc-paris", "LAMP", stock.Level{OnHand: 2, Safety: 5}, 0},
			{"dc-paris", "MUG", stock.Level{}, 0},     // no record
			{"store-nice", "MUG", stock.Level{}, 0},   // unknown node
			{"dc-paris", "SOCKS", stock.Level{}, 0},   // unknown SKU
			{"store-nice", "SOCKS", stock.Level{}, 0}, // both unknown
		} {
			got := s.Level(tt.node, tt.sku)
			require.Equal(t, tt.want, got, "Level(%s, %s)", tt.node, tt.sku)
			require.Equal(t, tt.wantAvailable, got.Available(), "Level(%s, %s).Available()", tt.node, tt.sku)
		}
	})
}

func TestHolders(t *testing.T) {
	s := fixture(t)
	type holder struct {
		Node  stock.NodeID
		Index int
		Level stock.Level
	}
	collect := func(sku stock.SKU) []holder {
		var out []holder
		for id, l := range s.Holders(sku) {
			out = append(out, holder{Node: id, Level: l})
		}
		// The search's view, by position, agrees.
		hl := stockindex.HoldingsOf(s, string(sku))
		require.Equal(t, len(out), hl.Len(), "HoldingsOf(%s) has as many as Holders", sku)
		for i := range hl.Len() {
			h := hl.At(i)
			if stock.Level(h.Level) != out[i].Level || s.NodeAt(int(h.Node)).ID != out[i].Node {
				t.Fatalf("HoldingsOf(%s) #%d = %d (%s), %+v disagrees with Holders", sku, i, h.Node, s.NodeAt(int(h.Node)).ID, h.Level)
			}
			out[i].Index = int(h.Node)
		}
		return out
	}
	tests := []struct {
		sku  stock.SKU
		want []holder
	}{
		{"TSHIRT-M", []holder{
			{"dc-paris", 0, stock.Level{OnHand: 10, Reserved: 2, Safety: 1}},
			{"store-lyon", 1, stock.Level{OnHand: 3, Safety: 1}},
			{"supplier-de", 2, stock.Level{OnHand: 100}},
		}},
		{"MUG", []holder{{"store-lyon", 1, stock.Level{OnHand: 5, Reserved: 5}}}},
		{"LAMP", []holder{{"dc-paris", 0, stock.Level{OnHand: 2, Safety: 5}}}},
		{"SOCKS", nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.sku), func(t *testing.T) {
			if diff := gocmp.Diff(tt.want, collect(tt.sku)); diff != "" {
				t.Errorf("Holders(%s) mismatch (-want +got):\n%s", tt.sku, diff)
			}
		})
	}
	t.Run("stops when asked", func(t *testing.T) {
		n := 0
		for range s.Holders("TSHIRT-M") {
			n++
			break
		}
		for range s.Nodes() {
			n++
			break
		}
		for range s.Items() {
			n++
			break
		}
		require.Equal(t, 3, n)
	})
}

func TestNodeRemaining(t *testing.T) {
	for _, tt := range []struct {
		name                string
		capacity, committed sourcing.Qty
		want                sourcing.Qty
		wantLimited         bool
	}{
		{"unlimited", 0, 50, 0, false},
		{"some left", 10, 4, 6, true},
		{"none left", 10, 10, 0, true},
		{"over-committed clamps", 10, 12, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := stock.Node{Capacity: tt.capacity, Committed: tt.committed}
			got, limited := n.Remaining()
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.wantLimited, limited)
		})
	}
}

// TestSnapshotCopiesInputs changes every slice given to NewSnapshot, and
// every value a lookup returns, and checks the snapshot sees none of it.
func TestSnapshotCopiesInputs(t *testing.T) {
	nodes, items, levels := fixtureNodes(), fixtureItems(), fixtureLevels()
	s, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	want := stateOf(fixture(t))

	nodes[0].Capacity = 1
	nodes[1].ID = "renamed"
	items[1].Tags[0] = "changed"
	items[2].Tags = append(items[2].Tags[:0], "x")
	items[0].SKU = "RENAMED"
	levels[1].OnHand = 0
	levels[0].Node = "dc-paris"

	it, _ := s.Item("MUG")
	it.Tags[0] = "changed through Item"
	for it := range s.Items() {
		if len(it.Tags) > 0 {
			it.Tags[0] = "changed through Items"
		}
	}
	n, _ := s.Node("dc-paris")
	n.HandlingCost = 1

	if diff := gocmp.Diff(want, stateOf(s), cmpOpts); diff != "" {
		t.Errorf("snapshot changed (-want +got):\n%s", diff)
	}
}

func TestNodeKind(t *testing.T) {
	for _, tt := range []struct {
		k    stock.NodeKind
		name string
	}{{stock.Warehouse, "warehouse"}, {stock.Store, "store"}, {stock.Supplier, "supplier"}} {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, tt.k.Valid())
			require.Equal(t, tt.name, tt.k.String())
			got, err := stock.ParseNodeKind(tt.name)
			require.NoError(t, err)
			require.Equal(t, tt.k, got)
			b, err := tt.k.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tt.name, string(b))
			var back stock.NodeKind
			require.NoError(t, back.UnmarshalText(b))
			require.Equal(t, tt.k, back)
		})
	}
	t.Run("invalid", func(t *testing.T) {
		for _, k := range []stock.NodeKind{0, 4, 255} {
			require.False(t, k.Valid())
			require.Equal(t, fmt.Sprintf("NodeKind(%d)", k), k.String())
			_, err := k.MarshalText()
			require.ErrorIs(t, err, sourcing.ErrInvalid)
		}
		for _, s := range []string{"", "Store", "shop", "warehouse "} {
			_, err := stock.ParseNodeKind(s)
			require.ErrorIs(t, err, sourcing.ErrInvalid, "ParseNodeKind(%q)", s)
			var k stock.NodeKind
			require.ErrorIs(t, k.UnmarshalText([]byte(s)), sourcing.ErrInvalid)
			require.Equal(t, stock.NodeKind(0), k)
		}
	})
	require.Equal(t, [...]stock.NodeKind{stock.Warehouse, stock.Store, stock.Supplier}, stock.Kinds)
}

// TestNearest checks the snapshot's nearest nodes (stockindex.Nearest) and
// its nodes' points (stockindex.Points) against sorting every kept node by
// distance (ties by position), on random networks with nodes sharing
// places, and with nodes anywhere on the globe.
func TestNearest(t *testing.T) {
	r := rand.New(rand.NewPCG(testSeed(t), 7))
	for trial := range 400 {
		wide := trial%2 == 1
		var nodes []stock.Node
		for i := range 1 + r.IntN(40) {
			// Few distinct places, so that ties are common, or anywhere.
			ll := geo.MustLatLng(43+float64(r.IntN(5)), 1+float64(r.IntN(5)))
			if wide {
				ll = geo.MustLatLng(180*r.Float64()-90, 360*r.Float64()-180)
			}
			nodes = append(nodes, stock.Node{ID: stock.NodeID(fmt.Sprintf("n%03d", i)), Kind: stock.Store, Location: ll,
				Country: "FR", Pickup: r.IntN(3) > 0})
		}
		s, err := stock.NewSnapshot("EUR", nodes, nil, nil)
		require.NoError(t, err)
		from := geo.MustLatLng(43+4*r.Float64(), 1+4*r.Float64())
		if wide {
			from = geo.MustLatLng(180*r.Float64()-90, 360*r.Float64()-180)
		}
		k := r.IntN(len(nodes)+3) - 1
		var keep func(int) bool
		if r.IntN(2) == 0 {
			keep = func(i int) bool { return s.NodeAt(i).Pickup }
		}
		var want []int
		for i := range s.NumNodes() {
			if keep == nil || keep(i) {
				want = append(want, i)
			}
		}
		q := sphere.FromDegrees(from.Lat(), from.Lng())
		points := stockindex.Points(s)
		require.Len(t, points, s.NumNodes())
		for i, p := range points {
			loc := s.NodeAt(i).Location
			require.Equal(t, sphere.FromDegrees(loc.Lat(), loc.Lng()), p, "the point of node %d", i)
		}
		slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(q.ChordSq(points[a]), q.ChordSq(points[b])) })
		want = want[:max(0, min(k, len(want)))]
		if diff := gocmp.Diff(want, stockindex.Nearest(s, q, k, keep), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Nearest(%v, %d) over %d nodes, keep %v (-want +got):\n%s", from, k, len(nodes), keep != nil, diff)
		}
	}
}
