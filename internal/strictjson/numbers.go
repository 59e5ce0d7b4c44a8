package strictjson

import (
	"encoding/json"
	"math"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
)

// SignedRate decodes n, a JSON number, as a [sourcing.Rate] for field. A
// negative rate decodes (negated), so that validation reports it with the
// other problems of the document; "" (the field left out) is 0. The error
// names the field, repeats n as written and says why it is refused ("too
// large: must be at most 8999999999999.999999").
func SignedRate(n json.Number, field string) (sourcing.Rate, error) {
	if n == "" {
		return 0, nil
	}
	digits, neg := strings.CutPrefix(string(n), "-")
	r, err := sourcing.ParseRate(digits)
	if err != nil {
		// ParseRate's error is `invalid rate "digits": why`.
		_, why, ok := strings.Cut(err.Error(), `": `)
		if !ok {
			why = "must be a decimal number"
		}
		return 0, sourcing.Invalid(field, n, why)
	}
	if neg {
		r = -r
	}
	return r, nil
}

// maxKilometres is the bound of geo.DistanceFromKilometres.
const maxKilometres = 1e9

// Kilometres decodes n, a JSON number of kilometres, as a [geo.Distance]
// for field. A negative distance decodes (negated), so that validation
// reports it with the other problems of the document; "" (the field left
// out) is 0.
func Kilometres(n json.Number, field string) (geo.Distance, error) {
	if n == "" {
		return 0, nil
	}
	km, err := n.Float64()
	if err != nil || math.Abs(km) >= maxKilometres {
		return 0, sourcing.Invalid(field, n, "too large: must be less than 1e9 kilometres")
	}
	d, err := geo.DistanceFromKilometres(math.Abs(km))
	if err != nil {
		return 0, sourcing.Invalid(field, n, "must be a number of kilometres in [0, 1e9)")
	}
	if km < 0 {
		d = -d
	}
	return d, nil
}
