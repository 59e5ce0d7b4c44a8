package simulate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The replay, one strategy at a time, walks a timeline. At equal times:
// the scenario's events (restocks), then the outcomes due (deliveries,
// reservations collected or expired), then the decider's wake-ups, then
// the release, then the orders placed. Each step first starts the
// nodes' new calendar day if it changed (their committed units back to
// 0).
const (
	classEvent = iota
	classOutcome
	classWake
	classTick
	classOrder
)

// stream is the scenario's orders and events in time order, shared by
// every replay of one Simulate.
type stream struct {
	items []item
	byID  map[string]int
	zone  *time.Location // of the first placed_at: the release clock's
	start time.Time      // the first order or event
	end   time.Time      // the last
}

// item is one step of the timeline: an event or order of the scenario,
// or something the replay scheduled.
type item struct {
	at    time.Time
	class int
	seq   int // scheduling order, for items of one time and class
	event int // the scenario's event, or -1
	order int // the scenario's order, or -1
	// What an outcome reports, for classOutcome.
	outcome Observation
	hold    *held // a reservation's units, for Collected and Expired
}

// held is the units a reservation holds at a store.
type held struct {
	node  stock.NodeID
	lines []orchestrate.Line
	day   stock.Date
}

func newStream(sc *Scenario) *stream {
	st := &stream{byID: make(map[string]int, len(sc.Orders)), items: make([]item, 0, len(sc.Orders)+len(sc.Events))}
	for i, e := range sc.Events {
		st.items = append(st.items, item{at: e.At, class: classEvent, seq: i, event: i, order: -1})
	}
	for i, o := range sc.Orders {
		st.byID[o.ID] = i
		st.items = append(st.items, item{at: o.PlacedAt, class: classOrder, seq: i, event: -1, order: i})
	}
	slices.SortStableFunc(st.items, compareItems)
	st.zone = time.UTC
	if len(sc.Orders) > 0 {
		first := slices.MinFunc(sc.Orders, func(a, b orchestrate.Order) int { return a.PlacedAt.Compare(b.PlacedAt) })
		st.zone = first.PlacedAt.Location()
	}
	if n := len(st.items); n > 0 {
		st.start, st.end = st.items[0].at, st.items[n-1].at
	}
	return st
}

func compareItems(a, b item) int {
	return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.class, b.class), cmp.Compare(a.seq, b.seq))
}

// schedule is the timeline of what the replay scheduled: a binary
// min-heap of small entries (time, class, scheduling order) pointing at
// the items, whose slots are reused once popped.
type schedule struct {
	heap  []entry
	items []item
	free  []int32
	seq   int
}

type entry struct {
	sec   int64 // Unix seconds
	nsec  int32
	class int32
	slot  int32 // in items
	seq   int
}

func (a entry) less(b entry) bool {
	return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec), cmp.Compare(a.class, b.class), cmp.Compare(a.seq, b.seq)) < 0
}

func (s *schedule) Len() int { return len(s.heap) }

// add schedules it.
func (s *schedule) add(it item) {
	s.seq++
	it.seq, it.event, it.order = s.seq, -1, -1
	var slot int32
	if n := len(s.free); n > 0 {
		slot, s.free = s.free[n-1], s.free[:n-1]
		s.items[slot] = it
	} else {
		slot = int32(len(s.items))
		s.items = append(s.items, it)
	}
	s.heap = append(s.heap, entry{sec: it.at.Unix(), nsec: int32(it.at.Nanosecond()), class: int32(it.class), slot: slot, seq: it.seq})
	// Sift up.
	for i := len(s.heap) - 1; i > 0; {
		parent := (i - 1) / 2
		if !s.heap[i].less(s.heap[parent]) {
			break
		}
		s.heap[i], s.heap[parent] = s.heap[parent], s.heap[i]
		i = parent
	}
}

// pop removes and returns the first item.
func (s *schedule) pop() item {
	top := s.heap[0]
	last := len(s.heap) - 1
	s.heap[0] = s.heap[last]
	s.heap = s.heap[:last]
	// Sift down.
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && s.heap[l].less(s.heap[m]) {
			m = l
		}
		if r < last && s.heap[r].less(s.heap[m]) {
			m = r
		}
		if m == i {
			break
		}
		s.heap[i], s.heap[m] = s.heap[m], s.heap[i]
		i = m
	}
	it := s.items[top.slot]
	s.items[top.slot] = item{}
	s.free = append(s.free, top.slot)
	return it
}

