package rules

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/stock"
)

// The JSON form of a rule set. Field names are those of a scenario file's
// policy (README, Scenario files); unknown fields are errors.
type ruleSetJSON struct {
	Version  string            `json:"version"`
	Currency string            `json:"currency,omitempty"`
	Carriers []json.RawMessage `json:"carriers,omitempty"`
	Profiles []json.RawMessage `json:"profiles"`
}

type profileJSON struct {
	Name     string         `json:"name"`
	When     *conditionJSON `json:"when,omitempty"`
	Weights  weightsJSON    `json:"weights"`
	Filters  filtersJSON    `json:"filters"`
	Fallback *fallbackJSON  `json:"fallback,omitempty"`
}

type fallbackJSON struct {
	WidenDays []sourcing.Days `json:"widen_days,omitempty"`
	Profile   string          `json:"profile,omitempty"`
}

type conditionJSON struct {
	Channel  []string       `json:"channel,omitempty"`
	Mode     []string       `json:"mode,omitempty"`
	Country  []string       `json:"country,omitempty"`
	Region   []string       `json:"region,omitempty"`
	Tier     []string       `json:"tier,omitempty"`
	TagsAny  []string       `json:"tags_any,omitempty"`
	MinValue sourcing.Money `json:"min_value,omitempty"`
	From     string         `json:"from,omitempty"`
	To       string         `json:"to,omitempty"`
}

type weightsJSON struct {
	Split         sourcing.Money `json:"split"`
	PerKm         json.Number    `json:"per_km"`
	PerUnitKm     json.Number    `json:"per_unit_km"`
	Priority      sourcing.Money `json:"priority"`
	LowStock      sourcing.Money `json:"low_stock"`
	LowStockBelow sourcing.Qty   `json:"low_stock_below"`
	Workload      sourcing.Money `json:"workload"`
	LatePerDay    sourcing.Money `json:"late_per_day"`
	CO2PerKg      json.Number    `json:"co2_per_kg"`
	Backorder     sourcing.Money `json:"backorder"`
}

type filtersJSON struct {
	Kinds        []string                `json:"kinds,omitempty"`
	Countries    []string                `json:"countries,omitempty"`
	MaxKm        json.Number             `json:"max_km"`
	MaxShipments int                     `json:"max_shipments"`
	LineSplit    *bool                   `json:"line_split,omitempty"`
	ShipComplete bool                    `json:"ship_complete"`
	Keep         map[string]sourcing.Qty `json:"keep,omitempty"`
	ForbidTags   map[string][]string     `json:"forbid_tags,omitempty"`
	ExcludeNodes []string                `json:"exclude_nodes,omitempty"`
	ShipTogether [][]string              `json:"ship_together,omitempty"`
	OnTime       bool                    `json:"on_time,omitempty"`
	Tolerance    sourcing.Days           `json:"tolerance_days,omitempty"`
	OriginStock  string                  `json:"origin_stock,omitempty"`
}

// Parse decodes and validates a rule file: version, currency, carriers and
// profiles. Every problem is reported, each with its JSON path: those of the
// JSON itself (a value of the wrong type, an unknown field, a field given
// twice, null in a list, a string that is not UTF-8) and those of the values
// ([New]'s), at once.
func Parse(data []byte) (*RuleSet, error) {
	return parse(data, nil)
}

// parse decodes data, lets complete fill in what the file leaves out, and
// validates the result, reporting the problems of both steps.
func parse(data []byte, complete func(*Spec)) (*RuleSet, error) {
	spec, decodeErr := DecodeSpec(data, "")
	if strictjson.IsSyntax(decodeErr) {
		return nil, decodeErr
	}
	if complete != nil {
		complete(&spec)
	}
	rs, err := New(spec)
	if decodeErr != nil {
		return nil, strictjson.Merge(decodeErr, err)
	}
	return rs, err
}

// DecodeSpec decodes the JSON form of a rule set without validating it
// beyond its syntax ([New] does that). path locates data in its document
// ("policy" in a scenario file) and prefixes error fields. Every problem is
// reported, each a [sourcing.FieldError] with its path; on error, the Spec
// holds what did decode (a value in error left zero, a profile or carrier in
// error kept at its index), so that [Parse] can validate the rest and report
// every problem at once.
//
// Defaults for fields left out (or null): line_split true (lines may split
// across nodes; line_split false is Filters.WholeLines true); kinds and
// countries all; max_km, max_shipments and weights 0; when absent matches
// every order.
func DecodeSpec(data []byte, path string) (Spec, error) {
	var j ruleSetJSON
	err := strictjson.Unmarshal(data, path, &j)
	if strictjson.IsSyntax(err) {
		return Spec{}, err
	}
	errs := []error{err}
	s := Spec{Version: j.Version, Currency: sourcing.Currency(j.Currency),
		Carriers: make([]carrier.Spec, 0, len(j.Carriers)), Profiles: make([]ProfileSpec, 0, len(j.Profiles))}
	// An element left empty (null, reported) keeps its index.
	for i, raw := range j.Carriers {
		var c carrier.Spec
		if len(raw) > 0 {
			c, err = carrier.DecodeSpec(raw, strictjson.Join(path, strictjson.Index("carriers", i)))
			errs = append(errs, err)
		}
		s.Carriers = append(s.Carriers, c)
	}
	for i, raw := range j.Profiles {
		var p ProfileSpec
		if len(raw) > 0 {
			if p, err = decodeProfile(raw, strictjson.Join(path, strictjson.Index("profiles", i))); err != nil {
				errs = append(errs, err)
			}
		}
		s.Profiles = append(s.Profiles, p)
	}
	return s, errors.Join(errs...)
}

