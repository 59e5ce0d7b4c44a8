package geo_test

import (
	"math/rand/v2"
	"testing"

	"github.com/sourcing-go/sourcing/geo"
)

// TestChordOrdersLikeDistance: the squared chord orders points as their
// distance does, and ChordSqBound never drops a point within the distance.
func TestChordOrdersLikeDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
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
		if c, bound := a.Point().ChordSq(b.Point()), geo.ChordSqBound(d); c > bound {
			t.Fatalf("%v → %v: %s, chord² %g above its bound %g", a, b, d, c, bound)
		}
		if d > geo.Metre {
			if c, bound := a.Point().ChordSq(b.Point()), geo.ChordSqBound(d-geo.Metre); c < bound*(1-1e-6) {
				t.Fatalf("%v → %v: %s, chord² %g well below the bound of 1 m less %g", a, b, d, c, bound)
			}
		}
	}
	if geo.ChordSqBound(30000*geo.Kilometre) != 4 {
		t.Error("beyond half the Earth the bound is the diameter²")
	}
	if geo.ChordSqBound(-1) != 0 {
		t.Error("a negative distance bounds nothing")
	}
}
