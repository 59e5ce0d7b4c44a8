package orchestrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Price prices shipments of order under rs as Solve prices the shipments
// of a plan, and returns that plan: what a plan made elsewhere — by other
// rules, by hand, by another system — costs under these rules, in the
// same money as Solve's plans. A simulation compares strategies this way:
// each chooses with its own rules, and its choices are priced with one
// yardstick.
//
// Only each shipment's Node and Lines are read. Each shipment is priced
// with the weights of the profile rs selects for the order (its first
// matching profile; a fallback is not followed) on the stock and
// capacity of snap (low_stock reads the node's available stock,
// workload its committed units, as Solve does before the plan is
// applied): the carrier service is chosen again (the lowest price +
// lateness among those that carry the shipment and, under an on-time
// rule, meet it — or among all that carry it when none does), and the
// ETA, parcels, distance and every term computed exactly as Solve does,
// so that Price of a plan Solve returned is that plan, shipment for
// shipment and term for term. The units of the order the shipments do not
// hold are backordered, and the plan pays the split penalty for its
// shipments (after opts.ExistingShipments, as for a re-sourced remainder)
// and the backorder penalty. No other hard rule is applied — kinds,
// countries, max_km, keep, forbidden tags, capacity, available stock,
// max_shipments, line_split, ship_complete — since the shipments may
// come from rules that allow them. opts.Services restricts the services;
// the other options are not used. The plan's Rank is 0.
//
// The shipments must be of the order: each from a node of snap (at most
// one shipment per node) with at least one line, each line of a SKU of the
// order and a quantity in [1, stock.MaxQty], no more units of a SKU in all
// than the order has. Every such problem is reported at once, each a
// [sourcing.FieldError] ("shipments[1].lines[0].sku") wrapping
// [sourcing.ErrInvalid], or stock.ErrUnknownNode for an unknown node.
// A shipment no carrier service can carry (too heavy, or too far for
// every service) is an error wrapping [ErrInfeasible]. The order and the
// options are checked as for Solve. Nothing passed in is changed.
func Price(order Order, shipments []Shipment, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (Plan, error) {
	if err := checkInputs("Price", &order, snap, rs, &opts); err != nil {
		return Plan{}, err
	}
	if err := checkShipments(&order, shipments, snap); err != nil {
		return Plan{}, err
	}
	o := order.clone()
	prof, err := rs.Match(o.facts())
	if err != nil {
		return Plan{}, fmt.Errorf("order %s: %w", o.ID, err)
	}
	p := newProblem(newMeter(context.Background(), DefaultBudget), &o, snap, rs, prof, &opts, 0, nil)
	defer p.release()
	// A SKU's units go to its first search line: a part's price depends
	// only on the units of each SKU.
	first := make(map[stock.SKU]int, len(p.skus))
	for l := len(p.lines) - 1; l >= 0; l-- {
		first[p.lines[l].SKU] = l
	}
	type placed struct {
		ni int
		s  *Shipment
	}
	order2 := make([]placed, len(shipments))
	for i := range shipments {
		ni, _ := snap.NodeIndex(shipments[i].Node)
		order2[i] = placed{ni, &shipments[i]}
	}
	slices.SortFunc(order2, func(a, b placed) int { return cmp.Compare(a.ni, b.ni) })

	nl, nsku := len(p.lines), len(p.skus)
	served := make([]sourcing.Qty, nl) // per line; a SKU's on its first
	qty := make([]sourcing.Qty, nl)
	avail := make([]sourcing.Qty, nsku)
	usable := make([]sourcing.Qty, nsku)
	for si := range usable {
		usable[si] = stock.MaxQty // no rule limits what a priced shipment holds
	}
	plan := Plan{Shipments: make([]Shipment, 0, len(shipments))} // as Solve makes them
	for _, pl := range order2 {
		clear(qty)
		for _, l := range pl.s.Lines {
			qty[first[l.SKU]] += l.Qty
			served[first[l.SKU]] += l.Qty
		}
		for si, it := range p.skus {
			avail[si] = snap.Level(pl.s.Node, it.SKU).Available()
		}
		var c candidate
		q, ok, err := p.priceShipment(&c, pl.ni, avail, usable, qty, p.latest)
		if err == nil && !ok && p.latest > 0 {
			// No service meets the on-time rule: priced without it.
			q, ok, err = p.priceShipment(&c, pl.ni, avail, usable, qty, 0)
		}
		switch {
		case err != nil:
			return Plan{}, err
		case !ok:
			return Plan{}, fmt.Errorf("order %s: %w: no carrier service of rule set %s carries the shipment from %s (%s, %v away)",
				o.ID, ErrInfeasible, rs.Version(), pl.s.Node, formatLines(p.linesOf(qty)), c.dist)
		}
		sh := Shipment{Node: c.node.ID, Lines: p.linesOf(qty), Parcels: q.parcels, Distance: c.dist, ETADays: q.eta,
			Cost: q.total, Breakdown: q.bd}
		if q.service >= 0 {
			sh.Carrier = p.services[q.service].ID()
		}
		sh.CarrierPickup, sh.Arrival = p.schedule(&c, q)
		plan.Shipments = append(plan.Shipments, sh)
		plan.Breakdown = plan.Breakdown.add(q.bd)
	}
	// What is left, per SKU (a SKU's units were counted on its first line).
	left := make([]sourcing.Qty, nsku)
	var units sourcing.Qty
	for l, line := range p.lines {
		left[p.lineSKU[l]] += line.Qty - served[l]
		units += line.Qty - served[l]
	}
	for si, n := range left {
		if n > 0 {
			plan.Backordered = append(plan.Backordered, Line{SKU: p.skus[si].SKU, Qty: n})
		}
	}
	sortLines(plan.Backordered)
	var ok bool
	if plan.Breakdown.Split, ok = p.w.Split.Mul(int64(p.splitShipments(len(plan.Shipments)))); !ok {
		return Plan{}, overflowf("split")
	}
	if plan.Breakdown.Backorder, ok = p.w.Backorder.Mul(int64(units)); !ok {
		return Plan{}, overflowf("backorder")
	}
	for _, t := range plan.Breakdown.Terms() {
		if plan.Cost, ok = plan.Cost.Add(t.Amount); !ok {
			return Plan{}, overflowf("total")
		}
	}
	return plan, nil
}

// priceShipment fills c for node ni as build does, without the rules that
// exclude a node (max_km, capacity) and with the on-time limit latest
// (0 = none), and quotes qty (per line) shipped from it.
func (p *problem) priceShipment(c *candidate, ni int, avail, usable, qty []sourcing.Qty, latest sourcing.Days) (shipQuote, bool, error) {
	*c = candidate{index: ni, node: p.snap.NodeAt(ni), avail: avail, usable: usable, cap: -1}
	n := &c.node
	if ni == p.originIdx && p.prof.OriginStock() == rules.OriginPrefer {
		n.Priority = 0
	}
	c.shelf = p.shelf(ni)
	if ni != p.pickupIdx {
		c.dist = geo.Distance(p.destPoint.Distance(p.points[ni]))
	}
	if c.shelf {
		c.shelfETA = c.eta(p, 0)
		c.shelfOK = c.shelfETA >= 0
		if p.order.Mode != rules.Reserve && c.shelfOK {
			var err error
			if c.shelfLate, err = p.lateness(c.shelfETA, c); err != nil {
				return shipQuote{}, false, err
			}
		}
		return p.quote(c, p.partOf(qty))
	}
	c.svc = make([]candService, len(p.services))
	for i, s := range p.services {
		if !p.serves[i][n.Kind] {
			continue
		}
		z, days, ok := s.ZoneFor(c.dist)
		if !ok {
			continue
		}
		eta := c.eta(p, days)
		if eta < 0 || latest > 0 && eta > latest {
			continue
		}
		late, err := p.lateness(eta, c)
		if err != nil {
			return shipQuote{}, false, err
		}
		c.svc[i] = candService{ok: true, zone: z, transit: days, eta: eta, late: late}
	}
	return p.quote(c, p.partOf(qty))
}

// checkShipments checks that shipments are of the order: known nodes, one
// shipment per node, lines of the order's SKUs, no more units of a SKU
// than ordered.
func checkShipments(order *Order, shipments []Shipment, snap *stock.Snapshot) error {
	var errs []error
	bad := func(field string, v any, why string) { errs = append(errs, sourcing.Invalid(field, v, why)) }
	ordered := map[stock.SKU]sourcing.Qty{}
	for _, l := range order.Lines {
		ordered[l.SKU] += l.Qty
	}
	shipped := map[stock.SKU]sourcing.Qty{}
	from := map[stock.NodeID]int{}
	for i, s := range shipments {
		field := fmt.Sprintf("shipments[%d]", i)
		if _, ok := snap.Node(s.Node); !ok {
			errs = append(errs, &sourcing.FieldError{Field: field + ".node", Value: string(s.Node), Problem: "no such node", Err: stock.ErrUnknownNode})
		} else if j, dup := from[s.Node]; dup {
			bad(field+".node", string(s.Node), fmt.Sprintf("already the node of shipments[%d]: a plan has one shipment per node", j))
		} else {
			from[s.Node] = i
		}
		if len(s.Lines) == 0 {
			bad(field+".lines", nil, "a shipment has at least one line")
		}
		for j, l := range s.Lines {
			lf := fmt.Sprintf("%s.lines[%d]", field, j)
			switch {
			case l.Qty <= 0 || l.Qty > stock.MaxQty:
				bad(lf+".qty", l.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty))
			case ordered[l.SKU] == 0:
				bad(lf+".sku", string(l.SKU), "not a SKU of the order")
			case l.Qty > ordered[l.SKU]-shipped[l.SKU]:
				bad(lf, fmt.Sprintf("%d × %s", l.Qty, l.SKU), fmt.Sprintf("the shipments would have more than the order's %d", ordered[l.SKU]))
			default:
				shipped[l.SKU] += l.Qty
			}
		}
	}
	return errors.Join(errs...)
}
