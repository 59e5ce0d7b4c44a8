package carrier_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
)

// colissimoHome is the Colissimo-like home grid, one zone.
func colissimoHome() carrier.Spec {
	rows := []struct {
		g sourcing.Grams
		p sourcing.Money
	}{{250, 495}, {500, 670}, {1000, 825}, {2000, 955}, {5000, 1465}, {10000, 2130}, {30000, 3340}}
	spec := carrier.Spec{ID: carrier.ServiceID{Carrier: "colissimo", Service: "home"}, MaxParcel: 30000,
		Zones: []carrier.Zone{{MaxDistance: 2000 * geo.Kilometre, Days: 2}}}
	for _, r := range rows {
		spec.Rates = append(spec.Rates, carrier.RateRow{MaxWeight: r.g, Prices: []sourcing.Money{r.p}})
	}
	return spec
}

func TestFullerPricing(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*carrier.Spec)
		pieces []carrier.Piece
		price  sourcing.Money
		runs   []carrier.Run
	}{
		{name: "grid", pieces: []carrier.Piece{{Label: "TEE", Weight: 300, Volume: 2000, Count: 1}}, price: 670,
			runs: []carrier.Run{{Weight: 300, Volume: 2000, Units: 1, Count: 1}}},
		{name: "volumetric weight bills a pillow at 1.6 kg", edit: func(s *carrier.Spec) { s.VolumetricDivisor = 5000 },
			pieces: []carrier.Piece{{Label: "PILLOW", Weight: 400, Volume: 8000, Count: 1}}, price: 955},
		{name: "volumetric weight rounds up to the gram", edit: func(s *carrier.Spec) { s.VolumetricDivisor = 5000 },
			pieces: []carrier.Piece{{Label: "BOX", Weight: 100, Volume: 5001, Count: 1}}, price: 955},
		{name: "actual weight above volumetric", edit: func(s *carrier.Spec) { s.VolumetricDivisor = 5000 },
			pieces: []carrier.Piece{{Label: "DUMBBELL", Weight: 4000, Volume: 1000, Count: 1}}, price: 1465},
		{name: "per-parcel surcharge", edit: func(s *carrier.Spec) { s.ParcelSurcharge = 150; s.MaxParcel = 1000 },
			pieces: []carrier.Piece{{Label: "BOOK", Weight: 600, Count: 3}}, price: 3 * (825 + 150)},
		{name: "fuel surcharge rounds once", edit: func(s *carrier.Spec) { s.FuelSurcharge = 12_500_000 },
			pieces: []carrier.Piece{{Label: "TEE", Weight: 300, Count: 1}}, price: 670 + 84}, // 83.75 → 84
		{name: "fuel on grid and surcharges", edit: func(s *carrier.Spec) { s.FuelSurcharge = 10_000_000; s.ParcelSurcharge = 100 },
			pieces: []carrier.Piece{{Label: "TEE", Weight: 300, Count: 1}}, price: 770 + 77},
		{name: "volume limit opens parcels", edit: func(s *carrier.Spec) { s.MaxParcelVolume = 10000 },
			pieces: []carrier.Piece{{Label: "DUVET", Weight: 900, Volume: 6000, Count: 3}}, price: 3 * 825,
			runs: []carrier.Run{{Weight: 900, Volume: 6000, Units: 1, Count: 3}}},
		{name: "volume and weight limits together", edit: func(s *carrier.Spec) { s.MaxParcelVolume = 10000 },
			pieces: []carrier.Piece{{Label: "A", Weight: 2000, Volume: 1000, Count: 2}, {Label: "B", Weight: 100, Volume: 4000, Count: 3}},
			// A, A: 4000 g, 2000 cm³. B, B fit (10,000 cm³); the third B opens a parcel.
			price: 1465 + 250*0 + 495,
			runs:  []carrier.Run{{Weight: 4200, Volume: 10000, Units: 4, Count: 1}, {Weight: 100, Volume: 4000, Units: 1, Count: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := colissimoHome()
			if tt.edit != nil {
				tt.edit(&spec)
			}
			s, err := carrier.NewService(spec)
			require.NoError(t, err)
			q, err := s.Quote(tt.pieces, 10*geo.Kilometre)
			require.NoError(t, err)
			require.Equal(t, tt.price, q.Price)
			if tt.runs != nil {
				p, err := s.Pack(tt.pieces)
				require.NoError(t, err)
				if diff := cmp.Diff(tt.runs, p.Runs()); diff != "" {
					t.Errorf("Pack mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestBulkyUnitCannotGo(t *testing.T) {
	spec := colissimoHome()
	spec.MaxParcelVolume = 50_000
	s, err := carrier.NewService(spec)
	require.NoError(t, err)
	_, err = s.Pack([]carrier.Piece{{Label: "SOFA", Weight: 20000, Volume: 900_000, Count: 1}})
	require.ErrorIs(t, err, carrier.ErrCannotCarry)
	require.ErrorContains(t, err, "over the 50000 cm³ parcel limit")
	// A volumetric weight beyond the grid cannot be priced.
	spec = colissimoHome()
	spec.VolumetricDivisor = 5000
	s, err = carrier.NewService(spec)
	require.NoError(t, err)
	_, err = s.Quote([]carrier.Piece{{Label: "SOFA", Weight: 20000, Volume: 900_000, Count: 1}}, geo.Kilometre)
	require.ErrorIs(t, err, carrier.ErrCannotCarry)
	require.Equal(t, sourcing.Grams(922337203685477581), s.Billable(1, 1<<62), "2^62 cm³ / 5 kg, rounded up, without overflow")
	spec.VolumetricDivisor = 1
	s, err = carrier.NewService(spec)
	require.NoError(t, err)
	require.Equal(t, sourcing.Grams(1<<62), s.Billable(1, 1<<62), "saturates beyond any grid")
}

func TestServes(t *testing.T) {
	spec := colissimoHome()
	spec.ID.Service = "transfer"
	spec.FromKinds = []string{"warehouse", "store"}
	spec.To = []string{carrier.ToStore}
	spec.Countries = []string{"FR"}
	s, err := carrier.NewService(spec)
	require.NoError(t, err)
	require.True(t, s.Serves("warehouse", carrier.ToStore, "FR"))
	require.False(t, s.Serves("supplier", carrier.ToStore, "FR"))
	require.False(t, s.Serves("warehouse", carrier.ToHome, "FR"))
	require.False(t, s.Serves("warehouse", carrier.ToStore, "BE"))
	open, err := carrier.NewService(colissimoHome())
	require.NoError(t, err)
	require.True(t, open.Serves("supplier", carrier.ToHome, "BE"))
}

func TestFullerValidationAndJSON(t *testing.T) {
	spec := colissimoHome()
	spec.VolumetricDivisor, spec.MaxParcelVolume, spec.ParcelSurcharge, spec.FuelSurcharge = -1, -1, -1, -1
	spec.FromKinds, spec.To, spec.Countries = []string{"shop"}, []string{"moon"}, []string{""}
	_, err := carrier.NewService(spec)
	require.Error(t, err)
	for _, f := range []string{"volumetric_divisor", "max_parcel_cm3", "parcel_surcharge", "fuel_pct", "from_kinds[0]", "to[0]", "countries[0]"} {
		require.ErrorContains(t, err, f+":")
	}
	good := colissimoHome()
	good.VolumetricDivisor, good.MaxParcelVolume, good.ParcelSurcharge, good.FuelSurcharge = 5000, 60000, 120, 12_500_000
	good.FromKinds, good.To, good.Countries = []string{"store"}, []string{carrier.ToStore}, []string{"FR", "BE"}
	b, err := good.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(b), `"fuel_pct":12.5`)
	back, err := carrier.DecodeSpec(b, "")
	require.NoError(t, err)
	if diff := cmp.Diff(good, back); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}
