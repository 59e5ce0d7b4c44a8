package orchestrate

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The JSON forms of a Result, a Plan and a Shipment, as `examples/solve`
// prints them. They hold no type with its own UnmarshalJSON, so that the
// strict decoder checks them whole and names every field by its full path.
type resultJSON struct {
	Order         string          `json:"order"`
	Mode          string          `json:"mode"`
	Profile       string          `json:"profile"`
	PolicyVersion string          `json:"policy_version"`
	Optimal       bool            `json:"optimal"`
	LowerBound    sourcing.Money  `json:"lower_bound"`
	Plans         []planJSON      `json:"plans"`
	Excluded      []exclusionJSON `json:"excluded"`
	Attempts      []attemptJSON   `json:"attempts,omitempty"`
}

type attemptJSON struct {
	Profile       string        `json:"profile"`
	ToleranceDays sourcing.Days `json:"tolerance_days"`
	Met           bool          `json:"met"`
	Error         string        `json:"error,omitempty"`
	Missed        string        `json:"missed,omitempty"`
}

type planJSON struct {
	Rank        int            `json:"rank"`
	Cost        sourcing.Money `json:"cost"`
	Breakdown   Breakdown      `json:"breakdown"`
	Shipments   []shipmentJSON `json:"shipments"`
	Backordered []Line         `json:"backordered"`
}

type shipmentJSON struct {
	Node      string         `json:"node"`
	Lines     []Line         `json:"lines"`
	Carrier   string         `json:"carrier"`
	Service   string         `json:"service"`
	Parcels   int64          `json:"parcels"`
	Km        float64        `json:"km"`
	ETADays   sourcing.Days  `json:"eta_days"`
	PickupBy  string         `json:"pickup_by,omitempty"`
	Arrival   string         `json:"arrival,omitempty"`
	Cost      sourcing.Money `json:"cost"`
	Breakdown Breakdown      `json:"breakdown"`
}