// before reports whether the next scheduled item comes before (at, class).
func (s *schedule) before(at time.Time, class int) bool {
	if len(s.heap) == 0 {
		return false
	}
	n := s.heap[0]
	return cmp.Or(cmp.Compare(n.sec, at.Unix()), cmp.Compare(n.nsec, int32(at.Nanosecond())), cmp.Compare(n.class, int32(class))) < 0
}

// newWorld starts a replay of sc by d.
func newWorld(sc *Scenario, st *stream, name string, d Decider, keep bool, progress func(Progress)) *World {
	w := &World{sc: sc, set: &sc.Simulation, st: st, name: name, d: d, snap: sc.Snapshot, now: st.start,
		orders: make([]orderState, len(sc.Orders)), ship: map[stockKey]sourcing.Qty{}, keep: keep, progress: progress}
	w.nodeDay = make([]stock.Date, sc.Snapshot.NumNodes())
	byLoc := map[*time.Location]int{}
	for i := range sc.Snapshot.NumNodes() {
		loc := time.UTC
		if c := sc.Snapshot.NodeAt(i).Calendar; c != nil {
			loc = c.Location()
		}
		g, ok := byLoc[loc]
		if !ok {
			g = len(w.groups)
			byLoc[loc] = g
			w.groups = append(w.groups, dayGroup{loc: loc, day: dateOf(st.start.In(loc))})
		}
		w.groups[g].nodes = append(w.groups[g].nodes, i)
		w.nodeDay[i] = w.groups[g].day
	}
	w.out = &StrategyResult{Name: name}
	w.tally = newTally(sc, st)
	return w
}

// run replays the stream.
func (w *World) run(ctx context.Context) error {
	items := w.st.items
	for k := 0; k < len(items); k++ {
		it := items[k]
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.until(ctx, it.at, it.class); err != nil {
			return err
		}
		if err := w.step(it.at); err != nil {
			return err
		}
		if it.event >= 0 {
			// The restocks of one time, in one change of the stock.
			n := 1
			for k+n < len(items) && items[k+n].event >= 0 && items[k+n].at.Equal(it.at) {
				n++
			}
			if err := w.restock(items[k : k+n]); err != nil {
				return err
			}
			k += n - 1
			continue
		}
		if err := w.place(ctx, it.order); err != nil {
			return err
		}
	}
	if err := w.finish(ctx); err != nil {
		return err
	}
	return w.flushShipped()
}

// step moves the clock to at.
func (w *World) step(at time.Time) error {
	w.now = at
	rolled, err := w.rollDays()
	if err != nil || !rolled {
		return err
	}
	// The units shipped leave the stock at the end of the day.
	return w.flushShipped()
}

// until handles what is scheduled before (at, class).
func (w *World) until(ctx context.Context, at time.Time, class int) error {
	for w.queue.before(at, class) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.handle(ctx, w.queue.pop()); err != nil {
			return err
		}
	}
	return nil
}

// handle handles one scheduled item.
func (w *World) handle(ctx context.Context, it item) error {
	if err := w.step(it.at); err != nil {
		return err
	}
	switch it.class {
	case classOutcome:
		return w.reveal(it)
	case classWake:
		if err := w.d.Release(ctx, w, it.at); err != nil {
			return w.failed("Release", err)
		}
		return w.decided(ctx)
	case classTick:
		w.tick = time.Time{}
		if err := w.d.Release(ctx, w, it.at); err != nil {
			return w.failed("Release", err)
		}
		if err := w.releaseAll(ctx); err != nil {
			return err
		}
		if w.waiting > 0 && it.at.After(w.st.end) {
			return w.unassigned()
		}
		return w.decided(ctx)
	}
	return nil
}

// failed names the strategy in a decider's error.
func (w *World) failed(what string, err error) error {
	return fmt.Errorf("strategy %s: %s at %s: %w", w.name, what, w.now.Format(time.RFC3339), err)
}

// unassigned is the error of orders left unassigned at the end.
func (w *World) unassigned() error {
	ids := w.Waiting()
	more := ""
	if len(ids) > 5 {
		ids, more = ids[:5], fmt.Sprintf(" and %d more", len(ids)-5)
	}
	return fmt.Errorf("strategy %s: %w at the end of the stream: %v%s", w.name, errUnassigned, ids, more)
}

