package stock

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
)

// Allocation is a quantity of one SKU taken from one node: what a plan's
// shipment reserves.
type Allocation struct {
	Node NodeID
	SKU  SKU
	Qty  sourcing.Qty
}

// Apply returns the snapshot with allocs taken: for each, the level's
// Reserved grows by Qty and the node's Committed by Qty. If the snapshot no
// longer has what an allocation takes (Qty above what is available, or above
// the node's remaining capacity), Apply returns an error wrapping
// [ErrConflict] and no snapshot: a host computing plans on an older snapshot
// re-solves instead of overselling. s itself is unchanged.
func (s *Snapshot) Apply(allocs []Allocation) (*Snapshot, error) {
	return s.adjust(allocs, 1)
}

// Release returns the snapshot with allocs given back: the reverse of Apply,
// for an e-reservation that expires or an order that is cancelled. Giving
// back more than is reserved or committed is an [ErrConflict].
func (s *Snapshot) Release(allocs []Allocation) (*Snapshot, error) {
	return s.adjust(allocs, -1)
}

type nodeSKU struct{ node, item int32 }

func (s *Snapshot) adjust(allocs []Allocation, sign sourcing.Qty) (*Snapshot, error) {
	// Sum allocations per (node, SKU) and per node, in a fixed order.
	perLevel := map[nodeSKU]sourcing.Qty{}
	perNode := map[int32]sourcing.Qty{}
	for i, a := range allocs {
		field := fmt.Sprintf("allocations[%d]", i)
		n, ok := s.nodeIndex[a.Node]
		if !ok {
			return nil, &sourcing.FieldError{Field: field + ".node", Value: string(a.Node), Problem: "no such node", Err: ErrUnknownNode}
		}
		it, ok := s.itemIndex[a.SKU]
		if !ok {
			return nil, &sourcing.FieldError{Field: field + ".sku", Value: string(a.SKU), Problem: "no such item", Err: ErrUnknownSKU}
		}
		if a.Qty <= 0 || a.Qty > MaxQty {
			return nil, sourcing.Invalid(field+".qty", a.Qty, fmt.Sprintf("must be in [1, %d]", MaxQty))
		}
		perLevel[nodeSKU{n, it}] += a.Qty
		perNode[n] += a.Qty
	}
	keys := make([]nodeSKU, 0, len(perLevel))
	for k := range perLevel {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b nodeSKU) int {
		if c := cmp.Compare(a.item, b.item); c != 0 {
			return c
		}
		return cmp.Compare(a.node, b.node)
	})
	next := *s
	he := s.holders.Edit()
	for _, k := range keys {
		q := perLevel[k]
		node := s.nodes.Ptr(int(k.node))
		sku := s.items[k.item].SKU
		hs := he.At(int(k.item))
		i, found := slices.BinarySearchFunc(hs, k.node, func(h holding, n int32) int { return cmp.Compare(h.Node, n) })
		var lvl Level
		if found {
			lvl = hs[i].Level
		}
		switch {
		case sign > 0 && q > lvl.Available():
			return nil, fmt.Errorf("%w: %s/%s: %d wanted, %d available", ErrConflict, node.ID, sku, q, lvl.Available())
		case sign < 0 && q > lvl.Reserved:
			return nil, fmt.Errorf("%w: %s/%s: %d released, %d reserved", ErrConflict, node.ID, sku, q, lvl.Reserved)
		}
		lvl.Reserved += sign * q
		// The slice is shared with s: write a new one.
		hs = slices.Clone(hs)
		hs[i].Level = lvl
		*he.Ptr(int(k.item)) = hs
	}
	nodeKeys := make([]int32, 0, len(perNode))
	for n := range perNode {
		nodeKeys = append(nodeKeys, n)
	}
	slices.Sort(nodeKeys)
	ne := s.nodes.Edit()
	for _, n := range nodeKeys {
		q := perNode[n]
		node := ne.Ptr(int(n))
		if left, limited := node.Remaining(); sign > 0 && limited && q > left {
			return nil, fmt.Errorf("%w: %s: %d units wanted, capacity left %d", ErrConflict, node.ID, q, left)
		}
		if sign < 0 && q > node.Committed {
			// Capacity may have been reset by the host since; give back what is there.
			q = node.Committed
		}
		node.Committed += sign * q
	}
	next.holders = he.Done()
	next.nodes = ne.Done()
	return &next, nil
}

// WithLevels returns the snapshot with the given levels replaced (or added,
// for a pair without a record): how a host applies inventory updates without
// rebuilding the snapshot. Records are validated like NewSnapshot's; a pair
// given twice is an error.
func (s *Snapshot) WithLevels(records []Record) (*Snapshot, error) {
	seen := map[nodeSKU]bool{}
	next := *s
	he := s.holders.Edit()
	added := 0
	for i, r := range records {
		field := fmt.Sprintf("levels[%d]", i)
		n, ok := s.nodeIndex[r.Node]
		if !ok {
			return nil, &sourcing.FieldError{Field: field + ".node", Value: string(r.Node), Problem: "no such node", Err: ErrUnknownNode}
		}
		it, ok := s.itemIndex[r.SKU]
		if !ok {
			return nil, &sourcing.FieldError{Field: field + ".sku", Value: string(r.SKU), Problem: "no such item", Err: ErrUnknownSKU}
		}
		if err := r.Level.validate(); err != nil {
			return nil, sourcing.WithPrefix(field, err)
		}
		if seen[nodeSKU{n, it}] {
			return nil, &sourcing.FieldError{Field: field, Value: string(r.Node) + "/" + string(r.SKU), Problem: "given twice", Err: ErrDuplicate}
		}
		seen[nodeSKU{n, it}] = true
		hs := slices.Clone(he.At(int(it)))
		i, found := slices.BinarySearchFunc(hs, n, func(h holding, n int32) int { return cmp.Compare(h.Node, n) })
		if found {
			hs[i].Level = r.Level
		} else {
			hs = slices.Insert(hs, i, holding{Node: n, Level: r.Level})
			added++
		}
		*he.Ptr(int(it)) = hs
	}
	next.holders = he.Done()
	next.levels += added
	return &next, nil
}
