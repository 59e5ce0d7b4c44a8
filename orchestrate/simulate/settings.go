package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Settings are what a simulation's world does beyond the orders and events:
// the seed of its randomness, the nodes that refuse shipments, the parcels
// that arrive late, when orders are released to their nodes, how long a
// grouping strategy may hold an order, and how reservations end. They are
// the "simulation" object of a scenario file; field comments give the
// JSON names. The zero value is the file's default when "simulation" is
// absent: seed 1, no refusal, no lateness beyond the ETA, release at once,
// no grouping, reservations held DefaultReserveHold and always collected.
type Settings struct {
	// Seed (seed) seeds every draw of the world: refusals, late parcels,
	// reservations collected or not. 0 is read as 1, the seed of a file
	// that gives none.
	Seed uint64
	// Reject (reject) is the probability that a node refuses the shipment
	// it is given.
	Reject Reject
	// Late (late) lists carrier services whose parcels may arrive late.
	Late []Late
	// ReleaseEvery (release_every_minutes) is the period at which
	// assigned orders are released to their nodes for picking, at every
	// multiple of it from midnight (in the time zone of the stream's first
	// placed_at); 0 = at once. Until released, a strategy may change an
	// order's assignment. Whole minutes in [0, 24 h].
	ReleaseEvery time.Duration
	// Group (group_minutes) is how long a grouping strategy may hold an
	// order for later orders of the same customer. Whole minutes in
	// [0, 7 days].
	Group time.Duration
	// ReserveHold (reserve_hold_hours) is how long a reservation holds its
	// units at the store before it expires; 0 = DefaultReserveHold. Whole
	// hours in [0, 365 days].
	ReserveHold time.Duration
	// NoShow (no_show) is the probability that a reservation is never
	// collected: its units come back to the store's stock when it expires.
	// A collected reservation's units leave the stock when the customer
	// comes, at a time drawn in the hold period.
	NoShow float64
}

// DefaultReserveHold is how long a reservation holds its units when the
// settings do not say.
const DefaultReserveHold = 48 * time.Hour

// Reject is the probability that a node refuses the shipment it is given:
// Nodes for the nodes listed, Default for the others. Whether node N
// refuses order O is a draw from a hash of (seed, O, N) only, so every
// strategy that gives O's shipment to N sees the same answer.
type Reject struct {
	Default float64                  // default
	Nodes   map[stock.NodeID]float64 // nodes
}

// Late says that a shipment by Service arrives Days late with probability
// P: a draw from a hash of (seed, order, node, service).
type Late struct {
	Service carrier.ServiceID // carrier, service
	P       float64           // p
	Days    sourcing.Days     // days
}

// Limits of the settings.
const (
	maxReleaseEvery = 24 * time.Hour
	maxGroup        = 7 * 24 * time.Hour
	maxReserveHold  = 365 * 24 * time.Hour
	maxLateDays     = 365
)

// seed returns the seed the draws use.
func (s *Settings) seed() uint64 {
	if s.Seed == 0 {
		return 1
	}
	return s.Seed
}

// reserveHold returns how long a reservation holds its units.
func (s *Settings) reserveHold() time.Duration {
	if s.ReserveHold == 0 {
		return DefaultReserveHold
	}
	return s.ReserveHold
}

// rejectOf returns the probability that node refuses a shipment.
func (s *Settings) rejectOf(node stock.NodeID) float64 {
	if p, ok := s.Reject.Nodes[node]; ok {
		return p
	}
	return s.Reject.Default
}

// isDefault reports whether s is the default, written by leaving
// "simulation" out.
func (s *Settings) isDefault() bool {
	return s.seed() == 1 && s.Reject.Default == 0 && len(s.Reject.Nodes) == 0 && len(s.Late) == 0 &&
		s.ReleaseEvery == 0 && s.Group == 0 && s.ReserveHold == 0 && s.NoShow == 0
}

// Validate checks the settings against the scenario's nodes and carrier
// services. Every problem is reported, each a [sourcing.FieldError] whose
// Field is the JSON path under "simulation" ("simulation.late[0].p").
func (s *Settings) Validate(snap *stock.Snapshot, rs *rules.RuleSet) error {
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(strictjson.Join("simulation", field), v, why))
	}
	prob := func(field string, p float64) {
		if math.IsNaN(p) || p < 0 || p > 1 {
			bad(field, p, "must be a probability in [0, 1]")
		}
	}
	prob("reject.default", s.Reject.Default)
	nodes := make([]stock.NodeID, 0, len(s.Reject.Nodes))
	for n := range s.Reject.Nodes {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	for _, n := range nodes {
		field := "reject.nodes." + string(n)
		prob(field, s.Reject.Nodes[n])
		if snap != nil {
			if _, ok := snap.Node(n); !ok {
				errs = append(errs, &sourcing.FieldError{Field: "simulation." + field, Value: string(n), Problem: "no such node", Err: stock.ErrUnknownNode})
			}
		}
	}
	for i, l := range s.Late {
		field := strictjson.Index("late", i)
		prob(field+".p", l.P)
		if l.Days < 1 || l.Days > maxLateDays {
			bad(field+".days", l.Days, fmt.Sprintf("must be in [1, %d]", maxLateDays))
		}
		if j := slices.IndexFunc(s.Late[:i], func(m Late) bool { return m.Service == l.Service }); j >= 0 {
			bad(field+".service", l.Service.Service, fmt.Sprintf("%s already in late[%d]", l.Service, j))
		} else if rs != nil && !slices.ContainsFunc(rs.Carriers(), func(c *carrier.Service) bool { return c.ID() == l.Service }) {
			bad(field+".service", l.Service.Service, fmt.Sprintf("no carrier service %s in the scenario", l.Service))
		}
	}
	minutes := func(field string, d, most time.Duration) {
		if d < 0 || d > most || d%time.Minute != 0 {
			bad(field, int64(d/time.Minute), fmt.Sprintf("must be whole minutes in [0, %d]", most/time.Minute))
		}
	}
	minutes("release_every_minutes", s.ReleaseEvery, maxReleaseEvery)
	minutes("group_minutes", s.Group, maxGroup)
	if s.ReserveHold < 0 || s.ReserveHold > maxReserveHold || s.ReserveHold%time.Hour != 0 {
		bad("reserve_hold_hours", int64(s.ReserveHold/time.Hour), fmt.Sprintf("must be whole hours in [0, %d]", maxReserveHold/time.Hour))
	}
	prob("no_show", s.NoShow)
	return errors.Join(errs...)
}

