package stock

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/cow"
	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/internal/stockindex"
)

// Errors a snapshot returns, wrapped in a [sourcing.FieldError] or with the
// IDs concerned.
var (
	ErrUnknownNode = errors.New("unknown node")
	ErrUnknownSKU  = errors.New("unknown SKU")
	ErrDuplicate   = errors.New("duplicate")
	// ErrConflict is returned by Apply when the snapshot no longer has what
	// an allocation takes: the plan was computed on older stock.
	ErrConflict = errors.New("stock conflict")
	// ErrOverflow is returned by Apply when a node's count of the day's
	// committed units would pass MaxQty: a counter to reset, not a plan to
	// solve again.
	ErrOverflow = errors.New("quantity out of range")
)

// holding is one entry of the SKU → holders index: a node, by position in
// ID order (see [Snapshot.NodeAt]), and its level of the SKU.
type holding = stockindex.Holding

// Snapshot is the unified inventory at one instant: nodes, items and levels,
// indexed by SKU. It is immutable and safe for concurrent use. Build one
// with [NewSnapshot].
//
// The zero Snapshot is an empty inventory in no currency: no node, no item,
// every Level zero, Holders empty. Apply, Release, WithLevels and
// WithCommitted of nothing return another empty snapshot, and of anything
// refuse it with [ErrUnknownNode]; orchestrate.Solve with it returns
// orchestrate.ErrCurrencyMismatch against a rule set in a currency. The
// functions of package orchestrate refuse a nil *Snapshot with an error
// wrapping sourcing.ErrInvalid.
type Snapshot struct {
	currency  sourcing.Currency
	nodes     []Node                  // by ID, never changed: their Committed is in committed
	committed cow.Array[sourcing.Qty] // per node: what Apply and Release change
	nodeIndex map[NodeID]int32
	items     []Item // by SKU, never changed after NewSnapshot
	itemIndex map[SKU]int32
	holders   cow.Array[[]holding] // per item, by node index; inner slices never written once shared
	points    []sphere.Point       // per node index; never written once built
	byZ       []int32              // node positions by their point's Z, then position (see nearest)
	levels    int
}

