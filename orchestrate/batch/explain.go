package batch

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/stock"
)

// result makes the Result of the search: the slots as assignments, in
// the order of their first units, and the changes.
func (b *batcher) result() (*Result, error) {
	slots := b.live()
	slices.SortStableFunc(slots, func(x, y *slot) int { return cmp.Compare(slices.Min(x.units), slices.Min(y.units)) })
	res := &Result{Work: b.work, Optimal: !b.cut && b.exactAll}
	for i := range b.units {
		u := &b.units[i]
		res.Before += u.before.cost()
		res.BeforeBreakdown = addBreakdown(res.BeforeBreakdown, u.before.plan.Breakdown)
	}
	var take []stock.Allocation
	gained := b.gains(slots)
	for _, s := range slots {
		a := Assignment{Orders: cloneOrders(s.orders), Plan: s.cur.plan}
		res.Assignments = append(res.Assignments, a)
		res.After += s.cur.cost()
		res.AfterBreakdown = addBreakdown(res.AfterBreakdown, s.cur.plan.Breakdown)
		take = append(take, s.cur.allocations()...)
		if ch, ok := b.changeOf(s, gained); ok {
			res.Changes = append(res.Changes, ch)
		}
	}
	if res.After > res.Before {
		return nil, fmt.Errorf("batch: internal error: the new assignment costs %d, more than the %d given", res.After, res.Before)
	}
	stock, err := b.free.Apply(take)
	if err != nil {
		return nil, fmt.Errorf("batch: internal error: the new assignment does not fit the stock: %w", err)
	}
	res.Stock = stock
	return res, nil
}

func addBreakdown(a, b orchestrate.Breakdown) orchestrate.Breakdown {
	return orchestrate.Breakdown{
		Carrier: a.Carrier + b.Carrier, Handling: a.Handling + b.Handling, Picking: a.Picking + b.Picking,
		Distance: a.Distance + b.Distance, Priority: a.Priority + b.Priority, LowStock: a.LowStock + b.LowStock,
		Workload: a.Workload + b.Workload, Lateness: a.Lateness + b.Lateness, Carbon: a.Carbon + b.Carbon,
		Split: a.Split + b.Split, Backorder: a.Backorder + b.Backorder,
	}
}

func subBreakdown(a, b orchestrate.Breakdown) orchestrate.Breakdown {
	return orchestrate.Breakdown{
		Carrier: a.Carrier - b.Carrier, Handling: a.Handling - b.Handling, Picking: a.Picking - b.Picking,
		Distance: a.Distance - b.Distance, Priority: a.Priority - b.Priority, LowStock: a.LowStock - b.LowStock,
		Workload: a.Workload - b.Workload, Lateness: a.Lateness - b.Lateness, Carbon: a.Carbon - b.Carbon,
		Split: a.Split - b.Split, Backorder: a.Backorder - b.Backorder,
	}
}

// placement is where an order's units of a SKU are: units per node, ""
// for the backorder.
type placement map[stock.NodeID]sourcing.Qty

type orderSKU struct {
	order string
	sku   stock.SKU
}

// placements returns, per order and SKU, where plan serves its units.
func placements(orders []orchestrate.Order, plan *orchestrate.Plan, into map[orderSKU]placement) {
	for _, sh := range attribute(orders, plan.Shipments) {
		k := orderSKU{orders[sh.order].ID, sh.sku}
		p := into[k]
		if p == nil {
			p = placement{}
			into[k] = p
		}
		node := stock.NodeID("")
		if sh.ship >= 0 {
			node = plan.Shipments[sh.ship].Node
		}
		p[node] += sh.qty
	}
}

// changeOf returns the change of slot s, if it changed: grouped, or its
// plan not the one given.
func (b *batcher) changeOf(s *slot, gained map[nodeSKU][]string) (Change, bool) {
	if len(s.units) == 1 && b.units[s.units[0]].before.sig == s.cur.sig {
		return Change{}, false
	}
	ch := Change{Orders: s.ids(), After: Assignment{Orders: cloneOrders(s.orders), Plan: s.cur.plan}, AfterCost: s.cur.cost(),
		Reasons: slices.Clone(s.reasons)}
	var beforeBD orchestrate.Breakdown
	old := map[orderSKU]placement{}
	for _, ui := range s.units {
		u := &b.units[ui]
		ch.Before = append(ch.Before, Assignment{Orders: cloneOrders(u.orders), Plan: u.before.plan})
		ch.BeforeCost += u.before.cost()
		beforeBD = addBreakdown(beforeBD, u.before.plan.Breakdown)
		placements(u.orders, &u.before.plan, old)
	}
	ch.Delta = subBreakdown(s.cur.plan.Breakdown, beforeBD)
	now := map[orderSKU]placement{}
	placements(s.orders, &s.cur.plan, now)
	ch.Moves = b.moves(s, old, now, gained)
	ch.Summary = b.summary(s, &ch)
	return ch, true
}

