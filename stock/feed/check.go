package feed

import (
	"errors"
	"github.com/sourcing-go/sourcing/internal/stockjson"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
)

// The values of a row are checked by stock.NewSnapshot, on a snapshot of
// the row alone, so that a feed is held to the rules and messages of the
// library, not to a copy of them; only the position is the feed's.

// placeholder is the currency of the one-row snapshots that check a row:
// no check of a node, an item or a level depends on it.
const placeholder sourcing.Currency = "EUR"

// checkNode returns the problems NewSnapshot finds in n, named by field.
func checkNode(n stock.Node) error {
	_, err := stock.NewSnapshot(placeholder, []stock.Node{n}, nil, nil)
	return unprefix(err, "nodes[0]", nil)
}

// checkItem returns the problems NewSnapshot finds in it.
func checkItem(it stock.Item) error {
	_, err := stock.NewSnapshot(placeholder, nil, []stock.Item{it}, nil)
	return unprefix(err, "items[0]", nil)
}

// checkLevel returns the problems NewSnapshot finds in r: those of its
// quantities, and that its node or SKU is unknown when unknownNode or
// unknownSKU says so (the snapshot of the row alone knows neither).
func checkLevel(r stock.Record, unknownNode, unknownSKU bool) error {
	_, err := stock.NewSnapshot(placeholder, nil, nil, []stock.Record{r})
	return unprefix(err, "stock[0]", func(e error) bool {
		switch {
		case errors.Is(e, stock.ErrUnknownNode):
			return unknownNode
		case errors.Is(e, stock.ErrUnknownSKU):
			return unknownSKU
		}
		return true
	})
}

// inRange reports whether the quantities of l are ones NewSnapshot
// accepts, to spare the check of a level that has no problem: NewSnapshot
// decides.
func inRange(l stock.Level) bool {
	ok := func(q sourcing.Qty) bool { return q >= 0 && q <= stock.MaxQty }
	return ok(l.OnHand) && ok(l.Reserved) && ok(l.Safety)
}

// unprefix returns the problems of err that keep accepts (all if nil),
// their fields without prefix: "nodes[0].capacity" becomes "capacity",
// "stock[0]" "".
func unprefix(err error, prefix string, keep func(error) bool) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range sourcing.Errors(err) {
		if keep != nil && !keep(e) {
			continue
		}
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			if rest, ok := strings.CutPrefix(fe.Field, prefix); ok {
				c := *fe
				c.Field = strings.TrimPrefix(rest, ".")
				e = &c
			}
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// The JSON forms of an item and a stock level (see internal/stockjson).
type (
	itemJSON  = stockjson.Item
	levelJSON = stockjson.Level
)
