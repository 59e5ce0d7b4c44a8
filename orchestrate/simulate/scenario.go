package simulate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/sourcing-go/sourcing/internal/stockjson"
	"slices"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Scenario is a decoded, validated scenario file: a world (Snapshot),
// its policy (Rules), and a stream to replay (Orders, Events, under
// Simulation).
type Scenario struct {
	Name     string
	Snapshot *stock.Snapshot
	Rules    *rules.RuleSet
	Orders   []orchestrate.Order
	// Events (events) happen to the world while the orders are replayed:
	// restocks. Run does not read them; Simulate does.
	Events []Event
	// Simulation (simulation) is how Simulate's world behaves: its seed,
	// refusals, late parcels, releases, grouping and reservations.
	Simulation Settings
}

type scenarioJSON struct {
	Name       string            `json:"name"`
	Currency   string            `json:"currency"`
	Calendars  []json.RawMessage `json:"calendars,omitempty"`
	Nodes      []json.RawMessage `json:"nodes"`
	Items      []itemJSON        `json:"items"`
	Stock      []levelJSON       `json:"stock"`
	Carriers   []json.RawMessage `json:"carriers"`
	Policy     json.RawMessage   `json:"policy"`
	Orders     []json.RawMessage `json:"orders"`
	Events     []json.RawMessage `json:"events,omitempty"`
	Simulation json.RawMessage   `json:"simulation,omitempty"`
}

type calendarJSON struct {
	ID       string   `json:"id"`
	TZ       string   `json:"tz,omitempty"`
	Workdays []string `json:"workdays,omitempty"`
	Holidays []string `json:"holidays,omitempty"`
}

// Options tunes ParseWith.
type Options struct {
	// LoadLocation resolves a calendar's time zone name ("Europe/Paris");
	// pass time.LoadLocation. Without it, a tz must be "UTC" or a fixed
	// offset such as "+01:00".
	LoadLocation func(name string) (*time.Location, error)
}

// Parse decodes and validates a scenario file. Every problem is reported,
// each a [sourcing.FieldError] naming its JSON path and value: those of the
// JSON itself (a value of the wrong type, an unknown field, a field given
// twice, null in a list, a string that is not UTF-8), then those of the
// values (a negative quantity, an unknown SKU) in the parts that decoded.
// Malformed JSON is one problem that stops it. Calendars' time zones must be
// "UTC" or fixed offsets; ParseWith resolves names.
func Parse(data []byte) (*Scenario, error) { return ParseWith(data, Options{}) }

