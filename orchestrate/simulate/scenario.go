package simulate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Scenario is a decoded, validated scenario file.
type Scenario struct {
	Name     string
	Snapshot *stock.Snapshot
	Rules    *rules.RuleSet
	Orders   []orchestrate.Order
}

type scenarioJSON struct {
	Name      string            `json:"name"`
	Currency  string            `json:"currency"`
	Calendars []json.RawMessage `json:"calendars,omitempty"`
	Nodes     []json.RawMessage `json:"nodes"`
	Items     []json.RawMessage `json:"items"`
	Stock     []json.RawMessage `json:"stock"`
	Carriers  []json.RawMessage `json:"carriers"`
	Policy    json.RawMessage   `json:"policy"`
	Orders    []json.RawMessage `json:"orders"`
}

type calendarJSON struct {
	ID       string   `json:"id"`
	TZ       string   `json:"tz,omitempty"`
	Workdays []string `json:"workdays,omitempty"`
	Holidays []string `json:"holidays,omitempty"`
}

type itemJSON struct {
	SKU       string           `json:"sku"`
	Name      string           `json:"name,omitempty"`
	WeightG   sourcing.Grams   `json:"weight_g"`
	VolumeCm3 sourcing.CubicCm `json:"volume_cm3"`
	Tags      []string         `json:"tags"`
}

type levelJSON struct {
	Node     string       `json:"node"`
	SKU      string       `json:"sku"`
	OnHand   sourcing.Qty `json:"on_hand"`
	Reserved sourcing.Qty `json:"reserved"`
	Safety   sourcing.Qty `json:"safety"`
}

// Options tunes ParseWith.
type Options struct {
	// LoadLocation resolves a calendar's time zone name ("Europe/Paris");
	// pass time.LoadLocation. Without it, a tz must be "UTC" or a fixed
	// offset such as "+01:00".
	LoadLocation func(name string) (*time.Location, error)
}

// Parse decodes and validates a scenario file. The error, if any, names the
// JSON path and value of the first problem found (or of every problem, for
// the checks that report them all). Calendars' time zones must be "UTC" or
// fixed offsets; ParseWith resolves names.
func Parse(data []byte) (*Scenario, error) { return ParseWith(data, Options{}) }

// ParseWith is Parse with options.
func ParseWith(data []byte, opts Options) (*Scenario, error) {
	var j scenarioJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return nil, err
	}
	sc := &Scenario{Name: j.Name}
	calendars := map[string]*stock.Calendar{}
	for i, raw := range j.Calendars {
		c, err := decodeCalendar(raw, strictjson.Index("calendars", i), opts)
		if err != nil {
			return nil, err
		}
		if _, dup := calendars[c.ID()]; dup {
			return nil, &sourcing.FieldError{Field: strictjson.Index("calendars", i) + ".id", Value: c.ID(), Problem: "appears twice", Err: stock.ErrDuplicate}
		}
		calendars[c.ID()] = c
	}
	var nodes []stock.Node
	for i, raw := range j.Nodes {
		n, err := stock.DecodeNode(raw, strictjson.Index("nodes", i), calendars)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	var items []stock.Item
	for i, raw := range j.Items {
		var it itemJSON
		if err := strictjson.Unmarshal(raw, strictjson.Index("items", i), &it); err != nil {
			return nil, err
		}
		items = append(items, stock.Item{SKU: stock.SKU(it.SKU), Name: it.Name, Weight: it.WeightG, Volume: it.VolumeCm3, Tags: it.Tags})
	}
	var levels []stock.Record
	for i, raw := range j.Stock {
		var l levelJSON
		if err := strictjson.Unmarshal(raw, strictjson.Index("stock", i), &l); err != nil {
			return nil, err
		}
		levels = append(levels, stock.Record{Node: stock.NodeID(l.Node), SKU: stock.SKU(l.SKU),
			Level: stock.Level{OnHand: l.OnHand, Reserved: l.Reserved, Safety: l.Safety}})
	}
	snap, err := stock.NewSnapshot(sourcing.Currency(j.Currency), nodes, items, levels)
	if err != nil {
		return nil, err
	}
	sc.Snapshot = snap
	if len(j.Policy) == 0 {
		return nil, sourcing.Invalid("policy", nil, "missing")
	}
	spec, err := rules.DecodeSpec(j.Policy, "policy")
	if err != nil {
		return nil, err
	}
	if spec.Currency != "" && spec.Currency != sourcing.Currency(j.Currency) {
		return nil, sourcing.Invalid("policy.currency", string(spec.Currency), "differs from the scenario's currency "+j.Currency)
	}
	if len(spec.Carriers) > 0 && len(j.Carriers) > 0 {
		return nil, sourcing.Invalid("policy.carriers", nil, "carriers are given at the top of the scenario; give them once")
	}
	spec.Currency = sourcing.Currency(j.Currency)
	for i, raw := range j.Carriers {
		c, err := carrier.DecodeSpec(raw, strictjson.Index("carriers", i))
		if err != nil {
			return nil, err
		}
		spec.Carriers = append(spec.Carriers, c)
	}
	rs, err := rules.New(spec)
	if err != nil {
		// Carrier errors are reported under "carriers", profile errors under "policy".
		return nil, prefixPolicy(err)
	}
	sc.Rules = rs
	ids := map[string]int{}
	for i, raw := range j.Orders {
		path := strictjson.Index("orders", i)
		o, err := orchestrate.DecodeOrder(raw, path)
		if err != nil {
			return nil, err
		}
		if prev, dup := ids[o.ID]; dup {
			return nil, &sourcing.FieldError{Field: path + ".id", Value: o.ID, Problem: fmt.Sprintf("already the id of orders[%d]", prev), Err: stock.ErrDuplicate}
		}
		ids[o.ID] = i
		if err := o.Validate(snap); err != nil {
			return nil, renameOrder(err, path)
		}
		sc.Orders = append(sc.Orders, o)
	}
	return sc, nil
}