// NewSnapshot validates and indexes nodes, items and levels, in currency (the
// currency of the nodes' costs). Every problem is reported, each naming the
// field and value ("nodes[3].capacity: -1: must be in [0, …]"). A (node, SKU)
// pair without a record holds nothing. The inputs are copied.
func NewSnapshot(currency sourcing.Currency, nodes []Node, items []Item, levels []Record) (*Snapshot, error) {
	var errs []error
	if !currency.Valid() {
		errs = append(errs, sourcing.Invalid("currency", string(currency), "must be an ISO 4217 code such as EUR"))
	}
	s := &Snapshot{
		currency:  currency,
		nodeIndex: make(map[NodeID]int32, len(nodes)),
		itemIndex: make(map[SKU]int32, len(items)),
	}
	for i := range nodes {
		if err := nodes[i].validate(); err != nil {
			errs = append(errs, sourcing.WithPrefix(fmt.Sprintf("nodes[%d]", i), err))
		}
	}
	for i := range items {
		if err := items[i].validate(); err != nil {
			errs = append(errs, sourcing.WithPrefix(fmt.Sprintf("items[%d]", i), err))
		}
	}
	sortedNodes := slices.Clone(nodes)
	slices.SortStableFunc(sortedNodes, func(a, b Node) int { return cmp.Compare(a.ID, b.ID) })
	for i := range sortedNodes {
		if i > 0 && sortedNodes[i].ID == sortedNodes[i-1].ID {
			errs = append(errs, &sourcing.FieldError{Field: "nodes.id", Value: string(sortedNodes[i].ID), Problem: "appears twice", Err: ErrDuplicate})
		}
		s.nodeIndex[sortedNodes[i].ID] = int32(i)
	}
	s.items = make([]Item, len(items))
	for i, it := range items {
		it.Tags = slices.Clone(it.Tags)
		s.items[i] = it
	}
	slices.SortStableFunc(s.items, func(a, b Item) int { return cmp.Compare(a.SKU, b.SKU) })
	for i := range s.items {
		if i > 0 && s.items[i].SKU == s.items[i-1].SKU {
			errs = append(errs, &sourcing.FieldError{Field: "items.sku", Value: string(s.items[i].SKU), Problem: "appears twice", Err: ErrDuplicate})
		}
		s.itemIndex[s.items[i].SKU] = int32(i)
	}
	// Two passes over the levels: count per item, then fill slices of
	// exact size; nothing is formatted unless something is wrong.
	counts := make([]int32, len(s.items))
	for i := range levels {
		r := &levels[i]
		_, okN := s.nodeIndex[r.Node]
		it, okI := s.itemIndex[r.SKU]
		bad := r.Level.validate()
		if !okN || !okI || bad != nil {
			field := fmt.Sprintf("stock[%d]", i)
			if !okN {
				errs = append(errs, &sourcing.FieldError{Field: field + ".node", Value: string(r.Node), Problem: "no such node", Err: ErrUnknownNode})
			}
			if !okI {
				errs = append(errs, &sourcing.FieldError{Field: field + ".sku", Value: string(r.SKU), Problem: "no such item", Err: ErrUnknownSKU})
			}
			if bad != nil {
				errs = append(errs, sourcing.WithPrefix(field, bad))
			}
			continue
		}
		counts[it]++
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	holders := make([][]holding, len(s.items))
	flat := make([]holding, len(levels))
	off := 0
	for it, c := range counts {
		holders[it] = flat[off : off : off+int(c)]
		off += int(c)
	}
	for i := range levels {
		r := &levels[i]
		it := s.itemIndex[r.SKU]
		holders[it] = append(holders[it], holding{Node: s.nodeIndex[r.Node], Level: stockindex.Level(r.Level)})
	}
	type pair struct{ node, item int32 }
	var dups []pair
	for it := range holders {
		hs := holders[it]
		slices.SortStableFunc(hs, func(a, b holding) int { return cmp.Compare(a.Node, b.Node) })
		for j := 1; j < len(hs); j++ {
			if hs[j].Node == hs[j-1].Node {
				dups = append(dups, pair{hs[j].Node, int32(it)})
			}
		}
	}
	if len(dups) > 0 {
		// Name the records: every one after the first for its pair.
		seen := map[pair]bool{}
		isDup := map[pair]bool{}
		for _, d := range dups {
			isDup[d] = true
		}
		for i := range levels {
			r := &levels[i]
			k := pair{s.nodeIndex[r.Node], s.itemIndex[r.SKU]}
			if !isDup[k] {
				continue
			}
			if seen[k] {
				errs = append(errs, &sourcing.FieldError{Field: fmt.Sprintf("stock[%d]", i), Value: string(r.Node) + "/" + string(r.SKU), Problem: "a second level for this node and SKU", Err: ErrDuplicate})
			}
			seen[k] = true
		}
		return nil, errors.Join(errs...)
	}
	s.nodes = sortedNodes
	committed := make([]sourcing.Qty, len(sortedNodes))
	for i := range sortedNodes {
		committed[i] = sortedNodes[i].Committed
	}
	s.committed = cow.FromSlice(committed)
	s.points = make([]sphere.Point, len(sortedNodes))
	s.byZ = make([]int32, len(sortedNodes))
	for i := range sortedNodes {
		loc := sortedNodes[i].Location
		s.points[i] = sphere.FromDegrees(loc.Lat(), loc.Lng())
		s.byZ[i] = int32(i)
	}
	slices.SortFunc(s.byZ, func(a, b int32) int { return cmp.Or(cmp.Compare(s.points[a].Z(), s.points[b].Z()), cmp.Compare(a, b)) })
	s.holders = cow.FromSlice(holders)
	s.levels = len(levels)
	return s, nil
}

// Currency returns the currency of the nodes' costs.
func (s *Snapshot) Currency() sourcing.Currency { return s.currency }

// NumNodes returns the number of nodes.
func (s *Snapshot) NumNodes() int { return len(s.nodes) }

// NumItems returns the number of items.
func (s *Snapshot) NumItems() int { return len(s.items) }

// NumLevels returns the number of (node, SKU) levels recorded.
func (s *Snapshot) NumLevels() int { return s.levels }

// Node returns the node with id.
func (s *Snapshot) Node(id NodeID) (Node, bool) {
	i, ok := s.nodeIndex[id]
	if !ok {
		return Node{}, false
	}
	return s.NodeAt(int(i)), true
}

// Nodes returns the nodes in ID order.
func (s *Snapshot) Nodes() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		for i := range s.nodes {
			if !yield(s.NodeAt(i)) {
				return
			}
		}
	}
}

// Item returns the item with sku. Its Tags are a copy.
func (s *Snapshot) Item(sku SKU) (Item, bool) {
	i, ok := s.itemIndex[sku]
	if !ok {
		return Item{}, false
	}
	it := s.items[i]
	it.Tags = slices.Clone(it.Tags)
	return it, true
}

