package orchestrate

import (
	"encoding/json"
	"fmt"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// fulfilmentJSON is the JSON form of a FulfilmentRequest.
type fulfilmentJSON struct {
	Order      string        `json:"order"`
	Mode       string        `json:"mode"`
	Node       string        `json:"node"`
	Lines      []Line        `json:"lines"`
	Hold       bool          `json:"hold"`
	Parcels    int64         `json:"parcels"`
	Carrier    string        `json:"carrier"`
	Service    string        `json:"service"`
	PickupNode string        `json:"pickup_node,omitempty"`
	PickupBy   string        `json:"pickup_by,omitempty"`
	ETADays    sourcing.Days `json:"eta_days"`
	Promised   string        `json:"promised,omitempty"`
}

// MarshalJSON writes the request with the names of the order and plan
// JSON: order, mode, node, lines, hold, parcels, carrier and service (""
// when nothing is carried), pickup_node (the pickup store, for collect),
// pickup_by (RFC 3339), eta_days and promised ("2006-01-02"); the pick-up
// store, time and promised date are left out when zero. A mode that is not
// one of the modes, or a pick-up time with a year outside [0, 9999], is an
// error.
func (r FulfilmentRequest) MarshalJSON() ([]byte, error) {
	mode, err := r.Mode.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", r.Order, err)
	}
	j := fulfilmentJSON{Order: r.Order, Mode: string(mode), Node: string(r.Node), Lines: orEmpty(r.Lines), Hold: r.Hold,
		Parcels: r.Parcels, Carrier: r.Carrier.Carrier, Service: r.Carrier.Service, PickupNode: string(r.PickupNode),
		ETADays: r.ETADays}
	if j.PickupBy, err = timeJSON(r.CarrierPickup); err != nil {
		return nil, fmt.Errorf("order %s: pickup_by: %w", r.Order, err)
	}
	if r.Promised != (stock.Date{}) {
		j.Promised = r.Promised.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly: an unknown
// field or a value of the wrong type, a mode that is not one of the modes,
// an empty node, a line whose qty is not in [1, stock.MaxQty], a carrier
// without a service (or the reverse), negative parcels or eta_days, a
// pickup_by that is not RFC 3339 or a promised that is not a date is a
// [sourcing.FieldError] naming the field. null leaves r unchanged.
func (r *FulfilmentRequest) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	var j fulfilmentJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return err
	}
	m, err := rules.ParseMode(j.Mode)
	if err != nil {
		return sourcing.Invalid("mode", j.Mode, "must be home, collect or reserve")
	}
	v := FulfilmentRequest{Order: j.Order, Mode: m, Node: stock.NodeID(j.Node), Lines: orNil(j.Lines), Hold: j.Hold,
		Parcels: j.Parcels, Carrier: carrier.ServiceID{Carrier: j.Carrier, Service: j.Service},
		PickupNode: stock.NodeID(j.PickupNode), ETADays: j.ETADays}
	switch {
	case j.Node == "":
		return sourcing.Invalid("node", "", "must not be empty")
	case j.Parcels < 0:
		return sourcing.Invalid("parcels", j.Parcels, "must be ≥ 0")
	case j.ETADays < 0:
		return sourcing.Invalid("eta_days", j.ETADays, "must be ≥ 0")
	}
	if err := checkLines(j.Lines, "lines"); err != nil {
		return err
	}
	if err := checkService(j.Carrier, j.Service, ""); err != nil {
		return err
	}
	if v.CarrierPickup, err = parseTime(j.PickupBy, "pickup_by"); err != nil {
		return err
	}
	if v.Promised, err = parseDate(j.Promised, "promised"); err != nil {
		return err
	}
	*r = v
	return nil
}