// place places order i.
func (w *World) place(ctx context.Context, i int) error {
	w.orders[i].placed = true
	w.waiting++
	o := w.sc.Orders[i]
	o.Lines, o.Tags = slices.Clone(o.Lines), slices.Clone(o.Tags) // the decider's own copy
	if err := w.d.Place(ctx, w, o); err != nil {
		return w.failed("order "+o.ID, err)
	}
	w.placed++
	if w.progress != nil && (w.placed%progressEvery == 0 || w.placed == len(w.sc.Orders)) {
		w.progress(Progress{Strategy: w.name, Orders: w.placed, Of: len(w.sc.Orders)})
	}
	return w.decided(ctx)
}

// progressEvery is how often, in orders placed, a replay reports its
// progress.
const progressEvery = 1000

// decided follows the decider's decisions: without a release period the
// assigned orders are released at once; with one, a release is scheduled
// while orders wait.
func (w *World) decided(ctx context.Context) error {
	if w.set.ReleaseEvery == 0 {
		return w.releaseAll(ctx)
	}
	if (len(w.pending) > 0 || w.waiting > 0) && w.tick.IsZero() {
		w.tick = w.nextTick(w.now)
		w.queue.add(item{at: w.tick, class: classTick})
	}
	return nil
}

// nextTick returns the first release time after t: a multiple of the
// period from midnight in the stream's time zone.
func (w *World) nextTick(t time.Time) time.Time {
	local := t.In(w.st.zone)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, w.st.zone)
	next := midnight.AddDate(0, 0, 1)
	p := w.set.ReleaseEvery
	tick := midnight.Add((t.Sub(midnight)/p + 1) * p)
	if !tick.Before(next) {
		return next
	}
	return tick
}

// finish ends the replay: what is scheduled happens; then orders still
// waiting get a last Release and must be assigned.
func (w *World) finish(ctx context.Context) error {
	for w.queue.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.handle(ctx, w.queue.pop()); err != nil {
			return err
		}
	}
	if w.waiting == 0 && len(w.pending) == 0 {
		return nil
	}
	if err := w.d.Release(ctx, w, w.now); err != nil {
		return w.failed("Release", err)
	}
	if w.waiting > 0 {
		return w.unassigned()
	}
	if err := w.releaseAll(ctx); err != nil {
		return err
	}
	return w.finish(ctx)
}

// releaseAll releases every assignment waiting, in the order made.
func (w *World) releaseAll(ctx context.Context) error {
	for len(w.pending) > 0 {
		asg := w.pending[0]
		w.pending = w.pending[1:]
		if err := w.release(ctx, asg); err != nil {
			return err
		}
	}
	return nil
}

// shipState is a shipment of an assignment being released.
type shipState struct {
	s       orchestrate.Shipment // priced with the scenario's rules
	day     stock.Date
	round   int
	checked bool
}

// release sends an assignment to its nodes: each node may refuse its
// shipment (the part is re-sourced at once, a day lost), then the units
// leave the stock (or a store holds a reservation), the carriers' delays
// are drawn, and the decision is recorded.
func (w *World) release(ctx context.Context, asg *assignment) error {
	for _, o := range asg.orders {
		w.orders[o].asg, w.orders[o].done = nil, true
	}
	first := w.sc.Orders[asg.orders[0]].ID
	d := Decision{Strategy: w.name, Orders: w.ids(asg.orders), At: w.now, AssignedAt: asg.at, Reason: asg.reason}
	cur := make([]shipState, len(asg.plan.Shipments))
	for i, s := range asg.plan.Shipments {
		cur[i] = shipState{s: s, day: asg.days[i]}
	}
	var refused []stock.NodeID
	for round := 1; ; round++ {
		k := -1
		for i := range cur {
			if cur[i].checked {
				continue
			}
			cur[i].checked = true
			if w.set.Refuses(first, cur[i].s.Node) {
				k = i
				break
			}
		}
		if k < 0 {
			break
		}
		gone := cur[k]
		refused = append(refused, gone.s.Node)
		if err := w.giveBack(gone.s.Node, gone.s.Lines, gone.day, false); err != nil {
			return fmt.Errorf("order %s: %w", first, err)
		}
		off, err := w.writeOff(gone.s.Node, gone.s.Lines)
		if err != nil {
			return fmt.Errorf("order %s: %w", first, err)
		}
		d.Refusals = append(d.Refusals, RefusalOutcome{Node: gone.s.Node, Lines: gone.s.Lines, WrittenOff: off})
		w.d.Observe(w, Observation{Kind: Refused, At: w.now, Order: first, Node: gone.s.Node, Lines: gone.s.Lines})
		r := Refusal{Order: asg.order, Orders: d.Orders, Node: gone.s.Node, Refused: slices.Clone(refused), Round: round}
		for _, c := range cur {
			r.Shipments = append(r.Shipments, c.s)
		}
		cur = slices.Delete(cur, k, k+1)
		for _, c := range cur {
			r.Kept = append(r.Kept, c.s)
		}
		plan, err := w.d.Reallocate(ctx, w, r)
		if err != nil {
			return w.failed("re-sourcing order "+first, err)
		}
		more, err := w.resourced(asg, cur, plan, refused, round)
		if err != nil {
			return err
		}
		cur = append(cur, more...)
	}
	return w.finalize(asg, d, cur)
}

