package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// batcher is one call of Optimize: the batch, its stock and the state of
// the search.
type batcher struct {
	ctx           context.Context
	rs            *rules.RuleSet
	opts          Options
	budget, work  int64
	cut           bool // the budget is spent or ctx is done
	k, exactLimit int
	free          *stock.Snapshot
	cur           *stock.Snapshot // free with the slots' current plans applied
	units         []unit
	slots         []*slot // the state; a slot merged into another is nil
	skuIndex      map[stock.SKU]int32
	skus          []stock.SKU
	pairs         map[pairKey]*pairUse
	nodes         map[int32]*nodeUse
	exactAll      bool // every competing set was solved exactly
	// commits counts the commits; tried remembers, per pair of slots, the
	// versions of the two when their exchange was last tried.
	commits int
	tried   map[[2]int][2]int
}

// unit is one assignment given.
type unit struct {
	orders []orchestrate.Order
	before *cand // its plan, priced on the free stock
}

// slot is one assignment of the state: the units it serves together
// (one, or several grouped), its plan now, and the plans it may take.
type slot struct {
	id     int
	units  []int               // in the order of their first orders
	orders []orchestrate.Order // the units' orders, in order
	order  orchestrate.Order   // as solved and priced: the first with the lines of all
	keep   [len(stock.Kinds) + 1]sourcing.Qty
	kept   []bool // per order: its promise is kept by the plan given
	cur    *cand
	pool   []*cand // candidate plans, each keeping the promises kept
	// version counts the slot's changes of plan; resolved is b.commits
	// when it was last solved on the stock the others leave.
	version  int
	resolved int
	// alone is the cost of the cheapest plan of the slot alone on the
	// free stock, when that solve was optimal: no plan of the slot costs
	// less, whatever the others take.
	alone   sourcing.Money
	aloneOK bool
	reasons []Reason
}

