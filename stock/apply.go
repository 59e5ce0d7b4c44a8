package stock

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/stockindex"
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
// re-solves instead of overselling. The allocations of one call, summed per
// node, must not exceed [MaxQty] ([sourcing.ErrInvalid]), and a node without
// a capacity never has more than MaxQty units committed ([ErrOverflow]):
// every quantity a snapshot holds stays in [0, MaxQty], whatever the calls.
// s itself is never changed.
func (s *Snapshot) Apply(allocs []Allocation) (*Snapshot, error) {
	return s.adjust(allocs, 1)
}

// Release returns the snapshot with allocs given back: the reverse of Apply,
// for an e-reservation that expires or an order that is cancelled. Giving
// back more of a node and SKU than its level holds reserved — units never
// reserved — is an [ErrConflict], and allocations summing to more than
// [MaxQty] per node are [sourcing.ErrInvalid], as for Apply. The node's
// Committed falls by the units, but not below 0: the level's Reserved is
// the record of what was reserved, while Committed counts the day's units,
// which a host may reset (rebuilding the snapshot) before it releases a
// reservation made the day before.
func (s *Snapshot) Release(allocs []Allocation) (*Snapshot, error) {
	return s.adjust(allocs, -1)
}

type change struct {
	node, item int32
	qty        sourcing.Qty
}

func (s *Snapshot) adjust(allocs []Allocation, sign sourcing.Qty) (*Snapshot, error) {
	changes := make([]change, 0, len(allocs))
	for i, a := range allocs {
		n, ok := s.nodeIndex[a.Node]
		if !ok {
			return nil, &sourcing.FieldError{Field: fmt.Sprintf("allocations[%d].node", i), Value: string(a.Node), Problem: "no such node", Err: ErrUnknownNode}
		}
		it, ok := s.itemIndex[a.SKU]
		if !ok {
			return nil, &sourcing.FieldError{Field: fmt.Sprintf("allocations[%d].sku", i), Value: string(a.SKU), Problem: "no such item", Err: ErrUnknownSKU}
		}
		if a.Qty <= 0 || a.Qty > MaxQty {
			return nil, sourcing.Invalid(fmt.Sprintf("allocations[%d].qty", i), a.Qty, fmt.Sprintf("must be in [1, %d]", MaxQty))
		}
		changes = append(changes, change{n, it, a.Qty})
	}
	// Per node, summed: no more than MaxQty in one call, checked before
	// anything is compared with the stock, so no sum below can overflow.
	perNode := slices.Clone(changes)
	for i := range perNode {
		perNode[i].item = 0
	}
	slices.SortFunc(perNode, func(a, b change) int { return cmp.Compare(a.node, b.node) })
	perNode = merge(perNode, func(a, b change) bool { return a.node == b.node })
	for _, k := range perNode {
		if k.qty > MaxQty {
			return nil, &sourcing.FieldError{Field: "allocations", Value: string(s.nodes[k.node].ID),
				Problem: fmt.Sprintf("more than %d units of this node in one call", MaxQty), Err: sourcing.ErrInvalid}
		}
	}
	// Per (SKU, node), summed, in a fixed order.
	slices.SortFunc(changes, func(a, b change) int { return cmp.Or(cmp.Compare(a.item, b.item), cmp.Compare(a.node, b.node)) })
	changes = merge(changes, func(a, b change) bool { return a.item == b.item && a.node == b.node })
	next := *s
	he := s.holders.Edit()
	for _, k := range changes {
		hs := he.At(int(k.item))
		i, found := slices.BinarySearchFunc(hs, k.node, func(h holding, n int32) int { return cmp.Compare(h.Node, n) })
		var lvl Level
		if found {
			lvl = Level(hs[i].Level)
		}
		// Reserved stays in [0, MaxQty]: Apply takes at most what is
		// available (≤ on hand − reserved − safety), Release gives back at
		// most what is reserved.
		switch {
		case sign > 0 && k.qty > lvl.Available():
			return nil, fmt.Errorf("%w: %s/%s: %d wanted, %d available", ErrConflict, s.nodes[k.node].ID, s.items[k.item].SKU, k.qty, lvl.Available())
		case sign < 0 && k.qty > lvl.Reserved:
			return nil, fmt.Errorf("%w: %s/%s: %d released, %d reserved", ErrConflict, s.nodes[k.node].ID, s.items[k.item].SKU, k.qty, lvl.Reserved)
		}
		lvl.Reserved += sign * k.qty
		// The slice is shared with s: write a new one.
		hs = slices.Clone(hs)
		hs[i].Level = stockindex.Level(lvl)
		*he.Ptr(int(k.item)) = hs
	}
	ce := s.committed.Edit()
	for _, k := range perNode {
		node := &s.nodes[k.node]
		c := ce.Ptr(int(k.node))
		switch {
		case sign > 0 && node.Capacity > 0 && k.qty > max(0, node.Capacity-*c):
			return nil, fmt.Errorf("%w: %s: %d units wanted, capacity left %d", ErrConflict, node.ID, k.qty, max(0, node.Capacity-*c))
		case sign > 0 && k.qty > MaxQty-*c:
			// A node without a capacity: its count of the day's units
			// stays a quantity.
			return nil, fmt.Errorf("%w: %s: %d units committed and %d more: above %d", ErrOverflow, node.ID, *c, k.qty, MaxQty)
		}
		// Giving back more than is committed gives back what is there: the
		// host may have reset the day's capacity since.
		*c = max(0, *c+sign*k.qty)
	}
	next.holders = he.Done()
	next.committed = ce.Done()
	return &next, nil
}

// merge sums the quantities of adjacent changes that same says are one. A
// sum stops at MaxQty + 1, so that many quantities, each at most MaxQty,
// never overflow: the caller refuses any sum above MaxQty.
func merge(cs []change, same func(a, b change) bool) []change {
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && same(out[n-1], c) {
			out[n-1].qty = min(out[n-1].qty+c.qty, MaxQty+1)
			continue
		}
		out = append(out, c)
	}
	return out
}

// WithLevels returns the snapshot with the given levels replaced (or added,
// for a pair without a record): how a host applies inventory updates without
// rebuilding the snapshot. Records are validated like NewSnapshot's; a pair
// given twice is an error.
func (s *Snapshot) WithLevels(records []Record) (*Snapshot, error) {
	next := *s
	he := s.holders.Edit()
	added := 0
	type pair struct{ node, item int32 }
	given := make(map[pair]bool, len(records))
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
		if given[pair{n, it}] {
			return nil, &sourcing.FieldError{Field: field, Value: string(r.Node) + "/" + string(r.SKU), Problem: "given twice", Err: ErrDuplicate}
		}
		given[pair{n, it}] = true
		hs := slices.Clone(he.At(int(it)))
		j, found := slices.BinarySearchFunc(hs, n, func(h holding, n int32) int { return cmp.Compare(h.Node, n) })
		if found {
			hs[j].Level = stockindex.Level(r.Level)
		} else {
			hs = slices.Insert(hs, j, holding{Node: n, Level: stockindex.Level(r.Level)})
			added++
		}
		*he.Ptr(int(it)) = hs
	}
	next.holders = he.Done()
	next.levels += added
	return &next, nil
}
