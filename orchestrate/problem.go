package orchestrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// problem is one order made ready for the search: its lattice, the
// candidate nodes that survived the filters, and the caches the quotes use.
type problem struct {
	order *Order
	snap  *stock.Snapshot
	prof  *rules.Profile
	w     rules.Weights
	dest  geo.LatLng
	// destType and destCountry are what carrier services must serve:
	// carrier.ToHome or carrier.ToStore (a transfer to a pickup store).
	destType, destCountry string
	lines                 []Line
	lineSKU               []int // per line: index into skus
	skus                  []skuInfo
	lat                   lattice
	services              []*carrier.Service
	cands                 []*candidate
	excluded              []Exclusion
	total                 sourcing.Qty  // units ordered
	required              []int         // candidates every plan must ship from
	groups                [][]int       // lines that must ship together from one node
	latest                sourcing.Days // with an on-time rule, the latest ETA allowed; 0 = none
	// existing is the number of shipments the order already has (when
	// re-sourcing): each new shipment then pays the split penalty, and
	// max_shipments counts them.
	existing int
	// excludedByCaller are the nodes Options.Exclude keeps out.
	excludedByCaller []stock.NodeID

	packs []packEntry // per (vector, service), filled on demand
	qty   []sourcing.Qty
	skuQ  []sourcing.Qty
}

type skuInfo struct {
	item stock.Item
}

// candidate is a node that may give stock to the order.
type candidate struct {
	index int // in the snapshot
	node  stock.Node
	// shelf is true when the node serves without a carrier: the pickup
	// store's own shelf for collect, any store for reserve.
	shelf  bool
	dist   geo.Distance
	avail  []sourcing.Qty // per SKU, before keep
	usable []sourcing.Qty // per SKU, after keep and forbidden tags
	cap    sourcing.Qty   // units it may still ship; -1 = no limit
	zones  []zoneRef      // per service
	menu   []option       // feasible parts, by vector
	// required is true when Options.Require names the node.
	required bool
	etas     []etaCache // for a node with a calendar, ETA per transit days
}

type etaCache struct {
	transit, days sourcing.Days
}

type zoneRef struct {
	zone int
	days sourcing.Days
	ok   bool
}

// option is a part a candidate can ship, with its shipment cost.
type option struct {
	v    int
	cost sourcing.Money
}

type packEntry struct {
	state   uint8 // 0 not packed yet, 1 packed, 2 cannot carry
	packing carrier.Packing
	weight  sourcing.Grams
}

