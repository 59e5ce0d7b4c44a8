package carrier_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
)

// scenarioCarrier is the carrier of the scenario file format's example.
const scenarioCarrier = `{"id": "parcel", "service": "standard", "max_parcel_g": 30000,
     "zones": [{"max_km": 100, "days": 1}, {"max_km": 600, "days": 2}, {"max_km": 2000, "days": 3}],
     "rates": [{"max_g": 1000,  "prices": [490, 590, 790]},
               {"max_g": 5000,  "prices": [690, 890, 1190]},
               {"max_g": 30000, "prices": [1290, 1690, 2190]}]}`

func TestDecodeSpec(t *testing.T) {
	withCO2 := standardSpec()
	withCO2.CO2PerTonneKm = 120_500_000
	withCO2.Zones[0].MaxDistance = 99_999_999 // 99.999999 km
	tests := []struct {
		name string
		json string
		want carrier.Spec
	}{
		{name: "scenario example", json: scenarioCarrier, want: standardSpec()},
		{
			name: "fractional kilometres and CO2",
			json: strings.Replace(scenarioCarrier, `"max_km": 100,`, `"max_km": 99.999999,`, 1)[:len(scenarioCarrier)-1+len("99.999999")-len("100")] + `, "co2_g_per_tkm": 120.5}`,
			want: withCO2,
		},
		{name: "exponent kilometres", json: strings.Replace(scenarioCarrier, `"max_km": 2000,`, `"max_km": 2e3,`, 1), want: standardSpec()},
		{
			name: "not validated beyond syntax",
			json: `{"id": "", "service": "", "max_parcel_g": -1, "zones": [], "rates": [{"max_g": 0, "prices": [-5]}]}`,
			want: carrier.Spec{MaxParcel: -1, Rates: []carrier.RateRow{{MaxWeight: 0, Prices: []sourcing.Money{-5}}}},
		},
		{name: "empty object", json: `{}`, want: carrier.Spec{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := carrier.DecodeSpec([]byte(tt.json), "carriers[0]")
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got, equateEmpty); diff != "" {
				t.Errorf("DecodeSpec() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeSpecErrors(t *testing.T) {
	zone1 := func(maxKm string) string {
		return `{"id": "parcel", "service": "standard", "max_parcel_g": 30000,
		  "zones": [{"max_km": 100, "days": 1}, {"max_km": ` + maxKm + `, "days": 2}], "rates": []}`
	}
	tests := []struct {
		name      string
		json      string
		path      string
		wantField string
		wantText  string
	}{
		{name: "band too far", json: zone1("1e9"), path: "carriers[0]", wantField: "carriers[0].zones[1].max_km", wantText: `max_km: 1e9: too large: must be less than 1e9 kilometres`},
		{name: "band beyond float64", json: zone1("1e999"), path: "carriers[0]", wantField: "carriers[0].zones[1].max_km", wantText: "kilometres"},
		{name: "CO2 too large", json: `{"co2_g_per_tkm": 1e20}`, path: "carriers[0]", wantField: "carriers[0].co2_g_per_tkm", wantText: "co2_g_per_tkm: 1e20: too large: must be at most 8999999999999.999999"},
		{name: "unknown field", json: `{"id": "parcel", "speed": "fast"}`, path: "carriers[0]", wantField: "carriers[0].speed", wantText: "unknown field"},
		{name: "unknown field at the top", json: `{"speed": "fast"}`, path: "", wantField: "speed", wantText: "unknown field"},
		{name: "string for grams", json: `{"max_parcel_g": "heavy"}`, path: "carriers[0]", wantField: "carriers[0].max_parcel_g", wantText: "integer"},
		{name: "fraction for grams", json: `{"max_parcel_g": 1.5}`, path: "carriers[0]", wantField: "carriers[0].max_parcel_g", wantText: "whole number"},
		{name: "grams out of range", json: `{"max_parcel_g": 99999999999999999999}`, path: "carriers[0]", wantField: "carriers[0].max_parcel_g", wantText: "out of range"},
		{name: "string for a price", json: `{"rates": [{"max_g": 1000, "prices": [490, "x"]}]}`, path: "carriers[0]", wantField: "carriers[0].rates[0].prices[1]", wantText: `"x"`},
		{name: "string for days", json: `{"zones": [{"max_km": 1, "days": 1}, {"max_km": 2, "days": "two"}]}`, path: "carriers[0]", wantField: "carriers[0].zones[1].days", wantText: "integer"},
		{name: "string for a band", json: `{"zones": [{"max_km": "far", "days": 1}]}`, path: "carriers[0]", wantField: "carriers[0].zones[0].max_km", wantText: "number"},
		{name: "unknown field in a zone", json: `{"zones": [{"max_km": 1, "days": 1}, {"max_km": 2, "dayz": 1}]}`, path: "carriers[0]", wantField: "carriers[0].zones[1].dayz", wantText: "unknown field"},
		{name: "unknown field in a rate row", json: `{"rates": [{"max_g": 1, "price": [1]}]}`, path: "policy.carriers[2]", wantField: "policy.carriers[2].rates[0].price", wantText: "unknown field"},
		{name: "string for id", json: `{"id": 7}`, path: "carriers[0]", wantField: "carriers[0].id", wantText: "string"},
		{name: "object for zones", json: `{"zones": {}}`, path: "carriers[0]", wantField: "carriers[0].zones", wantText: "array"},
		{name: "not an object", json: `[]`, path: "carriers[0]", wantField: "carriers[0]", wantText: "object"},
		{name: "truncated", json: `{"id": "parcel",`, path: "carriers[0]", wantField: "carriers[0]", wantText: "truncated"},
		{name: "empty", json: ``, path: "carriers[0]", wantField: "carriers[0]", wantText: "empty"},
		{name: "malformed", json: "{\n  \"id\" \"parcel\"}", path: "carriers[0]", wantField: "carriers[0]", wantText: "line 2"},
		{name: "malformed at the top", json: `{,}`, path: "", wantField: "(document)", wantText: "malformed"},
		{name: "trailing data", json: `{} {}`, path: "carriers[0]", wantField: "carriers[0]", wantText: "after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := carrier.DecodeSpec([]byte(tt.json), tt.path)
			require.Error(t, err)
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			var fe *sourcing.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.wantField, fe.Field, "error: %v", err)
			require.Contains(t, err.Error(), tt.wantText)
		})
	}
}

// TestDecodeSpecHostile checks what the decoder refuses although encoding/json
// would decode it, and that it reports every problem at once.
func TestDecodeSpecHostile(t *testing.T) {
	const ok = `"id": "p", "service": "s", "max_parcel_g": 1000, "zones": [{"max_km": 10, "days": 1}]`
	fe := func(field string, value any, problem string) sourcing.FieldError {
		return sourcing.FieldError{Field: field, Value: value, Problem: problem, Err: sourcing.ErrInvalid}
	}
	tests := []struct {
		name string
		json string
		want []sourcing.FieldError
	}{
		{name: "a null price is not free", json: `{` + ok + `, "rates": [{"max_g": 1000, "prices": [null]}]}`,
			want: []sourcing.FieldError{fe("carriers[0].rates[0].prices[0]", nil, "must not be null")}},
		{name: "a null zone", json: `{"zones": [null]}`, want: []sourcing.FieldError{fe("carriers[0].zones[0]", nil, "must not be null")}},
		{name: "a field given twice, its second value not read", json: `{` + ok + `, "zones": [null]}`,
			want: []sourcing.FieldError{fe("carriers[0].zones", nil, "given twice in the object")}},
		{name: "a null max_km", json: `{"zones": [{"max_km": null, "days": 1}]}`,
			want: []sourcing.FieldError{fe("carriers[0].zones[0].max_km", nil, "missing: a zone needs max_km")}},
		{name: "a field given twice", json: `{` + ok + `, "rates": [{"max_g": 1000, "prices": [5], "max_g": 1}]}`,
			want: []sourcing.FieldError{fe("carriers[0].rates[0].max_g", nil, "given twice in the object")}},
		{name: "invalid UTF-8 in the id", json: "{\"id\": \"p\xff\"}",
			want: []sourcing.FieldError{fe("carriers[0].id", "p\xff", "is not valid UTF-8")}},
		{name: "every problem at once", json: `{"id": 7, "zones": [{"max_km": "x"}, {"max_km": 1e10}], "fuel_pct": 1e20, "co2_g_per_tkm": "a", "oops": 1}`,
			want: []sourcing.FieldError{
				fe("carriers[0].id", json.Number("7"), "must be a string"), fe("carriers[0].zones[0].max_km", "x", "must be a number"),
				fe("carriers[0].co2_g_per_tkm", "a", "must be a number"), fe("carriers[0].oops", nil, "unknown field"),
				fe("carriers[0].zones[1].max_km", json.Number("1e10"), "too large: must be less than 1e9 kilometres"),
				fe("carriers[0].fuel_pct", json.Number("1e20"), "too large: must be at most 8999999999999.999999"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := carrier.DecodeSpec([]byte(tt.json), "carriers[0]")
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("DecodeSpec(%s) errors mismatch (-want +got):\n%s", tt.json, diff)
			}
		})
	}
	spec, err := carrier.DecodeSpec([]byte("\uFEFF{"+ok+`, "rates": [{"max_g": 1000, "prices": [5]}]}`), "")
	require.NoError(t, err, "a byte order mark at the start")
	_, err = carrier.NewService(spec)
	require.NoError(t, err)
}

// TestNegativesDecodeThenFailValidation: negative numbers decode, and NewService reports
// them with the other problems of the service, all at once.
func TestNegativesDecodeThenFailValidation(t *testing.T) {
	spec, err := carrier.DecodeSpec([]byte(`{"id": "parcel", "service": "standard", "max_parcel_g": 0, "co2_g_per_tkm": -1.5,
	  "zones": [{"max_km": 100, "days": 1}, {"max_km": -2, "days": 2}], "rates": [{"max_g": 1000, "prices": [490, 590]}]}`), "carriers[0]")
	require.NoError(t, err)
	_, err = carrier.NewService(spec)
	require.Error(t, err)
	for _, want := range []string{"max_parcel_g: 0: must be > 0", "zones[1].max_km: -2: must be ≥ 0", `co2_g_per_tkm: -1.5: must be ≥ 0`} {
		require.Contains(t, err.Error(), want)
	}
}

func TestSpecMarshalJSON(t *testing.T) {
	spec := standardSpec()
	want := `{"id":"parcel","service":"standard","max_parcel_g":30000,` +
		`"zones":[{"max_km":100,"days":1},{"max_km":600,"days":2},{"max_km":2000,"days":3}],` +
		`"rates":[{"max_g":1000,"prices":[490,590,790]},{"max_g":5000,"prices":[690,890,1190]},{"max_g":30000,"prices":[1290,1690,2190]}]}`
	got, err := json.Marshal(spec)
	require.NoError(t, err)
	require.JSONEq(t, want, string(got))
	if string(got) != want {
		t.Errorf("json.Marshal(spec) =\n%s\nwant\n%s", got, want)
	}

	spec.CO2PerTonneKm = 120_500_000
	spec.Zones[0].MaxDistance = 391_499_546
	got, err = spec.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(got), `"co2_g_per_tkm":120.5`)
	require.Contains(t, string(got), `"max_km":391.499546`)
}

func randomSpec(rng *rand.Rand) carrier.Spec {
	s := carrier.Spec{
		ID:        carrier.ServiceID{Carrier: []string{"parcel", "colissimo", "dhl \"express\""}[rng.IntN(3)], Service: []string{"standard", "eco", "été"}[rng.IntN(3)]},
		MaxParcel: sourcing.Grams(1 + rng.Int64N(100_000)),
	}
	if rng.IntN(3) == 0 {
		s.CO2PerTonneKm = sourcing.Rate(rng.Int64N(1_000_000_000_000))
	}
	var d geo.Distance
	for range 1 + rng.IntN(5) {
		d += geo.Distance(rng.Int64N(int64(3000 * geo.Kilometre))) // any millimetre
		s.Zones = append(s.Zones, carrier.Zone{MaxDistance: d, Days: sourcing.Days(rng.IntN(10))})
	}
	var w sourcing.Grams
	for range 1 + rng.IntN(5) {
		w += sourcing.Grams(1 + rng.Int64N(10_000))
		row := carrier.RateRow{MaxWeight: w}
		for range s.Zones {
			row.Prices = append(row.Prices, sourcing.Money(rng.Int64N(100_000)))
		}
		s.Rates = append(s.Rates, row)
	}
	return s
}

// TestSpecRoundTrip checks that DecodeSpec reads back exactly what
// MarshalJSON writes, millimetres and millionths included.
func TestSpecRoundTrip(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 2))
	specs := []carrier.Spec{standardSpec()}
	for range 500 {
		specs = append(specs, randomSpec(rng))
	}
	edge := standardSpec()
	edge.Zones = []carrier.Zone{{MaxDistance: 0, Days: 0}, {MaxDistance: 1, Days: 0}, {MaxDistance: 999_999_999_999_999, Days: 9}}
	specs = append(specs, edge)
	for i, spec := range specs {
		s, err := carrier.NewService(spec)
		require.NoError(t, err, "spec %d (seed %d)", i, seed)
		b, err := json.Marshal(s.Spec())
		require.NoError(t, err)
		got, err := carrier.DecodeSpec(b, "carriers[0]")
		require.NoError(t, err, "decoding %s (seed %d)", b, seed)
		if diff := cmp.Diff(spec, got, equateEmpty); diff != "" {
			t.Fatalf("round trip of spec %d (seed %d) mismatch (-want +got):\n%s\njson: %s", i, seed, diff, b)
		}
	}
}

// TestDecodeThenValidate checks that NewService's fields, prefixed with the
// decoding path, name the same places as DecodeSpec's.
func TestDecodeThenValidate(t *testing.T) {
	spec, err := carrier.DecodeSpec([]byte(`{"id": "parcel", "service": "standard", "max_parcel_g": 30000,
		"zones": [{"max_km": 600, "days": 1}, {"max_km": 100, "days": 2}],
		"rates": [{"max_g": 1000, "prices": [490]}]}`), "carriers[0]")
	require.NoError(t, err)
	_, err = carrier.NewService(spec)
	err = sourcing.WithPrefix("carriers[0]", err)
	want := []string{"carriers[0].zones[1].max_km", "carriers[0].rates[0].prices"}
	if diff := cmp.Diff(want, testkit.FieldNames(err)); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	for _, fe := range testkit.FieldErrors(err) {
		if !errors.Is(fe.Err, sourcing.ErrInvalid) {
			t.Errorf("%s wraps %v, want ErrInvalid", fe.Field, fe.Err)
		}
	}
}
