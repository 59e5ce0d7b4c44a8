package carrier_test

import (
	"errors"
	"flag"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
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

func km(n int64) geo.Distance { return geo.Distance(n) * geo.Kilometre }

// standardSpec is the "parcel/standard" service of the scenario file
// format's example.
func standardSpec() carrier.Spec {
	return carrier.Spec{
		ID:        carrier.ServiceID{Carrier: "parcel", Service: "standard"},
		MaxParcel: 30000,
		Zones:     []carrier.Zone{{MaxDistance: km(100), Days: 1}, {MaxDistance: km(600), Days: 2}, {MaxDistance: km(2000), Days: 3}},
		Rates: []carrier.RateRow{
			{MaxWeight: 1000, Prices: []sourcing.Money{490, 590, 790}},
			{MaxWeight: 5000, Prices: []sourcing.Money{690, 890, 1190}},
			{MaxWeight: 30000, Prices: []sourcing.Money{1290, 1690, 2190}},
		},
	}
}

func mustService(t *testing.T, spec carrier.Spec) *carrier.Service {
	t.Helper()
	s, err := carrier.NewService(spec)
	require.NoError(t, err)
	return s
}

func TestNewServiceValid(t *testing.T) {
	spec := standardSpec()
	spec.CO2PerTonneKm = 120_500_000 // 120.5 g per tonne-km
	s := mustService(t, spec)
	if diff := cmp.Diff(spec, s.Spec()); diff != "" {
		t.Errorf("Spec() mismatch (-want +got):\n%s", diff)
	}
	require.Equal(t, spec.ID, s.ID())
	require.Equal(t, sourcing.Grams(30000), s.MaxParcel())
	require.Equal(t, 3, s.Zones())
	require.Equal(t, sourcing.Rate(120_500_000), s.CO2PerTonneKm())
}

func TestNewServiceInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*carrier.Spec)
		want   []string // fields, in the order reported
	}{
		{name: "empty id", change: func(s *carrier.Spec) { s.ID.Carrier = "" }, want: []string{"id"}},
		{name: "empty service", change: func(s *carrier.Spec) { s.ID.Service = "" }, want: []string{"service"}},
		{name: "zero max parcel", change: func(s *carrier.Spec) { s.MaxParcel = 0 }, want: []string{"max_parcel_g"}},
		{name: "negative max parcel", change: func(s *carrier.Spec) { s.MaxParcel = -1 }, want: []string{"max_parcel_g"}},
		{
			name:   "no zones",
			change: func(s *carrier.Spec) { s.Zones = nil },
			// Every row then has the wrong number of prices, too.
			want: []string{"zones", "rates[0].prices", "rates[1].prices", "rates[2].prices"},
		},
		{name: "negative first band", change: func(s *carrier.Spec) { s.Zones[0].MaxDistance = -1 }, want: []string{"zones[0].max_km"}},
		{name: "zero first band is fine", change: func(s *carrier.Spec) { s.Zones[0].MaxDistance = 0 }, want: nil},
		{name: "equal bands", change: func(s *carrier.Spec) { s.Zones[1].MaxDistance = km(100) }, want: []string{"zones[1].max_km"}},
		{name: "decreasing bands", change: func(s *carrier.Spec) { s.Zones[2].MaxDistance = km(500) }, want: []string{"zones[2].max_km"}},
		{name: "negative days", change: func(s *carrier.Spec) { s.Zones[2].Days = -1 }, want: []string{"zones[2].days"}},
		{name: "zero days is fine", change: func(s *carrier.Spec) { s.Zones[0].Days = 0 }, want: nil},
		{name: "no rates", change: func(s *carrier.Spec) { s.Rates = nil }, want: []string{"rates"}},
		{name: "zero max weight", change: func(s *carrier.Spec) { s.Rates[0].MaxWeight = 0 }, want: []string{"rates[0].max_g"}},
		{name: "equal weight breaks", change: func(s *carrier.Spec) { s.Rates[1].MaxWeight = 1000 }, want: []string{"rates[1].max_g"}},
		{name: "decreasing weight breaks", change: func(s *carrier.Spec) { s.Rates[2].MaxWeight = 2000 }, want: []string{"rates[2].max_g"}},
		{name: "too few prices", change: func(s *carrier.Spec) { s.Rates[1].Prices = s.Rates[1].Prices[:2] }, want: []string{"rates[1].prices"}},
		{name: "too many prices", change: func(s *carrier.Spec) { s.Rates[0].Prices = append(s.Rates[0].Prices, 990) }, want: []string{"rates[0].prices"}},
		{name: "negative price", change: func(s *carrier.Spec) { s.Rates[2].Prices[1] = -1 }, want: []string{"rates[2].prices[1]"}},
		{name: "zero price is fine", change: func(s *carrier.Spec) { s.Rates[2].Prices[1] = 0 }, want: nil},
		{name: "negative CO2", change: func(s *carrier.Spec) { s.CO2PerTonneKm = -1 }, want: []string{"co2_g_per_tkm"}},
		{
			name: "everything at once",
			change: func(s *carrier.Spec) {
				*s = carrier.Spec{
					MaxParcel: -5,
					Zones:     []carrier.Zone{{MaxDistance: -1, Days: -2}, {MaxDistance: -1, Days: 1}},
					Rates: []carrier.RateRow{
						{MaxWeight: -1, Prices: []sourcing.Money{-1, 5}},
						{MaxWeight: -1, Prices: []sourcing.Money{5}},
					},
					CO2PerTonneKm: -1,
				}
			},
			want: []string{
				"id", "service", "max_parcel_g",
				"zones[0].max_km", "zones[0].days",
				"zones[1].max_km", "zones[1].max_km", // negative, and not after the band before
				"rates[0].max_g", "rates[0].prices[0]",
				"rates[1].max_g", "rates[1].max_g", "rates[1].prices",
				"co2_g_per_tkm",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := standardSpec()
			tt.change(&spec)
			s, err := carrier.NewService(spec)
			if tt.want == nil {
				require.NoError(t, err)
				require.NotNil(t, s)
				return
			}
			require.Error(t, err)
			require.Nil(t, s)
			if diff := cmp.Diff(tt.want, testkit.FieldNames(err)); diff != "" {
				t.Errorf("NewService() error fields mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			for _, fe := range testkit.FieldErrors(err) {
				if !errors.Is(fe.Err, sourcing.ErrInvalid) {
					t.Errorf("%s: wraps %v, want ErrInvalid", fe.Field, fe.Err)
				}
			}
			require.ErrorIs(t, err, sourcing.ErrInvalid)
		})
	}
}

