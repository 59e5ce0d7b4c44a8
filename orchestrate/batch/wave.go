package batch

import (
	"cmp"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/mcf"
	"github.com/sourcing-go/sourcing/stock"
)

// A wave is the open orders competing for a scarce SKU: more of them want
// it at its near nodes (in their cheapest plans alone) than those nodes
// hold. First come, first served would give the near stock to whoever
// was placed first; a wave allocates it jointly, as a transportation
// problem solved exactly by minimum-cost flow (internal/mcf):
//
//   - each slot of the wave sends its units of the SKU, d, from its
//     supply node;
//   - to a node n of the SKU, at the cost of its cheapest candidate plan
//     that takes all d units there (spread over the d units), or
//     straight to the sink — it waits: its cheapest candidate that ships
//     none of the SKU;
//   - node n passes at most what it holds for the wave (available, less
//     the display stock kept, less what slots outside the wave take) to
//     the sink, which takes every unit.
//
// The candidates are the slot's pool (its K cheapest plans alone, its
// plan now) and two more solves: without the SKU at the over-subscribed
// nodes (the far option), and without it anywhere (the option to wait).
// A least-cost flow is a least-cost choice, for the wave, of one option
// per slot: exact when every slot wants one unit (the flash sale's case);
// a slot wanting several units may be split by the flow between nodes
// and takes the option carrying most of it. The choice is then checked
// against every other SKU and node capacity with the rest of the state,
// and taken when it costs less in total than the plans now.

// maxWaveRounds bounds the allocations of one wave: each round that does
// not fit takes the members in the way out.
const maxWaveRounds = 8

// maxScale bounds the common multiple of the slots' quantities that the
// flow's costs are scaled by, so that a cost per unit is an integer.
const maxScale = 720

// waves allocates each scarce SKU's wave, in SKU order.
func (b *batcher) waves() error {
	for _, w := range b.scarce() {
		if b.cut {
			return nil
		}
		if err := b.wave(w.sku, w.nodes); err != nil {
			return err
		}
	}
	return nil
}

type scarceSKU struct {
	sku   int32
	nodes []int32 // the over-subscribed nodes
}

// scarce returns the SKUs that the slots' cheapest plans alone
// over-subscribe, with the nodes they over-subscribe.
func (b *batcher) scarce() []scarceSKU {
	want := map[pairKey]sourcing.Qty{}
	keep := map[pairKey]sourcing.Qty{}
	for _, s := range b.live() {
		if len(s.pool) == 0 {
			continue
		}
		for _, u := range s.pool[0].uses {
			want[u.key] += u.qty
			keep[u.key] = max(keep[u.key], s.keep[b.pair(u.key).kind])
		}
	}
	by := map[int32][]int32{}
	for k, q := range want {
		if q > b.pair(k).avail-keep[k] {
			by[k.sku] = append(by[k.sku], k.node)
		}
	}
	out := make([]scarceSKU, 0, len(by))
	for sku, nodes := range by {
		slices.Sort(nodes)
		out = append(out, scarceSKU{sku, nodes})
	}
	slices.SortFunc(out, func(x, y scarceSKU) int { return cmp.Compare(b.skus[x.sku], b.skus[y.sku]) })
	return out
}

// without returns the free stock with none of sku available at nodes
// (every holder when nodes is nil).
func (b *batcher) without(sku int32, nodes []int32) (*stock.Snapshot, error) {
	id := b.skus[sku]
	var recs []stock.Record
	zero := func(node stock.NodeID, l stock.Level) {
		l.OnHand = min(l.OnHand, l.Reserved+l.Safety)
		recs = append(recs, stock.Record{Node: node, SKU: id, Level: l})
	}
	if nodes == nil {
		for n, l := range b.free.Holders(id) {
			zero(n, l)
		}
	} else {
		for _, ni := range nodes {
			n := b.free.NodeAt(int(ni)).ID
			zero(n, b.free.Level(n, id))
		}
	}
	b.tick(int64(100 * (len(recs) + 1)))
	return b.free.WithLevels(recs)
}

// option is one way a slot of a wave may take the SKU: from a node, or
// not at all (node −1), with its cheapest candidate so.
type option struct {
	node int32
	c    *cand
}

