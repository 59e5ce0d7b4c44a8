package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/sourcing-go/sourcing/internal/sphere"
)

// ErrCoordinates is wrapped by the error of [LatLngFromDegrees].
var ErrCoordinates = errors.New("invalid coordinates")

// LatLng is a point on the Earth given by latitude and longitude in degrees.
// Build one with [LatLngFromDegrees], which refuses NaN, infinities and
// out-of-range values.
//
// The zero value is not a point: it means "no location given", and
// [LatLng.IsValid] reports false for it, as for the zero netip.Addr. The
// point (0°, 0°) in the Gulf of Guinea is LatLngFromDegrees(0, 0), valid and
// different from the zero value, so an address left unset is never mistaken
// for it. The library refuses the zero value where it needs a place (a
// node's location, a home delivery's or reservation's destination). The
// other methods treat it as (0°, 0°): check IsValid first.
//
// LatLng is comparable: == compares the coordinates and whether the value
// is valid, so it can be a map key.
type LatLng struct {
	lat, lng float64 // degrees, validated
	valid    bool
}

// LatLngFromDegrees returns the point at lat, lng degrees. lat must be in
// [−90, 90] and lng in [−180, 180], both finite.
func LatLngFromDegrees(lat, lng float64) (LatLng, error) {
	if math.IsNaN(lat) || math.IsInf(lat, 0) || lat < -90 || lat > 90 {
		return LatLng{}, fmt.Errorf("%w: latitude %v: must be a finite number in [-90, 90]", ErrCoordinates, lat)
	}
	if math.IsNaN(lng) || math.IsInf(lng, 0) || lng < -180 || lng > 180 {
		return LatLng{}, fmt.Errorf("%w: longitude %v: must be a finite number in [-180, 180]", ErrCoordinates, lng)
	}
	return LatLng{lat: lat, lng: lng, valid: true}, nil
}

// MustLatLng is like [LatLngFromDegrees] but panics on bad input. It is meant
// for tests and package-level fixtures with literal coordinates.
func MustLatLng(lat, lng float64) LatLng {
	p, err := LatLngFromDegrees(lat, lng)
	if err != nil {
		panic(err)
	}
	return p
}

// IsValid reports whether p is a point built by [LatLngFromDegrees], not
// the zero value.
func (p LatLng) IsValid() bool { return p.valid }

// Lat returns the latitude in degrees (0 for the zero value).
func (p LatLng) Lat() float64 { return p.lat }

// Lng returns the longitude in degrees (0 for the zero value).
func (p LatLng) Lng() float64 { return p.lng }

// String formats p as "lat,lng" in degrees, or "unset" for the zero value.
func (p LatLng) String() string {
	if !p.valid {
		return "unset"
	}
	return fmt.Sprintf("%g,%g", p.lat, p.lng)
}

// Distance returns the great-circle distance from p to q on a sphere of
// radius [EarthRadius], rounded to the nearest millimetre.
func (p LatLng) Distance(q LatLng) Distance {
	return Distance(sphere.FromDegrees(p.lat, p.lng).Distance(sphere.FromDegrees(q.lat, q.lng)))
}
