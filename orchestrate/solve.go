package orchestrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// DefaultK is the number of plans Solve returns when Options.K is 0.
const DefaultK = 3

// MaxK is the most plans Solve returns.
const MaxK = 100

// DefaultBudget is the budget of a call when Options.Budget is 0: at most
// about a second of work on one core, and 200 MB of tables; far above what
// checkout-size orders need (thousands to a few million units).
const DefaultBudget = 200_000_000

// ErrBudget is returned when the search was cut short (budget or context)
// before it found any plan. When it found some, Solve returns them instead,
// with Result.Optimal false.
var ErrBudget = errors.New("search cut short before any plan was found")

// errBudgetSpent is what ErrBudget wraps when the budget, not the context,
// cut the search.
var errBudgetSpent = errors.New("budget exhausted")

// Options tunes Solve. The zero value asks for the defaults.
type Options struct {
	// K is how many ranked plans to return: plan 1 is the cheapest plan,
	// plan i the cheapest on the i-th cheapest distinct set of shipping
	// nodes. 0 means DefaultK; at most MaxK.
	K int
	// Budget bounds the call's work, in units of at most about 5 ns of
	// one core, and its tables, at one byte per unit (see the package
	// documentation, Budgets, deadlines and memory). It is one budget for
	// the whole call, whatever the solves it makes (a fallback chain, a
	// Promise's options). 0 means DefaultBudget. When it runs out, Solve
	// returns the best plans found with Result.Optimal false.
	Budget int64
	// Require restricts the plans to those shipping from every node listed:
	// "what is the cheapest plan that uses this store?". A required node
	// that a rule excludes, or that holds none of the order's SKUs, makes
	// the order infeasible, with the reason.
	Require []stock.NodeID
	// Exclude keeps nodes out of this solve, as if a rule excluded them: a
	// store that rejected its part of the order, say.
	Exclude []stock.NodeID
	// Services restricts the carrier services to those listed: a checkout
	// asking for the express option only. Empty = all.
	Services []carrier.ServiceID
	// ExistingShipments is the number of shipments the order already has
	// (see Reallocate): each new shipment then pays the split penalty, and
	// max_shipments counts them.
	ExistingShipments int
	// Observe, when not nil, is called once for every search with its
	// stats, before the call that ran it returns: once per Solve (a refused
	// order included), and once for each search Promise, Explain,
	// Sensitivity and Reallocate run. It lets a host count solves, work,
	// budget cuts and errors by sentinel without the library holding any
	// metrics. It runs on the solving goroutine, so it must be quick and,
	// when solves run concurrently, safe for concurrent use.
	Observe func(SolveStats)
}

// Solve finds the K cheapest plans for order against the stock in snap
// under the rule set rs. See the package documentation for the objective
// and the guarantees.
//
// Nothing passed in is modified; snap and rs may be shared by any number of
// concurrent Solve calls. ctx cancels the search: Solve then returns the
// best plans found so far, marked not optimal.
func Solve(ctx context.Context, order Order, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (*Result, error) {
	if err := checkInputs("Solve", &order, snap, rs, &opts); err != nil {
		opts.observe(&order, nil, err)
		return nil, err
	}
	res, err := solve(newMeter(ctx, cmp.Or(opts.Budget, DefaultBudget)), order, snap, rs, opts, nil)
	opts.observe(&order, res, err)
	return res, err
}

// solve is Solve on checked inputs, its work counted by m (the call's),
// the holders shared with other solves of the same lines when share is not
// nil.
func solve(m *meter, order Order, snap *stock.Snapshot, rs *rules.RuleSet, opts Options, share *holds) (*Result, error) {
	if err := m.ctx.Err(); err != nil {
		return nil, fmt.Errorf("order %s: %w (before the search): %w", order.ID, ErrBudget, err)
	}
	o := order.clone()
	prof, err := rs.Match(o.facts())
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.ID, err)
	}
	fb := prof.Fallback()
	if len(fb.WidenDays) == 0 && fb.Profile == "" {
		return solveWith(m, &o, snap, rs, prof, 0, opts, share)
	}
	// The fallback chain: this profile, widened, then the next profile.
	var attempts []Attempt
	var res *Result
	for prof != nil {
		fb := prof.Fallback()
		for _, extra := range append([]sourcing.Days{0}, fb.WidenDays...) {
			res, err = solveWith(m, &o, snap, rs, prof, extra, opts, share)
			_, tol := prof.OnTime()
			a := Attempt{Profile: prof.Name(), ToleranceDays: tol + extra}
			switch {
			case err == nil:
				a.Met, a.Missed = meetsPromise(&o, &res.Plans[0], tol+extra)
			case errors.Is(err, ErrInfeasible):
				a.Error = err.Error()
			default:
				return nil, err
			}
			attempts = append(attempts, a)
			// A search cut short ends the chain: the budget or the time is
			// spent, and its best plan may miss only for want of search.
			if a.Met || err == nil && res.cut {
				res.Attempts = attempts
				return res, nil
			}
		}
		next, ok := rs.Profile(fb.Profile)
		if !ok {
			break
		}
		prof = next
	}
	if err != nil {
		return nil, fmt.Errorf("%w (after %d attempts)", err, len(attempts))
	}
	res.Attempts = attempts
	return res, nil
}