func TestNewServiceErrorText(t *testing.T) {
	spec := standardSpec()
	spec.MaxParcel = 0
	spec.Zones[1].MaxDistance = km(50)
	spec.Rates[1].Prices = spec.Rates[1].Prices[:1]
	spec.CO2PerTonneKm = -1_500_000
	_, err := carrier.NewService(spec)
	require.Error(t, err)
	want := "max_parcel_g: 0: must be > 0\n" +
		`zones[1].max_km: 50: must be greater than the band before` + "\n" +
		"rates[1].prices: 1: must give one price per zone (3)\n" +
		`co2_g_per_tkm: -1.5: must be ≥ 0`
	if got := err.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

// TestServiceIsImmutable changes the spec given to NewService and the one
// returned by Spec, and checks the service sees neither change.
func TestServiceIsImmutable(t *testing.T) {
	spec := standardSpec()
	s := mustService(t, spec)
	want := standardSpec()

	spec.Zones[0].MaxDistance = km(1)
	spec.Rates[0].Prices[0] = 1
	spec.Rates[1].MaxWeight = 2
	if diff := cmp.Diff(want, s.Spec()); diff != "" {
		t.Errorf("changing the input changed the service (-want +got):\n%s", diff)
	}

	got := s.Spec()
	got.Zones[0].Days = 9
	got.Rates[0].Prices[0] = 9
	got.Rates[2] = carrier.RateRow{}
	if diff := cmp.Diff(want, s.Spec()); diff != "" {
		t.Errorf("changing Spec() changed the service (-want +got):\n%s", diff)
	}
	if q, err := s.Quote([]carrier.Piece{{Label: "A", Weight: 300, Count: 1}}, km(50)); err != nil || q.Price != 490 {
		t.Errorf("Quote after the changes = %+v, %v; want price 490", q, err)
	}
}

func TestServiceID(t *testing.T) {
	a := carrier.ServiceID{Carrier: "colissimo", Service: "express"}
	b := carrier.ServiceID{Carrier: "colissimo", Service: "standard"}
	c := carrier.ServiceID{Carrier: "dhl", Service: "express"}
	require.Equal(t, "colissimo/express", a.String())
	for _, tt := range []struct {
		x, y carrier.ServiceID
		want int
	}{
		{a, a, 0}, {a, b, -1}, {b, a, 1}, {b, c, -1}, {c, a, 1}, {a, c, -1},
	} {
		if got := tt.x.Compare(tt.y); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
	}
}

func TestZoneFor(t *testing.T) {
	s := mustService(t, standardSpec())
	tests := []struct {
		name     string
		d        geo.Distance
		wantZone int
		wantDays sourcing.Days
		wantOK   bool
	}{
		{name: "zero", d: 0, wantZone: 0, wantDays: 1, wantOK: true},
		{name: "inside the first band", d: km(42), wantZone: 0, wantDays: 1, wantOK: true},
		{name: "exactly the first edge", d: km(100), wantZone: 0, wantDays: 1, wantOK: true},
		{name: "a millimetre past the first edge", d: km(100) + 1, wantZone: 1, wantDays: 2, wantOK: true},
		{name: "Paris to Lyon", d: 391_499_546, wantZone: 1, wantDays: 2, wantOK: true},
		{name: "exactly the second edge", d: km(600), wantZone: 1, wantDays: 2, wantOK: true},
		{name: "a millimetre past the second edge", d: km(600) + 1, wantZone: 2, wantDays: 3, wantOK: true},
		{name: "exactly the last edge", d: km(2000), wantZone: 2, wantDays: 3, wantOK: true},
		{name: "a millimetre beyond the last band", d: km(2000) + 1, wantOK: false},
		{name: "antipodes", d: 20_015_118_212, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zone, days, ok := s.ZoneFor(tt.d)
			if ok != tt.wantOK || zone != tt.wantZone || days != tt.wantDays {
				t.Errorf("ZoneFor(%v) = %d, %d, %v; want %d, %d, %v", tt.d, zone, days, ok, tt.wantZone, tt.wantDays, tt.wantOK)
			}
			// Reach is the edge between the distances ZoneFor serves and
			// those it does not.
			if within := tt.d <= s.Reach(); within != tt.wantOK {
				t.Errorf("%v ≤ Reach() = %v is %v, want %v", tt.d, s.Reach(), within, tt.wantOK)
			}
		})
	}
}

