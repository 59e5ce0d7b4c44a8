package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/golang/geo/s2"
)

// ErrCoordinates is wrapped by the error of [LatLngFromDegrees].
var ErrCoordinates = errors.New("invalid coordinates")

// LatLng is a point on the Earth given by latitude and longitude in degrees.
// The zero value is the point (0°, 0°), which is valid. Build one with
// [LatLngFromDegrees], which refuses NaN, infinities and out-of-range values.
type LatLng struct {
	lat, lng float64 // degrees, validated
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
	return LatLng{lat: lat, lng: lng}, nil
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

// Lat returns the latitude in degrees.
func (p LatLng) Lat() float64 { return p.lat }

// Lng returns the longitude in degrees.
func (p LatLng) Lng() float64 { return p.lng }

// String formats p as "lat,lng" in degrees.
func (p LatLng) String() string { return fmt.Sprintf("%g,%g", p.lat, p.lng) }

func (p LatLng) s2() s2.LatLng { return s2.LatLngFromDegrees(p.lat, p.lng) }

// Distance returns the great-circle distance from p to q, rounded to the
// nearest millimetre. It equals p.Point().Distance(q.Point()), the form a
// hot loop uses with precomputed points.
func (p LatLng) Distance(q LatLng) Distance { return p.Point().Distance(q.Point()) }