// meetsPromise reports whether a plan ships every unit and, for an order
// with a promise, arrives within promise + tolerance days; if not, why.
func meetsPromise(o *Order, p *Plan, tolerance sourcing.Days) (bool, string) {
	if len(p.Backordered) > 0 {
		return false, "plan 1 backorders " + formatLines(p.Backordered)
	}
	for _, s := range p.Shipments {
		if o.PromiseDays > 0 && s.ETADays > o.PromiseDays+tolerance {
			return false, fmt.Sprintf("plan 1 ships from %s in %d days, beyond %d + %d", s.Node, s.ETADays, o.PromiseDays, tolerance)
		}
	}
	return true, ""
}

// incumbentStates is the lattice size beyond which the exact search
// starts from the plans of the large-order search (see incumbents).
const incumbentStates = 1 << 12

// incumbents returns the plans of the large-order search for o, made on a
// problem of their own with an eighth of what m has left: plans in hand
// for an exact search that may be cut short before it finds better.
func incumbents(m *meter, o *Order, snap *stock.Snapshot, rs *rules.RuleSet, prof *rules.Profile, extra sourcing.Days, opts Options, share *holds) ([]Plan, error) {
	slice := &meter{ctx: m.ctx, work: m.work, bytes: m.bytes, budget: m.work + m.left()/8}
	slice.checkCut()
	defer func() { m.work, m.bytes = slice.work, slice.bytes }()
	var h *held
	if share != nil {
		h = share.of(prof)
	}
	p := newProblem(slice, o, snap, rs, prof, &opts, extra, h)
	defer p.release()
	if p.gather() {
		return nil, nil
	}
	if err := p.require(opts.Require); err != nil {
		return nil, nil // the exact search says why
	}
	s := &searcher{meter: slice, p: p, k: cmp.Or(opts.K, DefaultK)}
	entries, err := s.greedy()
	if err != nil {
		return nil, err
	}
	plans := make([]Plan, 0, len(entries))
	for _, e := range entries {
		plan, err := p.assemble(e)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}

// bestDistinct returns the k best of plans on distinct node sets, ranked:
// cost, then fewer shipments, then node IDs.
func bestDistinct(plans []Plan, k int) []Plan {
	slices.SortStableFunc(plans, comparePlans)
	out := plans[:0]
	for _, pl := range plans {
		if len(out) > 0 && slices.Equal(out[len(out)-1].Nodes(), pl.Nodes()) {
			continue // the same node set, dearer
		}
		if !slices.ContainsFunc(out, func(q Plan) bool { return slices.Equal(q.Nodes(), pl.Nodes()) }) {
			out = append(out, pl)
		}
	}
	out = out[:min(len(out), k)]
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// comparePlans orders plans: cost, then fewer shipments, then node IDs.
func comparePlans(a, b Plan) int {
	return cmp.Or(cmp.Compare(a.Cost, b.Cost), cmp.Compare(len(a.Shipments), len(b.Shipments)), slices.Compare(a.Nodes(), b.Nodes()))
}

// solveWith solves o under one profile, with extra days of on-time
// tolerance.
func solveWith(m *meter, o *Order, snap *stock.Snapshot, rs *rules.RuleSet, prof *rules.Profile, extra sourcing.Days, opts Options, share *holds) (*Result, error) {
	var h *held
	if share != nil {
		h = share.of(prof)
	}
	m.tick(solveWork)
	if !m.mayMake(solveBytes) {
		return nil, fmt.Errorf("order %s: %w (work %d): %w", o.ID, ErrBudget, m.work, cmp.Or(m.ctx.Err(), errBudgetSpent))
	}
	p := newProblem(m, o, snap, rs, prof, &opts, extra, h)
	cut := p.gather()
	if cut && len(opts.Require) > 0 {
		return nil, fmt.Errorf("order %s: %w (gathering holders): %w", o.ID, ErrBudget, cmp.Or(m.ctx.Err(), errBudgetSpent))
	}
	if err := p.require(opts.Require); err != nil {
		return nil, err
	}
	var err error
	s := &searcher{meter: m, p: p, k: cmp.Or(opts.K, DefaultK), partial: cut, steps: p.steps[:0], states: p.states}
	res := &Result{Order: o.ID, Mode: o.Mode, Profile: prof.Name(), PolicyVersion: rs.Version()}
	var entries []plannedEntry
	var first []Plan // the large-order search's, when it ran first (see incumbents)
	lat, exact := p.lattice, p.latticeOK
	switch {
	case o.Mode == rules.Reserve:
		// A reservation is held whole by one store: ranking the stores is
		// exact for any order.
		p.lat, exact = lat, true
		entries, err = s.reserve()
	case exact:
		// A large lattice may take the exact search long: a plan of the
		// large-order search first, on a slice of the budget, is kept in
		// case the exact search is cut short before it finds better.
		if lat.size > incumbentStates && !m.cut {
			if first, err = incumbents(m, o, snap, rs, prof, extra, opts, share); err != nil {
				return nil, err
			}
		}
		entries, err = s.exact(lat)
		if errors.Is(err, errTooLarge) {
			// The tables of the exact search would take more than the
			// budget pays for: the large-order search serves it.
			exact = false
			entries, err = s.greedy()
		}
	default:
		entries, err = s.greedy()
	}
	res.excluded = p.exclusions
	defer func() {
		p.steps, p.states = s.steps[:0], s.states[:0]
		p.release()
	}()
	if err != nil {
		return nil, err
	}
	// Assembling the plans found prices their shipments again: counted,
	// but never cut (a cut search still returns its plans).
	assembly := &s.assembly
	*assembly = meter{ctx: context.Background(), budget: math.MaxInt64}
	assembly.checkCut()
	p.m = assembly
	for i, e := range entries {
		plan, err := p.assemble(e)
		if err != nil {
			return nil, err
		}
		plan.Rank = i + 1
		res.Plans = append(res.Plans, plan)
	}
	p.m, s.work = m, s.work+assembly.work
	res.Optimal = exact && !s.cut
	res.cut = s.cut
	if !res.Optimal && len(first) > 0 {
		res.Plans = bestDistinct(append(res.Plans, first...), s.k)
	}
	switch {
	case len(res.Plans) == 0 && s.cut:
		return nil, fmt.Errorf("order %s: %w (work %d): %w", o.ID, ErrBudget, s.work, cmp.Or(m.ctx.Err(), errBudgetSpent))
	case len(res.Plans) == 0:
		return nil, fmt.Errorf("order %s: %w: %s", o.ID, ErrInfeasible, p.whyInfeasible())
	case res.Optimal:
		res.LowerBound = res.Plans[0].Cost
	default:
		res.LowerBound = min(s.lowerBoundFor(exact), res.Plans[0].Cost)
	}
	res.Work = s.work
	return res, nil
}

// checkInputs validates what every entry point takes: a snapshot and a
// rule set of one currency, the options, and the order (if not nil).
func checkInputs(fn string, order *Order, snap *stock.Snapshot, rs *rules.RuleSet, opts *Options) error {
	if snap == nil || rs == nil {
		return fmt.Errorf("%w: %s needs a snapshot and a rule set", sourcing.ErrInvalid, fn)
	}
	if snap.Currency() != rs.Currency() {
		return fmt.Errorf("%w: snapshot in %s, rule set %s in %s", ErrCurrencyMismatch, snap.Currency(), rs.Version(), rs.Currency())
	}
	if opts.K < 0 || opts.K > MaxK {
		return sourcing.Invalid("options.k", opts.K, fmt.Sprintf("must be in [0, %d]", MaxK))
	}
	if opts.Budget < 0 {
		return sourcing.Invalid("options.budget", opts.Budget, "must be ≥ 0")
	}
	if opts.ExistingShipments < 0 {
		return sourcing.Invalid("options.existing_shipments", opts.ExistingShipments, "must be ≥ 0")
	}
	for _, ids := range []struct {
		field string
		ids   []stock.NodeID
	}{{"options.require", opts.Require}, {"options.exclude", opts.Exclude}} {
		for i, id := range ids.ids {
			if _, ok := snap.Node(id); !ok {
				return &sourcing.FieldError{Field: fmt.Sprintf("%s[%d]", ids.field, i), Value: string(id), Problem: "no such node", Err: stock.ErrUnknownNode}
			}
		}
	}
	for i, id := range opts.Services {
		if !slices.ContainsFunc(rs.Carriers(), func(s *carrier.Service) bool { return s.ID() == id }) {
			return sourcing.Invalid(fmt.Sprintf("options.services[%d]", i), id.String(), "no such carrier service in rule set "+rs.Version())
		}
	}
	if order != nil {
		return order.Validate(snap)
	}
	return nil
}

// plannedEntry is a plan as the search found it: its shipments as
// (candidate, quantities per line).
type plannedEntry struct {
	parts []plannedPart
}

type plannedPart struct {
	cand int
	v    int32 // the lattice vector of qty, or -1 when the search has none
	qty  []sourcing.Qty
}

// solveWork is the work of a solve whatever its order, in the units of
// Options.Budget: matching a profile, compiling its rules, making the
// result.
const solveWork = 2000

// solveBytes is what a solve allocates whatever its order (its problem,
// compiled rules and result), counted against the budget's bytes like its
// tables (see meter): a fallback chain of thousands of attempts stays
// within its budget's memory too.
const solveBytes = 16 << 10

// errTooLarge says the exact search cannot afford the tables of an order:
// the large-order search serves it instead.
var errTooLarge = errors.New("too large for the exact search")

// exact runs the exact search on the lattice, or returns errTooLarge when
// the call's budget cannot pay for its tables.
func (s *searcher) exact(lat lattice) ([]plannedEntry, error) {
	p := s.p
	more, ok := s.prepare(lat)
	if !ok {
		return nil, errTooLarge
	}
	if more {
		if err := s.buildMenus(); err != nil {
			return nil, err
		}
	}
	s.run() // every entry it makes is offered as a plan as it is made
	if s.err != nil {
		return nil, s.err
	}
	plans := s.plans()
	out := make([]plannedEntry, len(plans))
	for i, e := range plans {
		n := 0
		for c := e.chain; c >= 0; c = s.steps[c].prev {
			n++
		}
		// One array for the plan's parts, one for their quantities.
		pe := plannedEntry{parts: make([]plannedPart, 0, n)}
		qty := make([]sourcing.Qty, n*len(p.lines))
		for c := e.chain; c >= 0; c = s.steps[c].prev {
			st := s.steps[c]
			q := qty[:len(p.lines):len(p.lines)]
			qty = qty[len(p.lines):]
			lat.lineQty(int(st.v), q)
			pe.parts = append(pe.parts, plannedPart{cand: int(st.cand), v: st.v, qty: q})
		}
		out[i] = pe
	}
	return out, nil
}

// prepare readies the exact search over lat: the parts, max_shipments. It
// reports whether the order may have a new shipment, and so menus (if not,
// the only plan is "everything backordered"), and ok false when the call's
// budget cannot pay for the tables of the exact search.
func (s *searcher) prepare(lat lattice) (more, ok bool) {
	p := s.p
	p.lat = lat
	p.qty = sized(p.qty, len(p.lines))
	if !p.listFor(&lat) {
		return false, false
	}
	s.slotsK = 1
	s.upper = 1<<62 - 1
	m := p.maxNew()
	if m > 0 {
		s.maxS = max(min(m, s.shipmentsBound()), 1)
		s.slotsK = s.maxS + 1
	}
	// The program's table: K entries per state and shipment count.
	if !s.afford(int64(lat.size) * int64(s.slotsK) * int64(s.k) * int64(unsafe.Sizeof(entry{})+1)) {
		return false, false
	}
	return m != 0, true
}

// lowerBoundFor returns the lower bound after a cut-short search: the
// relaxation over the menus once they are complete (the optimum's options
// are all in them), else the unit bound.
//
// After a cut it works within the finishing slack (see finishing), else
// within what the call's budget has left; cut short, it returns the bound
// it has, at worst 0.
func (s *searcher) lowerBoundFor(exact bool) sourcing.Money {
	stop := s.meter
	if s.cut {
		stop = finishing()
		defer func() { s.work += stop.work }() // counted, past the cut
	}
	if exact && s.menusDone {
		return max(s.lowerBound(stop), s.unitBound(stop))
	}
	return s.unitBound(stop)
}

// whyInfeasible explains an order without plans.
func (p *problem) whyInfeasible() string {
	switch {
	case len(p.required) > 0:
		var ids []string
		for _, ci := range p.required {
			ids = append(ids, string(p.cands[ci].node.ID))
		}
		return fmt.Sprintf("no plan allowed by the rules ships from every required node (%s)", strings.Join(ids, ", "))
	case p.order.Mode == rules.Reserve:
		return "no store allowed to take the reservation holds the whole basket"
	case p.prof.ShipComplete():
		return fmt.Sprintf("profile %s requires shipping complete and the allowed nodes cannot ship every unit", p.prof.Name())
	}
	return "no allowed node can ship the order"
}

// assemble turns a planned entry into a Plan with its breakdown.
func (p *problem) assemble(e plannedEntry) (Plan, error) {
	var plan Plan
	nl := len(p.lines)
	qty := make([]sourcing.Qty, 2*nl) // served, then left
	served, left := qty[:nl:nl], qty[nl:]
	parts := e.parts // the search's own: sorted in place
	plan.Shipments = make([]Shipment, 0, len(parts))
	slices.SortFunc(parts, func(a, b plannedPart) int { return cmp.Compare(p.cands[a.cand].index, p.cands[b.cand].index) })
	for _, pp := range parts {
		c := p.cands[pp.cand]
		var pt *part
		if pp.v >= 0 {
			pt = p.part(int(pp.v)) // packed and priced by the search
		} else {
			pt = p.partOf(pp.qty)
		}
		q, ok, err := p.quote(c, pt)
		if err != nil {
			return plan, err
		}
		if !ok {
			return plan, fmt.Errorf("internal error: a planned shipment from %s is not feasible", c.node.ID)
		}
		sh := Shipment{Node: c.node.ID, Lines: p.linesOf(pp.qty), Parcels: q.parcels,
			Distance: c.dist, ETADays: q.eta, Cost: q.total, Breakdown: q.bd}
		if q.service >= 0 {
			sh.Carrier = p.services[q.service].ID()
		}
		sh.CarrierPickup, sh.Arrival = p.schedule(c, q)
		for l, n := range pp.qty {
			served[l] += n
		}
		plan.Shipments = append(plan.Shipments, sh)
		plan.Breakdown = plan.Breakdown.add(q.bd)
	}
	var units sourcing.Qty
	for l, line := range p.lines {
		left[l] = line.Qty - served[l]
		units += left[l]
	}
	plan.Backordered = p.linesOf(left)
	var ok bool
	if plan.Breakdown.Split, ok = p.w.Split.Mul(int64(p.splitShipments(len(plan.Shipments)))); !ok {
		return plan, overflowf("split")
	}
	if plan.Breakdown.Backorder, ok = p.w.Backorder.Mul(int64(units)); !ok {
		return plan, overflowf("backorder")
	}
	total := sourcing.Money(0)
	for _, t := range plan.Breakdown.Terms() {
		if total, ok = total.Add(t.Amount); !ok {
			return plan, overflowf("total")
		}
	}
	plan.Cost = total
	return plan, nil
}

// schedule returns a shipment's pick-up time and arrival date: from the
// node's calendar when it has one; else the arrival only, ETA days after
// the order's date, when the order has a time.
func (p *problem) schedule(c *candidate, q shipQuote) (time.Time, stock.Date) {
	n := &c.node
	placed := p.order.PlacedAt
	if placed.IsZero() {
		return time.Time{}, stock.Date{}
	}
	if n.Calendar != nil {
		sch, ok := n.Calendar.Schedule(placed, n.Cutoff, n.PrepDays, q.transit)
		switch {
		case !ok:
			return time.Time{}, stock.Date{}
		case q.service < 0:
			return time.Time{}, sch.Arrival // nothing for a carrier to pick up
		}
		return sch.CarrierPickup, sch.Arrival
	}
	d := placed.AddDate(0, 0, int(q.eta))
	return time.Time{}, stock.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
}

// linesOf merges per-line quantities into lines per SKU, sorted, without
// zeros.
func (p *problem) linesOf(qty []sourcing.Qty) []Line {
	n := 0
	for _, q := range qty {
		if q != 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Line, 0, n)
	var buf [16]int32
	at := buf[:0] // 1 + position in out of each SKU
	if len(p.skus) > len(buf) {
		at = make([]int32, len(p.skus))
	}
	at = at[:len(p.skus)]
	for l, n := range qty {
		if n == 0 {
			continue
		}
		si := p.lineSKU[l]
		if i := at[si]; i > 0 {
			out[i-1].Qty += n
			continue
		}
		out = append(out, Line{SKU: p.skus[si].SKU, Qty: n})
		at[si] = int32(len(out))
	}
	sortLines(out)
	return out
}

// formatLines formats lines as "2 × SKU-A, 1 × SKU-B".
func formatLines(ls []Line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("%d × %s", l.Qty, l.SKU)
	}
	return strings.Join(parts, ", ")
}
