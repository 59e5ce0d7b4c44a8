package simulate

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// World is one strategy's replay as it stands: the clock, the stock
// (depleted by the strategy's decisions, restocked by the events, its
// phantom stock written off as nodes refuse), the orders placed and not
// yet released. A Decider reads it and acts through Assign, Unassign and
// WakeAt. Each replay has its own World, used on one goroutine: it is not
// safe for concurrent use.
type World struct {
	sc       *Scenario
	set      *Settings
	st       *stream
	name     string
	d        Decider
	snap     *stock.Snapshot
	now      time.Time
	groups   []dayGroup   // nodes by time zone, for their calendar days
	nodeDay  []stock.Date // per node position: its calendar day now
	orders   []orderState // per order of the scenario
	pending  []*assignment
	waiting  int // orders placed and not assigned
	seq      int
	queue    schedule
	tick     time.Time // the release time scheduled, or zero
	ship     map[stockKey]sourcing.Qty
	keep     bool
	out      *StrategyResult
	tally    *tally
	progress func(Progress)
	placed   int
}

type orderState struct {
	placed bool
	asg    *assignment
	done   bool // released
}

// assignment is an Assignment the World holds until it is released.
type assignment struct {
	seq     int
	orders  []int             // positions in the scenario's orders
	order   orchestrate.Order // as priced: the order, or the grouped orders as one
	planned orchestrate.Plan  // the strategy's plan
	plan    orchestrate.Plan  // priced with the scenario's rules
	days    []stock.Date      // per shipment of plan: the day its units were committed
	w       rules.Weights     // of the scenario's profile for the order
	at      time.Time
	reason  string
}

type stockKey struct {
	node stock.NodeID
	sku  stock.SKU
}

// dayGroup is the nodes of one time zone and their calendar day.
type dayGroup struct {
	loc   *time.Location
	nodes []int
	day   stock.Date
}

// Now returns the replay's clock.
func (w *World) Now() time.Time { return w.now }

// Snapshot returns the stock as it stands: what a strategy solves on. Each
// node's Committed is its units of the day (its calendar day, in its time
// zone). The units shipped today still count in their levels' OnHand and
// Reserved until the day ends (the carrier collects them), which changes
// no Available.
func (w *World) Snapshot() *stock.Snapshot { return w.snap }

// Scenario returns the scenario replayed. Its Rules are the yardstick
// every plan is priced with; its Simulation settings include the world's
// answers (Settings.Refuses…), which a strategy must not read.
func (w *World) Scenario() *Scenario { return w.sc }

// Strategy returns the name of the strategy replayed.
func (w *World) Strategy() string { return w.name }

// Order returns the order with id, if the scenario has it.
func (w *World) Order(id string) (orchestrate.Order, bool) {
	i, ok := w.st.byID[id]
	if !ok {
		return orchestrate.Order{}, false
	}
	return w.sc.Orders[i], true
}

// Waiting returns the IDs of the orders placed and not assigned, in the
// order they were placed.
func (w *World) Waiting() []string {
	var ids []string
	for _, it := range w.st.items {
		if it.event < 0 && w.orders[it.order].placed && w.orders[it.order].asg == nil && !w.orders[it.order].done {
			ids = append(ids, w.sc.Orders[it.order].ID)
		}
	}
	return ids
}

// Pending returns the assignments not yet released, in the order they were
// made, each with the strategy's plan.
func (w *World) Pending() []Assignment {
	out := make([]Assignment, len(w.pending))
	for i, a := range w.pending {
		out[i] = Assignment{Orders: w.ids(a.orders), Plan: a.planned, Reason: a.reason}
	}
	return out
}

func (w *World) ids(orders []int) []string {
	ids := make([]string, len(orders))
	for i, o := range orders {
		ids[i] = w.sc.Orders[o].ID
	}
	return ids
}

// WakeAt asks for a call of the decider's Release at t (after now): for a
// grouping strategy holding orders.
func (w *World) WakeAt(t time.Time) error {
	if !t.After(w.now) {
		return sourcing.Invalid("wake", t.Format(time.RFC3339), "must be after the replay's clock, "+w.now.Format(time.RFC3339))
	}
	w.queue.add(item{at: t, class: classWake})
	return nil
}

// Assign takes the stock of a's plan for its orders: each placed and not
// yet assigned. The plan is priced with the scenario's rules on the stock
// as it stands (orchestrate.Price: its shipments must be of the orders)
// and applied to it (stock.Snapshot.Apply: an error wrapping
// stock.ErrConflict if it takes more than is available or a node's
// capacity left today). It is released to its nodes at the next release
// time (at once without a release period); until then Unassign gives its
// stock back.
func (w *World) Assign(a Assignment) error { return w.assign(a, false) }

