package sourcing_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
)

// maxRate is the largest rate ParseRate accepts: just under 9×10¹².
const maxRate = sourcing.MaxRate

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want sourcing.Rate
	}{
		// Plain decimals.
		{"0", 0},
		{"0.0", 0},
		{"12", 12_000_000},
		{"0.5", 500_000},
		{"1.5", 1_500_000},
		{"0.000125", 125},
		{"0.000001", 1},
		{"123.456789", 123_456_789},
		{"8999999999999.999999", maxRate},
		// Exponents.
		{"1.25e-4", 125},
		{"1.25E-4", 125},
		{"125e-6", 125},
		{"0.125e-3", 125},
		{"1e3", 1_000_000_000},
		{"1e+3", 1_000_000_000},
		{"1E0", 1_000_000},
		{"0.5e1", 5_000_000},
		{"1e-40", 0},
		{"0e-5", 0},
		{"8.999999999999999999e12", maxRate},
		// Rounding beyond the sixth fractional digit: half away from zero,
		// which for non-negative rates is half up (never to even).
		{"0.0000005", 1},
		{"0.00000049", 0},
		{"0.000000499999999", 0},
		{"0.0000015", 2},
		{"0.0000025", 3},
		{"0.0000035", 4},
		{"0.1234565", 123_457},
		{"0.1234564999", 123_456},
		{"0.12345650", 123_457},
		{"5e-7", 1},
		{"4.9e-7", 0},
		{"2.5e-6", 3},
		{"1e-7", 0},
		{"0.99999995", 1_000_000},
		{"9.9999995", 10_000_000},
		{"1.00000049", 1_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := sourcing.ParseRate(tt.in)
			require.NoError(t, err)
			if got != tt.want {
				t.Errorf("ParseRate(%q) = %d millionths, want %d", tt.in, int64(got), int64(tt.want))
			}
		})
	}
}

func TestParseRateRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		why  string
	}{
		{name: "negative", in: "-1", why: "≥ 0"},
		{name: "negative fraction", in: "-0.5", why: "≥ 0"},
		{name: "negative zero", in: "-0", why: "≥ 0"},
		{name: "empty", in: "", why: "not a decimal"},
		{name: "plus sign", in: "+1", why: "not a decimal"},
		{name: "no integer digits", in: ".5", why: "not a decimal"},
		{name: "no fraction digits", in: "5.", why: "not a decimal"},
		{name: "two dots", in: "1.2.3", why: "not a decimal"},
		{name: "letters", in: "abc", why: "not a decimal"},
		{name: "trailing letter", in: "1x", why: "not a decimal"},
		{name: "leading space", in: " 1", why: "not a decimal"},
		{name: "trailing space", in: "1 ", why: "not a decimal"},
		{name: "hex", in: "0x10", why: "not a decimal"},
		{name: "underscore", in: "1_000", why: "not a decimal"},
		{name: "NaN", in: "NaN", why: "not a decimal"},
		{name: "Inf", in: "Inf", why: "not a decimal"},
		{name: "comma", in: "0,5", why: "not a decimal"},
		{name: "empty exponent", in: "1e", why: "exponent"},
		{name: "signed empty exponent", in: "1e-", why: "exponent"},
		{name: "two exponents", in: "1e5e5", why: "exponent"},
		{name: "huge exponent", in: "1e400", why: "too large: must be at most 8999999999999.999999"},
		{name: "huge exponent of zero", in: "0e400", why: "exponent out of range"},
		{name: "tiny exponent", in: "1e-400", why: "exponent out of range"},
		{name: "exponent beyond int", in: "1e99999999999999999999", why: "too large"},
		{name: "9e12", in: "9000000000000", why: "too large"},
		{name: "9e12 with exponent", in: "9e12", why: "too large"},
		{name: "rounds up to 9e12", in: "8999999999999.9999995", why: "too large"},
		{name: "1e30", in: "1e30", why: "too large"},
		{name: "max int64 and more", in: "9223372036854775808", why: "too large"},
		{name: "twenty nines", in: "99999999999999999999", why: "too large"},
		{name: "many digits", in: "1" + strings.Repeat("0", 100), why: "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sourcing.ParseRate(tt.in)
			require.Error(t, err, "ParseRate(%q) = %v", tt.in, got)
			require.ErrorIs(t, err, sourcing.ErrRate)
			require.Contains(t, err.Error(), strconv.Quote(tt.in), "the error repeats the input")
			require.Contains(t, err.Error(), tt.why)
		})
	}
}