// prepare builds the problem: lattice, candidates and exclusions.
func prepare(o *Order, snap *stock.Snapshot, rs *rules.RuleSet, prof *rules.Profile, opts *Options) (*problem, error) {
	p := &problem{order: o, snap: snap, prof: prof, w: prof.Weights(), lines: o.Lines, existing: opts.ExistingShipments}
	for _, s := range rs.Carriers() {
		if len(opts.Services) == 0 || slices.Contains(opts.Services, s.ID()) {
			p.services = append(p.services, s)
		}
	}
	p.excludedByCaller = opts.Exclude
	require := opts.Require
	skuIndex := map[stock.SKU]int{}
	for _, l := range o.Lines {
		i, ok := skuIndex[l.SKU]
		if !ok {
			it, _ := snap.Item(l.SKU) // validated
			i = len(p.skus)
			skuIndex[l.SKU] = i
			p.skus = append(p.skus, skuInfo{item: it})
		}
		p.lineSKU = append(p.lineSKU, i)
		p.total += l.Qty
	}
	p.dest, p.destType, p.destCountry = o.Destination, carrier.ToHome, o.Country
	var pickup int = -1
	if o.Mode == rules.Collect {
		n, _ := snap.Node(o.PickupNode)
		p.dest, p.destType, p.destCountry = n.Location, carrier.ToStore, n.Country
		pickup, _ = snap.NodeIndex(o.PickupNode)
	}
	// Gather holders: node index → available per SKU.
	holders := map[int][]sourcing.Qty{}
	empty := map[int][]string{} // nodes with records but nothing available: the levels
	var order []int
	for si, sku := range p.skus {
		for ni, lvl := range snap.HoldersAt(sku.item.SKU) {
			a := lvl.Available()
			if a <= 0 {
				if _, ok := holders[ni]; !ok {
					empty[ni] = append(empty[ni], fmt.Sprintf("%s: %d on hand, %d reserved, %d safety", sku.item.SKU, lvl.OnHand, lvl.Reserved, lvl.Safety))
				}
				continue
			}
			delete(empty, ni)
			av, seen := holders[ni]
			if !seen {
				av = make([]sourcing.Qty, len(p.skus))
				holders[ni] = av
				order = append(order, ni)
			}
			av[si] = a
		}
	}
	for ni := range empty {
		order = append(order, ni)
	}
	slices.Sort(order)
	for _, ni := range order {
		if levels, ok := empty[ni]; ok {
			p.excluded = append(p.excluded, Exclusion{Node: snap.NodeAt(ni).ID, Reason: ReasonNoStock, Detail: strings.Join(levels, "; ")})
			continue
		}
		c, why, detail, notes := p.candidate(ni, holders[ni], ni == pickup)
		if why != "" {
			p.excluded = append(p.excluded, Exclusion{Node: c.node.ID, Reason: why, Detail: detail})
			continue
		}
		p.excluded = append(p.excluded, notes...)
		p.cands = append(p.cands, c)
	}
	p.groups = shipTogether(o, prof)
	for i, id := range require {
		if slices.Contains(require[:i], id) {
			continue
		}
		ci := slices.IndexFunc(p.cands, func(c *candidate) bool { return c.node.ID == id })
		if ci < 0 {
			if _, ok := snap.Node(id); !ok {
				return nil, &sourcing.FieldError{Field: fmt.Sprintf("options.require[%d]", i), Value: string(id), Problem: "no such node", Err: stock.ErrUnknownNode}
			}
			why := "it holds none of the order's SKUs"
			if xi := slices.IndexFunc(p.excluded, func(x Exclusion) bool { return x.Node == id && x.SKU == "" }); xi >= 0 {
				why = "excluded: " + string(p.excluded[xi].Reason)
			}
			return nil, fmt.Errorf("%w: required node %s: %s", ErrInfeasible, id, why)
		}
		p.cands[ci].required = true
		p.required = append(p.required, ci)
	}
	return p, nil
}