// resourced prices and applies a decider's plan for the remainder of an
// order once cur stand.
func (w *World) resourced(asg *assignment, cur []shipState, plan orchestrate.Plan, refused []stock.NodeID, round int) ([]shipState, error) {
	if len(plan.Shipments) == 0 {
		return nil, nil
	}
	rest := asg.order
	left := map[stock.SKU]sourcing.Qty{}
	for _, l := range rest.Lines {
		left[l.SKU] += l.Qty
	}
	for _, c := range cur {
		for _, l := range c.s.Lines {
			left[l.SKU] -= l.Qty
		}
	}
	rest.Lines, rest.ShipTogether = nil, nil
	for _, l := range asg.order.Lines {
		if q := min(l.Qty, left[l.SKU]); q > 0 {
			rest.Lines = append(rest.Lines, orchestrate.Line{SKU: l.SKU, Qty: q})
			left[l.SKU] -= q
		}
	}
	for _, s := range plan.Shipments {
		if slices.Contains(refused, s.Node) {
			return nil, w.failed("re-sourcing order "+rest.ID, fmt.Errorf("%w: a shipment from %s, which refused the order", sourcing.ErrInvalid, s.Node))
		}
	}
	priced, err := orchestrate.Price(rest, plan.Shipments, w.snap, w.sc.Rules, orchestrate.Options{ExistingShipments: len(cur)})
	if err != nil {
		return nil, w.failed("re-sourcing order "+rest.ID, err)
	}
	next, err := w.snap.Apply(priced.Allocations())
	if err != nil {
		return nil, w.failed("re-sourcing order "+rest.ID, err)
	}
	w.snap = next
	more := make([]shipState, len(priced.Shipments))
	for i, s := range priced.Shipments {
		more[i] = shipState{s: s, day: w.dayOf(s.Node), round: round}
	}
	return more, nil
}