// settingsJSON is the JSON form of Settings.
type settingsJSON struct {
	Seed                *uint64     `json:"seed,omitempty"`
	Reject              *rejectJSON `json:"reject,omitempty"`
	Late                []lateJSON  `json:"late,omitempty"`
	ReleaseEveryMinutes int64       `json:"release_every_minutes,omitempty"`
	GroupMinutes        int64       `json:"group_minutes,omitempty"`
	ReserveHoldHours    int64       `json:"reserve_hold_hours,omitempty"`
	NoShow              float64     `json:"no_show,omitempty"`
}

type rejectJSON struct {
	Default float64            `json:"default"`
	Nodes   map[string]float64 `json:"nodes,omitempty"`
}

type lateJSON struct {
	Carrier string        `json:"carrier"`
	Service string        `json:"service"`
	P       float64       `json:"p"`
	Days    sourcing.Days `json:"days"`
}

// decodeSettings decodes the "simulation" object; the values are checked
// by Validate.
func decodeSettings(raw []byte) (Settings, error) {
	var j settingsJSON
	err := strictjson.Unmarshal(raw, "simulation", &j)
	s := Settings{Seed: 1, NoShow: j.NoShow}
	if j.Seed != nil {
		s.Seed = *j.Seed
	}
	if j.Reject != nil {
		s.Reject.Default = j.Reject.Default
		if len(j.Reject.Nodes) > 0 {
			s.Reject.Nodes = make(map[stock.NodeID]float64, len(j.Reject.Nodes))
			for n, p := range j.Reject.Nodes {
				s.Reject.Nodes[stock.NodeID(n)] = p
			}
		}
	}
	for _, l := range j.Late {
		s.Late = append(s.Late, Late{Service: carrier.ServiceID{Carrier: l.Carrier, Service: l.Service}, P: l.P, Days: l.Days})
	}
	// Out of range values are kept out of range, for Validate to name
	// as written: a count of minutes that does not fit a Duration is
	// made -1 minute.
	span := func(n int64, unit time.Duration) time.Duration {
		if n < 0 || n > math.MaxInt64/int64(unit) {
			return -unit
		}
		return time.Duration(n) * unit
	}
	s.ReleaseEvery = span(j.ReleaseEveryMinutes, time.Minute)
	s.Group = span(j.GroupMinutes, time.Minute)
	s.ReserveHold = span(j.ReserveHoldHours, time.Hour)
	return s, err
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly, as Parse
// reads a scenario file's "simulation", and checks the values (fields
// named under "simulation."); the nodes and carrier services named are
// checked against a scenario by Validate (Scenario.Check). null leaves s
// unchanged.
func (s *Settings) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	v, err := decodeSettings(data)
	if err = strictjson.Merge(err, v.Validate(nil, nil)); err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalJSON writes the settings in the form of a scenario file's
// "simulation": the seed, then every field that is not its default.
func (s Settings) MarshalJSON() ([]byte, error) {
	seed := s.seed()
	j := settingsJSON{Seed: &seed, ReleaseEveryMinutes: int64(s.ReleaseEvery / time.Minute), GroupMinutes: int64(s.Group / time.Minute),
		ReserveHoldHours: int64(s.ReserveHold / time.Hour), NoShow: s.NoShow}
	if s.Reject.Default != 0 || len(s.Reject.Nodes) > 0 {
		j.Reject = &rejectJSON{Default: s.Reject.Default}
		if len(s.Reject.Nodes) > 0 {
			j.Reject.Nodes = make(map[string]float64, len(s.Reject.Nodes))
			for n, p := range s.Reject.Nodes {
				j.Reject.Nodes[string(n)] = p
			}
		}
	}
	for _, l := range s.Late {
		j.Late = append(j.Late, lateJSON{Carrier: l.Service.Carrier, Service: l.Service.Service, P: l.P, Days: l.Days})
	}
	return json.Marshal(j)
}
