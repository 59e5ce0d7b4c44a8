package sourcing_test

import (
	"flag"
	"math"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the random tests (0: a new seed each run)")

// testSeed returns the seed of a random test and logs it, so a failure can be
// replayed with -seed.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", s, s)
	return s
}

func TestMoneyAdd(t *testing.T) {
	tests := []struct {
		name   string
		a, b   sourcing.Money
		want   sourcing.Money
		wantOK bool
	}{
		{name: "small", a: 150, b: 290, want: 440, wantOK: true},
		{name: "negative", a: -150, b: 100, want: -50, wantOK: true},
		{name: "zero", a: 0, b: 0, want: 0, wantOK: true},
		{name: "max plus zero", a: math.MaxInt64, b: 0, want: math.MaxInt64, wantOK: true},
		{name: "max plus min", a: math.MaxInt64, b: math.MinInt64, want: -1, wantOK: true},
		{name: "min plus zero", a: math.MinInt64, b: 0, want: math.MinInt64, wantOK: true},
		{name: "max plus one overflows", a: math.MaxInt64, b: 1, wantOK: false},
		{name: "one plus max overflows", a: 1, b: math.MaxInt64, wantOK: false},
		{name: "min minus one overflows", a: math.MinInt64, b: -1, wantOK: false},
		{name: "min plus min overflows", a: math.MinInt64, b: math.MinInt64, wantOK: false},
		{name: "half max twice fits", a: math.MaxInt64 / 2, b: math.MaxInt64/2 + 1, want: math.MaxInt64, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.a.Add(tt.b)
			if ok != tt.wantOK {
				t.Fatalf("Money(%d).Add(%d) ok = %v, want %v", tt.a, tt.b, ok, tt.wantOK)
			}
			if ok && got != tt.want {
				t.Errorf("Money(%d).Add(%d) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestMoneyMul(t *testing.T) {
	tests := []struct {
		name   string
		m      sourcing.Money
		n      int64
		want   sourcing.Money
		wantOK bool
	}{
		{name: "small", m: 490, n: 3, want: 1470, wantOK: true},
		{name: "by zero", m: math.MaxInt64, n: 0, want: 0, wantOK: true},
		{name: "zero by min", m: 0, n: math.MinInt64, want: 0, wantOK: true},
		{name: "negative", m: -490, n: 3, want: -1470, wantOK: true},
		{name: "min by one", m: math.MinInt64, n: 1, want: math.MinInt64, wantOK: true},
		{name: "max by minus one", m: math.MaxInt64, n: -1, want: -math.MaxInt64, wantOK: true},
		{name: "exactly min", m: -(1 << 32), n: 1 << 31, want: math.MinInt64, wantOK: true},
		{name: "just fits", m: 1 << 31, n: 1<<32 - 1, want: 1<<63 - 1<<31, wantOK: true},
		{name: "two to the 63 overflows", m: 1 << 32, n: 1 << 31, wantOK: false},
		{name: "max by two overflows", m: math.MaxInt64, n: 2, wantOK: false},
		{name: "min by minus one overflows", m: math.MinInt64, n: -1, wantOK: false},
		{name: "minus one by min overflows", m: -1, n: math.MinInt64, wantOK: false},
		{name: "min by two overflows", m: math.MinInt64, n: 2, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.m.Mul(tt.n)
			if ok != tt.wantOK {
				t.Fatalf("Money(%d).Mul(%d) ok = %v, want %v", tt.m, tt.n, ok, tt.wantOK)
			}
			if ok && got != tt.want {
				t.Errorf("Money(%d).Mul(%d) = %d, want %d", tt.m, tt.n, got, tt.want)
			}
		})
	}
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		m    sourcing.Money
		want string
	}{
		{0, "0"},
		{5, "5"},
		{-5, "-5"},
		{1234, "1234"},
		{math.MaxInt64, "9223372036854775807"},
		{math.MinInt64, "-9223372036854775808"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.m.String(); got != tt.want {
				t.Errorf("Money(%d).String() = %q, want %q", int64(tt.m), got, tt.want)
			}
		})
	}
}

// TestMoneyFormat checks amounts in the minor units of each kind of
// currency: two digits (EUR), none (JPY), three (KWD), four (CLF), and a
// code the library does not accept.
func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m    sourcing.Money
		c    sourcing.Currency
		want string
	}{
		{0, "EUR", "0.00"},
		{5, "EUR", "0.05"},
		{-5, "EUR", "-0.05"},
		{10, "USD", "0.10"},
		{100, "EUR", "1.00"},
		{1234, "EUR", "12.34"},
		{-1234, "EUR", "-12.34"},
		{math.MaxInt64, "EUR", "92233720368547758.07"},
		{math.MinInt64, "EUR", "-92233720368547758.08"},
		{1234, "JPY", "1234"},
		{-7, "KRW", "-7"},
		{1234, "KWD", "1.234"},
		{5, "BHD", "0.005"},
		{-50, "TND", "-0.050"},
		{12345, "CLF", "1.2345"},
		{1, "CLF", "0.0001"},
		{math.MinInt64, "CLF", "-922337203685477.5808"},
		{1234, "XAU", "1234"},
		{1234, "", "1234"},
	}
	for _, tt := range tests {
		t.Run(string(tt.c)+" "+tt.want, func(t *testing.T) {
			if got := tt.m.Format(tt.c); got != tt.want {
				t.Errorf("Money(%d).Format(%q) = %q, want %q", int64(tt.m), tt.c, got, tt.want)
			}
		})
	}
}

func TestCurrencyValid(t *testing.T) {
	tests := []struct {
		name string
		c    sourcing.Currency
		want bool
	}{
		{name: "EUR", c: "EUR", want: true},
		{name: "USD", c: "USD", want: true},
		{name: "JPY", c: "JPY", want: true},
		{name: "KWD", c: "KWD", want: true},
		{name: "not a code", c: "AAA", want: false},
		{name: "ZZZ", c: "ZZZ", want: false},
		{name: "gold has no minor unit", c: "XAU", want: false},
		{name: "no currency", c: "XXX", want: false},
		{name: "empty", c: "", want: false},
		{name: "lower case", c: "eur", want: false},
		{name: "mixed case", c: "Eur", want: false},
		{name: "two letters", c: "EU", want: false},
		{name: "four letters", c: "EURO", want: false},
		{name: "digit", c: "E1R", want: false},
		{name: "byte before A", c: "@UR", want: false},
		{name: "byte after Z", c: "EU[", want: false},
		{name: "space", c: "EU ", want: false},
		{name: "non-ASCII", c: "ÉU", want: false}, // three bytes
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Valid(); got != tt.want {
				t.Errorf("Currency(%q).Valid() = %v, want %v", tt.c, got, tt.want)
			}
		})
	}
}
