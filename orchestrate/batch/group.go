package batch

import (
	"cmp"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// groupKey is what orders must share to be grouped: the customer, the
// mode, the destination (address and country, or pickup store) and the
// profile of the rules.
type groupKey struct {
	customer string
	mode     rules.Mode
	dest     geo.LatLng
	country  string
	pickup   stock.NodeID
	profile  string
}

// keyOf returns the slot's group key, and false if its orders cannot be
// grouped: no customer, a reservation (nothing is shipped), orders of
// different customers or profiles.
func (b *batcher) keyOf(s *slot) (groupKey, bool) {
	first := &s.orders[0]
	if first.Customer == "" || first.Mode == rules.Reserve {
		return groupKey{}, false
	}
	var prof string
	for i := range s.orders {
		o := &s.orders[i]
		p, err := b.rs.Match(facts(o))
		if err != nil || o.Customer != first.Customer || (i > 0 && p.Name() != prof) {
			return groupKey{}, false
		}
		prof = p.Name()
	}
	k := groupKey{customer: first.Customer, mode: first.Mode, country: first.Country, profile: prof}
	if first.Mode == rules.Collect {
		k.pickup = first.PickupNode
	} else {
		k.dest = first.Destination
	}
	return k, true
}

// group serves together the orders of one customer to one destination
// placed within the grouping window of the first: for each key, the
// slots in the order of their first orders' times form windows (a window
// starts at a slot and takes the slots after it whose orders were all
// placed within Options.Group of its first); each window's orders are
// solved as one order on the stock the other slots leave, and the group
// is taken when its plan keeps every promise the slots' plans keep and
// costs less than theirs together: one shipment per node for the group,
// the carrier, handling and split paid once.
func (b *batcher) group() error {
	byKey := map[groupKey][]*slot{}
	var keys []groupKey
	for _, s := range b.live() {
		k, ok := b.keyOf(s)
		if !ok {
			continue
		}
		if _, seen := byKey[k]; !seen {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], s)
	}
	for _, k := range keys {
		slots := byKey[k]
		if len(slots) < 2 {
			continue
		}
		slices.SortStableFunc(slots, func(x, y *slot) int {
			return cmp.Or(x.orders[0].PlacedAt.Compare(y.orders[0].PlacedAt), cmp.Compare(x.id, y.id))
		})
		for i := 0; i < len(slots); {
			if b.cut {
				return nil
			}
			anchor := slots[i].orders[0].PlacedAt
			j := i + 1
			for j < len(slots) && inWindow(slots[j], anchor, b.opts.Group) {
				j++
			}
			if j-i < 2 {
				i++
				continue
			}
			ok, err := b.tryGroup(slots[i:j])
			if err != nil {
				return err
			}
			if ok {
				i = j
			} else {
				i++
			}
		}
	}
	return nil
}

// inWindow reports whether every order of s was placed within window of
// anchor.
func inWindow(s *slot, anchor time.Time, window time.Duration) bool {
	for _, o := range s.orders {
		if o.PlacedAt.Before(anchor) || o.PlacedAt.Sub(anchor) > window {
			return false
		}
	}
	return true
}