func (b *batcher) setup(open []Assignment, snap *stock.Snapshot) error {
	b.skuIndex = map[stock.SKU]int32{}
	b.pairs = map[pairKey]*pairUse{}
	b.nodes = map[int32]*nodeUse{}
	b.tried = map[[2]int][2]int{}
	b.exactAll = true
	var errs []error
	ids := map[string]string{}
	var allocs []stock.Allocation
	for i, a := range open {
		path := fmt.Sprintf("open[%d]", i)
		if len(a.Orders) == 0 {
			errs = append(errs, sourcing.Invalid(path+".orders", nil, "an assignment serves at least one order"))
			continue
		}
		bad := false
		for j := range a.Orders {
			o := &a.Orders[j]
			op := fmt.Sprintf("%s.orders[%d]", path, j)
			if prev, dup := ids[o.ID]; dup {
				errs = append(errs, sourcing.Invalid(op+".id", o.ID, "already the ID of an order of "+prev))
				bad = true
			} else {
				ids[o.ID] = path
			}
			if err := o.Validate(snap); err != nil {
				errs = append(errs, sourcing.WithPrefix(op, trimOrderPrefix(err)))
				bad = true
				continue
			}
			if j > 0 && !sameDestination(&a.Orders[0], o) {
				errs = append(errs, sourcing.Invalid(op, o.ID, "not to the destination and mode of "+path+".orders[0]: a group's orders go to one place"))
				bad = true
			}
		}
		if bad {
			continue
		}
		// What the plan holds, to give back; a plan that is not of its
		// orders is refused by Price below.
		for _, s := range a.Plan.Shipments {
			if _, ok := snap.Node(s.Node); !ok {
				continue
			}
			for _, l := range s.Lines {
				if _, ok := snap.Item(l.SKU); ok && l.Qty > 0 && l.Qty <= stock.MaxQty {
					allocs = append(allocs, stock.Allocation{Node: s.Node, SKU: l.SKU, Qty: l.Qty})
				}
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	free, err := snap.Release(allocs)
	if err != nil {
		// A plan that is not of its orders says so first.
		for i, a := range open {
			if _, perr := orchestrate.Price(merge(a.Orders), a.Plan.Shipments, snap, b.rs, orchestrate.Options{}); perr != nil {
				return planError(i, perr)
			}
		}
		return fmt.Errorf("batch: the open plans must be applied to the snapshot given: %w", err)
	}
	b.free, b.cur = free, snap
	b.units = make([]unit, len(open))
	for i, a := range open {
		u := &b.units[i]
		u.orders = cloneOrders(a.Orders)
		s := b.newSlot(len(b.slots), []int{i})
		if err := b.profileOf(s); err != nil {
			return fmt.Errorf("open[%d]: %w", i, err)
		}
		c, err := b.price(s, a.Plan.Shipments)
		if err != nil {
			return planError(i, err)
		}
		u.before = c
		s.cur = c
		s.kept = b.promises(s, c)
		b.slots = append(b.slots, s)
		b.use(s, c, +1)
	}
	return nil
}

// planError is Price's error for the plan of open[i]: its field errors
// under "open[i].plan", any other error said of it.
func planError(i int, err error) error {
	return sourcing.WithPrefix(fmt.Sprintf("open[%d].plan", i), err)
}

// trimOrderPrefix drops the "order." that Order.Validate puts in front of
// its fields, for a path of the batch's own.
func trimOrderPrefix(err error) error {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs := joined.Unwrap()
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = trimOrderPrefix(e)
		}
		return errors.Join(out...)
	}
	var fe *sourcing.FieldError
	if errors.As(err, &fe) && fe == err {
		c := *fe
		c.Field = strings.TrimPrefix(c.Field, "order.")
		return &c
	}
	return err
}

func cloneOrders(os []orchestrate.Order) []orchestrate.Order {
	out := make([]orchestrate.Order, len(os))
	for i, o := range os {
		o.Lines = slices.Clone(o.Lines)
		o.Tags = slices.Clone(o.Tags)
		var st [][]int
		for _, g := range o.ShipTogether {
			st = append(st, slices.Clone(g))
		}
		o.ShipTogether = st
		out[i] = o
	}
	return out
}

// sameDestination reports whether two orders go to one place in one
// mode.
func sameDestination(a, b *orchestrate.Order) bool {
	if a.Mode != b.Mode || a.Country != b.Country {
		return false
	}
	if a.Mode == rules.Collect {
		return a.PickupNode == b.PickupNode
	}
	return a.Destination == b.Destination
}

// newSlot returns a slot serving units together.
func (b *batcher) newSlot(id int, units []int) *slot {
	s := &slot{id: id, units: units}
	for _, u := range units {
		s.orders = append(s.orders, b.units[u].orders...)
	}
	s.order = merge(s.orders)
	return s
}

// merge returns orders as one order: the first, with the lines of all in
// turn and their ship-together groups, its ID the IDs joined with "+".
func merge(orders []orchestrate.Order) orchestrate.Order {
	o := orders[0]
	o.Lines = slices.Clone(o.Lines)
	o.ShipTogether = nil
	for _, g := range orders[0].ShipTogether {
		o.ShipTogether = append(o.ShipTogether, slices.Clone(g))
	}
	if len(orders) == 1 {
		return o
	}
	ids := []string{o.ID}
	for _, m := range orders[1:] {
		ids = append(ids, m.ID)
		base := len(o.Lines)
		o.Lines = append(o.Lines, m.Lines...)
		for _, g := range m.ShipTogether {
			re := make([]int, len(g))
			for i, l := range g {
				re[i] = base + l
			}
			o.ShipTogether = append(o.ShipTogether, re)
		}
	}
	o.ID = strings.Join(ids, "+")
	return o
}

// profileOf sets the display stock the slot's rules keep: the most any
// profile of its fallback chain keeps, so that no attempt's rule breaks.
func (b *batcher) profileOf(s *slot) error {
	p, err := b.rs.Match(facts(&s.order))
	if err != nil {
		return fmt.Errorf("order %s: %w", s.order.ID, err)
	}
	s.keep = [len(stock.Kinds) + 1]sourcing.Qty{}
	seen := map[string]bool{}
	for p != nil && !seen[p.Name()] {
		seen[p.Name()] = true
		for _, k := range stock.Kinds {
			s.keep[k] = max(s.keep[k], p.Keep(k))
		}
		next, ok := b.rs.Profile(p.Fallback().Profile)
		if !ok {
			break
		}
		p = next
	}
	return nil
}

// facts are an order as the rules see it.
func facts(o *orchestrate.Order) rules.Facts {
	return rules.Facts{Channel: o.Channel, Mode: o.Mode, Country: o.Country, Region: o.Region, Tier: o.Tier,
		Tags: o.Tags, Value: o.Value, PlacedAt: o.PlacedAt}
}
