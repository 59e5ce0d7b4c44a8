package batch

import (
	"cmp"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
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
	rest, err := b.residual(members...)
	if err != nil {
		return false, err
	}
	var cands []*cand
	for _, on := range []struct {
		snap   *stock.Snapshot
		k      int
		origin string
	}{{rest, 1, "grouped"}, {b.free, b.k, "grouped alone"}} {
		cs, res, err := b.solve(g, on.snap, on.k, on.origin)
		if err != nil {
			if err == errCut {
				break
			}
			return false, err
		}
		cands = append(cands, cs...)
		if on.snap == b.free && res != nil && res.Optimal && len(res.Attempts) <= 1 && len(res.Plans) > 0 {
			g.alone, g.aloneOK = res.Plans[0].Cost, true
		}
	}
	g.addToPool(cands...)
	for _, c := range g.pool {
		if c.cost() >= before {
			break
		}
		changes := []change{{g, c}}
		for _, m := range members {
			changes = append(changes, change{m, nil})
		}
		if b.fits(changes) && b.commit(changes) {
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
