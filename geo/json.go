package geo

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"github.com/sourcing-go/sourcing"
)

// latLngJSON is the JSON form of a LatLng: the "lat" and "lng" of the
// library's nodes and orders, in degrees.
type latLngJSON struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// MarshalJSON writes p as {"lat":48.8566,"lng":2.3522}, the fields nodes
// and orders carry, and the zero value (no location) as null.
func (p LatLng) MarshalJSON() ([]byte, error) {
	if !p.valid {
		return []byte("null"), nil
	}
	return json.Marshal(latLngJSON{Lat: p.lat, Lng: p.lng})
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly: an object
// with both "lat" and "lng", each once, numbers in range, and no other
// field (names match exactly). null leaves p unchanged, as encoding/json
// does for other values. Errors are [sourcing.FieldError] values naming
// the field ("lat", "lng", the unknown one, or "(document)") and wrapping
// [sourcing.ErrInvalid].
func (p *LatLng) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	// A token walk rather than the internal strict decoder, which depends
	// on this package.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return sourcing.Invalid("(document)", nil, "must be an object with lat and lng")
	}
	var got [2]*float64 // lat, lng
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return sourcing.Invalid("(document)", nil, "malformed JSON")
		}
		key, _ := t.(string)
		i := map[string]int{"lat": 0, "lng": 1}[key]
		if key != "lat" && key != "lng" {
			if key == "" {
				key = `""`
			}
			return sourcing.Invalid(key, nil, "unknown field")
		}
		if got[i] != nil {
			return sourcing.Invalid(key, nil, "given twice")
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return sourcing.Invalid("(document)", nil, "malformed JSON")
		}
		n, ok := v.(json.Number)
		if !ok {
			return sourcing.Invalid(key, describe(v), "must be a number")
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return sourcing.Invalid(key, string(n), "out of range")
		}
		got[i] = &f
	}
	if _, err := dec.Token(); err != nil {
		return sourcing.Invalid("(document)", nil, "malformed JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return sourcing.Invalid("(document)", nil, "unexpected data after the JSON value")
	}
	switch {
	case got[0] == nil:
		return sourcing.Invalid("lat", nil, "missing: a location needs lat and lng")
	case got[1] == nil:
		return sourcing.Invalid("lng", nil, "missing: a location needs lat and lng")
	}
	lat, lng := *got[0], *got[1]
	ll, err := LatLngFromDegrees(lat, lng)
	if err != nil {
		if _, lerr := LatLngFromDegrees(lat, 0); lerr != nil {
			return sourcing.Invalid("lat", lat, "must be a finite number in [-90, 90]")
		}
		return sourcing.Invalid("lng", lng, "must be a finite number in [-180, 180]")
	}
	*p = ll
	return nil
}

// describe names a JSON value that is not a number, for an error.
func describe(v any) any {
	switch x := v.(type) {
	case string, bool:
		return x
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return nil
}
