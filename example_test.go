package sourcing_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
)

func ExampleMoney_Add() {
	total, ok := sourcing.Money(1290).Add(150)
	fmt.Println(total, ok)
	_, ok = sourcing.Money(1<<63 - 1).Add(1)
	fmt.Println("overflow ok:", ok)
	// Output:
	// 1440 true
	// overflow ok: false
}

func ExampleMoney_Mul() {
	total, ok := sourcing.Money(490).Mul(3)
	fmt.Println(total, ok)
	_, ok = sourcing.Money(1 << 40).Mul(1 << 30)
	fmt.Println("overflow ok:", ok)
	// Output:
	// 1470 true
	// overflow ok: false
}

func ExampleMoney_String() {
	fmt.Println(sourcing.Money(1234), sourcing.Money(5), sourcing.Money(-250))
	// Output: 1234 5 -250
}

func ExampleMoney_Format() {
	for _, c := range []sourcing.Currency{"EUR", "JPY", "KWD"} {
		fmt.Println(sourcing.Money(1234).Format(c), c)
	}
	fmt.Println(sourcing.Money(-5).Format("EUR"))
	// Output:
	// 12.34 EUR
	// 1234 JPY
	// 1.234 KWD
	// -0.05
}

func ExampleCurrency_Valid() {
	fmt.Println(sourcing.Currency("EUR").Valid(), sourcing.Currency("eur").Valid(), sourcing.Currency("EURO").Valid(), sourcing.Currency("XAU").Valid())
	// Output: true false false false
}

func ExampleCurrency_MinorUnits() {
	for _, c := range []sourcing.Currency{"EUR", "JPY", "BHD", "CLF", "ABC"} {
		d, ok := c.MinorUnits()
		fmt.Println(c, d, ok)
	}
	// Output:
	// EUR 2 true
	// JPY 0 true
	// BHD 3 true
	// CLF 4 true
	// ABC 0 false
}

func ExampleParseRate() {
	for _, s := range []string{"0.5", "1.25e-4", "0.0000005", "-1", "9e12"} {
		r, err := sourcing.ParseRate(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s → %d millionths\n", s, int64(r))
	}
	// Output:
	// 0.5 → 500000 millionths
	// 1.25e-4 → 125 millionths
	// 0.0000005 → 1 millionths
	// invalid rate "-1": must be ≥ 0
	// invalid rate "9e12": too large: must be at most 8999999999999.999999
}

func ExampleMustRate() {
	w := struct{ PerKm, CO2PerKg sourcing.Rate }{PerKm: sourcing.MustRate("0.5"), CO2PerKg: sourcing.MustRate("1.25e-4")}
	fmt.Println(int64(w.PerKm), w.PerKm, int64(w.CO2PerKg), w.CO2PerKg)
	// Output: 500000 0.5 125 0.000125
}

func ExampleRate_String() {
	fmt.Println(sourcing.Rate(500_000), sourcing.Rate(125), sourcing.Rate(12_000_000))
	// Output: 0.5 0.000125 12
}

func ExampleRateFromInt() {
	fmt.Println(int64(sourcing.RateFromInt(3)), sourcing.RateFromInt(3))
	// Output: 3000000 3
}

func ExampleInvalid() {
	err := sourcing.Invalid("max_parcel_g", 0, "must be > 0")
	fmt.Println(err)
	fmt.Println(errors.Is(err, sourcing.ErrInvalid))
	// Output:
	// max_parcel_g: 0: must be > 0
	// true
}

func ExampleWithPrefix() {
	// A node validator knows only its own fields; the caller says where the
	// node is.
	err := errors.Join(
		sourcing.Invalid("lat", 91.5, "must be in [-90, 90]"),
		sourcing.Invalid("country", "", "must not be empty"),
	)
	err = sourcing.WithPrefix("nodes[3]", err)
	fmt.Println(err)

	var fe *sourcing.FieldError
	if errors.As(err, &fe) {
		fmt.Println("first field:", fe.Field)
	}
	// Output:
	// nodes[3].lat: 91.5: must be in [-90, 90]
	// nodes[3].country: "": must not be empty
	// first field: nodes[3].lat
}

func ExampleFieldError() {
	errUnknownSKU := errors.New("unknown SKU")
	var err error = &sourcing.FieldError{Field: "stock[2].sku", Value: "TSHIRT-XL", Problem: "no such item", Err: errUnknownSKU}
	fmt.Println(err)
	fmt.Println(errors.Is(err, errUnknownSKU), errors.Is(err, sourcing.ErrInvalid))
	// Output:
	// stock[2].sku: "TSHIRT-XL": no such item
	// true false
}

func ExampleRate_UnmarshalJSON() {
	var w struct {
		PerKm sourcing.Rate `json:"per_km"`
	}
	err := json.Unmarshal([]byte(`{"per_km": 1.25e-4}`), &w)
	fmt.Println(w.PerKm, err)
	err = json.Unmarshal([]byte(`{"per_km": -0.5}`), &w)
	fmt.Println(err)
	// Output:
	// 0.000125 <nil>
	// invalid rate "-0.5": must be ≥ 0
}

// Errors lists the problems of a validation, one per field, to show or
// return them one by one.
func ExampleErrors() {
	_, err := rules.New(rules.Spec{Currency: "EURO", Profiles: []rules.ProfileSpec{{Name: "default"}}})
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			fmt.Printf("field %s, value %q: %s\n", fe.Field, fe.Value, fe.Problem)
		}
	}
	// Output:
	// field version, value "": must not be empty
	// field currency, value "EURO": must be an ISO 4217 code such as EUR
}
