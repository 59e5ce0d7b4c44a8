package sphere

import (
	"math"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// EarthRadius is the Earth's radius in millimetres: golang/geo's
// earth.Radius (6371.01 km).
const EarthRadius = 6_371_010_000

// Point is a place as a unit vector (golang/geo's s2.Point), for fast
// distance comparisons: the squared chord between two points grows with
// their great-circle distance, and costs three multiplications.
type Point struct {
	p s2.Point
}

// FromDegrees returns the point at lat, lng degrees as a unit vector.
func FromDegrees(lat, lng float64) Point {
	return Point{s2.PointFromLatLng(s2.LatLngFromDegrees(lat, lng))}
}

// Z returns the point's third coordinate, the sine of its latitude: the
// difference in Z of two points is a lower bound on their chord, one that
// ChordSq's rounding keeps (its square is one of ChordSq's three terms).
func (a Point) Z() float64 { return a.p.Z }

// ChordSq returns the squared chord length between a and b on the unit
// sphere, in [0, 4]. It orders points by distance from a; it is not
// rounded, so compare it only with ChordSqBound.
func (a Point) ChordSq(b Point) float64 {
	dx, dy, dz := a.p.X-b.p.X, a.p.Y-b.p.Y, a.p.Z-b.p.Z
	return float64(dx*dx) + float64(dy*dy) + float64(dz*dz)
}

// Distance returns the great-circle distance from a to b in millimetres,
// rounded to the nearest: the angle of their chord (golang/geo's
// s1.ChordAngle) times the Earth's radius.
func (a Point) Distance(b Point) int64 {
	angle := s1.ChordAngle(min(a.ChordSq(b), 4)).Angle()
	return int64(math.Round(float64(angle.Radians()) * EarthRadius))
}

// ChordSqBound returns a squared chord such that every pair of points at
// most mm millimetres apart (as Distance rounds it) has ChordSq ≤ the
// bound: the chord of mm plus a margin for rounding, so a filter by it
// never drops a point within mm.
func ChordSqBound(mm int64) float64 {
	if mm < 0 {
		return 0
	}
	a := s1.Angle(float64(mm+1) / EarthRadius)
	if a >= math.Pi {
		return 4
	}
	c := 2 * math.Sin(float64(a)/2)
	return c*c*(1+1e-9) + 1e-15
}