// finalize makes the decision of a released assignment whose shipments
// are final: the days lost, the plan's cost with the scenario's weights,
// the units out of the stock or held, the carriers' delays.
func (w *World) finalize(asg *assignment, d Decision, cur []shipState) error {
	o := &asg.order
	slices.SortStableFunc(cur, func(a, b shipState) int {
		return cmp.Or(cmp.Compare(a.s.Node, b.s.Node), cmp.Compare(a.round, b.round))
	})
	plan := orchestrate.Plan{Rank: 1, Shipments: make([]orchestrate.Shipment, len(cur))}
	d.Shipments = make([]ShipmentOutcome, len(cur))
	left := map[stock.SKU]sourcing.Qty{}
	for _, l := range o.Lines {
		left[l.SKU] += l.Qty
	}
	for i, c := range cur {
		s := c.s
		if c.round > 0 {
			s = lose(s, c.round, o, asg.w)
		}
		plan.Shipments[i] = s
		plan.Breakdown = add(plan.Breakdown, s.Breakdown)
		for _, l := range s.Lines {
			left[l.SKU] -= l.Qty
		}
		so := ShipmentOutcome{Node: s.Node, Day: c.day, Resourced: c.round, ActualDays: s.ETADays}
		if s.Carrier != (carrier.ServiceID{}) {
			so.LateDays = w.set.LateDays(d.Orders[0], s.Node, s.Carrier)
			so.ActualDays += so.LateDays
			so.CO2Kg = w.tally.co2(s)
		}
		so.Late = o.Mode != rules.Reserve && o.PromiseDays > 0 && so.ActualDays > o.PromiseDays
		d.Shipments[i] = so
	}
	var units sourcing.Qty
	for _, l := range o.Lines {
		if q := left[l.SKU]; q > 0 {
			plan.Backordered = append(plan.Backordered, orchestrate.Line{SKU: l.SKU, Qty: q})
			units += q
			left[l.SKU] = 0
		}
	}
	slices.SortFunc(plan.Backordered, func(a, b orchestrate.Line) int { return cmp.Compare(a.SKU, b.SKU) })
	if n := len(plan.Shipments); n > 1 {
		plan.Breakdown.Split = asg.w.Split * sourcing.Money(n-1)
	}
	plan.Breakdown.Backorder = asg.w.Backorder * sourcing.Money(units)
	plan.Cost = plan.Breakdown.Total()
	d.Plan = plan

	for i, s := range plan.Shipments {
		if o.Mode == rules.Reserve {
			collected, after := w.set.Collected(d.Orders[0])
			end := Observation{Kind: Expired, At: w.now.Add(after), Order: d.Orders[0], Node: s.Node, Lines: s.Lines}
			if collected {
				end.Kind = Collected
			}
			d.Reservation = &ReservationOutcome{Collected: collected, Ended: end.At}
			w.queue.add(item{at: end.At, class: classOutcome, outcome: end, hold: &held{node: s.Node, lines: s.Lines, day: cur[i].day}})
			continue
		}
		w.shipOut(s.Node, s.Lines)
		so := d.Shipments[i]
		w.queue.add(item{at: o.PlacedAt.Add(time.Duration(so.ActualDays) * 24 * time.Hour), class: classOutcome,
			outcome: Observation{Kind: Delivered, Order: d.Orders[0], Node: s.Node, Lines: s.Lines, Service: s.Carrier,
				QuotedDays: s.ETADays, ActualDays: so.ActualDays}})
	}
	w.tally.add(&d)
	if w.keep {
		w.out.Decisions = append(w.out.Decisions, d)
	}
	return nil
}

// reveal handles an outcome due: a delivery is only news; a reservation's
// units leave the stock (collected) or come back to it (expired).
func (w *World) reveal(it item) error {
	o := it.outcome
	o.At = it.at
	switch o.Kind {
	case Collected:
		w.shipOut(it.hold.node, it.hold.lines)
	case Expired:
		if err := w.giveBack(it.hold.node, it.hold.lines, it.hold.day, true); err != nil {
			return fmt.Errorf("reservation of order %s: %w", o.Order, err)
		}
	}
	w.d.Observe(w, o)
	return nil
}

// lose returns s re-sourced in round: its ETA and arrival round days
// later, its lateness priced again with w for o's promise.
func lose(s orchestrate.Shipment, round int, o *orchestrate.Order, w rules.Weights) orchestrate.Shipment {
	s.ETADays += sourcing.Days(round)
	if s.Arrival != (stock.Date{}) {
		s.Arrival = addDays(s.Arrival, round)
	}
	if o.Mode != rules.Reserve && o.PromiseDays > 0 && s.ETADays > o.PromiseDays {
		s.Breakdown.Lateness = w.LatePerDay * sourcing.Money(s.ETADays-o.PromiseDays)
	}
	s.Cost = s.Breakdown.Total()
	return s
}

// add sums two breakdowns term by term.
func add(a, b orchestrate.Breakdown) orchestrate.Breakdown {
	return orchestrate.Breakdown{
		Carrier: a.Carrier + b.Carrier, Handling: a.Handling + b.Handling, Picking: a.Picking + b.Picking,
		Distance: a.Distance + b.Distance, Priority: a.Priority + b.Priority, LowStock: a.LowStock + b.LowStock,
		Workload: a.Workload + b.Workload, Lateness: a.Lateness + b.Lateness, Carbon: a.Carbon + b.Carbon,
		Split: a.Split + b.Split, Backorder: a.Backorder + b.Backorder,
	}
}