// assign is Assign; priced says a.Plan is priced with the scenario's own
// rules on the stock as it stands already (plan 1 of a solve under them,
// with no fallback): Price would return it as it is.
func (w *World) assign(a Assignment, priced bool) error {
	if len(a.Orders) == 0 {
		return sourcing.Invalid("assignment.orders", nil, "an assignment serves at least one order")
	}
	idx := make([]int, len(a.Orders))
	for k, id := range a.Orders {
		i, ok := w.st.byID[id]
		switch {
		case !ok:
			return sourcing.Invalid(fmt.Sprintf("assignment.orders[%d]", k), id, "no such order")
		case !w.orders[i].placed:
			return sourcing.Invalid(fmt.Sprintf("assignment.orders[%d]", k), id, "not placed yet")
		case w.orders[i].asg != nil || w.orders[i].done:
			return sourcing.Invalid(fmt.Sprintf("assignment.orders[%d]", k), id, "already assigned")
		case slices.Contains(idx[:k], i):
			return sourcing.Invalid(fmt.Sprintf("assignment.orders[%d]", k), id, "given twice")
		}
		idx[k] = i
	}
	order := w.merged(idx)
	prof, err := w.sc.Rules.Match(facts(&order))
	if err != nil {
		return fmt.Errorf("order %s: the scenario's rules: %w", order.ID, err)
	}
	plan := a.Plan
	if !priced || len(idx) > 1 {
		if plan, err = orchestrate.Price(order, a.Plan.Shipments, w.snap, w.sc.Rules, orchestrate.Options{}); err != nil {
			return fmt.Errorf("order %s: pricing the plan of strategy %s: %w", order.ID, w.name, err)
		}
	}
	next, err := w.snap.Apply(plan.Allocations())
	if err != nil {
		return fmt.Errorf("order %s: applying the plan of strategy %s: %w", order.ID, w.name, err)
	}
	w.snap = next
	w.seq++
	asg := &assignment{seq: w.seq, orders: idx, order: order, planned: a.Plan, plan: plan, w: prof.Weights(), at: w.now, reason: a.Reason}
	for _, s := range plan.Shipments {
		asg.days = append(asg.days, w.dayOf(s.Node))
	}
	for _, i := range idx {
		w.orders[i].asg = asg
	}
	w.waiting -= len(idx)
	w.pending = append(w.pending, asg)
	return nil
}

// Unassign gives back the stock of the assignment holding order id, not
// yet released: its orders wait again, to be assigned anew.
func (w *World) Unassign(id string) error {
	i, ok := w.st.byID[id]
	if !ok || w.orders[i].asg == nil {
		return sourcing.Invalid("order", id, "no assignment waiting for release")
	}
	asg := w.orders[i].asg
	for k, s := range asg.plan.Shipments {
		if err := w.giveBack(s.Node, s.Lines, asg.days[k], false); err != nil {
			return fmt.Errorf("order %s: %w", id, err)
		}
	}
	for _, o := range asg.orders {
		w.orders[o].asg = nil
	}
	w.waiting += len(asg.orders)
	w.pending = slices.DeleteFunc(w.pending, func(a *assignment) bool { return a == asg })
	return nil
}

// merged returns the orders at idx as one order: the first, with the
// lines of all (and no ship-together groups when there are several).
func (w *World) merged(idx []int) orchestrate.Order {
	o := w.sc.Orders[idx[0]]
	if len(idx) == 1 {
		o.Lines = slices.Clone(o.Lines)
		return o
	}
	ids := make([]string, len(idx))
	var lines []orchestrate.Line
	for k, i := range idx {
		ids[k] = w.sc.Orders[i].ID
		lines = append(lines, w.sc.Orders[i].Lines...)
	}
	o.ID, o.Lines, o.ShipTogether = strings.Join(ids, "+"), lines, nil
	return o
}

// facts are an order as the rules see it.
func facts(o *orchestrate.Order) rules.Facts {
	return rules.Facts{Channel: o.Channel, Mode: o.Mode, Country: o.Country, Region: o.Region, Tier: o.Tier,
		Tags: o.Tags, Value: o.Value, PlacedAt: o.PlacedAt}
}

// dayOf returns node's calendar day now.
func (w *World) dayOf(node stock.NodeID) stock.Date {
	i, _ := w.snap.NodeIndex(node)
	return w.nodeDay[i]
}

// giveBack releases lines held at node, committed on day. The node's
// committed units fall with them only if day is its day now, and keep is
// false: a reservation that expires was prepared all the same.
func (w *World) giveBack(node stock.NodeID, lines []orchestrate.Line, day stock.Date, keep bool) error {
	allocs := make([]stock.Allocation, len(lines))
	for i, l := range lines {
		allocs[i] = stock.Allocation{Node: node, SKU: l.SKU, Qty: l.Qty}
	}
	n, _ := w.snap.Node(node)
	next, err := w.snap.Release(allocs)
	if err != nil {
		return fmt.Errorf("giving back %s's units: %w", node, err)
	}
	if keep || day != w.dayOf(node) {
		if next, err = next.WithCommitted([]stock.Commitment{{Node: node, Committed: n.Committed}}); err != nil {
			return err
		}
	}
	w.snap = next
	return nil
}