// moves pairs, per order and SKU, the units that left a node with those
// that came to another, in node order ("" — the backorder — first).
func (b *batcher) moves(s *slot, old, now map[orderSKU]placement, gained map[nodeSKU][]string) []Move {
	var out []Move
	for _, o := range s.orders {
		var skus []stock.SKU
		for _, l := range o.Lines {
			if !slices.Contains(skus, l.SKU) {
				skus = append(skus, l.SKU)
			}
		}
		slices.Sort(skus)
		for _, sku := range skus {
			k := orderSKU{o.ID, sku}
			type units struct {
				node stock.NodeID
				qty  sourcing.Qty
			}
			var from, to []units
			nodes := map[stock.NodeID]bool{}
			for n := range old[k] {
				nodes[n] = true
			}
			for n := range now[k] {
				nodes[n] = true
			}
			ids := make([]stock.NodeID, 0, len(nodes))
			for n := range nodes {
				ids = append(ids, n)
			}
			slices.Sort(ids)
			for _, n := range ids {
				switch d := now[k][n] - old[k][n]; {
				case d < 0:
					from = append(from, units{n, -d})
				case d > 0:
					to = append(to, units{n, d})
				}
			}
			for len(from) > 0 && len(to) > 0 {
				q := min(from[0].qty, to[0].qty)
				m := Move{Order: o.ID, SKU: sku, Qty: q, From: from[0].node, To: to[0].node}
				if m.From != "" {
					for _, id := range gained[nodeSKU{m.From, sku}] {
						if id != o.ID {
							m.For = append(m.For, id)
						}
					}
				}
				out = append(out, m)
				from[0].qty -= q
				to[0].qty -= q
				if from[0].qty == 0 {
					from = from[1:]
				}
				if to[0].qty == 0 {
					to = to[1:]
				}
			}
		}
	}
	return out
}

type nodeSKU struct {
	node stock.NodeID
	sku  stock.SKU
}

// gains returns, per (node, SKU), the orders that take more of it in the
// new assignment than in the one given, in the slots' order.
func (b *batcher) gains(all []*slot) map[nodeSKU][]string {
	out := map[nodeSKU][]string{}
	for _, s := range all {
		if len(s.units) == 1 && b.units[s.units[0]].before.sig == s.cur.sig {
			continue
		}
		type key struct {
			order string
			at    nodeSKU
		}
		taken := map[key]sourcing.Qty{}
		var keys []key
		for _, sh := range attribute(s.orders, s.cur.plan.Shipments) {
			if sh.ship >= 0 {
				k := key{s.orders[sh.order].ID, nodeSKU{s.cur.plan.Shipments[sh.ship].Node, sh.sku}}
				if _, seen := taken[k]; !seen {
					keys = append(keys, k)
				}
				taken[k] += sh.qty
			}
		}
		for _, ui := range s.units {
			u := &b.units[ui]
			for _, sh := range attribute(u.orders, u.before.plan.Shipments) {
				if sh.ship >= 0 {
					taken[key{u.orders[sh.order].ID, nodeSKU{u.before.plan.Shipments[sh.ship].Node, sh.sku}}] -= sh.qty
				}
			}
		}
		for _, k := range keys {
			if taken[k] > 0 {
				out[k.at] = append(out[k.at], k.order)
			}
		}
	}
	return out
}

// summary says the change in a line.
func (b *batcher) summary(s *slot, ch *Change) string {
	cur := b.rs.Currency()
	var parts []string
	name := strings.Join(ch.Orders, "+")
	shipsBefore := 0
	for _, a := range ch.Before {
		shipsBefore += len(a.Plan.Shipments)
	}
	for _, r := range ch.Reasons {
		switch r.Step {
		case StepGrouped:
			parts = append(parts, fmt.Sprintf("grouped (customer %s, one destination): %s instead of %s",
				s.orders[0].Customer, count(len(s.cur.plan.Shipments), "shipment"), count(shipsBefore, "shipment")))
		case StepWave:
			parts = append(parts, fmt.Sprintf("wave of %s with %s", r.SKU, countOrders(r.With)))
		case StepExchanged:
			parts = append(parts, "exchanged stock with "+strings.Join(r.With, ", "))
		case StepExact:
			parts = append(parts, "best combination with "+countOrders(r.With))
		case StepResolved:
			parts = append(parts, "re-solved on the stock left")
		}
	}
	var moves []string
	for i, m := range ch.Moves {
		if i == 3 {
			moves = append(moves, fmt.Sprintf("%d more", len(ch.Moves)-3))
			break
		}
		from, to := string(m.From), string(m.To)
		if from == "" {
			from = "backorder"
		}
		if to == "" {
			to = "backorder"
		}
		mv := fmt.Sprintf("%d × %s of %s %s → %s", m.Qty, m.SKU, m.Order, from, to)
		if len(m.For) > 0 {
			mv += " (for " + strings.Join(m.For, ", ") + ")"
		}
		moves = append(moves, mv)
	}
	if len(moves) > 0 {
		parts = append(parts, "moved "+strings.Join(moves, ", "))
	}
	diff := ch.AfterCost - ch.BeforeCost
	money := "the same cost"
	switch {
	case diff < 0:
		money = fmt.Sprintf("%s %s less", (-diff).Format(cur), cur)
	case diff > 0:
		money = fmt.Sprintf("%s %s more", diff.Format(cur), cur)
	}
	var terms []string
	for _, t := range ch.Delta.Terms() {
		switch {
		case t.Amount > 0:
			terms = append(terms, "+"+t.Amount.Format(cur)+" "+t.Name)
		case t.Amount < 0:
			terms = append(terms, t.Amount.Format(cur)+" "+t.Name)
		}
	}
	if len(terms) > 0 {
		money += ": " + strings.Join(terms, ", ")
	}
	return name + ": " + strings.Join(parts, "; ") + "; " + money
}

func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func countOrders(ids []string) string {
	switch {
	case len(ids) == 0:
		return "no other order"
	case len(ids) <= 3:
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:3], ", "), len(ids)-3)
}
