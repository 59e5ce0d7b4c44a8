package sourcing

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// ErrInvalid is wrapped by every [FieldError] whose cause is a malformed value
// rather than a reference to something unknown.
var ErrInvalid = errors.New("invalid value")

// FieldError reports one bad value: where it is (Field, a path in the JSON
// vocabulary of the library such as "profiles[2].filters.max_km"), what it
// is (Value) and what is wrong (Problem). Err is the sentinel the caller can
// test with [errors.Is], such as [ErrInvalid] or stock.ErrUnknownSKU.
//
// Error shows Value as JSON writes it, so that the message repeats what the
// user wrote: a string quoted, a number bare ([Money] in minor units, [Rate]
// and json.Number as decimals), any other [fmt.Stringer] quoted.
type FieldError struct {
	Field   string
	Value   any
	Problem string
	Err     error
}

func (e *FieldError) Error() string {
	if e.Value == nil {
		return fmt.Sprintf("%s: %s", e.Field, e.Problem)
	}
	return fmt.Sprintf("%s: %v: %s", e.Field, asJSON(e.Value), e.Problem)
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// asJSON returns v as a FieldError shows it.
func asJSON(v any) any {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case json.Number:
		return string(x)
	case Money:
		return int64(x)
	case Rate:
		return x.String()
	case fmt.Stringer:
		return strconv.Quote(x.String())
	}
	return v
}

// Invalid returns a [FieldError] wrapping [ErrInvalid].
func Invalid(field string, value any, problem string) *FieldError {
	return &FieldError{Field: field, Value: value, Problem: problem, Err: ErrInvalid}
}

// WithPrefix returns err with prefix+"." (or prefix alone before an index)
// put in front of the Field of every FieldError it holds, keeping the rest.
// It lets a decoder report "nodes[3].lat" from a node validator that knows
// only "lat".
func WithPrefix(prefix string, err error) error {
	if err == nil || prefix == "" {
		return err
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs := joined.Unwrap()
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = WithPrefix(prefix, e)
		}
		return errors.Join(out...)
	}
	var fe *FieldError
	if errors.As(err, &fe) && fe == err {
		c := *fe
		switch {
		case c.Field == "":
			c.Field = prefix
		case c.Field[0] == '[':
			c.Field = prefix + c.Field
		default:
			c.Field = prefix + "." + c.Field
		}
		return &c
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// Errors returns the errors joined in err (by errors.Join, at any depth),
// in order; or err alone. Validation reports every problem as a joined
// error; this lists them, one per problem.
func Errors(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, Errors(e)...)
		}
		return out
	}
	return []error{err}
}
