package carrier_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
)

// parcel is one parcel of a packing: its weight and how many units it holds.
type parcel struct {
	Weight sourcing.Grams
	Units  int64
}

// expand lists a packing's parcels one by one, in the order first fit opened
// them.
func expand(p carrier.Packing) []parcel {
	var out []parcel
	for _, r := range p.Runs() {
		for range r.Count {
			out = append(out, parcel{r.Weight, r.Units})
		}
	}
	return out
}

// naivePack is first fit done the slow, obvious way, one unit at a time:
// units sorted by weight descending, then label, each put into the first
// parcel with room for it, or into a new parcel.
func naivePack(pieces []carrier.Piece, maxParcel sourcing.Grams) []parcel {
	type unit struct {
		label  string
		weight sourcing.Grams
	}
	var units []unit
	for _, pc := range pieces {
		for range pc.Count {
			units = append(units, unit{pc.Label, pc.Weight})
		}
	}
	slices.SortStableFunc(units, func(a, b unit) int {
		if c := cmp.Compare(b.weight, a.weight); c != 0 {
			return c
		}
		return cmp.Compare(a.label, b.label)
	})
	var parcels []parcel
	for _, u := range units {
		i := slices.IndexFunc(parcels, func(p parcel) bool { return p.Weight+u.weight <= maxParcel })
		if i < 0 {
			parcels = append(parcels, parcel{})
			i = len(parcels) - 1
		}
		parcels[i].Weight += u.weight
		parcels[i].Units++
	}
	return parcels
}

func serviceWithMaxParcel(t *testing.T, maxParcel sourcing.Grams) *carrier.Service {
	t.Helper()
	spec := standardSpec()
	spec.MaxParcel = maxParcel
	return mustService(t, spec)
}

