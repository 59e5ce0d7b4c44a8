package orchestrate

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// orderJSON is the JSON form of an Order, as in scenario files.
type orderJSON struct {
	ID           string         `json:"id"`
	Channel      string         `json:"channel"`
	Mode         string         `json:"mode"`
	Lat          *float64       `json:"lat,omitempty"`
	Lng          *float64       `json:"lng,omitempty"`
	Country      string         `json:"country"`
	Region       string         `json:"region,omitempty"`
	PromiseDays  sourcing.Days  `json:"promise_days"`
	Lines        []lineJSON     `json:"lines"`
	Tier         string         `json:"tier,omitempty"`
	Tags         []string       `json:"tags,omitempty"`
	Value        sourcing.Money `json:"value,omitempty"`
	PlacedAt     string         `json:"placed_at,omitempty"`
	PickupNode   string         `json:"pickup_node,omitempty"`
	OriginNode   string         `json:"origin_node,omitempty"`
	ShipTogether [][]int        `json:"ship_together,omitempty"`
}

type lineJSON struct {
	SKU string       `json:"sku"`
	Qty sourcing.Qty `json:"qty"`
}

// DecodeOrder decodes the JSON form of an order (the elements of a scenario
// file's "orders"). path locates data in its document and prefixes error
// fields. lat and lng are required except for collect orders; placed_at is
// RFC 3339. The order is checked for syntax only: [Order.Validate] checks
// it against a snapshot. Every problem is reported, each a
// [sourcing.FieldError] with its path; on error, the Order holds what did
// decode.
func DecodeOrder(data []byte, path string) (Order, error) {
	var j orderJSON
	decodeErr := strictjson.Unmarshal(data, path, &j)
	if strictjson.IsSyntax(decodeErr) {
		return Order{}, decodeErr
	}
	var errs []error // the problems of the values that decoded
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(strictjson.Join(path, field), v, why))
	}
	o := Order{ID: j.ID, Channel: j.Channel, Country: j.Country, Region: j.Region, PromiseDays: j.PromiseDays, ShipTogether: j.ShipTogether,
		Tier: j.Tier, Tags: j.Tags, Value: j.Value,
		PickupNode: stock.NodeID(j.PickupNode), OriginNode: stock.NodeID(j.OriginNode)}
	if j.ID == "" {
		bad("id", "", "must not be empty")
	}
	m, err := rules.ParseMode(j.Mode)
	if err != nil {
		bad("mode", j.Mode, "must be home, collect or reserve")
	}
	o.Mode = m
	missing := ""
	if m != rules.Collect {
		missing = "a " + m.String() + " order needs the customer's lat and lng"
		if m == 0 {
			missing = "an order needs the customer's lat and lng, except for collect"
		}
	}
	ll, _, llErrs := strictjson.Coordinates(j.Lat, j.Lng, path, missing)
	errs = append(errs, llErrs...)
	o.Destination = ll
	if j.PlacedAt != "" {
		t, err := time.Parse(time.RFC3339, j.PlacedAt)
		if err != nil {
			bad("placed_at", j.PlacedAt, "must be an RFC 3339 time such as 2026-11-26T10:00:00+01:00")
		}
		o.PlacedAt = t
	}
	for _, l := range j.Lines {
		o.Lines = append(o.Lines, Line{SKU: stock.SKU(l.SKU), Qty: l.Qty})
	}
	return o, strictjson.Merge(decodeErr, errors.Join(errs...))
}