// ParseWith is Parse with options.
func ParseWith(data []byte, opts Options) (*Scenario, error) {
	var j scenarioJSON
	err := strictjson.Unmarshal(data, "", &j)
	if strictjson.IsSyntax(err) {
		return nil, err
	}
	// The problems of the JSON, and those the validators find in what
	// decoded; strictjson.Merge leaves out the second kind's repeats of the
	// first.
	// The problems of items and stock, decoded in the one pass over the
	// file (not copied aside to be decoded one by one: a file has
	// millions of levels), and of what follows them, are reported after
	// the nodes', in the order of the file.
	var top, later []error
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) && slices.ContainsFunc([]string{"items", "stock", "carriers", "policy", "orders"}, func(list string) bool {
			rest, ok := strings.CutPrefix(fe.Field, list)
			return ok && (rest == "" || rest[0] == '[' || rest[0] == '.')
		}) {
			later = append(later, e)
		} else {
			top = append(top, e)
		}
	}
	decodeErrs := top
	var checkErrs []error
	sc := &Scenario{Name: j.Name}
	calendars := map[string]*stock.Calendar{}
	for i, raw := range j.Calendars {
		if len(raw) == 0 {
			continue // null, reported
		}
		c, err := decodeCalendar(raw, strictjson.Index("calendars", i), opts)
		decodeErrs = append(decodeErrs, err)
		if c == nil {
			continue
		}
		if _, dup := calendars[c.ID()]; dup {
			decodeErrs = append(decodeErrs, &sourcing.FieldError{Field: strictjson.Index("calendars", i) + ".id", Value: c.ID(), Problem: "appears twice", Err: stock.ErrDuplicate})
		}
		calendars[c.ID()] = c
	}
	// An element in error keeps its index, so that the validators' paths
	// are the file's.
	nodes := make([]stock.Node, len(j.Nodes))
	for i, raw := range j.Nodes {
		if len(raw) > 0 {
			var err error
			nodes[i], err = stock.DecodeNode(raw, strictjson.Index("nodes", i), calendars)
			decodeErrs = append(decodeErrs, err)
		}
	}
	// An item or level in error is left zero, at its index.
	decodeErrs = append(decodeErrs, later...)
	items := make([]stock.Item, len(j.Items))
	for i := range j.Items {
		items[i] = j.Items[i].Item()
	}
	levels := make([]stock.Record, len(j.Stock))
	for i := range j.Stock {
		levels[i] = j.Stock[i].Record()
	}
	snap, err := stock.NewSnapshot(sourcing.Currency(j.Currency), nodes, items, levels)
	checkErrs = append(checkErrs, err)
	sc.Snapshot = snap

	var spec rules.Spec
	if len(j.Policy) == 0 {
		decodeErrs = append(decodeErrs, sourcing.Invalid("policy", nil, "missing"))
	} else {
		spec, err = rules.DecodeSpec(j.Policy, "policy")
		decodeErrs = append(decodeErrs, err)
	}
	if spec.Currency != "" && spec.Currency != sourcing.Currency(j.Currency) {
		decodeErrs = append(decodeErrs, sourcing.Invalid("policy.currency", string(spec.Currency), "differs from the scenario's currency "+j.Currency))
	}
	carriersPath := "carriers"
	switch {
	case len(spec.Carriers) > 0 && len(j.Carriers) > 0:
		decodeErrs = append(decodeErrs, sourcing.Invalid("policy.carriers", nil, "carriers are given at the top of the scenario; give them once"))
	case len(spec.Carriers) > 0:
		carriersPath = "policy.carriers"
	}
	spec.Currency = sourcing.Currency(j.Currency)
	for i, raw := range j.Carriers {
		var c carrier.Spec
		if len(raw) > 0 {
			c, err = carrier.DecodeSpec(raw, strictjson.Index("carriers", i))
			decodeErrs = append(decodeErrs, err)
		}
		spec.Carriers = append(spec.Carriers, c)
	}
	rs, err := rules.New(spec)
	// Carrier errors are reported where the carriers are, profile errors
	// under "policy".
	checkErrs = append(checkErrs, prefixPolicy(err, carriersPath))
	sc.Rules = rs

	ids := map[string]int{}
	for i, raw := range j.Orders {
		if len(raw) == 0 {
			continue // null, reported
		}
		path := strictjson.Index("orders", i)
		o, err := orchestrate.DecodeOrder(raw, path)
		decodeErrs = append(decodeErrs, err)
		if prev, dup := ids[o.ID]; dup && o.ID != "" {
			decodeErrs = append(decodeErrs, &sourcing.FieldError{Field: path + ".id", Value: o.ID, Problem: fmt.Sprintf("already the id of orders[%d]", prev), Err: stock.ErrDuplicate})
		} else if !dup {
			ids[o.ID] = i
		}
		if snap != nil {
			checkErrs = append(checkErrs, renameOrder(o.Validate(snap), path))
		}
		sc.Orders = append(sc.Orders, o)
	}
	for i, raw := range j.Events {
		if len(raw) == 0 {
			continue // null, reported
		}
		path := strictjson.Index("events", i)
		e, err := decodeEvent(raw, path)
		decodeErrs = append(decodeErrs, err)
		if snap != nil {
			checkErrs = append(checkErrs, e.validate(snap, path))
		}
		sc.Events = append(sc.Events, e)
	}
	sc.Simulation.Seed = 1
	if len(j.Simulation) > 0 {
		sc.Simulation, err = decodeSettings(j.Simulation)
		decodeErrs = append(decodeErrs, err)
		checkErrs = append(checkErrs, sc.Simulation.Validate(snap, rs))
	}
	if err := strictjson.Merge(errors.Join(decodeErrs...), errors.Join(checkErrs...)); err != nil {
		return nil, err
	}
	return sc, nil
}