func TestPack(t *testing.T) {
	type pc = carrier.Piece
	tests := []struct {
		name      string
		maxParcel sourcing.Grams
		pieces    []carrier.Piece
		want      []carrier.Run
	}{
		{name: "nothing", maxParcel: 1000, pieces: nil, want: nil},
		{name: "only zero counts", maxParcel: 1000, pieces: []pc{{Label: "A", Weight: 500, Count: 0}, {Label: "TOO-HEAVY", Weight: 5000, Count: 0}}, want: nil},
		{name: "one unit", maxParcel: 1000, pieces: []pc{{Label: "A", Weight: 300, Count: 1}}, want: []carrier.Run{{Weight: 300, Units: 1, Count: 1}}},
		{
			name: "fills parcels, then a partial one", maxParcel: 1000,
			pieces: []pc{{Label: "A", Weight: 400, Count: 5}},
			want:   []carrier.Run{{Weight: 800, Units: 2, Count: 2}, {Weight: 400, Units: 1, Count: 1}},
		},
		{
			name: "lighter units top up open parcels first", maxParcel: 1000,
			pieces: []pc{{Label: "B", Weight: 200, Count: 3}, {Label: "A", Weight: 400, Count: 5}},
			// A: 800, 800, 400. B: one into each, in order.
			want: []carrier.Run{{Weight: 1000, Units: 3, Count: 2}, {Weight: 600, Units: 2, Count: 1}},
		},
		{
			name: "heavier units are packed first whatever the input order", maxParcel: 10,
			pieces: []pc{{Label: "S", Weight: 3, Count: 3}, {Label: "B", Weight: 6, Count: 2}},
			// B: 6, 6. S: 9, 9, then 3. In input order it would be 9, 6, 6.
			want: []carrier.Run{{Weight: 9, Units: 2, Count: 2}, {Weight: 3, Units: 1, Count: 1}},
		},
		{
			name: "a run splits into taken and untouched parcels", maxParcel: 10,
			pieces: []pc{{Label: "A", Weight: 6, Count: 4}, {Label: "B", Weight: 4, Count: 2}, {Label: "C", Weight: 1, Count: 1}},
			// A: 6 ×4. B: 10, 10, 6, 6. C: into the first 6.
			want: []carrier.Run{{Weight: 10, Units: 2, Count: 2}, {Weight: 7, Units: 2, Count: 1}, {Weight: 6, Units: 1, Count: 1}},
		},
		{
			name: "units of the parcel weight go one per parcel", maxParcel: 1000,
			pieces: []pc{{Label: "A", Weight: 1000, Count: 3}},
			want:   []carrier.Run{{Weight: 1000, Units: 1, Count: 3}},
		},
		{
			name: "zero-weight units alone share one parcel", maxParcel: 1000,
			pieces: []pc{{Label: "Z", Weight: 0, Count: 5}},
			want:   []carrier.Run{{Weight: 0, Units: 5, Count: 1}},
		},
		{
			name: "zero-weight units go into the first parcel, even a full one", maxParcel: 1000,
			pieces: []pc{{Label: "Z", Weight: 0, Count: 5}, {Label: "A", Weight: 1000, Count: 2}},
			want:   []carrier.Run{{Weight: 1000, Units: 6, Count: 1}, {Weight: 1000, Units: 1, Count: 1}},
		},
		{
			name: "same weight, several labels", maxParcel: 900,
			pieces: []pc{{Label: "B", Weight: 300, Count: 2}, {Label: "A", Weight: 300, Count: 2}},
			want:   []carrier.Run{{Weight: 900, Units: 3, Count: 1}, {Weight: 300, Units: 1, Count: 1}},
		},
		{
			name: "the same label twice", maxParcel: 900,
			pieces: []pc{{Label: "A", Weight: 300, Count: 2}, {Label: "A", Weight: 500, Count: 1}, {Label: "A", Weight: 300, Count: 2}},
			// 500, then 300s: 800, 600, 900... first fit: 800 | 600 | then 300 → 900 (second).
			want: []carrier.Run{{Weight: 800, Units: 2, Count: 1}, {Weight: 900, Units: 3, Count: 1}},
		},
		{name: "one-gram parcels", maxParcel: 1, pieces: []pc{{Label: "A", Weight: 1, Count: 3}}, want: []carrier.Run{{Weight: 1, Units: 1, Count: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serviceWithMaxParcel(t, tt.maxParcel)
			in := slices.Clone(tt.pieces)
			got, err := s.Pack(in)
			require.NoError(t, err)
			if diff := gocmp.Diff(tt.want, got.Runs(), equateEmpty); diff != "" {
				t.Errorf("Pack() runs mismatch (-want +got):\n%s", diff)
			}
			if diff := gocmp.Diff(naivePack(tt.pieces, tt.maxParcel), expand(got), equateEmpty); diff != "" {
				t.Errorf("Pack() differs from unit-by-unit first fit (-naive +Pack):\n%s", diff)
			}
			var parcels int64
			for _, r := range tt.want {
				parcels += r.Count
			}
			require.Equal(t, parcels, got.Parcels())
			if diff := gocmp.Diff(tt.pieces, in); diff != "" {
				t.Errorf("Pack() changed its input (-before +after):\n%s", diff)
			}
		})
	}
}

func TestPackErrors(t *testing.T) {
	s := serviceWithMaxParcel(t, 1000)
	tests := []struct {
		name   string
		pieces []carrier.Piece
		want   string
	}{
		{name: "unit over the parcel limit", pieces: []carrier.Piece{{Label: "A", Weight: 300, Count: 1}, {Label: "SOFA", Weight: 1001, Count: 1}}, want: `a unit of "SOFA" weighs 1001 g, over the 1000 g parcel limit`},
		{name: "negative count", pieces: []carrier.Piece{{Label: "A", Weight: 300, Count: -1}}, want: `piece "A" has a negative weight, volume or count`},
		{name: "negative weight", pieces: []carrier.Piece{{Label: "A", Weight: -1, Count: 1}}, want: `piece "A" has a negative weight, volume or count`},
		{name: "negative weight, zero count", pieces: []carrier.Piece{{Label: "A", Weight: -1, Count: 0}}, want: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Pack(tt.pieces)
			require.ErrorIs(t, err, carrier.ErrCannotCarry)
			require.Contains(t, err.Error(), tt.want)
			require.Equal(t, int64(0), p.Parcels())
		})
	}
}