// decodeProfile decodes one profile; see DecodeSpec.
func decodeProfile(raw []byte, path string) (ProfileSpec, error) {
	var j profileJSON
	err := strictjson.Unmarshal(raw, path, &j)
	if strictjson.IsSyntax(err) {
		return ProfileSpec{}, err
	}
	decodeErr := err
	var errs []error // the problems of the values that decoded
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(strictjson.Join(path, field), v, why))
	}
	p := ProfileSpec{Name: j.Name}
	w := j.Weights
	p.Weights = Weights{Split: w.Split, Priority: w.Priority, LowStock: w.LowStock, LowStockBelow: w.LowStockBelow,
		Workload: w.Workload, LatePerDay: w.LatePerDay, Backorder: w.Backorder}
	for _, r := range []struct {
		field string
		n     json.Number
		dst   *sourcing.Rate
	}{{"weights.per_km", w.PerKm, &p.Weights.PerKm}, {"weights.per_unit_km", w.PerUnitKm, &p.Weights.PerUnitKm}, {"weights.co2_per_kg", w.CO2PerKg, &p.Weights.CO2PerKg}} {
		// A negative rate decodes, so that validation reports it with the
		// other problems of the rule set.
		rate, err := strictjson.SignedRate(r.n, strictjson.Join(path, r.field))
		errs = append(errs, err)
		*r.dst = rate
	}
	f := j.Filters
	p.Filters = Filters{Countries: f.Countries, MaxShipments: f.MaxShipments, ShipComplete: f.ShipComplete,
		WholeLines: f.LineSplit != nil && !*f.LineSplit, OnTime: f.OnTime, ToleranceDays: f.Tolerance, OriginStock: f.OriginStock}
	for _, id := range f.ExcludeNodes {
		p.Filters.ExcludeNodes = append(p.Filters.ExcludeNodes, stock.NodeID(id))
	}
	for _, g := range f.ShipTogether {
		var skus []stock.SKU
		for _, sku := range g {
			skus = append(skus, stock.SKU(sku))
		}
		p.Filters.ShipTogether = append(p.Filters.ShipTogether, skus)
	}
	if fb := j.Fallback; fb != nil {
		p.Fallback = Fallback{WidenDays: fb.WidenDays, Profile: fb.Profile}
	}
	for i, k := range f.Kinds {
		kind, err := stock.ParseNodeKind(k)
		if err != nil {
			bad(strictjson.Index("filters.kinds", i), k, "must be warehouse, store or supplier")
			continue
		}
		p.Filters.Kinds = append(p.Filters.Kinds, kind)
	}
	// A negative distance decodes, so that validation reports it with the
	// other problems of the rule set.
	p.Filters.MaxDistance, err = strictjson.Kilometres(f.MaxKm, strictjson.Join(path, "filters.max_km"))
	errs = append(errs, err)
	for _, k := range slices.Sorted(maps.Keys(f.Keep)) {
		kind, err := stock.ParseNodeKind(k)
		if err != nil {
			bad("filters.keep."+k, nil, "keys must be warehouse, store or supplier")
			continue
		}
		if p.Filters.Keep == nil {
			p.Filters.Keep = map[stock.NodeKind]sourcing.Qty{}
		}
		p.Filters.Keep[kind] = f.Keep[k]
	}
	for _, k := range slices.Sorted(maps.Keys(f.ForbidTags)) {
		kind, err := stock.ParseNodeKind(k)
		if err != nil {
			bad("filters.forbid_tags."+k, nil, "keys must be warehouse, store or supplier")
			continue
		}
		if p.Filters.ForbidTags == nil {
			p.Filters.ForbidTags = map[stock.NodeKind][]string{}
		}
		p.Filters.ForbidTags[kind] = f.ForbidTags[k]
	}
	if c := j.When; c != nil {
		p.When = Condition{Channels: c.Channel, Countries: c.Country, Regions: c.Region, Tiers: c.Tier, TagsAny: c.TagsAny, MinValue: c.MinValue}
		for i, m := range c.Mode {
			mode, err := ParseMode(m)
			if err != nil {
				bad(strictjson.Index("when.mode", i), m, "must be home, collect or reserve")
				continue
			}
			p.When.Modes = append(p.When.Modes, mode)
		}
		for _, t := range []struct {
			field string
			s     string
			dst   *time.Time
		}{{"when.from", c.From, &p.When.From}, {"when.to", c.To, &p.When.To}} {
			if t.s == "" {
				continue
			}
			tm, err := time.Parse(time.RFC3339, t.s)
			if err != nil {
				bad(t.field, t.s, "must be an RFC 3339 time such as 2026-11-27T00:00:00+01:00")
				continue
			}
			*t.dst = tm
		}
	}
	return p, strictjson.Merge(decodeErr, errors.Join(errs...))
}

