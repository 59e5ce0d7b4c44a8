package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Distance is a length in millimetres. Integer millimetres keep distances
// exact to compare and to price, and far from overflow: the longest
// great-circle distance is about 2×10¹⁰ mm.
type Distance int64

// Common distances.
const (
	Millimetre Distance = 1
	Metre               = 1000 * Millimetre
	Kilometre           = 1000 * Metre
)

// EarthRadius is the radius of the spherical Earth distances are computed
// on: golang/geo's earth.Radius, 6371.01 km.
const EarthRadius Distance = 6_371_010 * Metre

// ErrDistance is wrapped by the error of [DistanceFromKilometres].
var ErrDistance = errors.New("invalid distance")

// DistanceFromKilometres returns km kilometres rounded to the millimetre.
// km must be finite, non-negative and, rounded to the millimetre, below
// 10⁹: a value that rounds to 10⁹ km would not read back from its own
// decimal form.
func DistanceFromKilometres(km float64) (Distance, error) {
	mm := math.Round(km * 1e6)
	if math.IsNaN(km) || math.IsInf(km, 0) || km < 0 || km >= 1e9 || mm >= 1e15 {
		return 0, fmt.Errorf("%w: %v km: must be a finite number in [0, 1e9)", ErrDistance, km)
	}
	return Distance(mm), nil
}

// Kilometres returns d in kilometres.
func (d Distance) Kilometres() float64 { return float64(d) / float64(Kilometre) }

// Metres returns d rounded to whole metres, half away from zero.
func (d Distance) Metres() int64 {
	if d < 0 {
		return -((-int64(d) + 500) / 1000)
	}
	return (int64(d) + 500) / 1000
}

// String formats d in kilometres with metre precision: "391.512km".
func (d Distance) String() string {
	return strconv.FormatFloat(float64(d.Metres())/1000, 'f', -1, 64) + "km"
}