func TestPackingRunsIsACopy(t *testing.T) {
	s := serviceWithMaxParcel(t, 1000)
	p, err := s.Pack([]carrier.Piece{{Label: "A", Weight: 400, Count: 5}})
	require.NoError(t, err)
	runs := p.Runs()
	runs[0].Count = 100
	require.Equal(t, int64(3), p.Parcels())
	require.Equal(t, int64(2), p.Runs()[0].Count)
}

func randomPieces(rng *rand.Rand, maxParcel sourcing.Grams, maxCount int64) []carrier.Piece {
	labels := []string{"A", "B", "C", "D"}
	pieces := make([]carrier.Piece, rng.IntN(7))
	for i := range pieces {
		var w sourcing.Grams
		switch rng.IntN(6) {
		case 0:
			w = []sourcing.Grams{0, maxParcel, maxParcel / 2, maxParcel / 3, maxParcel/2 + 1}[rng.IntN(5)]
		default:
			w = sourcing.Grams(rng.Int64N(int64(maxParcel) + 1))
		}
		pieces[i] = carrier.Piece{Label: labels[rng.IntN(len(labels))], Weight: w, Count: rng.Int64N(maxCount + 1)}
	}
	return pieces
}

// TestPackMatchesNaive compares Pack with unit-by-unit first fit on
// thousands of random shipments: the same parcels, in the same order.
func TestPackMatchesNaive(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	maxParcels := []sourcing.Grams{1, 2, 3, 5, 7, 10, 12, 30, 100, 1000, 30000}
	services := map[sourcing.Grams]*carrier.Service{}
	for _, m := range maxParcels {
		services[m] = serviceWithMaxParcel(t, m)
	}
	for i := range 6000 {
		maxParcel := maxParcels[rng.IntN(len(maxParcels))]
		maxCount := int64(20)
		if i%10 == 0 {
			maxCount = 60 // longer runs
		}
		pieces := randomPieces(rng, maxParcel, maxCount)
		p, err := services[maxParcel].Pack(pieces)
		require.NoError(t, err, "seed %d, pieces %v", seed, pieces)
		want, got := naivePack(pieces, maxParcel), expand(p)
		if !slices.Equal(want, got) {
			diff := gocmp.Diff(want, got, equateEmpty)
			t.Fatalf("Pack(%v) with %d g parcels (seed %d) differs from unit-by-unit first fit (-naive +Pack):\n%s\nruns: %v",
				pieces, maxParcel, seed, diff, p.Runs())
		}
		if got := p.Parcels(); got != int64(len(want)) {
			t.Fatalf("Parcels() = %d, want %d (seed %d)", got, len(want), seed)
		}
		for _, r := range p.Runs() {
			if r.Count <= 0 || r.Units <= 0 {
				t.Fatalf("Pack(%v) has an empty run %+v (seed %d)", pieces, r, seed)
			}
		}
	}
}

