package geo_test

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/geo"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the random tests (0: a new seed each run)")

func testSeed(t *testing.T) uint64 {
	t.Helper()
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", s, s)
	return s
}

// earthRadiusKm is golang/geo's earth.Radius, restated so the tests do not
// take it from the code under test.
const earthRadiusKm = 6371.01

func TestLatLngFromDegrees(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name     string
		lat, lng float64
		wantErr  string // "" for valid
	}{
		{name: "Paris", lat: 48.8566, lng: 2.3522},
		{name: "origin", lat: 0, lng: 0},
		{name: "negative zero", lat: math.Copysign(0, -1), lng: math.Copysign(0, -1)},
		{name: "north pole", lat: 90, lng: 0},
		{name: "south pole", lat: -90, lng: 0},
		{name: "date line east", lat: 0, lng: 180},
		{name: "date line west", lat: 0, lng: -180},
		{name: "all corners", lat: -90, lng: 180},
		{name: "tiny", lat: 1e-300, lng: -1e-300},
		{name: "lat just over 90", lat: math.Nextafter(90, 91), lng: 0, wantErr: "latitude"},
		{name: "lat just under -90", lat: math.Nextafter(-90, -91), lng: 0, wantErr: "latitude"},
		{name: "lat 91", lat: 91, lng: 0, wantErr: "latitude"},
		{name: "lat -91", lat: -91, lng: 0, wantErr: "latitude"},
		{name: "lng just over 180", lat: 0, lng: math.Nextafter(180, 181), wantErr: "longitude"},
		{name: "lng just under -180", lat: 0, lng: math.Nextafter(-180, -181), wantErr: "longitude"},
		{name: "lng 360", lat: 0, lng: 360, wantErr: "longitude"},
		{name: "lat NaN", lat: nan, lng: 0, wantErr: "latitude"},
		{name: "lng NaN", lat: 0, lng: nan, wantErr: "longitude"},
		{name: "lat +Inf", lat: inf, lng: 0, wantErr: "latitude"},
		{name: "lat -Inf", lat: -inf, lng: 0, wantErr: "latitude"},
		{name: "lng +Inf", lat: 0, lng: inf, wantErr: "longitude"},
		{name: "lng -Inf", lat: 0, lng: -inf, wantErr: "longitude"},
		{name: "both bad names latitude", lat: nan, lng: nan, wantErr: "latitude"},
		{name: "swapped coordinates", lat: 2.3522 + 100, lng: 48.8566, wantErr: "latitude"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := geo.LatLngFromDegrees(tt.lat, tt.lng)
			if tt.wantErr != "" {
				require.Error(t, err)
				require.ErrorIs(t, err, geo.ErrCoordinates)
				require.Contains(t, err.Error(), tt.wantErr)
				require.Equal(t, geo.LatLng{}, p, "a refused point is the zero value")
				require.Panics(t, func() { geo.MustLatLng(tt.lat, tt.lng) })
				return
			}
			require.NoError(t, err)
			require.True(t, p.IsValid())
			if p.Lat() != tt.lat || p.Lng() != tt.lng {
				t.Errorf("LatLngFromDegrees(%v, %v) = (%v, %v)", tt.lat, tt.lng, p.Lat(), p.Lng())
			}
			require.Equal(t, p, geo.MustLatLng(tt.lat, tt.lng))
		})
	}
}

