package geo

import (
	"math"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// Point is a LatLng as a unit vector (golang/geo's s2.Point), for fast
// distance comparisons: the squared chord between two points grows with
// their great-circle distance, and costs three multiplications.
type Point struct {
	p s2.Point
}

// Point returns p as a unit vector.
func (p LatLng) Point() Point { return Point{s2.PointFromLatLng(p.s2())} }

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

// Distance returns the great-circle distance from a to b, rounded to the
// nearest millimetre: the angle of their chord (golang/geo's s1.ChordAngle)
// times the Earth's radius.
func (a Point) Distance(b Point) Distance {
	angle := s1.ChordAngle(min(a.ChordSq(b), 4)).Angle()
	return Distance(math.Round(float64(angle.Radians()) * float64(EarthRadius)))
}

// ChordSqBound returns a squared chord such that every pair of points at
// most d apart (as LatLng.Distance rounds it) has ChordSq ≤ the bound: the
// chord of d plus a margin for rounding, so a filter by it never drops a
// point within d.
func ChordSqBound(d Distance) float64 {
	if d < 0 {
		return 0
	}
	a := s1.Angle(float64(d+Millimetre) / float64(EarthRadius))
	if a >= math.Pi {
		return 4
	}
	c := 2 * math.Sin(float64(a)/2)
	return c*c*(1+1e-9) + 1e-15
}
