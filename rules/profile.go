package rules

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

// Weights price every term of a plan's cost (see the orchestrate package).
// The zero value prices nothing. Field comments give the JSON names.
type Weights struct {
	Split         sourcing.Money // split: per shipment beyond the first
	PerKm         sourcing.Rate  // per_km: per shipment per km
	PerUnitKm     sourcing.Rate  // per_unit_km: per unit per km
	Priority      sourcing.Money // priority: per unit × node priority
	LowStock      sourcing.Money // low_stock: per unit leaving stock below LowStockBelow
	LowStockBelow sourcing.Qty   // low_stock_below
	Workload      sourcing.Money // workload: × (committed + units) / capacity per shipment
	LatePerDay    sourcing.Money // late_per_day: per day the ETA exceeds the promise
	CO2PerKg      sourcing.Rate  // co2_per_kg: per kg of CO2 emitted
	Backorder     sourcing.Money // backorder: per unit not shipped
}

// Filters are a profile's hard rules: they remove options instead of pricing
// them. The zero value filters nothing. Field comments give the JSON names.
type Filters struct {
	Kinds     []stock.NodeKind // kinds allowed to give stock; empty = all
	Countries []string         // countries: nodes elsewhere cannot give stock; empty = all
	// MaxDistance (max_km) is the farthest a node giving stock may be from the
	// destination; 0 = no limit.
	MaxDistance  geo.Distance
	MaxShipments int // max_shipments: 0 = no limit
	// WholeLines makes each line ship whole from one node. It is the JSON
	// line_split negated (line_split false ⇔ WholeLines true): line_split
	// defaults to true, and the zero Filters must mean the default, so the
	// field names the rule that departs from it.
	WholeLines   bool
	ShipComplete bool // ship_complete: nothing may be backordered
	// Keep (keep) is the display stock each node of a kind must keep.
	Keep map[stock.NodeKind]sourcing.Qty
	// ForbidTags (forbid_tags) lists, per node kind, item tags that kind may
	// not ship.
	ForbidTags map[stock.NodeKind][]string
	// ExcludeNodes (exclude_nodes) are nodes that may not give stock, such
	// as a store under inventory or refurbishment.
	ExcludeNodes []stock.NodeID
	// ShipTogether (ship_together) lists groups of SKUs that must ship from
	// one node when an order has two or more of them: a kit's components.
	// The lines of a group ship whole from one node, or are backordered
	// together.
	ShipTogether [][]stock.SKU
	// OnTime (on_time) makes the delivery promise a hard rule: no shipment
	// may arrive more than ToleranceDays (tolerance_days) after the order's
	// promise. Orders without a promise are not concerned.
	OnTime        bool
	ToleranceDays sourcing.Days
	// OriginStock (origin_stock) says how an endless-aisle order (one taken
	// in a store, its origin) uses that store's own stock: "" like any
	// node's, "exclude" not at all, "prefer" as the most preferred node (its
	// priority counts as 0, so the priority weight favours it).
	OriginStock string
}

// The values of Filters.OriginStock.
const (
	OriginExclude = "exclude"
	OriginPrefer  = "prefer"
)

// Fallback says what to do when a profile cannot meet an order's promise:
// plan 1 backorders units, or ships later than promise + tolerance, or there
// is no plan. The order is solved again with the on-time tolerance widened
// by each of WidenDays in turn (for instance 2, then 5 days more), then, if
// still unmet, with the profile named Profile (whose own fallback then
// applies). Field comments give the JSON names.
type Fallback struct {
	WidenDays []sourcing.Days // widen_days: strictly increasing, > 0
	Profile   string          // profile: another profile of the rule set
}

// Condition selects the orders a profile applies to. Every condition given
// must hold; the zero value matches every order. Field comments give the
// JSON names.
type Condition struct {
	Channels  []string       // channel: the order's channel is one of them
	Modes     []Mode         // mode
	Countries []string       // country: of the destination
	Regions   []string       // region: of the destination, as the host names regions
	Tiers     []string       // tier: the customer's tier
	TagsAny   []string       // tags_any: the order has at least one
	MinValue  sourcing.Money // min_value: order value ≥ it; 0 = none
	// From and To (RFC 3339) bound placed_at to [From, To); a zero time is
	// open. An order without a placed_at time never matches a window.
	From, To time.Time
}

// Facts are what a Condition looks at: the order as the rules see it.
type Facts struct {
	Channel  string
	Mode     Mode
	Country  string
	Region   string
	Tier     string
	Tags     []string
	Value    sourcing.Money
	PlacedAt time.Time
}