func TestPackHugeCounts(t *testing.T) {
	const billion = 1_000_000_000
	tests := []struct {
		name      string
		maxParcel sourcing.Grams
		pieces    []carrier.Piece
		want      []carrier.Run
	}{
		{
			name: "a billion T-shirts", maxParcel: 30000,
			pieces: []carrier.Piece{{Label: "TSHIRT-M", Weight: 300, Count: billion}},
			want:   []carrier.Run{{Weight: 30000, Units: 100, Count: 10_000_000}},
		},
		{
			name: "three lines of a billion", maxParcel: 1000,
			// 600 g: one per parcel. 300 g: one into each. 100 g: one into
			// each, and the five left open one more parcel.
			pieces: []carrier.Piece{{Label: "C", Weight: 100, Count: billion + 5}, {Label: "A", Weight: 600, Count: billion}, {Label: "B", Weight: 300, Count: billion}},
			want:   []carrier.Run{{Weight: 1000, Units: 3, Count: billion}, {Weight: 500, Units: 5, Count: 1}},
		},
		{
			name: "a billion weightless units", maxParcel: 1000,
			pieces: []carrier.Piece{{Label: "EBOOK", Weight: 0, Count: billion}, {Label: "A", Weight: 700, Count: 3}},
			want:   []carrier.Run{{Weight: 700, Units: billion + 1, Count: 1}, {Weight: 700, Units: 1, Count: 2}},
		},
		{
			name: "the largest quantity", maxParcel: 30000,
			pieces: []carrier.Piece{{Label: "A", Weight: 7, Count: 1_000_000_000_000}},
			// 4285 units of 7 g per 30 kg parcel.
			want: []carrier.Run{{Weight: 29995, Units: 4285, Count: 1_000_000_000_000 / 4285}, {Weight: 7 * (1_000_000_000_000 % 4285), Units: 1_000_000_000_000 % 4285, Count: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serviceWithMaxParcel(t, tt.maxParcel)
			start := time.Now()
			got, err := s.Pack(tt.pieces)
			elapsed := time.Since(start)
			require.NoError(t, err)
			if diff := gocmp.Diff(tt.want, got.Runs()); diff != "" {
				t.Errorf("Pack() runs mismatch (-want +got):\n%s", diff)
			}
			// Packing works on runs: a per-unit loop would take seconds here.
			if elapsed > time.Second {
				t.Errorf("Pack() took %v", elapsed)
			}
		})
	}
}

// TestPackHugeRandom packs random shipments with counts up to 10⁹ and checks
// what must hold whatever the packing: every unit and every gram is packed,
// no parcel is over the limit, and the runs stay few.
func TestPackHugeRandom(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	for range 300 {
		maxParcel := sourcing.Grams(1 + rng.Int64N(30000))
		pieces := randomPieces(rng, maxParcel, 1_000_000_000)
		p, err := serviceWithMaxParcel(t, maxParcel).Pack(pieces)
		require.NoError(t, err)
		var units, grams, gotUnits, gotGrams int64
		for _, pc := range pieces {
			units += pc.Count
			grams += int64(pc.Weight) * pc.Count
		}
		runs := p.Runs()
		for _, r := range runs {
			if r.Weight > maxParcel || r.Count <= 0 || r.Units <= 0 {
				t.Fatalf("bad run %+v with %d g parcels (seed %d)", r, maxParcel, seed)
			}
			gotUnits += r.Units * r.Count
			gotGrams += int64(r.Weight) * r.Count
		}
		if gotUnits != units || gotGrams != grams {
			t.Fatalf("Pack(%v): %d units, %d g packed; want %d units, %d g (seed %d)", pieces, gotUnits, gotGrams, units, grams, seed)
		}
		// Each piece adds at most three runs (taken, partial, untouched) per
		// existing run, plus two new ones.
		if limit := 1 << (2 * len(pieces)); len(runs) > limit {
			t.Fatalf("Pack(%v) made %d runs (seed %d)", pieces, len(runs), seed)
		}
	}
}

func ExampleService_Pack() {
	spec := carrier.Spec{
		ID:        carrier.ServiceID{Carrier: "parcel", Service: "standard"},
		MaxParcel: 1000,
		Zones:     []carrier.Zone{{MaxDistance: 600_000_000, Days: 2}},
		Rates:     []carrier.RateRow{{MaxWeight: 1000, Prices: []sourcing.Money{590}}},
	}
	s, err := carrier.NewService(spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := s.Pack([]carrier.Piece{
		{Label: "MUG", Weight: 200, Count: 3},
		{Label: "LAMP", Weight: 400, Count: 5},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Lamps first (heavier): 800, 800, 400; then a mug into each.
	for _, r := range p.Runs() {
		fmt.Printf("%d parcel(s) of %d g with %d units\n", r.Count, r.Weight, r.Units)
	}
	fmt.Println(p.Parcels(), "parcels")
	// Output:
	// 2 parcel(s) of 1000 g with 3 units
	// 1 parcel(s) of 600 g with 2 units
	// 3 parcels
}
