package orchestrate

import (
	"errors"
	"fmt"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// CheckRules reports every way rs does not fit snap, so a host can check a
// rule set against its stock before swapping it in (rules.Registry.Prepare,
// CheckRules, then rules.Registry.Swap) rather than learn it from failing
// solves:
//
//   - a currency other than the snapshot's: every solve would fail with
//     [ErrCurrencyMismatch];
//   - a node in a profile's exclude_nodes that the snapshot does not have
//     ([stock.ErrUnknownNode]): the exclusion would exclude nothing;
//   - a SKU in a profile's ship_together that the snapshot does not have
//     ([stock.ErrUnknownSKU]): the group would never apply.
//
// Each problem is a [sourcing.FieldError] naming its path in the rule file
// ("profiles[1].filters.exclude_nodes[0]"), wrapping its sentinel; they are
// joined ([sourcing.Errors] lists them). It returns nil when rs fits snap.
func CheckRules(snap *stock.Snapshot, rs *rules.RuleSet) error {
	if snap == nil || rs == nil {
		return fmt.Errorf("%w: CheckRules needs a snapshot and a rule set", sourcing.ErrInvalid)
	}
	var errs []error
	if rs.Currency() != snap.Currency() {
		errs = append(errs, &sourcing.FieldError{Field: "currency", Value: string(rs.Currency()),
			Problem: "the stock is in " + string(snap.Currency()), Err: ErrCurrencyMismatch})
	}
	for i, p := range rs.Profiles() {
		f := p.Spec().Filters
		for j, id := range f.ExcludeNodes {
			if _, ok := snap.Node(id); !ok {
				errs = append(errs, &sourcing.FieldError{Field: fmt.Sprintf("profiles[%d].filters.exclude_nodes[%d]", i, j),
					Value: string(id), Problem: "no such node in the stock", Err: stock.ErrUnknownNode})
			}
		}
		for g, skus := range f.ShipTogether {
			for k, sku := range skus {
				if _, ok := snap.Item(sku); !ok {
					errs = append(errs, &sourcing.FieldError{Field: fmt.Sprintf("profiles[%d].filters.ship_together[%d][%d]", i, g, k),
						Value: string(sku), Problem: "no such item in the stock", Err: stock.ErrUnknownSKU})
				}
			}
		}
	}
	return errors.Join(errs...)
}