// Matches reports whether every condition of c holds for f.
func (c *Condition) Matches(f Facts) bool {
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	if !in(c.Channels, f.Channel) || !in(c.Countries, f.Country) || !in(c.Regions, f.Region) || !in(c.Tiers, f.Tier) {
		return false
	}
	if len(c.Modes) > 0 && !slices.Contains(c.Modes, f.Mode) {
		return false
	}
	if len(c.TagsAny) > 0 && !slices.ContainsFunc(f.Tags, func(t string) bool { return slices.Contains(c.TagsAny, t) }) {
		return false
	}
	if c.MinValue > 0 && f.Value < c.MinValue {
		return false
	}
	if !c.From.IsZero() || !c.To.IsZero() {
		if f.PlacedAt.IsZero() || (!c.From.IsZero() && f.PlacedAt.Before(c.From)) || (!c.To.IsZero() && !f.PlacedAt.Before(c.To)) {
			return false
		}
	}
	return true
}

// ProfileSpec describes a profile: the filters and weights used for the
// orders its condition matches.
type ProfileSpec struct {
	Name     string
	When     Condition
	Weights  Weights
	Filters  Filters
	Fallback Fallback
}

// Profile is a validated, immutable profile. Its methods answer the
// questions a solver asks; [Profile.Spec] returns its description.
type Profile struct {
	spec      ProfileSpec
	kinds     [len(stock.Kinds) + 1]bool
	keep      [len(stock.Kinds) + 1]sourcing.Qty
	forbid    [len(stock.Kinds) + 1][]string
	countries map[string]bool
	excluded  map[stock.NodeID]bool
	together  map[stock.SKU]int // SKU → its ship-together group
}

func newProfile(s ProfileSpec) *Profile {
	p := &Profile{spec: cloneProfileSpec(s)}
	for _, k := range stock.Kinds {
		p.kinds[k] = len(s.Filters.Kinds) == 0 || slices.Contains(s.Filters.Kinds, k)
		p.keep[k] = s.Filters.Keep[k]
		p.forbid[k] = slices.Clone(s.Filters.ForbidTags[k])
	}
	for _, id := range s.Filters.ExcludeNodes {
		if p.excluded == nil {
			p.excluded = map[stock.NodeID]bool{}
		}
		p.excluded[id] = true
	}
	for g, skus := range s.Filters.ShipTogether {
		for _, sku := range skus {
			if p.together == nil {
				p.together = map[stock.SKU]int{}
			}
			p.together[sku] = g
		}
	}
	if len(s.Filters.Countries) > 0 {
		p.countries = make(map[string]bool, len(s.Filters.Countries))
		for _, c := range s.Filters.Countries {
			p.countries[c] = true
		}
	}
	return p
}

func cloneProfileSpec(s ProfileSpec) ProfileSpec {
	c := s
	c.When.Channels = slices.Clone(s.When.Channels)
	c.When.Modes = slices.Clone(s.When.Modes)
	c.When.Countries = slices.Clone(s.When.Countries)
	c.When.Regions = slices.Clone(s.When.Regions)
	c.When.Tiers = slices.Clone(s.When.Tiers)
	c.When.TagsAny = slices.Clone(s.When.TagsAny)
	c.Filters.Kinds = slices.Clone(s.Filters.Kinds)
	c.Filters.Countries = slices.Clone(s.Filters.Countries)
	c.Filters.Keep = maps.Clone(s.Filters.Keep)
	c.Filters.ExcludeNodes = slices.Clone(s.Filters.ExcludeNodes)
	c.Filters.ShipTogether = nil
	for _, g := range s.Filters.ShipTogether {
		c.Filters.ShipTogether = append(c.Filters.ShipTogether, slices.Clone(g))
	}
	c.Fallback.WidenDays = slices.Clone(s.Fallback.WidenDays)
	if s.Filters.ForbidTags != nil {
		c.Filters.ForbidTags = make(map[stock.NodeKind][]string, len(s.Filters.ForbidTags))
		for k, v := range s.Filters.ForbidTags {
			c.Filters.ForbidTags[k] = slices.Clone(v)
		}
	}
	return c
}

// Name returns the profile's name.
func (p *Profile) Name() string { return p.spec.Name }

// Spec returns a deep copy of the profile's description.
func (p *Profile) Spec() ProfileSpec { return cloneProfileSpec(p.spec) }

