package orchestrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// orderJSON is the JSON form of an Order, as in scenario files.
type orderJSON struct {
	ID           string         `json:"id"`
	Channel      string         `json:"channel"`
	Customer     string         `json:"customer,omitempty"`
	Mode         string         `json:"mode"`
	Lat          *float64       `json:"lat,omitempty"`
	Lng          *float64       `json:"lng,omitempty"`
	Country      string         `json:"country"`
	Region       string         `json:"region,omitempty"`
	PromiseDays  sourcing.Days  `json:"promise_days"`
	Lines        []Line         `json:"lines"`
	Tier         string         `json:"tier,omitempty"`
	Tags         []string       `json:"tags,omitempty"`
	Value        sourcing.Money `json:"value,omitempty"`
	PlacedAt     string         `json:"placed_at,omitempty"`
	PickupNode   string         `json:"pickup_node,omitempty"`
	OriginNode   string         `json:"origin_node,omitempty"`
	ShipTogether [][]int        `json:"ship_together,omitempty"`
}

// DecodeOrder decodes the JSON form of an order (the elements of a scenario
// file's "orders"; the field comments of [Order] give the names). path
// locates data in its document and prefixes error fields.
//
// Decoding is strict: an unknown field, a value of the wrong type, a field
// given twice, an empty id, a mode other than home, collect or reserve,
// lat without lng (or the reverse), coordinates out of range, a home or
// reserve order without them, or a placed_at that is not RFC 3339 is a
// [sourcing.FieldError] naming the field. Every problem is reported; on
// error, the Order holds what did decode. A collect order without lat and
// lng decodes with the zero (unset) Destination. The order is not checked
// against a snapshot, nor for values in range: [Order.Validate] does that.
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
	o := Order{ID: j.ID, Channel: j.Channel, Customer: j.Customer, Country: j.Country, Region: j.Region, PromiseDays: j.PromiseDays,
		Tier: j.Tier, Value: j.Value, PickupNode: stock.NodeID(j.PickupNode), OriginNode: stock.NodeID(j.OriginNode)}
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
	// A location's problems are the decoder's: validation on it would
	// repeat them (see strictjson.Merge).
	decodeErr = errors.Join(decodeErr, errors.Join(llErrs...))
	o.Destination = ll
	if t, err := parseTime(j.PlacedAt, strictjson.Join(path, "placed_at")); err != nil {
		errs = append(errs, err)
	} else {
		o.PlacedAt = t
	}
	// Empty lists decode as nil, as they are written: absent.
	if len(j.Lines) > 0 {
		o.Lines = j.Lines
	}
	if len(j.Tags) > 0 {
		o.Tags = j.Tags
	}
	if len(j.ShipTogether) > 0 {
		o.ShipTogether = j.ShipTogether
	}
	return o, strictjson.Merge(decodeErr, errors.Join(errs...))
}

// MarshalJSON writes the order in the form [DecodeOrder] reads: the
// destination as lat and lng (absent when it is the zero LatLng), placed_at
// in RFC 3339 (absent when zero), empty lists and zero optional values
// left out. An order that is not a valid mode, or whose placed_at has a
// year outside [0, 9999], is an error.
func (o Order) MarshalJSON() ([]byte, error) {
	mode, err := o.Mode.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.ID, err)
	}
	j := orderJSON{ID: o.ID, Channel: o.Channel, Customer: o.Customer, Mode: string(mode), Country: o.Country, Region: o.Region,
		PromiseDays: o.PromiseDays, Tier: o.Tier, Tags: o.Tags, Value: o.Value, Lines: o.Lines,
		PickupNode: string(o.PickupNode), OriginNode: string(o.OriginNode), ShipTogether: o.ShipTogether}
	if j.Lines == nil {
		j.Lines = []Line{}
	}
	if o.Destination.IsValid() {
		lat, lng := o.Destination.Lat(), o.Destination.Lng()
		j.Lat, j.Lng = &lat, &lng
	}
	if j.PlacedAt, err = timeJSON(o.PlacedAt); err != nil {
		return nil, fmt.Errorf("order %s: placed_at: %w", o.ID, err)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads an order with [DecodeOrder]. null leaves o
// unchanged.
func (o *Order) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	v, err := DecodeOrder(data, "")
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// timeJSON formats t in RFC 3339 with as many fractional digits as it
// has, or "" for the zero time.
func timeJSON(t time.Time) (string, error) {
	if t.IsZero() {
		return "", nil
	}
	b, err := t.MarshalText()
	return string(b), err
}

func isNull(data []byte) bool { return bytes.Equal(bytes.TrimSpace(data), []byte("null")) }