// Items returns the items in SKU order; their Tags are copies.
func (s *Snapshot) Items() iter.Seq[Item] {
	return func(yield func(Item) bool) {
		for _, it := range s.items {
			it.Tags = slices.Clone(it.Tags)
			if !yield(it) {
				return
			}
		}
	}
}

// Level returns the stock of sku at node; zero if there is no record.
func (s *Snapshot) Level(node NodeID, sku SKU) Level {
	n, okN := s.nodeIndex[node]
	it, okI := s.itemIndex[sku]
	if !okN || !okI {
		return Level{}
	}
	if h, ok := s.find(it, n); ok {
		return Level(h.Level)
	}
	return Level{}
}

func (s *Snapshot) find(item, node int32) (holding, bool) {
	hs := s.holders.At(int(item))
	i, ok := slices.BinarySearchFunc(hs, node, func(h holding, n int32) int { return cmp.Compare(h.Node, n) })
	if !ok {
		return holding{}, false
	}
	return hs[i], true
}

// Holders returns the nodes holding a record of sku, in node ID order, with
// their levels: the SKU → holders index, read without a copy. It yields
// nothing for an unknown SKU. A host lists with it where a SKU is and how
// much is available there (Level.Available).
func (s *Snapshot) Holders(sku SKU) iter.Seq2[NodeID, Level] {
	return func(yield func(NodeID, Level) bool) {
		it, ok := s.itemIndex[sku]
		if !ok {
			return
		}
		for _, h := range s.holders.At(int(it)) {
			if !yield(s.nodes[h.Node].ID, Level(h.Level)) {
				return
			}
		}
	}
}

// NodeIndex returns the position of node id in ID order, the index used by
// [Snapshot.NodeAt]: positions number the nodes 0 to NumNodes−1, for a
// host's tables per node (a slice rather than a map by ID). Positions are
// the same in every snapshot derived from this one.
func (s *Snapshot) NodeIndex(id NodeID) (int, bool) {
	i, ok := s.nodeIndex[id]
	return int(i), ok
}

// NodeAt returns the node at position i in ID order, 0 ≤ i < NumNodes.
func (s *Snapshot) NodeAt(i int) Node {
	n := s.nodes[i]
	n.Committed = s.committed.At(i)
	return n
}

// nearest returns the positions of the k nodes nearest to q among those for
// which keep, given a node's position, returns true (all, if keep is nil),
// nearest first; ties by position (node ID). It reads the nodes outwards
// from q's latitude, in the order of their point's Z (the sine of their
// latitude), and stops on each side where the difference in Z alone puts
// every node left farther than the k-th kept: a node's squared chord is at
// least its squared difference in Z, as computed. It calls keep only for
// the nodes nearer than the k-th kept so far, and computes no great-circle
// distance.
func (s *Snapshot) nearest(q sphere.Point, k int, keep func(int) bool) []int {
	if k <= 0 {
		return nil
	}
	type near struct {
		chord float64
		i     int
	}
	less := func(a, b near) bool { return a.chord < b.chord || a.chord == b.chord && a.i < b.i }
	qz := q.Z()
	best := make([]near, 0, k+1)
	// Beyond reports whether a node at Z z, and every node past it on
	// its side, is farther than the k-th kept.
	beyond := func(z float64) bool {
		dz := qz - z
		return len(best) == k && float64(dz*dz) > best[k-1].chord
	}
	consider := func(i int) {
		n := near{q.ChordSq(s.points[i]), i}
		if len(best) == k && !less(n, best[k-1]) {
			return
		}
		if keep != nil && !keep(i) {
			return
		}
		j := len(best)
		best = append(best, n)
		for j > 0 && less(n, best[j-1]) {
			best[j] = best[j-1]
			j--
		}
		best[j] = n
		if len(best) > k {
			best = best[:k]
		}
	}
	// up walks byZ from the first node at or above qz, down below it;
	// each step takes the side nearer in Z.
	up, _ := slices.BinarySearchFunc(s.byZ, qz, func(i int32, z float64) int { return cmp.Compare(s.points[i].Z(), z) })
	down := up - 1
	for {
		upOK := up < len(s.byZ) && !beyond(s.points[s.byZ[up]].Z())
		downOK := down >= 0 && !beyond(s.points[s.byZ[down]].Z())
		switch {
		case upOK && (!downOK || s.points[s.byZ[up]].Z()-qz <= qz-s.points[s.byZ[down]].Z()):
			consider(int(s.byZ[up]))
			up++
		case downOK:
			consider(int(s.byZ[down]))
			down--
		default:
			out := make([]int, len(best))
			for i, b := range best {
				out[i] = b.i
			}
			return out
		}
	}
}
