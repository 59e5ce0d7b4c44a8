package orchestrate

import (
	"context"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// SolveGreedyForTest runs the search Solve uses for orders beyond the exact
// search on any order, for tests that measure it against the exact search.
func SolveGreedyForTest(o Order, snap *stock.Snapshot, rs *rules.RuleSet) (Plan, error) {
	oc := o.clone()
	prof, _ := rs.Match(oc.facts())
	m := newMeter(context.Background(), DefaultBudget)
	p := newProblem(m, &oc, snap, rs, prof, &Options{}, 0, nil)
	p.gather()
	s := &searcher{meter: m, p: p, k: 1}
	entries, err := s.greedy()
	if err != nil {
		return Plan{}, err
	}
	return p.assemble(entries[0])
}

// SolveSharedForTest solves o as a Promise solves its options: the
// holders read into a held that solves share, its parts' shippers sorted
// from centre (see listParts), so that the menus may stop early.
func SolveSharedForTest(o Order, snap *stock.Snapshot, rs *rules.RuleSet, opts Options, centre geo.LatLng) (*Result, error) {
	if err := checkInputs("Solve", &o, snap, rs, &opts); err != nil {
		return nil, err
	}
	share := newHolds(pointOf(centre))
	defer share.release()
	return solve(newMeter(context.Background(), DefaultBudget), o, snap, rs, opts, share)
}

// CheckBoundsForTest lists the menus' pairs of o as the exact search would
// (K plans) and checks that each pair's bound is at most its exact cost
// when it is feasible, and that no feasible pair is left out. It returns
// the first violation.
func CheckBoundsForTest(o Order, snap *stock.Snapshot, rs *rules.RuleSet, k int) error {
	oc := o.clone()
	prof, err := rs.Match(oc.facts())
	if err != nil {
		return nil // no profile: nothing to bound
	}
	// A held of its own, as a Promise shares: its lists are sorted, and
	// the menus may stop early (see listParts).
	m := newMeter(context.Background(), DefaultBudget)
	p := newProblem(m, &oc, snap, rs, prof, &Options{}, 0, new(held))
	defer p.release()
	p.gather()
	p.gatherAll(nil)
	lat, exact := p.lattice, p.latticeOK
	if !exact || oc.Mode == rules.Reserve {
		return nil
	}
	s := &searcher{meter: m, p: p, k: k}
	if more, ok := s.prepare(lat); !more || !ok {
		return nil // no new shipment (no menus), or too large to list
	}
	pairs, _, err := s.pairs(0)
	if err != nil {
		return err
	}
	listed := map[[2]int32]sourcing.Money{}
	for _, pr := range pairs {
		listed[[2]int32{pr.lite, pr.v}] = pr.lb
	}
	// The first listing keeps the head of each part's bounds: what it
	// leaves out must be no less than the bound it notes — with the
	// shippers sorted from the destination, as Solve does, and from a
	// centre 40 km away, as a Promise may (see listParts).
	north := p.dest.Lat() + 0.36
	if north > 90 {
		north -= 0.72
	}
	away, err := geo.LatLngFromDegrees(north, p.dest.Lng())
	if err != nil {
		return err
	}
	for _, centre := range []sphere.Point{p.destPoint, pointOf(away)} {
		p.held.centre, p.held.listedFor = centre, nil
		p.listFor(&p.lat)
		head, _, err := s.pairs(s.headSize())
		if err != nil {
			return err
		}
		kept := map[[2]int32]bool{}
		for _, pr := range head {
			kept[[2]int32{pr.lite, pr.v}] = true
		}
		for key, lb := range listed {
			if v := key[1]; !kept[key] && lb < p.heads.dropped[v] {
				return fmt.Errorf("node %s: part %d left out of the head listing with bound %d, below the bound noted %d",
					p.snap.NodeAt(int(p.lites[key[0]].index)).ID, v, lb, p.heads.dropped[v])
			}
		}
	}
	nsku := len(p.skus)
	for li := range p.lites {
		l := &p.lites[li]
		c, ok, err := p.candidate(l)
		if err != nil {
			return err
		} else if !ok {
			continue
		}
		usable := p.usable[l.off : int(l.off)+nsku]
		for v := 1; v < lat.size; v++ {
			pt := p.part(v)
			if !holdsAll(usable, pt.sku) {
				continue
			}
			q, ok, err := p.quote(c, pt)
			if err != nil {
				return err
			} else if !ok {
				continue
			}
			lb, ok := listed[[2]int32{int32(li), int32(v)}]
			switch {
			case !ok:
				return fmt.Errorf("node %s: part %d, feasible at %d, not listed", c.node.ID, v, q.total)
			case lb > q.total:
				return fmt.Errorf("node %s: bound %d above the exact cost %d of part %d", c.node.ID, lb, q.total, v)
			}
		}
	}
	return nil
}

// CheckSortToForTest lists keys as one part's shippers, unsorted, and
// walks them as pairs does, once to each of stops in turn and then to the
// end: every shipper walked must be the least of those not walked before
// it, and the list must end sorted, holding the same keys.
func CheckSortToForTest(keys []uint64, stops []int) error {
	h := &held{shipStart: []int32{0}, shipEnd: []int32{int32(len(keys))}, sortedN: []int32{0}}
	for _, k := range keys {
		h.shippers = append(h.shippers, shipper(k))
	}
	for _, stop := range append(stops, len(keys)) {
		list, sorted := h.shippersOf(0), 0
		for i := 0; i < min(stop, len(list)); i++ {
			if i == sorted {
				sorted = h.sortTo(0, i)
			}
			if i >= sorted {
				return fmt.Errorf("walk to %d: shipper %d read beyond the %d in order", stop, i, sorted)
			}
			if least := slices.Min(list[i:]); list[i] != least {
				return fmt.Errorf("walk to %d: shipper %d is %d, not the least left (%d)", stop, i, list[i], least)
			}
		}
	}
	got := make([]uint64, len(keys))
	for i, sh := range h.shippers {
		got[i] = uint64(sh)
	}
	if want := slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
		return fmt.Errorf("the list ends %v, want %v", got, want)
	}
	return nil
}

// SolveIndexedForTest solves with every menu indexed by vector (see
// fitting), as only long menus are: a test compares it with Solve. Not for
// parallel tests.
func SolveIndexedForTest(ctx context.Context, o Order, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (*Result, error) {
	testAlwaysIndex = true
	defer func() { testAlwaysIndex = false }()
	return Solve(ctx, o, snap, rs, opts)
}