type exclusionJSON struct {
	Node   string `json:"node"`
	SKU    string `json:"sku,omitempty"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

// km returns d in kilometres rounded to the metre, as the JSON shows it.
func km(d geo.Distance) float64 { return float64(d.Metres()) / 1000 }

// orEmpty returns ls, or an empty list for nil: lists are written [].
func orEmpty(ls []Line) []Line {
	if ls == nil {
		return []Line{}
	}
	return ls
}

// orNil returns ls, or nil for an empty list: lists are read back nil.
func orNil[T any](ls []T) []T {
	if len(ls) == 0 {
		return nil
	}
	return ls
}

// MarshalJSON writes the result in the form `examples/solve` prints: the
// order, mode, profile, policy_version, optimal, lower_bound, plans (each as
// [Plan.MarshalJSON] writes it), excluded (every [Exclusion] with its
// detail) and attempts (when the profile has a fallback). Work, the effort
// the search spent, is not written: it tells how the decision was found,
// not what it is, and changes with the library's version. A mode that is
// not one of the modes is an error.
func (r Result) MarshalJSON() ([]byte, error) {
	mode, err := r.Mode.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", r.Order, err)
	}
	j := resultJSON{Order: r.Order, Mode: string(mode), Profile: r.Profile, PolicyVersion: r.PolicyVersion,
		Optimal: r.Optimal, LowerBound: r.LowerBound, Plans: make([]planJSON, 0, len(r.Plans)), Excluded: []exclusionJSON{}}
	for _, p := range r.Plans {
		pj, err := p.json()
		if err != nil {
			return nil, fmt.Errorf("order %s: %w", r.Order, err)
		}
		j.Plans = append(j.Plans, pj)
	}
	for _, e := range r.Excluded() {
		j.Excluded = append(j.Excluded, exclusionJSON{Node: string(e.Node), SKU: string(e.SKU), Reason: string(e.Reason), Detail: e.Detail()})
	}
	for _, a := range r.Attempts {
		j.Attempts = append(j.Attempts, attemptJSON(a))
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly: an unknown
// field, a value of the wrong type, a mode that is not one of the modes,
// or a plan that [Plan.UnmarshalJSON] would refuse is a
// [sourcing.FieldError] naming the field by its path ("plans[0].
// shipments[1].km"). Excluded returns the exclusions read, with their
// detail as written. Work is 0. null leaves r unchanged.
func (r *Result) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	var j resultJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return err
	}
	m, err := rules.ParseMode(j.Mode)
	if err != nil {
		return sourcing.Invalid("mode", j.Mode, "must be home, collect or reserve")
	}
	out := Result{Order: j.Order, Mode: m, Profile: j.Profile, PolicyVersion: j.PolicyVersion,
		Optimal: j.Optimal, LowerBound: j.LowerBound}
	for i, pj := range j.Plans {
		p, err := pj.plan(strictjson.Index("plans", i))
		if err != nil {
			return err
		}
		out.Plans = append(out.Plans, p)
	}
	var excluded []Exclusion
	for i, ej := range j.Excluded {
		path := strictjson.Index("excluded", i)
		switch {
		case ej.Node == "":
			return sourcing.Invalid(strictjson.Join(path, "node"), "", "must not be empty")
		case ej.Reason == "":
			return sourcing.Invalid(strictjson.Join(path, "reason"), "", "must not be empty")
		}
		excluded = append(excluded, Exclusion{Node: stock.NodeID(ej.Node), SKU: stock.SKU(ej.SKU), Reason: Reason(ej.Reason),
			detail: detail{text: ej.Detail, fixed: true}})
	}
	if len(excluded) > 0 {
		out.excluded = func() []Exclusion { return slices.Clone(excluded) }
	}
	for _, a := range j.Attempts {
		out.Attempts = append(out.Attempts, Attempt(a))
	}
	*r = out
	return nil
}

// MarshalJSON writes the plan in the form of a plan in `examples/solve`'s
// output: rank, cost, breakdown, shipments (as [Shipment.MarshalJSON]
// writes them) and backordered, lists written [] when empty.
func (p Plan) MarshalJSON() ([]byte, error) {
	j, err := p.json()
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

func (p Plan) json() (planJSON, error) {
	j := planJSON{Rank: p.Rank, Cost: p.Cost, Breakdown: p.Breakdown, Shipments: make([]shipmentJSON, 0, len(p.Shipments)),
		Backordered: orEmpty(p.Backordered)}
	for _, s := range p.Shipments {
		sj, err := s.json()
		if err != nil {
			return j, err
		}
		j.Shipments = append(j.Shipments, sj)
	}
	return j, nil
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly: an unknown
// field or a value of the wrong type, a negative rank, a cost that is not
// the sum of the breakdown, a backordered line whose qty is not in
// [1, stock.MaxQty], or a shipment that [Shipment.UnmarshalJSON] would
// refuse is a [sourcing.FieldError] naming the field. Empty lists are read
// as nil. null leaves p unchanged.
func (p *Plan) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	var j planJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return err
	}
	v, err := j.plan("")
	if err != nil {
		return err
	}
	*p = v
	return nil
}

func (j *planJSON) plan(path string) (Plan, error) {
	field := func(f string) string { return strictjson.Join(path, f) }
	p := Plan{Rank: j.Rank, Cost: j.Cost, Breakdown: j.Breakdown, Backordered: orNil(j.Backordered)}
	if j.Rank < 0 {
		return Plan{}, sourcing.Invalid(field("rank"), j.Rank, "must be ≥ 0")
	}
	if err := checkCost(j.Cost, j.Breakdown, path); err != nil {
		return Plan{}, err
	}
	if err := checkLines(j.Backordered, field("backordered")); err != nil {
		return Plan{}, err
	}
	for i, sj := range j.Shipments {
		s, err := sj.shipment(field(strictjson.Index("shipments", i)))
		if err != nil {
			return Plan{}, err
		}
		p.Shipments = append(p.Shipments, s)
	}
	return p, nil
}

// MarshalJSON writes the shipment in the form of a shipment in
// `examples/solve`'s output: node, lines, carrier and service ("" when
// nothing is carried), parcels, km (the distance in kilometres, rounded to
// the metre), eta_days, pickup_by (RFC 3339) and arrival ("2006-01-02")
// when set, cost and breakdown. A pick-up time with a year outside
// [0, 9999] is an error.
func (s Shipment) MarshalJSON() ([]byte, error) {
	j, err := s.json()
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

func (s Shipment) json() (shipmentJSON, error) {
	j := shipmentJSON{Node: string(s.Node), Lines: orEmpty(s.Lines), Carrier: s.Carrier.Carrier, Service: s.Carrier.Service,
		Parcels: s.Parcels, Km: km(s.Distance), ETADays: s.ETADays, Cost: s.Cost, Breakdown: s.Breakdown}
	var err error
	if j.PickupBy, err = timeJSON(s.CarrierPickup); err != nil {
		return j, fmt.Errorf("shipment from %s: pickup_by: %w", s.Node, err)
	}
	if s.Arrival != (stock.Date{}) {
		j.Arrival = s.Arrival.String()
	}
	return j, nil
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly: an unknown
// field or a value of the wrong type, an empty node, a line whose qty is
// not in [1, stock.MaxQty], a carrier without a service (or the reverse),
// a negative parcels or eta_days, a km that is negative or not finite, a
// pickup_by that is not RFC 3339, an arrival that is not a date, or a cost
// that is not the sum of the breakdown is a [sourcing.FieldError] naming
// the field. The distance read back is in whole metres, as written. null
// leaves s unchanged.
func (s *Shipment) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	var j shipmentJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return err
	}
	v, err := j.shipment("")
	if err != nil {
		return err
	}
	*s = v
	return nil
}

func (j *shipmentJSON) shipment(path string) (Shipment, error) {
	field := func(f string) string { return strictjson.Join(path, f) }
	s := Shipment{Node: stock.NodeID(j.Node), Lines: orNil(j.Lines), Carrier: carrier.ServiceID{Carrier: j.Carrier, Service: j.Service},
		Parcels: j.Parcels, ETADays: j.ETADays, Cost: j.Cost, Breakdown: j.Breakdown}
	if j.Node == "" {
		return Shipment{}, sourcing.Invalid(field("node"), "", "must not be empty")
	}
	if err := checkLines(j.Lines, field("lines")); err != nil {
		return Shipment{}, err
	}
	if err := checkService(j.Carrier, j.Service, path); err != nil {
		return Shipment{}, err
	}
	if j.Parcels < 0 {
		return Shipment{}, sourcing.Invalid(field("parcels"), j.Parcels, "must be ≥ 0")
	}
	d, err := geo.DistanceFromKilometres(j.Km)
	if err != nil {
		return Shipment{}, sourcing.Invalid(field("km"), j.Km, "must be a finite number in [0, 1e9)")
	}
	s.Distance = d
	if j.ETADays < 0 {
		return Shipment{}, sourcing.Invalid(field("eta_days"), j.ETADays, "must be ≥ 0")
	}
	if s.CarrierPickup, err = parseTime(j.PickupBy, field("pickup_by")); err != nil {
		return Shipment{}, err
	}
	if s.Arrival, err = parseDate(j.Arrival, field("arrival")); err != nil {
		return Shipment{}, err
	}
	if err := checkCost(j.Cost, j.Breakdown, path); err != nil {
		return Shipment{}, err
	}
	return s, nil
}

// checkLines refuses a line without a SKU or whose quantity is not in
// [1, stock.MaxQty].
func checkLines(ls []Line, path string) error {
	for i, l := range ls {
		at := strictjson.Index(path, i)
		if l.SKU == "" {
			return sourcing.Invalid(strictjson.Join(at, "sku"), "", "must not be empty")
		}
		if l.Qty < 1 || l.Qty > stock.MaxQty {
			return sourcing.Invalid(strictjson.Join(at, "qty"), l.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty))
		}
	}
	return nil
}

// checkService refuses a carrier without a service or the reverse: both
// are empty when nothing is carried.
func checkService(c, s, path string) error {
	switch {
	case c == "" && s != "":
		return sourcing.Invalid(strictjson.Join(path, "carrier"), "", "must name the carrier of service "+s)
	case c != "" && s == "":
		return sourcing.Invalid(strictjson.Join(path, "service"), "", "must name a service of carrier "+c)
	}
	return nil
}

// checkCost refuses a cost that is not the sum of its breakdown, or a
// breakdown whose sum overflows.
func checkCost(cost sourcing.Money, b Breakdown, path string) error {
	var sum sourcing.Money
	for _, t := range b.Terms() {
		var ok bool
		if sum, ok = sum.Add(t.Amount); !ok {
			return sourcing.Invalid(strictjson.Join(path, "breakdown"), nil, "its terms' sum overflows")
		}
	}
	if sum != cost {
		return sourcing.Invalid(strictjson.Join(path, "cost"), int64(cost), fmt.Sprintf("must be the sum of the breakdown, %d", sum))
	}
	return nil
}

func parseTime(s, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, sourcing.Invalid(field, s, "must be an RFC 3339 time such as 2026-11-26T10:00:00+01:00")
	}
	return t, nil
}

func parseDate(s, field string) (stock.Date, error) {
	if s == "" {
		return stock.Date{}, nil
	}
	d, err := stock.ParseDate(s)
	if err != nil {
		return stock.Date{}, sourcing.Invalid(field, s, "must be a date such as 2026-11-28")
	}
	return d, nil
}