// Weights returns the profile's weights.
func (p *Profile) Weights() Weights { return p.spec.Weights }

// Matches reports whether the profile's condition holds for f.
func (p *Profile) Matches(f Facts) bool { return p.spec.When.Matches(f) }

// AllowsKind reports whether nodes of kind k may give stock.
func (p *Profile) AllowsKind(k stock.NodeKind) bool { return k.Valid() && p.kinds[k] }

// AllowsCountry reports whether nodes in country may give stock.
func (p *Profile) AllowsCountry(country string) bool {
	return p.countries == nil || p.countries[country]
}

// ExcludesNode reports whether the rules exclude node id by name.
func (p *Profile) ExcludesNode(id stock.NodeID) bool { return p.excluded[id] }

// TogetherGroup returns the ship-together group of sku, if it has one: its
// index in Filters.ShipTogether.
func (p *Profile) TogetherGroup(sku stock.SKU) (int, bool) {
	g, ok := p.together[sku]
	return g, ok
}

// OnTime returns whether the promise is a hard rule, and the tolerance in
// days.
func (p *Profile) OnTime() (bool, sourcing.Days) {
	return p.spec.Filters.OnTime, p.spec.Filters.ToleranceDays
}

// OriginStock returns how an endless-aisle order uses its origin store's
// stock: "", OriginExclude or OriginPrefer.
func (p *Profile) OriginStock() string { return p.spec.Filters.OriginStock }

// Fallback returns the profile's fallback (a copy).
func (p *Profile) Fallback() Fallback {
	f := p.spec.Fallback
	f.WidenDays = slices.Clone(f.WidenDays)
	return f
}

// MaxDistance returns the farthest a node may be from the destination, or 0
// for no limit.
func (p *Profile) MaxDistance() geo.Distance { return p.spec.Filters.MaxDistance }

// MaxShipments returns the most shipments a plan may have, or 0 for no limit.
func (p *Profile) MaxShipments() int { return p.spec.Filters.MaxShipments }

// WholeLines reports whether each line must ship whole from one node: the
// JSON line_split false.
func (p *Profile) WholeLines() bool { return p.spec.Filters.WholeLines }

// ShipComplete reports whether backorders are forbidden.
func (p *Profile) ShipComplete() bool { return p.spec.Filters.ShipComplete }

// Keep returns the display stock a node of kind k must keep.
func (p *Profile) Keep(k stock.NodeKind) sourcing.Qty {
	if !k.Valid() {
		return 0
	}
	return p.keep[k]
}

// ForbiddenTag returns the first of tags that nodes of kind k may not ship.
func (p *Profile) ForbiddenTag(k stock.NodeKind, tags []string) (string, bool) {
	if !k.Valid() {
		return "", false
	}
	for _, t := range tags {
		if slices.Contains(p.forbid[k], t) {
			return t, true
		}
	}
	return "", false
}

// MaxWeight is the largest money weight of a profile (split, priority,
// low_stock, workload, late_per_day, backorder): 10¹⁴ minor units, a
// thousand billion euros, far beyond any real price. A weight summed over
// the shipments of an order of up to 10,000 lines then stays far from
// overflowing int64, so that an absurd weight is refused here, naming it,
// rather than making every order fail with orchestrate.ErrOverflow. (A
// per-unit weight times a huge quantity can still overflow: the error then
// names that term.)
const MaxWeight sourcing.Money = 100_000_000_000_000

// invalidEnum is how an error shows an enum value that has no JSON name: its
// number, or nothing for the zero value (the field was left out).
func invalidEnum(v uint8) any {
	if v == 0 {
		return nil
	}
	return v
}

