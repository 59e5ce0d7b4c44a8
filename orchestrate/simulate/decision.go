package simulate

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/stock"
)

// Decision is what one strategy finally did with one order, or with
// orders it grouped: the plan as shipped, priced with the scenario's own
// rules, and what became of each shipment. The KPIs are sums over the
// decisions (see Summarize).
type Decision struct {
	Strategy string   // strategy
	Orders   []string // orders: one, or the orders grouped
	// At (at) is when the plan became final: released to its nodes.
	At time.Time
	// AssignedAt (assigned_at) is when the strategy assigned it.
	AssignedAt time.Time
	// Plan (plan) is the plan as shipped, re-sourced shipments included,
	// priced with the scenario's own rules (see the package
	// documentation): its shipments by node ID (a node that refused is
	// not in it), each re-sourced one with the days lost in its ETA.
	Plan orchestrate.Plan
	// Shipments (outcomes) says, per shipment of Plan and in its order,
	// what became of it.
	Shipments []ShipmentOutcome
	// Refusals (refusals) are the shipments refused, in order.
	Refusals []RefusalOutcome
	// Reservation (reservation), for a reservation that a store holds,
	// says whether the customer collected it and when it ended.
	Reservation *ReservationOutcome
	// Reason (reason) says why the order was not served, when the
	// strategy could not serve it as asked.
	Reason string
}

// ShipmentOutcome is what became of one shipment of a decision.
type ShipmentOutcome struct {
	Node stock.NodeID // node
	// Day (day) is the node's calendar day (in its time zone) the units
	// were committed: the day they count against its capacity.
	Day stock.Date
	// Resourced (resourced) is 0 for a shipment of the plan assigned, or
	// the refusal it replaced part of (1 for the first): the days it lost,
	// counted in its ETA.
	Resourced int
	// LateDays (late_days) is the carrier's delay beyond the ETA (see
	// Settings.Late); ActualDays (actual_days) the days from the order's
	// time to the delivery (the ETA plus the delay).
	LateDays   sourcing.Days
	ActualDays sourcing.Days
	// Late (late) says the delivery missed the order's promise: a home or
	// collect order with promise_days, delivered after them.
	Late bool
	// CO2Kg (co2_kg) is what the carrier service emits carrying it: its
	// g CO2 per tonne-km × the shipment's tonnes × km, in kg.
	CO2Kg float64
}

// RefusalOutcome is one shipment a node refused.
type RefusalOutcome struct {
	Node  stock.NodeID       // node
	Lines []orchestrate.Line // lines: what it was to ship
	// WrittenOff (written_off) is the phantom stock the refusal wrote off:
	// the node's on-hand units of those SKUs that were not held for other
	// orders.
	WrittenOff sourcing.Qty
}

// ReservationOutcome is how a reservation ended.
type ReservationOutcome struct {
	Collected bool      `json:"collected"` // true if the customer came
	Ended     time.Time `json:"ended"`     // when it was collected, or expired
}

type decisionJSON struct {
	Strategy    string              `json:"strategy"`
	Orders      []string            `json:"orders"`
	At          time.Time           `json:"at"`
	AssignedAt  time.Time           `json:"assigned_at"`
	Plan        orchestrate.Plan    `json:"plan"`
	Shipments   []shipOutcomeJSON   `json:"outcomes"`
	Refusals    []refusalJSON       `json:"refusals,omitempty"`
	Reservation *ReservationOutcome `json:"reservation,omitempty"`
	Reason      string              `json:"reason,omitempty"`
}

type shipOutcomeJSON struct {
	Node       string        `json:"node"`
	Day        string        `json:"day"`
	Resourced  int           `json:"resourced"`
	LateDays   sourcing.Days `json:"late_days"`
	ActualDays sourcing.Days `json:"actual_days"`
	Late       bool          `json:"late"`
	CO2Kg      float64       `json:"co2_kg"`
}

type refusalJSON struct {
	Node       string             `json:"node"`
	Lines      []orchestrate.Line `json:"lines"`
	WrittenOff sourcing.Qty       `json:"written_off"`
}

// MarshalJSON writes the decision as one line of examples/simulate's
// -decisions file: strategy, orders, at, assigned_at, plan (in the form of
// a plan of examples/solve's output), outcomes, then refusals,
// reservation and reason when there are any. CO2Kg is written to the
// gram.
func (d Decision) MarshalJSON() ([]byte, error) {
	j := decisionJSON{Strategy: d.Strategy, Orders: d.Orders, At: d.At, AssignedAt: d.AssignedAt, Plan: d.Plan,
		Shipments: make([]shipOutcomeJSON, len(d.Shipments)), Reservation: d.Reservation, Reason: d.Reason}
	for i, s := range d.Shipments {
		j.Shipments[i] = shipOutcomeJSON{Node: string(s.Node), Day: s.Day.String(), Resourced: s.Resourced, LateDays: s.LateDays,
			ActualDays: s.ActualDays, Late: s.Late, CO2Kg: round(s.CO2Kg, 3)}
	}
	for _, r := range d.Refusals {
		j.Refusals = append(j.Refusals, refusalJSON{Node: string(r.Node), Lines: r.Lines, WrittenOff: r.WrittenOff})
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly: an unknown
// field, a value of the wrong type, a plan that orchestrate.Plan's
// UnmarshalJSON refuses, a day that is not a date is a
// [sourcing.FieldError] naming the field by its path
// ("outcomes[0].day"). null leaves d unchanged.
func (d *Decision) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var j decisionJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return err
	}
	out := Decision{Strategy: j.Strategy, Orders: j.Orders, At: j.At, AssignedAt: j.AssignedAt, Plan: j.Plan,
		Reservation: j.Reservation, Reason: j.Reason}
	for i, s := range j.Shipments {
		day, err := stock.ParseDate(s.Day)
		if err != nil {
			return sourcing.Invalid(strictjson.Index("outcomes", i)+".day", s.Day, "must be a date such as 2026-11-28")
		}
		out.Shipments = append(out.Shipments, ShipmentOutcome{Node: stock.NodeID(s.Node), Day: day, Resourced: s.Resourced,
			LateDays: s.LateDays, ActualDays: s.ActualDays, Late: s.Late, CO2Kg: s.CO2Kg})
	}
	for _, r := range j.Refusals {
		out.Refusals = append(out.Refusals, RefusalOutcome{Node: stock.NodeID(r.Node), Lines: r.Lines, WrittenOff: r.WrittenOff})
	}
	*d = out
	return nil
}