func TestZoneForZeroWidthBand(t *testing.T) {
	spec := standardSpec()
	spec.Zones[0] = carrier.Zone{MaxDistance: 0, Days: 0} // same place only
	s := mustService(t, spec)
	if zone, days, ok := s.ZoneFor(0); !ok || zone != 0 || days != 0 {
		t.Errorf("ZoneFor(0) = %d, %d, %v; want 0, 0, true", zone, days, ok)
	}
	if zone, _, ok := s.ZoneFor(1); !ok || zone != 1 {
		t.Errorf("ZoneFor(1mm) = %d, %v; want 1, true", zone, ok)
	}
}

func TestPrice(t *testing.T) {
	s := mustService(t, standardSpec())
	pack := func(pieces ...carrier.Piece) carrier.Packing {
		p, err := s.Pack(pieces)
		require.NoError(t, err)
		return p
	}
	tests := []struct {
		name    string
		packing carrier.Packing
		zone    int
		want    sourcing.Money
		wantOK  bool
	}{
		{name: "nothing", packing: carrier.Packing{}, zone: 0, want: 0, wantOK: true},
		{name: "one light parcel, zone 1", packing: pack(carrier.Piece{Label: "TSHIRT-M", Weight: 300, Count: 2}), zone: 1, want: 590, wantOK: true},
		{name: "weight exactly on a break", packing: pack(carrier.Piece{Label: "A", Weight: 1000, Count: 1}), zone: 0, want: 490, wantOK: true},
		{name: "a gram over a break", packing: pack(carrier.Piece{Label: "A", Weight: 1001, Count: 1}), zone: 0, want: 690, wantOK: true},
		{name: "zero-weight parcel takes the first row", packing: pack(carrier.Piece{Label: "A", Weight: 0, Count: 3}), zone: 2, want: 790, wantOK: true},
		{
			name: "several runs",
			// 5 × 7 kg: four per 30 kg parcel → one parcel of 28 kg, one of 7 kg.
			packing: pack(carrier.Piece{Label: "A", Weight: 7000, Count: 5}),
			zone:    2, want: 2190 + 2190, wantOK: true,
		},
		{
			name:    "many identical parcels",
			packing: pack(carrier.Piece{Label: "A", Weight: 30000, Count: 1000}),
			zone:    1, want: 1000 * 1690, wantOK: true,
		},
		{name: "zone below range", packing: pack(carrier.Piece{Label: "A", Weight: 1, Count: 1}), zone: -1, wantOK: false},
		{name: "zone above range", packing: pack(carrier.Piece{Label: "A", Weight: 1, Count: 1}), zone: 3, wantOK: false},
		{name: "zone above range, empty packing", packing: carrier.Packing{}, zone: 3, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Price(tt.packing, tt.zone)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("Price(zone %d) = %v, %v; want %v, %v", tt.zone, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestPriceBeyondGrid(t *testing.T) {
	// Parcels may weigh 40 kg, but the grid stops at 30 kg.
	spec := standardSpec()
	spec.MaxParcel = 40000
	s := mustService(t, spec)
	p, err := s.Pack([]carrier.Piece{{Label: "A", Weight: 35000, Count: 1}})
	require.NoError(t, err)
	if got, ok := s.Price(p, 0); ok {
		t.Errorf("Price of a 35 kg parcel = %v, true; want false", got)
	}
	_, err = s.Quote([]carrier.Piece{{Label: "A", Weight: 35000, Count: 1}}, km(10))
	require.ErrorIs(t, err, carrier.ErrCannotCarry)
}

func TestPriceOverflow(t *testing.T) {
	const half = sourcing.Money(1 << 62) // two of them overflow int64
	spec := standardSpec()
	spec.MaxParcel = 5000
	spec.Rates = []carrier.RateRow{
		{MaxWeight: 1000, Prices: []sourcing.Money{half, 1, 1}},
		{MaxWeight: 5000, Prices: []sourcing.Money{half, 1, 1}},
	}
	s := mustService(t, spec)
	tests := []struct {
		name   string
		pieces []carrier.Piece
		zone   int
		want   sourcing.Money
		wantOK bool
	}{
		{name: "one parcel fits", pieces: []carrier.Piece{{Label: "A", Weight: 5000, Count: 1}}, zone: 0, want: half, wantOK: true},
		{name: "a run of two overflows", pieces: []carrier.Piece{{Label: "A", Weight: 5000, Count: 2}}, zone: 0, wantOK: false},
		{name: "two runs overflow", pieces: []carrier.Piece{{Label: "A", Weight: 5000, Count: 1}, {Label: "B", Weight: 1000, Count: 1}}, zone: 0, wantOK: false},
		{name: "other zone is cheap", pieces: []carrier.Piece{{Label: "A", Weight: 5000, Count: 2}, {Label: "B", Weight: 1000, Count: 1}}, zone: 1, want: 3, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Pack(tt.pieces)
			require.NoError(t, err)
			got, ok := s.Price(p, tt.zone)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("Price() = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
			_, err = s.Quote(tt.pieces, []geo.Distance{km(50), km(500)}[tt.zone])
			if tt.wantOK {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, carrier.ErrCannotCarry)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	s := mustService(t, standardSpec())
	tests := []struct {
		name   string
		pieces []carrier.Piece
		d      geo.Distance
		want   carrier.Quote
	}{
		{
			name:   "scenario example: two T-shirts Paris to Lyon",
			pieces: []carrier.Piece{{Label: "TSHIRT-M", Weight: 300, Count: 2}},
			d:      391_499_546,
			want:   carrier.Quote{Service: s.ID(), Price: 590, Parcels: 1, Zone: 1, Days: 2},
		},
		{
			name:   "nothing to carry",
			pieces: nil,
			d:      km(10),
			want:   carrier.Quote{Service: s.ID(), Price: 0, Parcels: 0, Zone: 0, Days: 1},
		},
		{
			name:   "zero counts",
			pieces: []carrier.Piece{{Label: "HEAVY", Weight: 99999, Count: 0}},
			d:      km(10),
			want:   carrier.Quote{Service: s.ID(), Zone: 0, Days: 1},
		},
		{
			name: "two parcels in the last band",
			// Three 10 kg units fill a parcel; the 800 g one opens another.
			pieces: []carrier.Piece{{Label: "B", Weight: 800, Count: 1}, {Label: "A", Weight: 10000, Count: 3}},
			d:      km(2000),
			want:   carrier.Quote{Service: s.ID(), Price: 2190 + 790, Parcels: 2, Zone: 2, Days: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Quote(tt.pieces, tt.d)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Quote() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuoteCannotCarry(t *testing.T) {
	s := mustService(t, standardSpec())
	tests := []struct {
		name   string
		pieces []carrier.Piece
		d      geo.Distance
		want   string
	}{
		{name: "beyond the last band", pieces: []carrier.Piece{{Label: "A", Weight: 1, Count: 1}}, d: km(2000) + 1, want: "beyond the last zone"},
		{name: "unit too heavy", pieces: []carrier.Piece{{Label: "SOFA", Weight: 30001, Count: 1}}, d: km(1), want: `"SOFA"`},
		{name: "negative count", pieces: []carrier.Piece{{Label: "A", Weight: 1, Count: -1}}, d: km(1), want: "negative"},
		{name: "negative weight", pieces: []carrier.Piece{{Label: "A", Weight: -1, Count: 1}}, d: km(1), want: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Quote(tt.pieces, tt.d)
			require.ErrorIs(t, err, carrier.ErrCannotCarry)
			require.Contains(t, err.Error(), "parcel/standard")
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

var equateEmpty = cmpopts.EquateEmpty()

func TestServiceIDString(t *testing.T) {
	tests := []struct {
		id   carrier.ServiceID
		want string
	}{
		{carrier.ServiceID{Carrier: "colissimo", Service: "home"}, "colissimo/home"},
		{carrier.ServiceID{}, "no carrier"}, // a shelf collect or a reservation, not "/"
		{carrier.ServiceID{Carrier: "x"}, "x/"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.id.String())
		})
	}
}
