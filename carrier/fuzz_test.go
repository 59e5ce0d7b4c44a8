package carrier_test

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
)

// The fuzz targets of this file check invariants, not only the absence of a
// panic. Inputs that interest them are kept in testdata/fuzz/FuzzXxx.

// fzReader turns fuzz bytes into numbers. Most bytes are small numbers; a
// few stand for the magnitudes where integer arithmetic goes wrong, so the
// fuzzer reaches them without guessing eight bytes.
type fzReader struct{ b []byte }

func (r *fzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fzReader) empty() bool { return len(r.b) == 0 }

func (r *fzReader) num() int64 {
	c := r.byte()
	switch {
	case c < 0xE0:
		return int64(c)
	case c < 0xF0: // a little bigger, still exact to think about
		return int64(c-0xE0+1) * 1000
	}
	switch c {
	case 0xF0: // eight raw bytes: any int64, negatives included
		var buf [8]byte
		for i := range buf {
			buf[i] = r.byte()
		}
		return int64(binary.BigEndian.Uint64(buf[:]))
	case 0xF1:
		return int64(r.byte())<<8 | int64(r.byte())
	case 0xF2:
		return -1
	case 0xF3:
		return math.MaxInt64
	case 0xF4:
		return 1 << 62
	case 0xF5:
		return 1<<62 - 1
	case 0xF6:
		return 1 << 31
	case 0xF7:
		return 1_000_000_000
	case 0xF8:
		return 1_000_000_000_000
	case 0xF9:
		return math.MaxInt64 / 2
	case 0xFA:
		return math.MaxInt64/1000 + 1
	case 0xFB:
		return 1 << 53
	case 0xFC:
		return math.MinInt64
	case 0xFD:
		return 30000
	case 0xFE:
		return 1 << 40
	}
	return 0
}

// fzPieces decodes at most 12 pieces: label, weight, volume, count.
func fzPieces(data []byte) []carrier.Piece {
	r := &fzReader{data}
	var out []carrier.Piece
	for !r.empty() && len(out) < 12 {
		label := string(rune('A' + r.byte()%4))
		out = append(out, carrier.Piece{Label: label, Weight: sourcing.Grams(r.num()), Volume: sourcing.CubicCm(r.num()), Count: r.num()})
	}
	return out
}

// fzEncodePieces is the inverse of fzPieces, for seeds.
func fzEncodePieces(pieces ...carrier.Piece) []byte {
	enc := func(v int64) []byte {
		if v >= 0 && v < 0xE0 {
			return []byte{byte(v)}
		}
		b := []byte{0xF0}
		return binary.BigEndian.AppendUint64(b, uint64(v))
	}
	var out []byte
	for _, p := range pieces {
		out = append(out, p.Label[0]-'A')
		out = append(out, enc(int64(p.Weight))...)
		out = append(out, enc(int64(p.Volume))...)
		out = append(out, enc(p.Count)...)
	}
	return out
}

// noVolumeLimit is the volume the package stands in for "no limit" with: a
// unit bulkier than it cannot be packed, and parcel volumes saturate at it.
const fzNoVolumeLimit = 1<<62 - 1

// fzParcel is one parcel of a packing.
type fzParcel struct {
	Weight sourcing.Grams
	Volume sourcing.CubicCm
	Units  int64
}

// fzFirstFit packs units one by one, by weight descending then label, each
// into the first parcel with room for its weight and volume: first fit
// done the slow, obvious way, for small shipments.
func fzFirstFit(pieces []carrier.Piece, maxW sourcing.Grams, maxV sourcing.CubicCm) []fzParcel {
	order := make([]carrier.Piece, 0, len(pieces))
	for _, p := range pieces {
		if p.Count > 0 {
			order = append(order, p)
		}
	}
	slices.SortStableFunc(order, func(a, b carrier.Piece) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Label, b.Label))
	})
	var parcels []fzParcel
	for _, p := range order {
		for range p.Count {
			i := slices.IndexFunc(parcels, func(q fzParcel) bool {
				return p.Weight <= maxW-q.Weight && (maxV == 0 || p.Volume <= maxV-q.Volume) // no overflow
			})
			if i < 0 {
				parcels = append(parcels, fzParcel{})
				i = len(parcels) - 1
			}
			parcels[i].Weight += p.Weight
			parcels[i].Volume += p.Volume
			parcels[i].Units++
		}
	}
	return parcels
}