// MarshalJSON writes the order in the form [DecodeOrder] reads. A collect
// order whose Destination is the zero LatLng is written without lat and lng.
func (o Order) MarshalJSON() ([]byte, error) {
	j := orderJSON{ID: o.ID, Channel: o.Channel, Mode: o.Mode.String(), Country: o.Country, Region: o.Region,
		PromiseDays: o.PromiseDays, Tier: o.Tier, Tags: o.Tags, Value: o.Value,
		PickupNode: string(o.PickupNode), OriginNode: string(o.OriginNode), ShipTogether: o.ShipTogether,
		Lines: make([]lineJSON, len(o.Lines))}
	if o.Mode != rules.Collect || o.Destination != (geo.LatLng{}) {
		lat, lng := o.Destination.Lat(), o.Destination.Lng()
		j.Lat, j.Lng = &lat, &lng
	}
	if !o.PlacedAt.IsZero() {
		j.PlacedAt = o.PlacedAt.Format(time.RFC3339Nano)
	}
	for i, l := range o.Lines {
		j.Lines[i] = lineJSON{SKU: string(l.SKU), Qty: l.Qty}
	}
	return json.Marshal(j)
}

// The JSON form of a Result, as `examples/solve` prints it.
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
	Breakdown   breakdownJSON  `json:"breakdown"`
	Shipments   []shipmentJSON `json:"shipments"`
	Backordered []lineJSON     `json:"backordered"`
}

type breakdownJSON struct {
	Carrier   sourcing.Money `json:"carrier"`
	Handling  sourcing.Money `json:"handling"`
	Picking   sourcing.Money `json:"picking"`
	Distance  sourcing.Money `json:"distance"`
	Priority  sourcing.Money `json:"priority"`
	LowStock  sourcing.Money `json:"low_stock"`
	Workload  sourcing.Money `json:"workload"`
	Lateness  sourcing.Money `json:"lateness"`
	Carbon    sourcing.Money `json:"carbon"`
	Split     sourcing.Money `json:"split"`
	Backorder sourcing.Money `json:"backorder"`
}

type shipmentJSON struct {
	Node      string         `json:"node"`
	Lines     []lineJSON     `json:"lines"`
	Carrier   string         `json:"carrier"`
	Service   string         `json:"service"`
	Parcels   int64          `json:"parcels"`
	Km        float64        `json:"km"`
	ETADays   sourcing.Days  `json:"eta_days"`
	PickUp    string         `json:"pickup_by,omitempty"`
	Arrival   string         `json:"arrival,omitempty"`
	Cost      sourcing.Money `json:"cost"`
	Breakdown breakdownJSON  `json:"breakdown"`
}

type exclusionJSON struct {
	Node   string `json:"node"`
	SKU    string `json:"sku,omitempty"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

func linesJSON(ls []Line) []lineJSON {
	out := make([]lineJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, lineJSON{SKU: string(l.SKU), Qty: l.Qty})
	}
	return out
}

func (b Breakdown) json() breakdownJSON { return breakdownJSON(b) }

// Km returns the distance in kilometres rounded to the metre, as the JSON
// output shows it.
func km(d geo.Distance) float64 { return float64(d.Metres()) / 1000 }

// MarshalJSON writes the result in the form of the scenario contract.
func (r *Result) MarshalJSON() ([]byte, error) {
	j := resultJSON{Order: r.Order, Mode: r.Mode.String(), Profile: r.Profile, PolicyVersion: r.PolicyVersion,
		Optimal: r.Optimal, LowerBound: r.LowerBound, Plans: []planJSON{}, Excluded: []exclusionJSON{}}
	for _, p := range r.Plans {
		pj := planJSON{Rank: p.Rank, Cost: p.Cost, Breakdown: p.Breakdown.json(), Shipments: []shipmentJSON{}, Backordered: linesJSON(p.Backordered)}
		for _, s := range p.Shipments {
			sj := shipmentJSON{Node: string(s.Node), Lines: linesJSON(s.Lines),
				Carrier: s.Carrier.Carrier, Service: s.Carrier.Service, Parcels: s.Parcels, Km: km(s.Distance),
				ETADays: s.ETADays, Cost: s.Cost, Breakdown: s.Breakdown.json()}
			if !s.PickUp.IsZero() {
				sj.PickUp = s.PickUp.Format(time.RFC3339)
			}
			if s.Arrival != (stock.Date{}) {
				sj.Arrival = s.Arrival.String()
			}
			pj.Shipments = append(pj.Shipments, sj)
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