func TestLatLngValue(t *testing.T) {
	// The zero value is "unset", not the point (0, 0), which is valid; and
	// LatLng is comparable: usable as a map key.
	require.False(t, geo.LatLng{}.IsValid())
	require.True(t, geo.MustLatLng(0, 0).IsValid())
	require.NotEqual(t, geo.MustLatLng(0, 0), geo.LatLng{})
	seen := map[geo.LatLng]string{geo.MustLatLng(48.8566, 2.3522): "paris"}
	if seen[geo.MustLatLng(48.8566, 2.3522)] != "paris" {
		t.Error("equal points are not the same map key")
	}
	for _, tt := range []struct {
		p    geo.LatLng
		want string
	}{
		{geo.MustLatLng(48.8566, 2.3522), "48.8566,2.3522"},
		{geo.MustLatLng(-33.8688, 151.2093), "-33.8688,151.2093"},
		{geo.MustLatLng(0, 0), "0,0"},
		{geo.LatLng{}, "unset"},
		{geo.MustLatLng(90, -180), "90,-180"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// haversineKm is an independent great-circle distance on a sphere of
// earthRadiusKm, with the standard haversine formula.
func haversineKm(lat1, lng1, lat2, lng2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLng := (lng2 - lng1) * rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLng/2), 2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
}

func TestDistanceKnownPairs(t *testing.T) {
	tests := []struct {
		name       string
		from, to   [2]float64
		wantMetres int64 // the rounded result the library must give
		wantKm     float64
		tolKm      float64 // against published great-circle figures
	}{
		{name: "Paris to Lyon", from: [2]float64{48.8566, 2.3522}, to: [2]float64{45.764, 4.8357}, wantMetres: 391_500, wantKm: 391.5, tolKm: 0.1},
		{name: "Paris to Berlin", from: [2]float64{48.8566, 2.3522}, to: [2]float64{52.52, 13.405}, wantMetres: 877_465, wantKm: 877.5, tolKm: 0.5},
		{name: "London to New York", from: [2]float64{51.5074, -0.1278}, to: [2]float64{40.7128, -74.006}, wantMetres: 5_570_231, wantKm: 5570, tolKm: 5},
		{name: "one degree of latitude", from: [2]float64{0, 0}, to: [2]float64{1, 0}, wantMetres: 111_195, wantKm: earthRadiusKm * math.Pi / 180, tolKm: 0.001},
		{name: "one degree of longitude at 60°", from: [2]float64{60, 10}, to: [2]float64{60, 11}, wantMetres: 55_597, wantKm: 55.597, tolKm: 0.01},
		{name: "across the date line", from: [2]float64{0, 179.5}, to: [2]float64{0, -179.5}, wantMetres: 111_195, wantKm: earthRadiusKm * math.Pi / 180, tolKm: 0.001},
		{name: "pole to pole", from: [2]float64{90, 0}, to: [2]float64{-90, 0}, wantMetres: 20_015_118, wantKm: math.Pi * earthRadiusKm, tolKm: 0.001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := geo.MustLatLng(tt.from[0], tt.from[1])
			q := geo.MustLatLng(tt.to[0], tt.to[1])
			d := p.Distance(q)
			if got := d.Metres(); got != tt.wantMetres {
				t.Errorf("Distance = %d m, want %d m", got, tt.wantMetres)
			}
			if got := d.Kilometres(); math.Abs(got-tt.wantKm) > tt.tolKm {
				t.Errorf("Distance = %v km, want %v ± %v km", got, tt.wantKm, tt.tolKm)
			}
			if back := q.Distance(p); back != d {
				t.Errorf("Distance is not symmetric: %d mm there, %d mm back", d, back)
			}
		})
	}
}

func TestDistanceZero(t *testing.T) {
	for _, tt := range []struct {
		name string
		p, q geo.LatLng
	}{
		{"same point", geo.MustLatLng(48.8566, 2.3522), geo.MustLatLng(48.8566, 2.3522)},
		{"origin", geo.LatLng{}, geo.LatLng{}},
		{"date line, both signs", geo.MustLatLng(12, 180), geo.MustLatLng(12, -180)},
		{"north pole, any longitude", geo.MustLatLng(90, 0), geo.MustLatLng(90, 123.4)},
		{"south pole, any longitude", geo.MustLatLng(-90, -45), geo.MustLatLng(-90, 170)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if d := tt.p.Distance(tt.q); d != 0 {
				t.Errorf("%v → %v = %d mm, want 0", tt.p, tt.q, d)
			}
		})
	}
}

func TestDistanceAntipodes(t *testing.T) {
	half := math.Pi * earthRadiusKm * 1e6 // mm
	for _, tt := range []struct {
		name   string
		p, q   geo.LatLng
		tolMm  float64
		exactM int64
	}{
		{"equator", geo.MustLatLng(0, 0), geo.MustLatLng(0, 180), 1, 20_015_118},
		{"poles", geo.MustLatLng(90, 0), geo.MustLatLng(-90, 0), 1, 20_015_118},
		// Near antipodes the haversine loses precision (the arcsine is
		// flat there); a metre is still far below what pricing resolves.
		{"Paris", geo.MustLatLng(48.8566, 2.3522), geo.MustLatLng(-48.8566, 2.3522-180), 1000, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.p.Distance(tt.q)
			if diff := math.Abs(float64(d) - half); diff > tt.tolMm {
				t.Errorf("%v → %v = %d mm, want π×%v km = %.0f mm ± %v", tt.p, tt.q, d, earthRadiusKm, half, tt.tolMm)
			}
			if tt.exactM != 0 && d.Metres() != tt.exactM {
				t.Errorf("%v → %v = %d m, want %d m", tt.p, tt.q, d.Metres(), tt.exactM)
			}
		})
	}
}

func randLatLng(rng *rand.Rand) (float64, float64) {
	return rng.Float64()*180 - 90, rng.Float64()*360 - 180
}

