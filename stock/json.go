package stock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
)

// nodeJSON is the JSON form of a Node, as in scenario files.
type nodeJSON struct {
	ID           string         `json:"id"`
	Kind         string         `json:"kind"`
	Lat          *float64       `json:"lat,omitempty"`
	Lng          *float64       `json:"lng,omitempty"`
	Country      string         `json:"country"`
	Ships        *bool          `json:"ships"`
	Pickup       bool           `json:"pickup"`
	Reserve      bool           `json:"reserve"`
	Priority     int            `json:"priority"`
	HandlingCost sourcing.Money `json:"handling_cost"`
	PickCost     sourcing.Money `json:"pick_cost"`
	Capacity     sourcing.Qty   `json:"capacity"`
	Committed    sourcing.Qty   `json:"committed"`
	PrepDays     sourcing.Days  `json:"prep_days"`
	Calendar     string         `json:"calendar,omitempty"`
	Cutoff       string         `json:"cutoff,omitempty"`
}

// DecodeNode decodes the JSON form of a node (the elements of a scenario
// file's "nodes"; the field comments of [Node] give the names). path
// locates data in its document and prefixes error fields. "ships" absent
// means true; "cutoff" is a time of day such as "15:00"; "calendar" names
// one of calendars by its ID. Decoding is strict: an unknown field, a value
// of the wrong type, a field given twice, a kind other than warehouse,
// store or supplier, lat or lng missing, coordinates out of range, an
// unknown calendar or a cut-off that is not a time of day is a
// [sourcing.FieldError] naming the field; every problem is reported, and
// on error the Node holds what did decode. [NewSnapshot] checks the other
// values' ranges.
func DecodeNode(data []byte, path string, calendars map[string]*Calendar) (Node, error) {
	var j nodeJSON
	decodeErr := strictjson.Unmarshal(data, path, &j)
	if strictjson.IsSyntax(decodeErr) {
		return Node{}, decodeErr
	}
	var errs []error // the problems of the values that decoded
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(strictjson.Join(path, field), v, why))
	}
	n := Node{ID: NodeID(j.ID), Country: j.Country, Ships: j.Ships == nil || *j.Ships,
		Pickup: j.Pickup, Reserve: j.Reserve, Priority: j.Priority, HandlingCost: j.HandlingCost,
		PickCost: j.PickCost, Capacity: j.Capacity, Committed: j.Committed, PrepDays: j.PrepDays}
	if k, err := ParseNodeKind(j.Kind); err != nil {
		bad("kind", j.Kind, "must be warehouse, store or supplier")
	} else {
		n.Kind = k
	}
	ll, _, llErrs := strictjson.Coordinates(j.Lat, j.Lng, path, "a node needs lat and lng")
	// A location's problems are the decoder's: validation on it would
	// repeat them (see strictjson.Merge).
	decodeErr = errors.Join(decodeErr, errors.Join(llErrs...))
	n.Location = ll
	if j.Calendar != "" {
		c, ok := calendars[j.Calendar]
		switch {
		case calendars == nil:
			bad("calendar", j.Calendar, "a calendar is shared by nodes and given beside them: decode the node with stock.DecodeNode and its calendars")
		case !ok:
			bad("calendar", j.Calendar, "no calendar of that id")
		default:
			n.Calendar = c
		}
	}
	if j.Cutoff != "" {
		var h, m int
		if _, err := fmt.Sscanf(j.Cutoff, "%2d:%2d", &h, &m); err != nil || len(j.Cutoff) != 5 || h > 24 || m > 59 || h == 24 && m > 0 {
			bad("cutoff", j.Cutoff, "must be a time of day such as 15:00 (24:00 at the latest)")
		} else {
			n.Cutoff = time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
		}
	}
	return n, strictjson.Merge(decodeErr, errors.Join(errs...))
}

// MarshalJSON writes the node in the form [DecodeNode] reads, its calendar
// by ID. The zero location is written without lat and lng. A kind that is
// not one of the kinds, or a cut-off that is not a whole minute in
// [00:00, 24:00], is an error.
func (n Node) MarshalJSON() ([]byte, error) {
	kind, err := n.Kind.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", n.ID, err)
	}
	ships := n.Ships
	j := nodeJSON{ID: string(n.ID), Kind: string(kind), Country: n.Country, Ships: &ships,
		Pickup: n.Pickup, Reserve: n.Reserve, Priority: n.Priority, HandlingCost: n.HandlingCost, PickCost: n.PickCost,
		Capacity: n.Capacity, Committed: n.Committed, PrepDays: n.PrepDays}
	if n.Location.IsValid() {
		lat, lng := n.Location.Lat(), n.Location.Lng()
		j.Lat, j.Lng = &lat, &lng
	}
	if n.Calendar != nil {
		j.Calendar = n.Calendar.ID()
	}
	if n.Cutoff != 0 {
		if n.Cutoff < 0 || n.Cutoff > 24*time.Hour || n.Cutoff%time.Minute != 0 {
			return nil, fmt.Errorf("%w: node %s: cutoff %v: must be a whole minute in [00:00, 24:00]", sourcing.ErrInvalid, n.ID, n.Cutoff)
		}
		j.Cutoff = fmt.Sprintf("%02d:%02d", int(n.Cutoff/time.Hour), int(n.Cutoff%time.Hour/time.Minute))
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a node with [DecodeNode], without calendars: a node
// that names a calendar must be decoded with DecodeNode and the calendars
// it may name. null leaves n unchanged.
func (n *Node) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	v, err := DecodeNode(data, "", nil)
	if err != nil {
		return err
	}
	*n = v
	return nil
}
