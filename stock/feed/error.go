package feed

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sourcing-go/sourcing"
)

// Error is one problem of a feed, where it is: the file, the line and the
// column. Err is a [*sourcing.FieldError] naming the field (the column's
// name, or "" for a problem of the whole row) and the value as written,
// and wrapping the sentinel to test with [errors.Is]:
// [sourcing.ErrInvalid], [stock.ErrUnknownNode], [stock.ErrUnknownSKU] or
// [stock.ErrDuplicate].
//
// Error shows it as compilers do, "levels.csv:12:9: on_hand: -1: must be
// in [0, 1000000000000]", so that an editor jumps to it.
type Error struct {
	File string
	// Line is the 1-based line the row starts on (a CSV row may span
	// lines in a quoted field); a CSV header's problems are on line 1.
	Line int
	// Column is the 1-based byte offset in the line of the field's value
	// (CSV) or name (JSON lines); 0 when the problem is the whole row's or
	// the field is missing.
	Column int
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	b.WriteString(": ")
	msg := e.Err.Error()
	var fe *sourcing.FieldError
	if errors.As(e.Err, &fe) && fe.Field == "" {
		msg = strings.TrimPrefix(msg, ": ") // a whole row's problem: no field
	}
	b.WriteString(msg)
	return b.String()
}

// Unwrap returns the field error.
func (e *Error) Unwrap() error { return e.Err }

// errStop ends reading once the problems listed reach the limit.
var errStop = errors.New("feed: too many problems")

// problems collects the problems of a load, up to a limit.
type problems struct {
	list []error
	max  int
}

// add records e; past the limit, it records that reading stopped at e's
// place and returns errStop.
func (p *problems) add(e *Error) error {
	if len(p.list) == p.max {
		p.list = append(p.list, &Error{File: e.File, Line: e.Line,
			Err: sourcing.Invalid("", nil, fmt.Sprintf("more than %d problems: reading stopped here", p.max))})
		return errStop
	}
	p.list = append(p.list, e)
	return nil
}

func (p *problems) err() error { return errors.Join(p.list...) }
