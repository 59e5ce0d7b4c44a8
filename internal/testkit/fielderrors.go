package testkit

import (
	"errors"

	"github.com/sourcing-go/sourcing"
)

// FieldErrors lists the FieldErrors joined in err, in order. Any other
// error becomes a FieldError with Field "?" and its message as Problem, so
// that a comparison shows it.
func FieldErrors(err error) []sourcing.FieldError {
	var out []sourcing.FieldError
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			out = append(out, *fe)
			continue
		}
		out = append(out, sourcing.FieldError{Field: "?", Problem: e.Error()})
	}
	return out
}

// FieldNames lists the fields of FieldErrors(err).
func FieldNames(err error) []string {
	var out []string
	for _, fe := range FieldErrors(err) {
		out = append(out, fe.Field)
	}
	return out
}
