package simulate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
)

// MarshalJSON writes the scenario in the form [Parse] reads: the snapshot's
// nodes (with their committed units), items and stock levels, the rule
// set's carriers at the top and its profiles under "policy", and the
// orders, then the events and the simulation settings when there are any
// (settings equal to the default are left out). Stock rows are grouped by
// SKU in SKU order, then by node ID.
// One JSON value per line keeps large files diffable.
func (sc *Scenario) MarshalJSON() ([]byte, error) {
	if sc.Snapshot == nil || sc.Rules == nil {
		return nil, fmt.Errorf("%w: simulate: a scenario needs a snapshot and a rule set to be written", sourcing.ErrInvalid)
	}
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	enc := func(v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(data)
		return nil
	}
	list := func(name string, n int, each func(i int) error) error {
		w(",\n%q: [", name)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n  ")
			if err := each(i); err != nil {
				return err
			}
		}
		if n > 0 {
			b.WriteByte('\n')
		}
		b.WriteByte(']')
		return nil
	}
	snap := sc.Snapshot
	w("{\n%q: ", "name")
	if err := enc(sc.Name); err != nil {
		return nil, err
	}
	w(",\n%q: %q", "currency", string(snap.Currency()))

	var nodes []stock.Node
	var calendars []*stock.Calendar
	seen := map[*stock.Calendar]bool{}
	for n := range snap.Nodes() {
		nodes = append(nodes, n)
		if n.Calendar != nil && !seen[n.Calendar] {
			seen[n.Calendar] = true
			calendars = append(calendars, n.Calendar)
		}
	}
	if len(calendars) > 0 {
		if err := list("calendars", len(calendars), func(i int) error { return enc(encodeCalendar(calendars[i])) }); err != nil {
			return nil, err
		}
	}
	if err := list("nodes", len(nodes), func(i int) error { return enc(nodes[i]) }); err != nil {
		return nil, err
	}
	var items []stock.Item
	for it := range snap.Items() {
		items = append(items, it)
	}
	err := list("items", len(items), func(i int) error {
		it := items[i]
		tags := it.Tags
		if tags == nil {
			tags = []string{}
		}
		return enc(itemJSON{SKU: string(it.SKU), Name: it.Name, WeightG: it.Weight, VolumeCm3: it.Volume, Tags: tags})
	})
	if err != nil {
		return nil, err
	}
	var levels []levelJSON
	for _, it := range items {
		for id, l := range snap.Holders(it.SKU) {
			levels = append(levels, levelJSON{Node: string(id), SKU: string(it.SKU), OnHand: l.OnHand, Reserved: l.Reserved, Safety: l.Safety})
		}
	}
	if err := list("stock", len(levels), func(i int) error { return enc(levels[i]) }); err != nil {
		return nil, err
	}
	spec := sc.Rules.Spec()
	carriers := spec.Carriers
	spec.Carriers, spec.Currency = nil, ""
	if err := list("carriers", len(carriers), func(i int) error { return enc(carriers[i]) }); err != nil {
		return nil, err
	}
	w(",\n%q: ", "policy")
	if err := enc(spec); err != nil {
		return nil, err
	}
	if err := list("orders", len(sc.Orders), func(i int) error { return enc(sc.Orders[i]) }); err != nil {
		return nil, err
	}
	if len(sc.Events) > 0 {
		if err := list("events", len(sc.Events), func(i int) error { return enc(sc.Events[i]) }); err != nil {
			return nil, err
		}
	}
	if !sc.Simulation.isDefault() {
		w(",\n%q: ", "simulation")
		if err := enc(sc.Simulation); err != nil {
			return nil, err
		}
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

func encodeCalendar(c *stock.Calendar) calendarJSON {
	spec := c.Spec()
	j := calendarJSON{ID: spec.ID}
	if loc := spec.Location; loc != nil && loc != time.UTC {
		j.TZ = loc.String()
	}
	for _, d := range spec.Workdays {
		j.Workdays = append(j.Workdays, weekdayNames[d])
	}
	for _, h := range spec.Holidays {
		j.Holidays = append(j.Holidays, h.String())
	}
	return j
}

var weekdayNames = [...]string{time.Sunday: "sun", time.Monday: "mon", time.Tuesday: "tue",
	time.Wednesday: "wed", time.Thursday: "thu", time.Friday: "fri", time.Saturday: "sat"}