func decodeCalendar(raw []byte, path string, opts Options) (*stock.Calendar, error) {
	var j calendarJSON
	if err := strictjson.Unmarshal(raw, path, &j); err != nil {
		return nil, err
	}
	spec := stock.CalendarSpec{ID: j.ID}
	switch tz := j.TZ; {
	case tz == "" || tz == "UTC":
	case tz[0] == '+' || tz[0] == '-':
		t, err := time.Parse("-07:00", tz)
		if err != nil {
			return nil, sourcing.Invalid(strictjson.Join(path, "tz"), tz, "must be UTC, a fixed offset such as +01:00, or a zone name")
		}
		_, off := t.Zone()
		spec.Location = time.FixedZone(tz, off)
	case opts.LoadLocation != nil:
		loc, err := opts.LoadLocation(tz)
		if err != nil {
			return nil, sourcing.Invalid(strictjson.Join(path, "tz"), tz, "unknown time zone")
		}
		spec.Location = loc
	default:
		return nil, sourcing.Invalid(strictjson.Join(path, "tz"), tz, "a zone name needs a location loader (simulate.ParseWith); use UTC or a fixed offset such as +01:00")
	}
	for i, d := range j.Workdays {
		wd := slices.Index(weekdayNames[:], d)
		if wd < 0 {
			return nil, sourcing.Invalid(strictjson.Join(path, strictjson.Index("workdays", i)), d, "must be mon, tue, wed, thu, fri, sat or sun")
		}
		spec.Workdays = append(spec.Workdays, time.Weekday(wd))
	}
	for i, h := range j.Holidays {
		d, err := stock.ParseDate(h)
		if err != nil {
			return nil, sourcing.Invalid(strictjson.Join(path, strictjson.Index("holidays", i)), h, "must be a date such as 2026-12-25")
		}
		spec.Holidays = append(spec.Holidays, d)
	}
	c, err := stock.NewCalendar(spec)
	if err != nil {
		return nil, sourcing.WithPrefix(path, err)
	}
	return c, nil
}

// prefixPolicy puts profile errors under "policy." and leaves carrier
// errors (reported at the top of the scenario) as they are.
func prefixPolicy(err error) error {
	var out []error
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) && len(fe.Field) >= 8 && fe.Field[:8] == "carriers" {
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

// Run solves every order of the scenario with opts. Orders are solved
// independently against the scenario's stock, or, with sequential, each
// against the stock left once the previous orders' best plans are applied.
// An order that cannot be served gets an Outcome with Err and does not stop
// the others; Run returns an error only for a failure that is not the
// order's (a cancelled context).
func (sc *Scenario) Run(ctx context.Context, opts orchestrate.Options, sequential bool) ([]Outcome, error) {
	snap := sc.Snapshot
	out := make([]Outcome, 0, len(sc.Orders))
	for _, o := range sc.Orders {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res, err := orchestrate.Solve(ctx, o, snap, sc.Rules, opts)
		out = append(out, Outcome{Order: o.ID, Result: res, Err: err})
		if err != nil || !sequential || len(res.Plans) == 0 {
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