// writeOff makes node's available stock of the lines' SKUs 0: a refusal
// says the units are not there. What other orders hold stays on hand (it
// is theirs to refuse). It returns the units written off.
func (w *World) writeOff(node stock.NodeID, lines []orchestrate.Line) (sourcing.Qty, error) {
	recs := make([]stock.Record, 0, len(lines))
	var off sourcing.Qty
	for _, l := range lines {
		if slices.ContainsFunc(recs, func(r stock.Record) bool { return r.SKU == l.SKU }) {
			continue
		}
		lvl := w.snap.Level(node, l.SKU)
		keep := min(lvl.OnHand, lvl.Reserved)
		off += lvl.OnHand - keep
		lvl.OnHand = keep
		recs = append(recs, stock.Record{Node: node, SKU: l.SKU, Level: lvl})
	}
	next, err := w.snap.WithLevels(recs)
	if err != nil {
		return 0, err
	}
	w.snap = next
	return off, nil
}

// shipOut records units that leave the stock (shipped, or collected):
// their on-hand and reserved units fall together when flushed, at the end
// of the day (at the next restock, at the end of the replay). Until then
// they count as on hand and reserved, which changes no node's available
// stock, nor what a refusal writes off.
func (w *World) shipOut(node stock.NodeID, lines []orchestrate.Line) {
	for _, l := range lines {
		w.ship[stockKey{node, l.SKU}] += l.Qty
	}
}

// flushShipped takes the units shipped out off the stock.
func (w *World) flushShipped() error {
	if len(w.ship) == 0 {
		return nil
	}
	recs := make([]stock.Record, 0, len(w.ship))
	for k, q := range w.ship {
		lvl := w.snap.Level(k.node, k.sku)
		if lvl.Reserved < q || lvl.OnHand < q {
			return fmt.Errorf("internal error: shipping %d × %s from %s, which holds %d on hand, %d reserved", q, k.sku, k.node, lvl.OnHand, lvl.Reserved)
		}
		lvl.OnHand -= q
		lvl.Reserved -= q
		recs = append(recs, stock.Record{Node: k.node, SKU: k.sku, Level: lvl})
	}
	// In a fixed order: the snapshot does not depend on it, but errors do.
	slices.SortFunc(recs, func(a, b stock.Record) int { return cmp.Or(cmp.Compare(a.Node, b.Node), cmp.Compare(a.SKU, b.SKU)) })
	next, err := w.snap.WithLevels(recs)
	if err != nil {
		return err
	}
	w.snap = next
	clear(w.ship)
	return nil
}

// restock adds the units of the events of items (one time) to the stock,
// the units shipped out first taken off.
func (w *World) restock(items []item) error {
	if err := w.flushShipped(); err != nil {
		return err
	}
	add := map[stockKey]sourcing.Qty{}
	var keys []stockKey
	for _, it := range items {
		r := w.sc.Events[it.event].Restock
		k := stockKey{r.Node, r.SKU}
		if _, ok := add[k]; !ok {
			keys = append(keys, k)
		}
		if lvl := w.snap.Level(r.Node, r.SKU); lvl.OnHand+add[k] > stock.MaxQty-r.Qty {
			return sourcing.Invalid(fmt.Sprintf("events[%d].restock.qty", it.event), r.Qty, fmt.Sprintf("%s would hold more than %d × %s", r.Node, stock.MaxQty, r.SKU))
		}
		add[k] += r.Qty
	}
	recs := make([]stock.Record, len(keys))
	for i, k := range keys {
		lvl := w.snap.Level(k.node, k.sku)
		lvl.OnHand += add[k]
		recs[i] = stock.Record{Node: k.node, SKU: k.sku, Level: lvl}
	}
	next, err := w.snap.WithLevels(recs)
	if err != nil {
		return err
	}
	w.snap = next
	return nil
}

// rollDays starts a new calendar day for the nodes whose day changed at
// now: their committed units go back to 0. It reports whether a day
// changed.
func (w *World) rollDays() (bool, error) {
	var cs []stock.Commitment
	rolled := false
	for g := range w.groups {
		grp := &w.groups[g]
		day := dateOf(w.now.In(grp.loc))
		if day == grp.day {
			continue
		}
		grp.day, rolled = day, true
		for _, i := range grp.nodes {
			w.nodeDay[i] = day
			if n := w.snap.NodeAt(i); n.Committed != 0 {
				cs = append(cs, stock.Commitment{Node: n.ID, Committed: 0})
			}
		}
	}
	if len(cs) == 0 {
		return rolled, nil
	}
	next, err := w.snap.WithCommitted(cs)
	if err != nil {
		return rolled, err
	}
	w.snap = next
	return rolled, nil
}

func dateOf(t time.Time) stock.Date {
	return stock.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// addDays returns d plus n days.
func addDays(d stock.Date, n int) stock.Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// errUnassigned is the error of a strategy leaving orders unassigned at
// the end of the stream.
var errUnassigned = errors.New("orders left unassigned")