func (s *ProfileSpec) validate() []error {
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(field, v, why))
	}
	if s.Name == "" {
		bad("name", "", "must not be empty")
	}
	w := s.Weights
	money := func(name string, v sourcing.Money) {
		switch {
		case v < 0:
			bad(name, v, "must be ≥ 0")
		case v > MaxWeight:
			bad(name, v, fmt.Sprintf("must be at most %d (rules.MaxWeight)", MaxWeight))
		}
	}
	rate := func(name string, v sourcing.Rate) {
		switch {
		case v < 0:
			bad(name, v, "must be ≥ 0")
		case v > sourcing.MaxRate:
			bad(name, v, "must be at most "+sourcing.MaxRate.String())
		}
	}
	money("weights.split", w.Split)
	rate("weights.per_km", w.PerKm)
	rate("weights.per_unit_km", w.PerUnitKm)
	money("weights.priority", w.Priority)
	money("weights.low_stock", w.LowStock)
	if w.LowStockBelow < 0 {
		bad("weights.low_stock_below", w.LowStockBelow, "must be ≥ 0")
	}
	money("weights.workload", w.Workload)
	money("weights.late_per_day", w.LatePerDay)
	rate("weights.co2_per_kg", w.CO2PerKg)
	money("weights.backorder", w.Backorder)
	if w.LowStockBelow > stock.MaxQty {
		bad("weights.low_stock_below", w.LowStockBelow, fmt.Sprintf("must be ≤ %d", stock.MaxQty))
	}
	f := s.Filters
	for i, k := range f.Kinds {
		if !k.Valid() {
			bad(fmt.Sprintf("filters.kinds[%d]", i), invalidEnum(uint8(k)), "must be warehouse, store or supplier")
		} else if slices.Index(f.Kinds, k) != i {
			bad(fmt.Sprintf("filters.kinds[%d]", i), k.String(), "appears twice")
		}
	}
	for i, c := range f.Countries {
		if c == "" {
			bad(fmt.Sprintf("filters.countries[%d]", i), "", "must not be empty")
		}
	}
	if f.MaxDistance < 0 {
		bad("filters.max_km", f.MaxDistance.Kilometres(), "must be ≥ 0")
	}
	if f.MaxShipments < 0 {
		bad("filters.max_shipments", f.MaxShipments, "must be ≥ 0")
	}
	for _, k := range slices.Sorted(maps.Keys(f.Keep)) {
		if !k.Valid() {
			bad("filters.keep", invalidEnum(uint8(k)), "keys must be node kinds: warehouse, store or supplier")
		} else if q := f.Keep[k]; q < 0 || q > stock.MaxQty {
			bad("filters.keep."+k.String(), q, fmt.Sprintf("must be in [0, %d]", stock.MaxQty))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.ForbidTags)) {
		if !k.Valid() {
			bad("filters.forbid_tags", invalidEnum(uint8(k)), "keys must be node kinds: warehouse, store or supplier")
			continue
		}
		for i, t := range f.ForbidTags[k] {
			if t == "" {
				bad(fmt.Sprintf("filters.forbid_tags.%s[%d]", k, i), "", "must not be empty")
			}
		}
	}
	for i, id := range f.ExcludeNodes {
		if id == "" {
			bad(fmt.Sprintf("filters.exclude_nodes[%d]", i), "", "must not be empty")
		}
	}
	inGroup := map[stock.SKU]int{}
	for g, skus := range f.ShipTogether {
		if len(skus) < 2 {
			bad(fmt.Sprintf("filters.ship_together[%d]", g), len(skus), "a group needs two SKUs or more")
		}
		for i, sku := range skus {
			field := fmt.Sprintf("filters.ship_together[%d][%d]", g, i)
			if sku == "" {
				bad(field, "", "must not be empty")
			} else if prev, dup := inGroup[sku]; dup {
				bad(field, string(sku), fmt.Sprintf("already in ship_together[%d]", prev))
			}
			inGroup[sku] = g
		}
	}
	if f.OriginStock != "" && f.OriginStock != OriginExclude && f.OriginStock != OriginPrefer {
		bad("filters.origin_stock", f.OriginStock, `must be "", "exclude" or "prefer"`)
	}
	if f.ToleranceDays < 0 || f.ToleranceDays > 365 {
		bad("filters.tolerance_days", f.ToleranceDays, "must be in [0, 365]")
	}
	for i, d := range s.Fallback.WidenDays {
		if d <= 0 || d > 365 || i > 0 && d <= s.Fallback.WidenDays[i-1] {
			bad(fmt.Sprintf("fallback.widen_days[%d]", i), d, "must be in [1, 365] and greater than the one before")
		}
	}
	if s.Fallback.Profile == s.Name && s.Name != "" {
		bad("fallback.profile", s.Fallback.Profile, "must name another profile")
	}
	c := s.When
	for i, m := range c.Modes {
		if !m.Valid() {
			bad(fmt.Sprintf("when.mode[%d]", i), invalidEnum(uint8(m)), "must be home, collect or reserve")
		}
	}
	if c.MinValue < 0 {
		bad("when.min_value", c.MinValue, "must be ≥ 0")
	}
	if !c.From.IsZero() && !c.To.IsZero() && !c.From.Before(c.To) {
		bad("when.to", c.To.Format(time.RFC3339), "must be after from")
	}
	return errs
}
