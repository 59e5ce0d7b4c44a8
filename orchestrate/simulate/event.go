package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/stock"
)

// Event is something that happens to the world at a time, outside the
// orders: a restock. Events and orders are replayed in time order; at
// equal times, events first. Field comments give the JSON names (a
// scenario file's "events").
type Event struct {
	At      time.Time // at (RFC 3339)
	Restock *Restock  // restock: the only kind of event so far
}

// Restock adds Qty units to a node's on-hand stock of a SKU (a level is
// made for a pair without one). Field comments give the JSON names.
type Restock struct {
	Node stock.NodeID // node
	SKU  stock.SKU    // sku
	Qty  sourcing.Qty // qty: in [1, stock.MaxQty]
}

type eventJSON struct {
	At      string       `json:"at"`
	Restock *restockJSON `json:"restock,omitempty"`
}

type restockJSON struct {
	Node string       `json:"node"`
	SKU  string       `json:"sku"`
	Qty  sourcing.Qty `json:"qty"`
}

// decodeEvent decodes one event at path; its references are checked by
// validateEvent.
func decodeEvent(raw []byte, path string) (Event, error) {
	var j eventJSON
	err := strictjson.Unmarshal(raw, path, &j)
	e := Event{}
	if j.At != "" {
		t, perr := time.Parse(time.RFC3339, j.At)
		if perr != nil {
			err = errors.Join(err, sourcing.Invalid(strictjson.Join(path, "at"), j.At, "must be an RFC 3339 time such as 2026-11-28T06:00:00+01:00"))
		}
		e.At = t
	}
	if j.Restock != nil {
		e.Restock = &Restock{Node: stock.NodeID(j.Restock.Node), SKU: stock.SKU(j.Restock.SKU), Qty: j.Restock.Qty}
	}
	return e, err
}

// validate checks the event against the snapshot; field names start with
// path.
func (e *Event) validate(snap *stock.Snapshot, path string) error {
	var errs []error
	if e.At.IsZero() {
		errs = append(errs, sourcing.Invalid(strictjson.Join(path, "at"), nil, "missing: an event happens at a time (RFC 3339)"))
	}
	r := e.Restock
	if r == nil {
		return errors.Join(append(errs, sourcing.Invalid(strictjson.Join(path, "restock"), nil, "missing: an event needs a kind (restock)"))...)
	}
	field := func(f string) string { return strictjson.Join(path, "restock."+f) }
	if _, ok := snap.Node(r.Node); !ok {
		errs = append(errs, &sourcing.FieldError{Field: field("node"), Value: string(r.Node), Problem: "no such node", Err: stock.ErrUnknownNode})
	}
	if _, ok := snap.Item(r.SKU); !ok {
		errs = append(errs, &sourcing.FieldError{Field: field("sku"), Value: string(r.SKU), Problem: "no such item", Err: stock.ErrUnknownSKU})
	}
	if r.Qty < 1 || r.Qty > stock.MaxQty {
		errs = append(errs, sourcing.Invalid(field("qty"), r.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty)))
	}
	return errors.Join(errs...)
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly, as Parse
// reads a scenario file's events: an unknown field, a time that is not RFC
// 3339, an event without a time or a kind, a quantity out of range is a
// [sourcing.FieldError]; the node and SKU are checked against a scenario
// by Scenario.Check. null leaves e unchanged.
func (e *Event) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	v, err := decodeEvent(data, "")
	var errs []error
	if v.At.IsZero() {
		errs = append(errs, sourcing.Invalid("at", nil, "missing: an event happens at a time (RFC 3339)"))
	}
	if r := v.Restock; r == nil {
		errs = append(errs, sourcing.Invalid("restock", nil, "missing: an event needs a kind (restock)"))
	} else if r.Qty < 1 || r.Qty > stock.MaxQty {
		errs = append(errs, sourcing.Invalid("restock.qty", r.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty)))
	}
	if err = strictjson.Merge(err, errors.Join(errs...)); err != nil {
		return err
	}
	*e = v
	return nil
}

// MarshalJSON writes the event in the form of a scenario file's events.
func (e Event) MarshalJSON() ([]byte, error) {
	at, err := e.At.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("event: at: %w", err)
	}
	j := eventJSON{At: string(at)}
	if r := e.Restock; r != nil {
		j.Restock = &restockJSON{Node: string(r.Node), SKU: string(r.SKU), Qty: r.Qty}
	}
	return json.Marshal(j)
}