func TestRateString(t *testing.T) {
	tests := []struct {
		r    sourcing.Rate
		want string
	}{
		{0, "0"},
		{1, "0.000001"},
		{125, "0.000125"},
		{500_000, "0.5"},
		{1_000_000, "1"},
		{12_000_000, "12"},
		{1_234_567_890, "1234.56789"},
		{100_000_100, "100.0001"},
		{maxRate, "8999999999999.999999"},
		// Negative rates are invalid, but error messages show them.
		{-1, "-0.000001"},
		{-1_500_000, "-1.5"},
		{-12_000_000, "-12"},
		{math.MinInt64, "-9223372036854.775808"},
		{math.MaxInt64, "9223372036854.775807"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.r.String(); got != tt.want {
				t.Errorf("Rate(%d).String() = %q, want %q", int64(tt.r), got, tt.want)
			}
			b, err := json.Marshal(tt.r)
			require.NoError(t, err)
			if string(b) != tt.want {
				t.Errorf("json.Marshal(Rate(%d)) = %s, want %s", int64(tt.r), b, tt.want)
			}
		})
	}
}

func TestRateFromInt(t *testing.T) {
	for _, n := range []int64{0, 1, 12, 9_000_000} {
		if got, want := sourcing.RateFromInt(n), sourcing.Rate(n*1_000_000); got != want {
			t.Errorf("RateFromInt(%d) = %d, want %d", n, int64(got), int64(want))
		}
		if got, want := sourcing.RateFromInt(n).String(), strconv.FormatInt(n, 10); got != want {
			t.Errorf("RateFromInt(%d).String() = %q, want %q", n, got, want)
		}
	}
}

// TestRateStringRoundTrip checks that ParseRate reads back what String writes,
// for rates of every magnitude, and that an exponent form of the same value
// parses to the same rate.
func TestRateStringRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	for range 20_000 {
		// Draw the number of digits first, so small rates are as common as
		// large ones.
		r := sourcing.Rate(rng.Int64N(int64(maxRate)+1) >> rng.UintN(63))
		s := r.String()
		got, err := sourcing.ParseRate(s)
		require.NoError(t, err, "ParseRate(%q)", s)
		if got != r {
			t.Fatalf("ParseRate(Rate(%d).String() = %q) = %d", int64(r), s, int64(got))
		}
		// The same value written as millionths with an exponent.
		exp := strconv.FormatInt(int64(r), 10) + "e-6"
		got, err = sourcing.ParseRate(exp)
		require.NoError(t, err, "ParseRate(%q)", exp)
		if got != r {
			t.Fatalf("ParseRate(%q) = %d, want %d", exp, int64(got), int64(r))
		}
	}
}

// TestParseRateRounding compares ParseRate on values with up to 12 fractional
// digits against rounding done with integers.
func TestParseRateRounding(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 2))
	for range 20_000 {
		whole := rng.Int64N(1_000_000)
		frac := rng.Int64N(1_000_000_000_000) // twelve digits
		s := strconv.FormatInt(whole, 10) + "." + leftPad(strconv.FormatInt(frac, 10), 12)
		want := sourcing.Rate(whole*sourcing.RateScale + frac/1_000_000)
		if frac%1_000_000 >= 500_000 {
			want++
		}
		got, err := sourcing.ParseRate(s)
		require.NoError(t, err, "ParseRate(%q)", s)
		if got != want {
			t.Fatalf("ParseRate(%q) = %d, want %d", s, int64(got), int64(want))
		}
	}
}

func leftPad(s string, n int) string { return strings.Repeat("0", n-len(s)) + s }

func TestRateJSON(t *testing.T) {
	type doc struct {
		PerKm sourcing.Rate `json:"per_km"`
	}
	t.Run("decode", func(t *testing.T) {
		var d doc
		require.NoError(t, json.Unmarshal([]byte(`{"per_km": 1.25e-4}`), &d))
		if d.PerKm != 125 {
			t.Errorf("per_km = %d millionths, want 125", int64(d.PerKm))
		}
	})
	t.Run("round trip", func(t *testing.T) {
		in := doc{PerKm: 1_234_567}
		b, err := json.Marshal(in)
		require.NoError(t, err)
		if got, want := string(b), `{"per_km":1.234567}`; got != want {
			t.Errorf("json.Marshal = %s, want %s", got, want)
		}
		var out doc
		require.NoError(t, json.Unmarshal(b, &out))
		if out != in {
			t.Errorf("round trip = %+v, want %+v", out, in)
		}
	})
	t.Run("refuses negative", func(t *testing.T) {
		var d doc
		err := json.Unmarshal([]byte(`{"per_km": -0.5}`), &d)
		require.Error(t, err)
		if !errors.Is(err, sourcing.ErrRate) {
			t.Errorf("error %v does not wrap ErrRate", err)
		}
	})
	t.Run("refuses a string", func(t *testing.T) {
		var d doc
		require.ErrorIs(t, json.Unmarshal([]byte(`{"per_km": "0.5"}`), &d), sourcing.ErrRate)
	})
}