// wave allocates one scarce SKU jointly (see above).
func (b *batcher) wave(sku int32, contested []int32) error {
	var members []*slot
	demand := map[int]sourcing.Qty{}
	for _, s := range b.live() {
		var d sourcing.Qty
		for _, l := range s.order.Lines {
			if l.SKU == b.skus[sku] {
				d += l.Qty
			}
		}
		if d > 0 && b.contests(s, sku, contested) {
			members = append(members, s)
			demand[s.id] = d
		}
	}
	if len(members) < 2 {
		return nil
	}
	// The far option, for a member none of whose candidates takes the
	// SKU from a node it does not over-subscribe, and the option to wait,
	// for a member that may wait (no order of its that orders the SKU has
	// a promise its plan keeps).
	for _, nodes := range [][]int32{contested, nil} {
		var need []*slot
		for _, s := range members {
			if nodes != nil && !b.hasFarOption(s, sku, demand[s.id], contested) || nodes == nil && b.mayWait(s, sku) {
				need = append(need, s)
			}
		}
		if len(need) == 0 {
			continue
		}
		snap, err := b.without(sku, nodes)
		if err != nil {
			return err
		}
		for _, s := range need {
			cs, _, err := b.solve(s, snap, 1)
			if err == errCut {
				return nil
			}
			if err != nil {
				return err
			}
			s.addToPool(cs...)
		}
	}
	// The options of each member; a member whose plan now splits the SKU
	// keeps it, outside the wave.
	options := map[int][]option{}
	var wave []*slot
	for _, s := range members {
		opts := b.optionsOf(s, sku, demand[s.id])
		cur, ok := sourceOf(s.cur, sku, demand[s.id])
		if ok && slices.ContainsFunc(opts, func(o option) bool { return o.node == cur }) {
			options[s.id] = opts
			wave = append(wave, s)
		}
	}
	// Allocate; members the flow splits, or whose choice overfills
	// another SKU or a node's capacity, keep their plans and the rest is
	// allocated again, until the choice fits.
	for round := 0; round < maxWaveRounds && len(wave) >= 2 && !b.cut; round++ {
		changes, keep := b.allocate(sku, wave, options, demand)
		if len(keep) == 0 {
			b.takeWave(sku, changes)
			return nil
		}
		wave = slices.DeleteFunc(wave, func(s *slot) bool { return slices.Contains(keep, s.id) })
	}
	return nil
}

// takeWave takes the changes of a wave when they cost less than the
// plans now.
func (b *batcher) takeWave(sku int32, changes []change) {
	var before, after sourcing.Money
	for _, ch := range changes {
		before += ch.s.cur.cost()
		after += ch.c.cost()
	}
	if len(changes) == 0 || after >= before || !b.commit(changes) {
		return
	}
	var moved []string
	for _, ch := range changes {
		moved = append(moved, ch.s.ids()...)
	}
	for _, ch := range changes {
		var with []string
		for _, id := range moved {
			if !slices.Contains(ch.s.ids(), id) {
				with = append(with, id)
			}
		}
		ch.s.reasons = appendReason(ch.s.reasons, Reason{Step: StepWave, SKU: b.skus[sku], With: with})
	}
}

