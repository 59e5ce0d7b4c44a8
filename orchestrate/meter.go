package orchestrate

import "context"

// A meter counts the work of one call — Solve, Promise, Explain,
// Sensitivity, Resource — against its budget (Options.Budget) and watches
// its context. Every stage of every solve the call makes ticks it: reading
// the holders, listing and pricing the parts, the dynamic program, the
// large-order search. So one budget bounds the whole call, however many
// solves a fallback chain or a Promise makes, and a unit of work costs
// about the same time on every path (see workUnit).
//
// Tables are charged too, at one unit per memoryPerUnit bytes, before they
// are made: a stage that would need a table larger than the budget has left
// does not make it (see afford). A solve's memory is therefore bounded by
// its budget.
type meter struct {
	ctx    context.Context
	budget int64
	work   int64
	check  int64 // the work at which to look at the budget and ctx next
	cut    bool  // the budget is spent or ctx is done
}

// checkEvery is how often, in units of work, a meter looks at its context:
// about 20 µs of work, far below the millisecond a deadline may overshoot.
const checkEvery = 4096

// memoryPerUnit is how many bytes of table one unit of work pays for: a
// call's tables take at most memoryPerUnit × its budget bytes (see
// Options.Budget).
const memoryPerUnit = 1

// newMeter returns a meter for a call with ctx and budget units of work.
func newMeter(ctx context.Context, budget int64) *meter {
	m := &meter{ctx: ctx, budget: budget}
	m.checkCut()
	return m
}

// tick adds n units of work and reports whether the call must stop.
func (m *meter) tick(n int64) bool {
	m.work += n
	if m.work >= m.check {
		m.checkCut() // apart, so that tick inlines
	}
	return m.cut
}

// checkCut cuts the call when the budget is spent or ctx is done, and sets
// the work at which to look next: the budget, or the next multiple of
// checkEvery units, whichever comes first.
func (m *meter) checkCut() {
	if m.work >= m.budget || m.ctx.Err() != nil {
		m.cut = true
	}
	m.check = min(m.budget, m.work&^(checkEvery-1)+checkEvery)
}

// done is tick for a meter that may be nil (which never stops): the
// stages that also run outside a call, such as Result.Excluded.
func (m *meter) done(n int64) bool {
	if m == nil {
		return false
	}
	return m.tick(n)
}

// left returns the units of budget not yet spent.
func (m *meter) left() int64 { return max(m.budget-m.work, 0) }

// afford reports whether a table of the given bytes fits in what the
// budget has left, and charges it if so. A stage that cannot afford its
// table takes another way (the large-order search) or stops.
func (m *meter) afford(bytes int64) bool {
	units := bytes / memoryPerUnit
	if bytes < 0 || units > m.left() {
		return false
	}
	m.tick(units)
	return true
}

// finishing returns a meter for what a call does once its search is cut
// short, so that it still answers within a small slack of its deadline:
// the lower bound and the assembly of the plans found, together at most
// finishWork units, whatever the context says.
func finishing() *meter {
	return newMeter(context.Background(), finishWork)
}

// finishWork bounds what a cut-short call does after the cut: about a
// millisecond of work.
const finishWork = 1 << 18