// decodeCalendar decodes and builds a calendar; it returns nil with the
// error when the calendar cannot be built.
func decodeCalendar(raw []byte, path string, opts Options) (*stock.Calendar, error) {
	var j calendarJSON
	decodeErr := strictjson.Unmarshal(raw, path, &j)
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(strictjson.Join(path, field), v, why))
	}
	spec := stock.CalendarSpec{ID: j.ID}
	switch tz := j.TZ; {
	case tz == "" || tz == "UTC":
	case tz[0] == '+' || tz[0] == '-':
		t, err := time.Parse("-07:00", tz)
		if err != nil {
			bad("tz", tz, "must be UTC, a fixed offset such as +01:00, or a zone name")
			break
		}
		_, off := t.Zone()
		spec.Location = time.FixedZone(tz, off)
	case opts.LoadLocation != nil:
		loc, err := opts.LoadLocation(tz)
		if err != nil {
			bad("tz", tz, "unknown time zone")
			break
		}
		spec.Location = loc
	default:
		bad("tz", tz, "a zone name needs a location loader (simulate.ParseWith); use UTC or a fixed offset such as +01:00")
	}
	for i, d := range j.Workdays {
		wd := slices.Index(weekdayNames[:], d)
		if wd < 0 {
			bad(strictjson.Index("workdays", i), d, "must be mon, tue, wed, thu, fri, sat or sun")
			continue
		}
		spec.Workdays = append(spec.Workdays, time.Weekday(wd))
	}
	for i, h := range j.Holidays {
		d, err := stock.ParseDate(h)
		if err != nil {
			bad(strictjson.Index("holidays", i), h, "must be a date such as 2026-12-25")
			continue
		}
		spec.Holidays = append(spec.Holidays, d)
	}
	c, err := stock.NewCalendar(spec)
	errs = append(errs, sourcing.WithPrefix(path, err))
	if err := strictjson.Merge(decodeErr, errors.Join(errs...)); err != nil {
		return nil, err
	}
	return c, nil
}

// prefixPolicy puts profile errors under "policy." and carrier errors under
// carriers, where the carriers are: "carriers" (at the top of the scenario)
// or "policy.carriers".
func prefixPolicy(err error, carriers string) error {
	var out []error
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) && strings.HasPrefix(fe.Field, "carriers") {
			if carriers != "carriers" {
				e = sourcing.WithPrefix("policy", e)
			}
			out = append(out, e)
			continue
		}
		out = append(out, sourcing.WithPrefix("policy", e))
	}
	return errors.Join(out...)
}

// renameOrder replaces the "order" prefix of Validate's errors with the
// order's path in the file.
func renameOrder(err error, path string) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			c := *fe
			if len(c.Field) > 5 && c.Field[:6] == "order." {
				c.Field = path + c.Field[5:]
			}
			out = append(out, &c)
			continue
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// Outcome is the result of solving one order of a scenario: a result, or the
// error that kept the order from being served.
type Outcome struct {
	Order  string
	Result *orchestrate.Result
	Err    error
}

// Run solves every order of the scenario with opts, each independently
// against the scenario's stock, as if it were the only order. An order that
// cannot be served gets an Outcome with Err and does not stop the others;
// Run returns an error only for a failure that is not the order's (a
// cancelled context).
func (sc *Scenario) Run(ctx context.Context, opts orchestrate.Options) ([]Outcome, error) {
	return sc.run(ctx, opts, false)
}

// RunSequential is [Scenario.Run] with the orders drawing on one stock, in
// the order of the file: each is solved against the stock left once the
// previous orders' plans 1 are applied (stock.Snapshot.Apply), as a day's
// orders would be.
func (sc *Scenario) RunSequential(ctx context.Context, opts orchestrate.Options) ([]Outcome, error) {
	return sc.run(ctx, opts, true)
}

// run solves the orders; apply says whether each order's plan 1 is applied
// before the next is solved.
func (sc *Scenario) run(ctx context.Context, opts orchestrate.Options, apply bool) ([]Outcome, error) {
	snap := sc.Snapshot
	out := make([]Outcome, 0, len(sc.Orders))
	for _, o := range sc.Orders {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res, err := orchestrate.Solve(ctx, o, snap, sc.Rules, opts)
		out = append(out, Outcome{Order: o.ID, Result: res, Err: err})
		if err != nil || !apply || len(res.Plans) == 0 {
			continue
		}
		next, err := snap.Apply(res.Plans[0].Allocations())
		if err != nil {
			return out, fmt.Errorf("order %s: applying its plan: %w", o.ID, err)
		}
		snap = next
	}
	return out, nil
}

// The JSON forms of an item and a stock level (see internal/stockjson).
type (
	itemJSON  = stockjson.Item
	levelJSON = stockjson.Level
)
