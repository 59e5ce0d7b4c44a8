package geo

import (
	"bytes"
	"encoding/json"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
)

// latLngJSON is the JSON form of a LatLng: the "lat" and "lng" of the
// library's nodes and orders, in degrees.
type latLngJSON struct {
	Lat *float64 `json:"lat"`
	Lng *float64 `json:"lng"`
}

// MarshalJSON writes p as {"lat":48.8566,"lng":2.3522}, the fields nodes
// and orders carry, and the zero value (no location) as null.
func (p LatLng) MarshalJSON() ([]byte, error) {
	if !p.valid {
		return []byte("null"), nil
	}
	return json.Marshal(latLngJSON{Lat: &p.lat, Lng: &p.lng})
}

// UnmarshalJSON reads the form MarshalJSON writes: an object with both
// "lat" and "lng", in range, and no other field. null leaves p unchanged,
// as encoding/json does for other values. Errors are [sourcing.FieldError]
// values naming "lat" or "lng" and wrapping [sourcing.ErrInvalid].
func (p *LatLng) UnmarshalJSON(data []byte) error {
	var j latLngJSON
	if err := strictjson.Unmarshal(data, "", &j); err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	switch {
	case j.Lat == nil:
		return sourcing.Invalid("lat", nil, "missing: a location needs lat and lng")
	case j.Lng == nil:
		return sourcing.Invalid("lng", nil, "missing: a location needs lat and lng")
	}
	ll, err := LatLngFromDegrees(*j.Lat, *j.Lng)
	if err != nil {
		if _, lerr := LatLngFromDegrees(*j.Lat, 0); lerr != nil {
			return sourcing.Invalid("lat", *j.Lat, "must be a finite number in [-90, 90]")
		}
		return sourcing.Invalid("lng", *j.Lng, "must be a finite number in [-180, 180]")
	}
	*p = ll
	return nil
}