func fzExpand(runs []carrier.Run) []fzParcel {
	var out []fzParcel
	for _, r := range runs {
		for range r.Count {
			out = append(out, fzParcel{r.Weight, r.Volume, r.Units})
		}
	}
	return out
}

func fzService(t *testing.T, maxParcel sourcing.Grams, maxVolume sourcing.CubicCm) *carrier.Service {
	spec := carrier.Spec{
		ID:              carrier.ServiceID{Carrier: "fuzz", Service: "pack"},
		MaxParcel:       maxParcel,
		MaxParcelVolume: maxVolume,
		Zones:           []carrier.Zone{{MaxDistance: 100 * geo.Kilometre, Days: 1}},
		Rates:           []carrier.RateRow{{MaxWeight: max(maxParcel, 1), Prices: []sourcing.Money{500}}},
	}
	s, err := carrier.NewService(spec)
	if (maxParcel > 0 && maxVolume >= 0) != (err == nil) {
		t.Fatalf("NewService(max_parcel_g %d, max_parcel_cm3 %d): error %v", maxParcel, maxVolume, err)
	}
	return s
}

func bigMul(a, b int64) *big.Int { return new(big.Int).Mul(big.NewInt(a), big.NewInt(b)) }

// FuzzPack checks Service.Pack: it refuses exactly the shipments with a
// negative piece or a unit too heavy or bulky for a parcel, with an error
// wrapping ErrCannotCarry; otherwise every unit is packed exactly once, the
// weight (and volume, when it cannot saturate) is conserved, no parcel is
// over the limits, every run holds parcels and units, the result is
// deterministic, does not depend on the order of pieces with distinct
// (weight, label), leaves its input alone, is what OneParcel says when
// everything fits in one parcel, and for small shipments is exactly first
// fit unit by unit.
func FuzzPack(f *testing.F) {
	type pc = carrier.Piece
	f.Add(int64(30000), int64(0), fzEncodePieces(pc{"A", 12000, 0, 3}, pc{"B", 9000, 0, 2}, pc{"C", 500, 0, 40}))
	f.Add(int64(10), int64(0), fzEncodePieces(pc{"A", 3, 0, 7}, pc{"B", 3, 0, 5}, pc{"C", 4, 0, 4}))
	f.Add(int64(30000), int64(60000), fzEncodePieces(pc{"A", 400, 8000, 20}, pc{"B", 2000, 25000, 3}))
	f.Add(int64(1000), int64(0), fzEncodePieces(pc{"A", 1001, 0, 1}))
	f.Add(int64(1000), int64(100), fzEncodePieces(pc{"A", 1, 101, 1}))
	f.Add(int64(1000), int64(0), fzEncodePieces(pc{"A", -1, 0, 1}))
	f.Add(int64(1000), int64(0), fzEncodePieces(pc{"A", 0, 0, 0}, pc{"B", 5000, 0, 0}))
	f.Add(int64(7), int64(0), fzEncodePieces(pc{"A", 0, 0, 1_000_000_000_000}, pc{"B", 1, 0, 1_000_000_000_000}))
	f.Add(int64(math.MaxInt64), int64(0), fzEncodePieces(pc{"A", 1 << 61, 1 << 61, 5}, pc{"B", 3, 1 << 62, 2}))
	f.Add(int64(1), int64(1), fzEncodePieces(pc{"A", 1, 1, 1 << 62}, pc{"B", 1, 1, 1 << 62}, pc{"C", 1, 1, 1 << 62}))
	f.Add(int64(100), int64(0), fzEncodePieces(pc{"A", 0, 0, 1 << 62}, pc{"B", 0, 0, 1 << 62}))
	f.Add(int64(0), int64(0), []byte{})
	f.Fuzz(func(t *testing.T, maxParcel, maxVolume int64, data []byte) {
		s := fzService(t, sourcing.Grams(maxParcel), sourcing.CubicCm(maxVolume))
		if s == nil {
			return
		}
		pieces := fzPieces(data)
		input := slices.Clone(pieces)

		var wantErr bool
		for _, p := range pieces {
			switch {
			case p.Count < 0 || p.Weight < 0 || p.Volume < 0:
				wantErr = true
			case p.Count == 0:
			case int64(p.Weight) > maxParcel:
				wantErr = true
			case maxVolume > 0 && int64(p.Volume) > maxVolume, maxVolume == 0 && p.Volume > fzNoVolumeLimit:
				wantErr = true
			}
		}
		// Totals, exactly.
		units, weight, volume := new(big.Int), new(big.Int), new(big.Int)
		for _, p := range pieces {
			if p.Count > 0 {
				units.Add(units, big.NewInt(p.Count))
				weight.Add(weight, bigMul(int64(p.Weight), p.Count))
				volume.Add(volume, bigMul(int64(p.Volume), p.Count))
			}
		}
		if !units.IsInt64() {
			// More units than an int64 counts: parcel and unit counts
			// could not be reported without wrapping.
			wantErr = true
		}

		packing, err := s.Pack(pieces)
		if !slices.Equal(pieces, input) {
			t.Fatalf("Pack modified its input: %v, was %v", pieces, input)
		}
		if wantErr {
			if err == nil {
				t.Fatalf("Pack(%v) with max %d g, %d cm³ = %v, want an error", pieces, maxParcel, maxVolume, packing.Runs())
			}
			if !errors.Is(err, carrier.ErrCannotCarry) {
				t.Fatalf("Pack(%v): error %v does not wrap ErrCannotCarry", pieces, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Pack(%v) with max %d g, %d cm³: unexpected error %v", pieces, maxParcel, maxVolume, err)
		}
		runs := packing.Runs()
		gotUnits, gotWeight, gotVolume, parcels := new(big.Int), new(big.Int), new(big.Int), new(big.Int)
		for i, r := range runs {
			if r.Count < 1 || r.Units < 1 {
				t.Fatalf("run %d of %v has %d parcels of %d units", i, runs, r.Count, r.Units)
			}
			if r.Weight < 0 || int64(r.Weight) > maxParcel {
				t.Fatalf("run %d of %v: parcels of %d g, limit %d g", i, runs, r.Weight, maxParcel)
			}
			if r.Volume < 0 || maxVolume > 0 && int64(r.Volume) > maxVolume {
				t.Fatalf("run %d of %v: parcels of %d cm³, limit %d cm³", i, runs, r.Volume, maxVolume)
			}
			parcels.Add(parcels, big.NewInt(r.Count))
			gotUnits.Add(gotUnits, bigMul(r.Units, r.Count))
			gotWeight.Add(gotWeight, bigMul(int64(r.Weight), r.Count))
			gotVolume.Add(gotVolume, bigMul(int64(r.Volume), r.Count))
		}
		if gotUnits.Cmp(units) != 0 {
			t.Fatalf("packed %v units, shipment has %v: %v", gotUnits, units, runs)
		}
		if gotWeight.Cmp(weight) != 0 {
			t.Fatalf("packed %v g, shipment weighs %v g: %v", gotWeight, weight, runs)
		}
		if (maxVolume > 0 || volume.Cmp(big.NewInt(fzNoVolumeLimit)) < 0) && gotVolume.Cmp(volume) != 0 {
			t.Fatalf("packed %v cm³, shipment takes %v cm³: %v", gotVolume, volume, runs)
		}
		if !parcels.IsInt64() || packing.Parcels() != parcels.Int64() {
			t.Fatalf("Parcels() = %d, runs hold %v parcels", packing.Parcels(), parcels)
		}

		// Deterministic, and independent of the order of distinct pieces.
		again, err := s.Pack(slices.Clone(pieces))
		if err != nil || !slices.Equal(again.Runs(), runs) {
			t.Fatalf("second Pack = %v, %v; first %v", again.Runs(), err, runs)
		}
		type key struct {
			w sourcing.Grams
			l string
		}
		distinct, counted := map[key]bool{}, 0
		for _, p := range pieces {
			if p.Count > 0 {
				distinct[key{p.Weight, p.Label}] = true
				counted++
			}
		}
		if counted == len(distinct) {
			rev := slices.Clone(pieces)
			slices.Reverse(rev)
			back, err := s.Pack(rev)
			if err != nil || !slices.Equal(back.Runs(), runs) {
				t.Fatalf("Pack of the reversed pieces = %v, %v; want %v", back.Runs(), err, runs)
			}
		}

		// Everything fits in one parcel: OneParcel says so, and it is Pack's answer.
		if units.Sign() > 0 && weight.Cmp(big.NewInt(maxParcel)) <= 0 &&
			(maxVolume == 0 && volume.Cmp(big.NewInt(fzNoVolumeLimit)) <= 0 || maxVolume > 0 && volume.Cmp(big.NewInt(maxVolume)) <= 0) {
			one, ok := s.OneParcel(sourcing.Grams(weight.Int64()), sourcing.CubicCm(volume.Int64()), units.Int64())
			if !ok || !slices.Equal(one.Runs(), runs) {
				t.Fatalf("everything fits one parcel: Pack = %v, OneParcel = %v, %v", runs, one.Runs(), ok)
			}
		}
		if units.Sign() == 0 && len(runs) != 0 {
			t.Fatalf("no units, yet runs %v", runs)
		}

		// Small shipments: exactly first fit, unit by unit.
		if units.Cmp(big.NewInt(500)) <= 0 && volume.Cmp(big.NewInt(fzNoVolumeLimit)) < 0 {
			want := fzFirstFit(pieces, sourcing.Grams(maxParcel), sourcing.CubicCm(maxVolume))
			if diff := gocmp.Diff(want, fzExpand(runs), cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("Pack(%v) with max %d g, %d cm³ is not first fit (-want +got):\n%s", pieces, maxParcel, maxVolume, diff)
			}
		}
	})
}

// fzCarrierSeeds are carrier services in their JSON form.
var fzCarrierSeeds = []string{
	`{"id": "parcel", "service": "standard", "max_parcel_g": 30000,
     "zones": [{"max_km": 100, "days": 1}, {"max_km": 600, "days": 2}, {"max_km": 2000, "days": 3}],
     "rates": [{"max_g": 1000,  "prices": [490, 590, 790]},
               {"max_g": 5000,  "prices": [690, 890, 1190]},
               {"max_g": 30000, "prices": [1290, 1690, 2190]}]}`,
	`{"id": "colissimo", "service": "home", "max_parcel_g": 30000, "co2_g_per_tkm": 120.5,
     "zones": [{"max_km": 2000, "days": 2}],
     "rates": [{"max_g": 250, "prices": [495]}, {"max_g": 30000, "prices": [3340]}],
     "volumetric_divisor": 5000, "max_parcel_cm3": 60000, "parcel_surcharge": 120, "fuel_pct": 12.5,
     "from_kinds": ["store"], "to": ["store"], "countries": ["FR", "BE"]}`,
	`{"id": "big", "service": "numbers", "max_parcel_g": 9223372036854775807,
     "zones": [{"max_km": 999999999.999999, "days": 0}],
     "rates": [{"max_g": 9223372036854775807, "prices": [4611686018427387904]}],
     "volumetric_divisor": 4611686018427387904, "parcel_surcharge": 4611686018427387903, "fuel_pct": 1000}`,
	`{"id": "x", "service": "y", "max_parcel_g": 1, "zones": [{"max_km": 0.0000005, "days": 0}], "rates": [{"max_g": 1, "prices": [0]}], "volumetric_divisor": 1}`,
	`{"id": "", "service": "", "max_parcel_g": -1, "zones": [{"max_km": -5, "days": -1}], "rates": [{"max_g": 0, "prices": [-5, 3]}], "fuel_pct": -0.5, "co2_g_per_tkm": -1}`,
	`{"id": "a", "service": "b", "max_parcel_g": 99999999999999999999}`,
	`{"id": "a", "service": "b", "zones": [{"max_km": 1e9}]}`,
	`{"id": "a", "service": "b", "zones": [{"max_km": 999999999.9999999}]}`,
	`{"id": "a", "service": "b", "fuel_pct": 1e-7, "co2_g_per_tkm": 9e12}`,
	`{"id": "a", "servise": "b"}`,
	`{"id": 1}`,
	`{"rates": [{"max_g": 1.5}]}`,
	`{} {}`,
	`[`,
	``,
	`{}`,
}

// FuzzDecodeSpec checks DecodeSpec and NewService on any JSON: an error is
// a FieldError wrapping ErrInvalid whose field is under the path given (an
// int64 overflow included); a decoded spec survives MarshalJSON →
// DecodeSpec unchanged; NewService reports every problem as a FieldError
// naming a field, or builds a service whose Spec is the spec, which
// re-encodes to a spec NewService accepts again, and quotes without a
// negative price or parcel count.
func FuzzDecodeSpec(f *testing.F) {
	for _, s := range fzCarrierSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"\uFEFF" + fzCarrierSeeds[0],
		`{"id": "p", "service": "s", "max_parcel_g": 1000, "zones": [{"max_km": 10, "days": 1}], "rates": [{"max_g": 1000, "prices": [null]}]}`,
		`{"id": "p", "service": "s", "max_parcel_g": 1000, "max_parcel_g": 5, "zones": [null]}`,
		"{\"id\": \"p\xff\", \"service\": \"\\udc00\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "carriers[3]"
		// The hostile variants of a valid document: a byte order mark
		// changes nothing; a field given twice, a null element or a string
		// that is not UTF-8 is refused, naming a field.
		decode := func(b []byte) (string, error) {
			spec, err := carrier.DecodeSpec(b, path)
			if err != nil {
				return "", err
			}
			enc, err := spec.MarshalJSON()
			return string(enc), err
		}
		testkit.CheckHostile(t, data, len(data), decode, func(err error) { fzCheckFieldError(t, err, path) })

		spec, err := carrier.DecodeSpec(data, path)
		if err != nil {
			fzCheckFieldError(t, err, path)
			return
		}
		enc, err := spec.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a decoded spec: %v", err)
		}
		back, err := carrier.DecodeSpec(enc, path)
		if err != nil {
			t.Fatalf("decoding MarshalJSON's output %s: %v", enc, err)
		}
		if diff := gocmp.Diff(spec, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("spec changed by MarshalJSON → DecodeSpec of %s (-first +second):\n%s", enc, diff)
		}

		svc, err := carrier.NewService(spec)
		if err != nil {
			for _, e := range sourcing.Errors(err) {
				var fe *sourcing.FieldError
				if !errors.As(e, &fe) || fe.Field == "" || !errors.Is(e, sourcing.ErrInvalid) {
					t.Fatalf("NewService error %q is not a FieldError naming a field", e)
				}
			}
			return
		}
		if diff := gocmp.Diff(spec, svc.Spec(), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Service.Spec differs from the spec (-spec +Service.Spec):\n%s", diff)
		}
		enc2, err := svc.Spec().MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		spec2, err := carrier.DecodeSpec(enc2, "")
		if err != nil {
			t.Fatalf("decoding a valid service's JSON %s: %v", enc2, err)
		}
		if _, err := carrier.NewService(spec2); err != nil {
			t.Fatalf("a valid service's JSON %s no longer validates: %v", enc2, err)
		}
		pieces := []carrier.Piece{{Label: "A", Weight: 700, Volume: 3000, Count: 3}, {Label: "B", Weight: 0, Volume: 0, Count: 1}}
		for _, z := range spec.Zones {
			q, err := svc.Quote(pieces, z.MaxDistance)
			if err != nil {
				if !errors.Is(err, carrier.ErrCannotCarry) {
					t.Fatalf("Quote error %v does not wrap ErrCannotCarry", err)
				}
				continue
			}
			if q.Price < 0 || q.Parcels < 1 {
				t.Fatalf("Quote = %+v: negative price or no parcel", q)
			}
		}
	})
}