// candidate applies the filters to node ni. It returns the candidate, or the
// reason the node is excluded; notes are the SKUs a rule keeps out of an
// otherwise allowed node.
func (p *problem) candidate(ni int, avail []sourcing.Qty, isPickup bool) (c *candidate, why Reason, detail string, notes []Exclusion) {
	n := p.snap.NodeAt(ni)
	c = &candidate{index: ni, node: n, avail: avail, cap: -1}
	if n.ID == p.order.OriginNode && p.prof.OriginStock() == rules.OriginPrefer {
		c.node.Priority = 0
	}
	if n.Calendar != nil && p.order.PlacedAt.IsZero() {
		return c, ReasonNoClock, "the order has no placed_at time and the node's ETA depends on it", nil
	}
	mode := p.order.Mode
	c.shelf = mode == rules.Reserve || (mode == rules.Collect && isPickup)
	c.dist = n.Location.Distance(p.dest)
	if mode == rules.Collect && isPickup {
		c.dist = 0
	}
	switch {
	case mode == rules.Reserve && !n.Reserve:
		return c, ReasonNoReserve, "", nil
	case !c.shelf && !n.Ships:
		return c, ReasonNoShip, "", nil
	case slices.Contains(p.excludedByCaller, n.ID):
		return c, ReasonCaller, "", nil
	case p.prof.ExcludesNode(n.ID):
		return c, ReasonNamed, "", nil
	case n.ID == p.order.OriginNode && p.prof.OriginStock() == rules.OriginExclude:
		return c, ReasonOrigin, "", nil
	case !p.prof.AllowsKind(n.Kind):
		return c, ReasonKind, n.Kind.String(), nil
	case !p.prof.AllowsCountry(n.Country):
		return c, ReasonCountry, n.Country, nil
	case p.prof.MaxDistance() > 0 && c.dist > p.prof.MaxDistance():
		return c, ReasonDistance, fmt.Sprintf("%s > %s", c.dist, p.prof.MaxDistance()), nil
	}
	if left, limited := n.Remaining(); limited {
		if left == 0 {
			return c, ReasonCapacity, fmt.Sprintf("committed %d of %d", n.Committed, n.Capacity), nil
		}
		c.cap = left
	}
	keep := p.prof.Keep(n.Kind)
	c.usable = make([]sourcing.Qty, len(p.skus))
	var forbidden, kept bool
	var tag string
	some := false
	for si, a := range avail {
		if a == 0 {
			continue
		}
		sku := p.skus[si].item.SKU
		if t, bad := p.prof.ForbiddenTag(n.Kind, p.skus[si].item.Tags); bad {
			forbidden, tag = true, t
			notes = append(notes, Exclusion{Node: n.ID, SKU: sku, Reason: ReasonForbidden, Detail: fmt.Sprintf("%s may not ship %q", n.Kind, t)})
			continue
		}
		u := max(0, a-keep)
		if u == 0 {
			kept = true
			notes = append(notes, Exclusion{Node: n.ID, SKU: sku, Reason: ReasonKeep, Detail: fmt.Sprintf("%d available, keeps %d", a, keep)})
			continue
		}
		c.usable[si] = u
		some = true
	}
	if !some {
		if forbidden {
			return c, ReasonForbidden, fmt.Sprintf("%s may not ship %q", n.Kind, tag), nil
		}
		if kept {
			return c, ReasonKeep, fmt.Sprintf("keeps %d per SKU", keep), nil
		}
	}
	if !c.shelf {
		c.zones = make([]zoneRef, len(p.services))
		reach := false
		for i, s := range p.services {
			z, d, ok := s.ZoneFor(c.dist)
			ok = ok && s.Serves(n.Kind.String(), p.destType, p.destCountry)
			c.zones[i] = zoneRef{zone: z, days: d, ok: ok}
			reach = reach || ok
		}
		if !reach {
			return c, ReasonNoCarrier, fmt.Sprintf("no service reaches %s", c.dist), nil
		}
	}
	return c, "", "", notes
}

// shipTogether returns the groups of lines that must ship together: the
// order's own groups and the lines whose SKUs share a ship-together group of
// the profile, merged where they overlap, each sorted, in order of their
// first line. Groups of one line are dropped.
func shipTogether(o *Order, prof *rules.Profile) [][]int {
	parent := make([]int, len(o.Lines))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for _, g := range o.ShipTogether {
		for _, l := range g[1:] {
			union(g[0], l)
		}
	}
	first := map[int]int{} // profile group → first line in it
	for l, line := range o.Lines {
		if g, ok := prof.TogetherGroup(line.SKU); ok {
			if f, seen := first[g]; seen {
				union(f, l)
			} else {
				first[g] = l
			}
		}
	}
	members := map[int][]int{}
	for l := range o.Lines {
		r := find(l)
		members[r] = append(members[r], l)
	}
	var groups [][]int
	for l := range o.Lines {
		if g := members[l]; find(l) == l && len(g) > 1 {
			groups = append(groups, g)
		}
	}
	return groups
}

// maxNew returns how many new shipments a plan may have: max_shipments
// less the existing ones, or -1 for no limit.
func (p *problem) maxNew() int {
	m := p.prof.MaxShipments()
	if m == 0 {
		return -1
	}
	return max(m-p.existing, 0)
}

// splitShipments returns how many of n new shipments pay the split penalty:
// all of them after existing ones, else all but the first.
func (p *problem) splitShipments(n int) int {
	if p.existing > 0 {
		return n
	}
	return max(n-1, 0)
}
