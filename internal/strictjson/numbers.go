package strictjson

import (
	"encoding/json"
	"math"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
)

// SignedRate decodes n, a JSON number, as a [sourcing.Rate] for field. A
// negative rate decodes (negated), so that validation reports it with the
// other problems of the document; "" (the field left out) is 0. The error
// names the field, repeats n as written and says why it is refused ("too
// large: must be at most 8999999999999.999999").
func SignedRate(n json.Number, field string) (sourcing.Rate, error) {
	if n == "" {
		return 0, nil
	}
	digits, neg := strings.CutPrefix(string(n), "-")
	r, err := sourcing.ParseRate(digits)
	if err != nil {
		// ParseRate's error is `invalid rate "digits": why`.
		_, why, ok := strings.Cut(err.Error(), `": `)
		if !ok {
			why = "must be a decimal number"
		}
		return 0, sourcing.Invalid(field, n, why)
	}
	if neg {
		r = -r
	}
	return r, nil
}

// maxKilometres is the bound of geo.DistanceFromKilometres.
const maxKilometres = 1e9

// Kilometres decodes n, a JSON number of kilometres, as a [geo.Distance]
// for field. A negative distance decodes (negated), so that validation
// reports it with the other problems of the document; "" (the field left
// out) is 0.
func Kilometres(n json.Number, field string) (geo.Distance, error) {
	if n == "" {
		return 0, nil
	}
	km, err := n.Float64()
	if err != nil || math.Abs(km) >= maxKilometres {
		return 0, sourcing.Invalid(field, n, "too large: must be less than 1e9 kilometres")
	}
	d, err := geo.DistanceFromKilometres(math.Abs(km))
	if err != nil {
		return 0, sourcing.Invalid(field, n, "must be a number of kilometres in [0, 1e9)")
	}
	if km < 0 {
		d = -d
	}
	return d, nil
}

// Coordinates checks the lat and lng fields of the object at path, each
// reported under its own name, and returns the point when both are given
// and in range. missing says why they are needed ("a node needs lat and
// lng"); "" means they may be left out together.
func Coordinates(lat, lng *float64, path, missing string) (geo.LatLng, bool, []error) {
	var errs []error
	switch {
	case lat == nil && lng == nil:
		if missing != "" {
			errs = append(errs, sourcing.Invalid(Join(path, "lat"), nil, "missing: "+missing))
		}
		return geo.LatLng{}, false, errs
	case lat == nil:
		return geo.LatLng{}, false, []error{sourcing.Invalid(Join(path, "lat"), nil, "missing: lat and lng go together")}
	case lng == nil:
		return geo.LatLng{}, false, []error{sourcing.Invalid(Join(path, "lng"), nil, "missing: lat and lng go together")}
	}
	if *lat < -90 || *lat > 90 {
		errs = append(errs, sourcing.Invalid(Join(path, "lat"), *lat, "must be in [-90, 90]"))
	}
	if *lng < -180 || *lng > 180 {
		errs = append(errs, sourcing.Invalid(Join(path, "lng"), *lng, "must be in [-180, 180]"))
	}
	if len(errs) > 0 {
		return geo.LatLng{}, false, errs
	}
	ll, err := geo.LatLngFromDegrees(*lat, *lng) // JSON numbers are finite
	if err != nil {
		return geo.LatLng{}, false, []error{sourcing.Invalid(Join(path, "lat"), [2]float64{*lat, *lng}, "coordinates must be finite")}
	}
	return ll, true, nil
}