// tryGroup solves the orders of members as one order and takes the group
// if it costs less and keeps their promises.
func (b *batcher) tryGroup(members []*slot) (bool, error) {
	var units []int
	kept := map[string]bool{}
	var before sourcing.Money
	for _, m := range members {
		units = append(units, m.units...)
		for i, o := range m.orders {
			kept[o.ID] = m.kept[i]
		}
		before += m.cur.cost()
	}
	slices.SortStableFunc(units, func(x, y int) int {
		return cmp.Or(b.units[x].orders[0].PlacedAt.Compare(b.units[y].orders[0].PlacedAt), cmp.Compare(x, y))
	})
	g := b.newSlot(len(b.slots), units)
	if err := b.profileOf(g); err != nil {
		return false, nil // the rules do not cover the group as one order
	}
	g.kept = make([]bool, len(g.orders))
	for i, o := range g.orders {
		g.kept[i] = kept[o.ID]
	}
	b.slots = append(b.slots, g)
	// The members' plans as one (their shipments from one node merged)
	// fit as they are: when that costs less, the group takes it, and the
	// local search may find it better later. Else plan 1 of the group
	// alone, and, when that does not fit with the others, plan 1 on the
	// stock they leave.
	var cands []*cand
	union, err := b.price(g, unionOf(members))
	if err != nil {
		return false, nil // not a plan the rules can price as one order
	}
	if b.admissible(g, union) && b.unionAllowed(g, union) {
		cands = append(cands, union)
	}
	if len(cands) == 0 || union.cost() >= before {
		alone, res, err := b.solve(g, b.free, 1)
		if err != nil && err != errCut {
			return false, err
		}
		if res != nil && res.Optimal && len(res.Attempts) <= 1 && len(res.Plans) > 0 {
			g.alone, g.aloneOK = res.Plans[0].Cost, true
		}
		cands = append(cands, alone...)
		fitsAlone := len(alone) > 0 && b.fits(b.groupChanges(g, alone[0], members))
		if !fitsAlone && err == nil && !(g.aloneOK && g.alone >= before) {
			rest, err := b.residual(members...)
			if err != nil {
				return false, err
			}
			more, _, err := b.solve(g, rest, 1)
			if err != nil && err != errCut {
				return false, err
			}
			cands = append(cands, more...)
		}
	}
	g.addToPool(cands...)
	for _, c := range g.pool {
		if c.cost() >= before {
			break
		}
		if changes := b.groupChanges(g, c, members); b.fits(changes) && b.commit(changes) {
			var ids []string
			for _, m := range members {
				g.reasons = append(g.reasons, m.reasons...)
				b.slots[m.id] = nil
			}
			ids = g.ids()
			g.reasons = appendReason(g.reasons, Reason{Step: StepGrouped, With: ids})
			return true, nil
		}
	}
	b.slots[g.id] = nil
	return false, nil
}

// groupChanges are the changes of grouping members into g with plan c.
func (b *batcher) groupChanges(g *slot, c *cand, members []*slot) []change {
	changes := []change{{g, c}}
	for _, m := range members {
		changes = append(changes, change{m, nil})
	}
	return changes
}

// unionOf returns the members' shipments as one plan's: those of one node
// merged, by node ID, lines by SKU.
func unionOf(members []*slot) []orchestrate.Shipment {
	byNode := map[stock.NodeID]map[stock.SKU]sourcing.Qty{}
	var nodes []stock.NodeID
	for _, m := range members {
		for _, sh := range m.cur.plan.Shipments {
			if byNode[sh.Node] == nil {
				byNode[sh.Node] = map[stock.SKU]sourcing.Qty{}
				nodes = append(nodes, sh.Node)
			}
			for _, l := range sh.Lines {
				byNode[sh.Node][l.SKU] += l.Qty
			}
		}
	}
	slices.Sort(nodes)
	out := make([]orchestrate.Shipment, len(nodes))
	for i, n := range nodes {
		out[i].Node = n
		for sku, q := range byNode[n] {
			out[i].Lines = append(out[i].Lines, orchestrate.Line{SKU: sku, Qty: q})
		}
		slices.SortFunc(out[i].Lines, func(a, b orchestrate.Line) int { return cmp.Compare(a.SKU, b.SKU) })
	}
	return out
}

// unionAllowed reports whether the members' plans as one break none of
// the rules that bear on a plan as a whole: the group's max_shipments,
// and its on-time limit (the first order's promise, plus the tolerance,
// for every shipment). Every other rule holds of each shipment as it did
// in the member's plan: the same node, lines and destination.
func (b *batcher) unionAllowed(g *slot, union *cand) bool {
	p, err := b.rs.Match(facts(&g.order))
	if err != nil {
		return false
	}
	if m := p.MaxShipments(); m > 0 && len(union.plan.Shipments) > m {
		return false
	}
	if on, tolerance := p.OnTime(); on && g.order.PromiseDays > 0 {
		for _, sh := range union.plan.Shipments {
			if sh.ETADays > g.order.PromiseDays+tolerance {
				return false
			}
		}
	}
	return true
}