// TestDistanceProperties checks, on random points, that Distance agrees with
// an independent haversine, is symmetric to the millimetre, is zero from a
// point to itself, never exceeds half the circumference, and obeys the
// triangle inequality (up to the rounding of each side).
func TestDistanceProperties(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	maxD := geo.Distance(math.Round(math.Pi * earthRadiusKm * 1e6))
	for range 20_000 {
		la1, ln1 := randLatLng(rng)
		la2, ln2 := randLatLng(rng)
		la3, ln3 := randLatLng(rng)
		p, q, r := geo.MustLatLng(la1, ln1), geo.MustLatLng(la2, ln2), geo.MustLatLng(la3, ln3)
		pq, qp := p.Distance(q), q.Distance(p)
		if pq != qp {
			t.Fatalf("%v → %v = %d mm but back = %d mm (seed %d)", p, q, pq, qp, seed)
		}
		if pp := p.Distance(p); pp != 0 {
			t.Fatalf("%v → itself = %d mm (seed %d)", p, pp, seed)
		}
		if pq < 0 || pq > maxD+1 {
			t.Fatalf("%v → %v = %d mm, outside [0, %d] (seed %d)", p, q, pq, maxD, seed)
		}
		want := haversineKm(la1, ln1, la2, ln2) * 1e6
		// Away from antipodes both formulas agree to well under a
		// millimetre; near them the arcsine amplifies rounding.
		tol := 2.0
		if want > 0.999*float64(maxD) {
			tol = 2000
		}
		if diff := math.Abs(float64(pq) - want); diff > tol {
			t.Fatalf("%v → %v = %d mm, independent haversine %.1f mm (seed %d)", p, q, pq, want, seed)
		}
		if pr, qr := p.Distance(r), q.Distance(r); pr > pq+qr+2 {
			t.Fatalf("triangle inequality: %v→%v = %d > %d + %d (seed %d)", p, r, pr, pq, qr, seed)
		}
	}
}

func TestDistanceFromKilometres(t *testing.T) {
	tests := []struct {
		name string
		km   float64
		want geo.Distance
	}{
		{name: "zero", km: 0, want: 0},
		{name: "negative zero", km: math.Copysign(0, -1), want: 0},
		{name: "Paris to Lyon", km: 391.5, want: 391_500_000},
		{name: "one millimetre", km: 1e-6, want: 1},
		{name: "under half a millimetre", km: 4e-7, want: 0},
		{name: "over half a millimetre", km: 6e-7, want: 1},
		{name: "one metre", km: 0.001, want: geo.Metre},
		{name: "band edge", km: 600, want: 600 * geo.Kilometre},
		{name: "largest", km: 999_999_999, want: 999_999_999 * geo.Kilometre},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := geo.DistanceFromKilometres(tt.km)
			require.NoError(t, err)
			if got != tt.want {
				t.Errorf("DistanceFromKilometres(%v) = %d mm, want %d mm", tt.km, got, tt.want)
			}
		})
	}
	for _, km := range []float64{-1, -1e-9, math.NaN(), math.Inf(1), math.Inf(-1), 1e9, 1e300} {
		t.Run(fmt.Sprintf("refuses %v", km), func(t *testing.T) {
			_, err := geo.DistanceFromKilometres(km)
			require.ErrorIs(t, err, geo.ErrDistance)
			require.Contains(t, err.Error(), fmt.Sprint(km))
		})
	}
}

func TestDistanceUnits(t *testing.T) {
	if geo.Metre != 1000 || geo.Kilometre != 1_000_000 || geo.Millimetre != 1 {
		t.Fatalf("units: mm %d, m %d, km %d", geo.Millimetre, geo.Metre, geo.Kilometre)
	}
	if got := geo.Distance(391_500_000).Kilometres(); got != 391.5 {
		t.Errorf("Kilometres() = %v, want 391.5", got)
	}
	if got := geo.Distance(1).Kilometres(); got != 1e-6 {
		t.Errorf("Kilometres() = %v, want 1e-6", got)
	}
}

func TestDistanceMetres(t *testing.T) {
	tests := []struct {
		d    geo.Distance
		want int64
	}{
		{0, 0},
		{1, 0},
		{499, 0},
		{500, 1},
		{501, 1},
		{1000, 1},
		{1499, 1},
		{1500, 2},
		{2500, 3}, // half away from zero, not to even
		{-1, 0},
		{-499, 0},
		{-500, -1},
		{-1499, -1},
		{-1500, -2},
		{-2500, -3},
		{391_499_546, 391_500},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(int64(tt.d)), func(t *testing.T) {
			if got := tt.d.Metres(); got != tt.want {
				t.Errorf("Distance(%d).Metres() = %d, want %d", int64(tt.d), got, tt.want)
			}
		})
	}
}

func TestDistanceString(t *testing.T) {
	tests := []struct {
		d    geo.Distance
		want string
	}{
		{0, "0km"},
		{499, "0km"},
		{500, "0.001km"},
		{391_499_546, "391.5km"},
		{391_512_000, "391.512km"},
		{geo.Kilometre, "1km"},
		{1_000_500, "1.001km"},
		{20_015_118_212, "20015.118km"},
		{-1500, "-0.002km"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("Distance(%d).String() = %q, want %q", int64(tt.d), got, tt.want)
			}
		})
	}
}
