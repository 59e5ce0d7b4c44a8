package sphere_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/golang/geo/earth"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/sphere"
)

// TestEarthRadius: the radius is golang/geo's, to the millimetre, and geo's.
func TestEarthRadius(t *testing.T) {
	if want := math.Round(earth.Radius.Meters() * 1000); sphere.EarthRadius != want {
		t.Errorf("EarthRadius = %d mm, golang/geo's earth.Radius is %v mm", sphere.EarthRadius, want)
	}
	if geo.EarthRadius != sphere.EarthRadius {
		t.Errorf("geo.EarthRadius = %d, sphere.EarthRadius = %d", geo.EarthRadius, sphere.EarthRadius)
	}
}

// TestChordOrdersLikeDistance: the squared chord orders points as their
// distance does, and ChordSqBound never drops a point within the distance.
func TestChordOrdersLikeDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	point := func(p geo.LatLng) sphere.Point { return sphere.FromDegrees(p.Lat(), p.Lng()) }
	for i := range 20000 {
		a := geo.MustLatLng(rng.Float64()*180-90, rng.Float64()*360-180)
		b, err := geo.LatLngFromDegrees(a.Lat()+rng.NormFloat64()*3, a.Lng()+rng.NormFloat64()*3)
		if i%2 == 0 {
			b, err = geo.LatLngFromDegrees(rng.Float64()*180-90, rng.Float64()*360-180)
		}
		if err != nil {
			continue
		}
		d := a.Distance(b)
		if got := point(a).Distance(point(b)); got != int64(d) {
			t.Fatalf("%v → %v: Point.Distance %d mm, LatLng.Distance %s", a, b, got, d)
		}
		if c, bound := point(a).ChordSq(point(b)), sphere.ChordSqBound(int64(d)); c > bound {
			t.Fatalf("%v → %v: %s, chord² %g above its bound %g", a, b, d, c, bound)
		}
		if d > geo.Metre {
			if c, bound := point(a).ChordSq(point(b)), sphere.ChordSqBound(int64(d-geo.Metre)); c < bound*(1-1e-6) {
				t.Fatalf("%v → %v: %s, chord² %g well below the bound of 1 m less %g", a, b, d, c, bound)
			}
		}
	}
	if sphere.ChordSqBound(int64(30000*geo.Kilometre)) != 4 {
		t.Error("beyond half the Earth the bound is the diameter²")
	}
	if sphere.ChordSqBound(-1) != 0 {
		t.Error("a negative distance bounds nothing")
	}
}
