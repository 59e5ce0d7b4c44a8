package sourcing

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// RateScale is the number of [Rate] steps in one whole unit: rates carry six
// fractional digits.
const RateScale = 1_000_000

// Rate is a non-negative decimal with six fractional digits, held as an
// integer count of millionths. It prices what is not a whole number of minor
// units: 0.5 cent per kilometre is Rate(500_000). A Rate is applied to a
// quantity and the product rounded once, half away from zero, so money never
// passes through a float.
type Rate int64

// ErrRate is wrapped by the errors of [ParseRate].
var ErrRate = errors.New("invalid rate")

// MaxRate is the largest Rate [ParseRate] accepts: just under 9×10¹², so
// that a rate times a distance or a quantity the library accepts is
// computed without overflow.
const MaxRate Rate = 9_000_000_000_000*RateScale - 1

// ParseRate parses a non-negative decimal in JSON number syntax such as
// "0.5", "12", "0.000125" or "1.25e-4". Digits beyond the sixth fractional
// one are rounded half away from zero. Signs other than an exponent's, and
// values above [MaxRate], are refused.
func ParseRate(s string) (Rate, error) {
	bad := func(why string) (Rate, error) {
		return 0, fmt.Errorf("%w %q: %s", ErrRate, s, why)
	}
	if strings.HasPrefix(s, "-") {
		return bad("must be ≥ 0")
	}
	mant, expPart, hasExp := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, hasDot := strings.Cut(mant, ".")
	if intPart == "" || hasDot && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return bad("not a decimal number")
	}
	exp := 0
	if hasExp {
		e, err := strconv.Atoi(expPart)
		if errors.Is(err, strconv.ErrRange) {
			e, err = 1000, nil
			if strings.HasPrefix(expPart, "-") {
				e = -1000
			}
		}
		zero := strings.Trim(intPart+frac, "0") == ""
		switch {
		case err != nil:
			return bad("exponent out of range")
		case e > 40 && !zero:
			return bad("too large: must be at most " + MaxRate.String())
		case e < -40 || e > 40:
			return bad("exponent out of range")
		}
		exp = e
	}
	// digits × 10^(exp−len(frac)) is the value; shift to millionths.
	digits := strings.TrimLeft(intPart+frac, "0")
	shift := exp - len(frac) + 6
	var roundUp bool
	switch {
	case shift >= 0:
		digits += strings.Repeat("0", shift)
	case -shift >= len(digits):
		roundUp = -shift == len(digits) && digits[0] >= '5'
		digits = ""
	default:
		cut := len(digits) + shift
		roundUp = digits[cut] >= '5'
		digits = digits[:cut]
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 19 {
		return bad("too large: must be at most " + MaxRate.String())
	}
	v := uint64(0)
	if digits != "" {
		var err error
		if v, err = strconv.ParseUint(digits, 10, 64); err != nil {
			return bad("too large: must be at most " + MaxRate.String())
		}
	}
	if roundUp {
		v++
	}
	if v > uint64(MaxRate) {
		return bad("too large: must be at most " + MaxRate.String())
	}
	return Rate(v), nil
}

// MustRate is like [ParseRate] but panics if s is not a valid rate. It is
// for rates written as Go literals, in tests and in a host's constants
// (rules.Weights{PerKm: sourcing.MustRate("0.5")}), as
// netip.MustParseAddr is for addresses; a rate read from input goes through
// ParseRate and its error.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// RateFromInt returns the rate n, exactly.
func RateFromInt(n int64) Rate { return Rate(n * RateScale) }

// String formats r as a plain decimal without trailing zeros: "0.5", "12".
// A negative r, which only an invalid value can be, is shown with its sign
// ("-1.5") so that error messages repeat it faithfully.
func (r Rate) String() string {
	u := uint64(r)
	sign := ""
	if r < 0 {
		u, sign = -u, "-"
	}
	whole, frac := u/RateScale, u%RateScale
	if frac == 0 {
		return sign + strconv.FormatUint(whole, 10)
	}
	f := strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
	return sign + strconv.FormatUint(whole, 10) + "." + f
}

// MarshalJSON writes r as a JSON number.
func (r Rate) MarshalJSON() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalJSON reads a JSON number with [ParseRate].
func (r *Rate) UnmarshalJSON(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