// fzCheckFieldError checks that err is a FieldError wrapping ErrInvalid
// under path, with a non-empty message.
func fzCheckFieldError(t *testing.T, err error, path string) {
	t.Helper()
	for _, err := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("error %q (%T) is not a FieldError", err, err)
		}
		if !errors.Is(err, sourcing.ErrInvalid) {
			t.Fatalf("error %q does not wrap ErrInvalid", err)
		}
		if fe.Field != path && !strings.HasPrefix(fe.Field, path+".") && !strings.HasPrefix(fe.Field, path+"[") {
			t.Fatalf("error %q names field %q, not under %q", err, fe.Field, path)
		}
		if fe.Problem == "" || !strings.HasPrefix(err.Error(), fe.Field+":") {
			t.Fatalf("error %q: no problem, or the message does not start with the field", err)
		}
	}
}

// fzBillable is Service.Billable computed exactly: the greater of weight
// and ⌈volume × 1000 / divisor⌉, where a volumetric weight of more than
// 2^62 g (volume/divisor above 2^62/1000 kg) counts as 2^62 g: "beyond any
// grid".
func fzBillable(weight sourcing.Grams, volume sourcing.CubicCm, divisor int64) *big.Int {
	w := big.NewInt(int64(weight))
	if divisor == 0 || volume == 0 {
		return w
	}
	if int64(volume)/divisor > (1<<62)/1000 {
		if weight > 1<<62 {
			return w
		}
		return big.NewInt(1 << 62)
	}
	num := bigMul(int64(volume), 1000)
	d := big.NewInt(divisor)
	num.Add(num, new(big.Int).Sub(d, big.NewInt(1)))
	vw := num.Quo(num, d)
	if vw.Cmp(w) > 0 {
		return vw
	}
	return w
}

