package orchestrate

import "context"

// A meter counts the work of one call — Solve, Promise, Explain,
// Sensitivity, Reallocate — against its budget (Options.Budget) and watches
// its context. Every stage of every solve the call makes ticks it: reading
// the holders, listing and pricing the parts, the dynamic program, the
// large-order search. So one budget bounds the whole call, however many
// solves a fallback chain or a Promise makes, and a unit of work costs
// about the same time on every path (at most about 5 ns on one core).
//
// The budget also bounds the call's tables: a stage asks the meter before
// it makes a large table (see afford), and one that would take the call's
// tables past memoryPerUnit × budget bytes is not made — the stage takes
// another way (the large-order search) or stops. Making a table counts as
// work too, a unit per bytesPerUnit bytes.
type meter struct {
	ctx    context.Context
	budget int64
	work   int64
	bytes  int64 // of the tables afforded
	check  int64 // the work at which to look at the budget and ctx next
	cut    bool  // the budget is spent or ctx is done
}

// checkEvery is how often, in units of work, a meter looks at its context:
// about 20 µs of work, far below the millisecond a deadline may overshoot.
const checkEvery = 4096

// memoryPerUnit is how many bytes of table a unit of budget allows: a
// call's tables take at most memoryPerUnit × its budget bytes (see
// Options.Budget).
const memoryPerUnit = 1

// bytesPerUnit is how many bytes of a table making it costs a unit of
// work: clearing memory runs at several bytes a nanosecond.
const bytesPerUnit = 8

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

// reserve reports whether tables of the given bytes, made later as they
// are needed (each paying its work then), fit in what the budget allows
// with the tables afforded before, and counts them if so.
func (m *meter) reserve(bytes int64) bool {
	if bytes < 0 || bytes > m.budget*memoryPerUnit-m.bytes {
		return false
	}
	m.bytes += bytes
	return true
}

// afford reports whether a table of the given bytes fits in what the
// budget allows, with the tables afforded before, and whether the call may
// still go on; if so it counts the table and the work of making it. A
// stage that cannot afford its table takes another way (the large-order
// search) or stops. Before a large table it looks at the context, so that
// a call past its deadline does not start making it.
func (m *meter) afford(bytes int64) bool {
	if bytes < 0 || bytes > m.budget*memoryPerUnit-m.bytes {
		return false
	}
	units := bytes / bytesPerUnit
	if units >= checkEvery {
		m.checkCut()
	}
	if m.cut {
		return false
	}
	m.bytes += bytes
	m.tick(units)
	return true
}

// mayMake is afford for the stages that cannot go on without their table,
// and that also run outside a call (such as Result.Excluded) with a nil
// meter, which affords anything: a table it cannot afford cuts the call.
func (m *meter) mayMake(bytes int64) bool {
	if m == nil || m.afford(bytes) {
		return true
	}
	m.cut = true
	return false
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