// MarshalJSON writes the rule set in the form [Parse] reads.
func (rs *RuleSet) MarshalJSON() ([]byte, error) { return rs.Spec().MarshalJSON() }

// MarshalJSON writes the spec in the form [DecodeSpec] reads.
func (s Spec) MarshalJSON() ([]byte, error) {
	j := struct {
		Version  string         `json:"version"`
		Currency string         `json:"currency,omitempty"`
		Carriers []carrier.Spec `json:"carriers,omitempty"`
		Profiles []profileJSON  `json:"profiles"`
	}{Version: s.Version, Currency: string(s.Currency), Carriers: s.Carriers}
	for _, p := range s.Profiles {
		j.Profiles = append(j.Profiles, encodeProfile(p))
	}
	return json.Marshal(j)
}

func encodeProfile(p ProfileSpec) profileJSON {
	w := p.Weights
	j := profileJSON{Name: p.Name, Weights: weightsJSON{
		Split: w.Split, PerKm: json.Number(w.PerKm.String()), PerUnitKm: json.Number(w.PerUnitKm.String()),
		Priority: w.Priority, LowStock: w.LowStock, LowStockBelow: w.LowStockBelow, Workload: w.Workload,
		LatePerDay: w.LatePerDay, CO2PerKg: json.Number(w.CO2PerKg.String()), Backorder: w.Backorder,
	}}
	f := p.Filters
	split := !f.WholeLines
	j.Filters = filtersJSON{Countries: f.Countries, MaxKm: json.Number(sourcing.Rate(f.MaxDistance).String()),
		MaxShipments: f.MaxShipments, LineSplit: &split, ShipComplete: f.ShipComplete,
		OnTime: f.OnTime, Tolerance: f.ToleranceDays, OriginStock: f.OriginStock}
	for _, id := range f.ExcludeNodes {
		j.Filters.ExcludeNodes = append(j.Filters.ExcludeNodes, string(id))
	}
	for _, g := range f.ShipTogether {
		var skus []string
		for _, sku := range g {
			skus = append(skus, string(sku))
		}
		j.Filters.ShipTogether = append(j.Filters.ShipTogether, skus)
	}
	if fb := p.Fallback; len(fb.WidenDays) > 0 || fb.Profile != "" {
		j.Fallback = &fallbackJSON{WidenDays: fb.WidenDays, Profile: fb.Profile}
	}
	for _, k := range f.Kinds {
		j.Filters.Kinds = append(j.Filters.Kinds, k.String())
	}
	for k, q := range f.Keep {
		if j.Filters.Keep == nil {
			j.Filters.Keep = map[string]sourcing.Qty{}
		}
		j.Filters.Keep[k.String()] = q
	}
	for k, tags := range f.ForbidTags {
		if j.Filters.ForbidTags == nil {
			j.Filters.ForbidTags = map[string][]string{}
		}
		if tags == nil {
			tags = []string{} // null is not a value a map may hold
		}
		j.Filters.ForbidTags[k.String()] = tags
	}
	c := p.When
	if !c.isZero() {
		cj := &conditionJSON{Channel: c.Channels, Country: c.Countries, Region: c.Regions, Tier: c.Tiers, TagsAny: c.TagsAny, MinValue: c.MinValue}
		for _, m := range c.Modes {
			cj.Mode = append(cj.Mode, m.String())
		}
		if !c.From.IsZero() {
			cj.From = c.From.Format(time.RFC3339Nano)
		}
		if !c.To.IsZero() {
			cj.To = c.To.Format(time.RFC3339Nano)
		}
		j.When = cj
	}
	return j
}

func (c *Condition) isZero() bool {
	return len(c.Channels)+len(c.Modes)+len(c.Countries)+len(c.Regions)+len(c.Tiers)+len(c.TagsAny) == 0 &&
		c.MinValue == 0 && c.From.IsZero() && c.To.IsZero()
}