// FuzzQuote checks Service.Quote against a big-integer reference on any
// valid service, shipment and distance: the zone and days are ZoneFor's,
// the parcels Pack's, the price the grid price of each parcel's billable
// weight plus the surcharges, exactly; whenever that price does not fit an
// int64, or a parcel is beyond the grid or the distance beyond the last
// band, Quote fails with ErrCannotCarry instead of wrapping. Billable is
// checked against its exact value too.
func FuzzQuote(f *testing.F) {
	type pc = carrier.Piece
	for i, s := range fzCarrierSeeds[:4] {
		f.Add([]byte(s), fzEncodePieces(pc{"A", 700, 3000, 3}, pc{"B", 12000, 1, 2}), int64(i)*300_000_000)
		f.Add([]byte(s), fzEncodePieces(pc{"A", 1, 1 << 62, 1}, pc{"B", 0, 1<<62 - 1, 3}), int64(50_000_000))
	}
	f.Add([]byte(fzCarrierSeeds[0]), fzEncodePieces(pc{"A", 30000, 0, 1 << 40}), int64(-1))
	f.Add([]byte(fzCarrierSeeds[2]), fzEncodePieces(pc{"A", 1 << 62, 1 << 62, 3}), int64(0))
	f.Add([]byte(fzCarrierSeeds[2]), fzEncodePieces(pc{"A", 1<<62 + 5, math.MaxInt64, 1}), int64(0))
	f.Fuzz(func(t *testing.T, specJSON, data []byte, dist int64) {
		spec, err := carrier.DecodeSpec(specJSON, "")
		if err != nil {
			return
		}
		svc, err := carrier.NewService(spec)
		if err != nil {
			return
		}
		pieces := fzPieces(data)
		d := geo.Distance(dist)

		for _, p := range pieces {
			got := svc.Billable(p.Weight, p.Volume) // never panics, even on invalid values
			if p.Volume < 0 && got != p.Weight {
				t.Fatalf("Billable(%d g, %d cm³) = %d: a negative volume should bill the weight", p.Weight, p.Volume, got)
			}
			if p.Weight < 0 || p.Volume < 0 {
				continue
			}
			if want := fzBillable(p.Weight, p.Volume, spec.VolumetricDivisor); !want.IsInt64() || got != sourcing.Grams(want.Int64()) {
				t.Fatalf("Billable(%d g, %d cm³) with divisor %d = %d, want %v", p.Weight, p.Volume, spec.VolumetricDivisor, got, want)
			}
		}

		q, err := svc.Quote(pieces, d)
		if err != nil && !errors.Is(err, carrier.ErrCannotCarry) {
			t.Fatalf("Quote error %v does not wrap ErrCannotCarry", err)
		}
		zone, days, ok := svc.ZoneFor(d)
		if !ok {
			if err == nil {
				t.Fatalf("Quote at %v, beyond the last zone, = %+v", d, q)
			}
			return
		}
		packing, perr := svc.Pack(pieces)
		if perr != nil {
			if err == nil {
				t.Fatalf("Pack fails (%v) but Quote = %+v", perr, q)
			}
			return
		}
		// The price, exactly.
		total := new(big.Int)
		priced := true
		for _, r := range packing.Runs() {
			b := fzBillable(r.Weight, r.Volume, spec.VolumetricDivisor)
			row := slices.IndexFunc(spec.Rates, func(rr carrier.RateRow) bool { return b.Cmp(big.NewInt(int64(rr.MaxWeight))) <= 0 })
			if row < 0 {
				priced = false
				break
			}
			each := new(big.Int).Add(big.NewInt(int64(spec.Rates[row].Prices[zone])), big.NewInt(int64(spec.ParcelSurcharge)))
			total.Add(total, each.Mul(each, big.NewInt(r.Count)))
		}
		if priced && spec.FuelSurcharge > 0 {
			const den = 100 * sourcing.RateScale
			fuel := new(big.Int).Mul(total, big.NewInt(int64(spec.FuelSurcharge)))
			fuel.Add(fuel, big.NewInt(den/2))
			fuel.Quo(fuel, big.NewInt(den))
			total.Add(total, fuel)
		}
		if !priced || !total.IsInt64() {
			if err == nil {
				t.Fatalf("Quote(%v, %v) = %+v; want an error (priced %v, exact price %v)", pieces, d, q, priced, total)
			}
			return
		}
		if err != nil {
			t.Fatalf("Quote(%v, %v): %v; want price %v", pieces, d, err, total)
		}
		want := carrier.Quote{Service: spec.ID, Price: sourcing.Money(total.Int64()), Parcels: packing.Parcels(), Zone: zone, Days: days}
		if q != want || q.Price < 0 || q.Parcels < 0 {
			t.Fatalf("Quote(%v, %v) = %+v, want %+v", pieces, d, q, want)
		}
		if p, ok := svc.Price(packing, zone); !ok || p != q.Price {
			t.Fatalf("Price = %d, %v; Quote says %d", p, ok, q.Price)
		}
	})
}