// allocate solves the wave's transportation problem and returns the
// changes it makes, or the members that must keep their plans: those the
// flow splits between options, or, when the choice does not fit, those
// that take more where it overfills.
func (b *batcher) allocate(sku int32, wave []*slot, options map[int][]option, demand map[int]sourcing.Qty) ([]change, []int) {
	in := map[int]bool{}
	scale := int64(1)
	for _, s := range wave {
		in[s.id] = true
		scale = lcm(scale, int64(demand[s.id]))
	}
	if scale > maxScale {
		// Quantities too diverse for integer costs: the members of the
		// largest quantity keep their plans.
		var most sourcing.Qty
		for _, s := range wave {
			most = max(most, demand[s.id])
		}
		var keep []int
		for _, s := range wave {
			if demand[s.id] == most {
				keep = append(keep, s.id)
			}
		}
		return nil, keep
	}
	// The units of the SKU per node that slots outside the wave take.
	outside := map[int32]sourcing.Qty{}
	for _, s := range b.live() {
		if in[s.id] {
			continue
		}
		for _, u := range s.cur.uses {
			if u.key.sku == sku {
				outside[u.key.node] += u.qty
			}
		}
	}
	nodeOf := map[int32]int{}
	var nodes []int32
	for _, s := range wave {
		for _, o := range options[s.id] {
			if _, ok := nodeOf[o.node]; o.node >= 0 && !ok {
				nodeOf[o.node] = -1
				nodes = append(nodes, o.node)
			}
		}
	}
	slices.Sort(nodes)
	g := mcf.New(len(wave) + len(nodes) + 1)
	sink := len(wave) + len(nodes)
	for i, n := range nodes {
		nodeOf[n] = len(wave) + i
		p := b.pair(pairKey{n, sku})
		var keep sourcing.Qty
		for _, s := range wave {
			keep = max(keep, s.keep[p.kind])
		}
		g.AddArc(nodeOf[n], sink, max(0, int64(p.avail-keep-outside[n])), 0)
	}
	type arcOf struct {
		slot, arc int
		o         option
	}
	var arcs []arcOf
	var total int64
	for i, s := range wave {
		d := int64(demand[s.id])
		g.SetSupply(i, d)
		total += d
		for _, o := range options[s.id] {
			to := sink
			if o.node >= 0 {
				to = nodeOf[o.node]
			}
			perUnit := int64(o.c.cost()) * (scale / d)
			if perUnit > mcf.MaxCost || perUnit < -mcf.MaxCost {
				return nil, nil // absurd costs: no wave
			}
			arcs = append(arcs, arcOf{i, g.AddArc(i, to, d, perUnit), o})
		}
	}
	g.SetSupply(sink, -total)
	// Successive shortest paths: at most one search of the network per
	// unit (see internal/mcf), about 3 units of work per arc searched.
	b.tick(3 * int64(len(arcs)+len(nodes)) * total)
	if _, err := g.Solve(); err != nil {
		return nil, nil // the plans now do not fit the model (keeps differ): local search follows
	}
	chosen := make([]*cand, len(wave))
	var keep []int
	for _, arc := range arcs {
		switch f := g.Flow(arc.arc); {
		case f == 0:
		case f < int64(demand[wave[arc.slot].id]):
			keep = append(keep, wave[arc.slot].id)
		default:
			chosen[arc.slot] = arc.o.c
		}
	}
	if len(keep) > 0 {
		slices.Sort(keep)
		return nil, slices.Compact(keep)
	}
	var changes []change
	for i, s := range wave {
		if chosen[i] != nil && chosen[i].sig != s.cur.sig {
			changes = append(changes, change{s, chosen[i]})
		}
	}
	for _, v := range b.violations(changes, false) {
		keep = append(keep, v.slots...)
	}
	if len(keep) > 0 {
		slices.Sort(keep)
		return nil, slices.Compact(keep)
	}
	return changes, nil
}

// optionsOf returns the slot's options for the SKU: per node that one of
// its candidates takes all d units from, and for none, the cheapest such
// candidate; in node order, waiting first.
func (b *batcher) optionsOf(s *slot, sku int32, d sourcing.Qty) []option {
	best := map[int32]*cand{}
	for _, c := range s.pool {
		n, ok := sourceOf(c, sku, d)
		if !ok {
			continue
		}
		if old, seen := best[n]; !seen || c.cost() < old.cost() {
			best[n] = c
		}
	}
	out := make([]option, 0, len(best))
	for n, c := range best {
		out = append(out, option{n, c})
	}
	slices.SortFunc(out, func(x, y option) int { return cmp.Compare(x.node, y.node) })
	return out
}

// sourceOf returns where c takes the SKU: the node that ships all d
// units, or −1 when it ships none; false when it splits them or ships
// some only.
func sourceOf(c *cand, sku int32, d sourcing.Qty) (int32, bool) {
	node, got := int32(-1), sourcing.Qty(0)
	for _, u := range c.uses {
		if u.key.sku != sku {
			continue
		}
		if node >= 0 && node != u.key.node {
			return 0, false
		}
		node, got = u.key.node, got+u.qty
	}
	switch {
	case got == 0:
		return -1, true
	case got == d:
		return node, true
	}
	return 0, false
}

func lcm(a, b int64) int64 {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x * b
}

// hasFarOption reports whether one of the slot's candidates takes all d
// units of the SKU from a node outside contested.
func (b *batcher) hasFarOption(s *slot, sku int32, d sourcing.Qty, contested []int32) bool {
	for _, c := range s.pool {
		if n, ok := sourceOf(c, sku, d); ok && n >= 0 && !slices.Contains(contested, n) {
			return true
		}
	}
	return false
}

// mayWait reports whether the slot may go without the SKU: none of its
// orders that order it has a promise its plan keeps.
func (b *batcher) mayWait(s *slot, sku int32) bool {
	for i, o := range s.orders {
		if !s.kept[i] {
			continue
		}
		for _, l := range o.Lines {
			if l.SKU == b.skus[sku] {
				return false
			}
		}
	}
	return true
}

// contests reports whether the slot competes for the SKU at the
// over-subscribed nodes: its plan, or one of its candidates, takes it
// there. The others keep their plans; what they take counts as taken.
func (b *batcher) contests(s *slot, sku int32, contested []int32) bool {
	for _, c := range append([]*cand{s.cur}, s.pool...) {
		for _, u := range c.uses {
			if u.key.sku == sku && slices.Contains(contested, u.key.node) {
				return true
			}
		}
	}
	return false
}
