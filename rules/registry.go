package rules

import (
	"bytes"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/sourcing-go/sourcing"
)

// ErrVersionReused is returned when a rule set with a new content reuses the
// version of the current one: versions identify content in every result, so
// a change needs a new version.
var ErrVersionReused = errors.New("version already used for other rules")

// ErrCurrencyChanged is returned when a rule set would replace rules in
// another currency: the rules of a registry price the orders of one stock,
// whose amounts are in one currency, so a swap cannot change it (carriers
// kept from the rules in force would be read in the new currency, and every
// solve against the stock would fail). A host changing currency builds a
// new snapshot and a new registry.
var ErrCurrencyChanged = errors.New("currency differs from the rules in force")

// Registry holds the current rule set behind an atomic pointer, so a host
// can swap rules while solves are in flight: each solve uses the rule set it
// loaded when it started (and records its version), and the next one sees
// the new rules. A Registry is safe for concurrent use; the zero value holds
// no rule set.
type Registry struct {
	cur atomic.Pointer[RuleSet]
}

// NewRegistry returns a registry holding rs.
func NewRegistry(rs *RuleSet) *Registry {
	r := &Registry{}
	r.cur.Store(rs)
	return r
}

// Current returns the rule set in force, or nil if none was stored.
func (r *Registry) Current() *RuleSet { return r.cur.Load() }

// Swap makes rs the rule set in force and returns the previous one. It
// refuses a nil rule set, one in another currency than the rules in force
// ([ErrCurrencyChanged]), and one that reuses the current version for a
// different content ([ErrVersionReused]); the rules in force then stay.
// Swapping in the same content again is a no-op.
func (r *Registry) Swap(rs *RuleSet) (*RuleSet, error) {
	if rs == nil {
		return nil, fmt.Errorf("%w: rules: Swap of a nil rule set", sourcing.ErrInvalid)
	}
	for {
		old := r.cur.Load()
		if err := currencyChange(old, rs); err != nil {
			return old, err
		}
		if old != nil && old.version == rs.version && old != rs {
			a, errA := old.MarshalJSON()
			b, errB := rs.MarshalJSON()
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				return old, fmt.Errorf("%w: %s", ErrVersionReused, rs.version)
			}
			return old, nil
		}
		if r.cur.CompareAndSwap(old, rs) {
			return old, nil
		}
	}
}

// Update parses a rule file, validates it and swaps it in: [Registry.Prepare]
// then [Registry.Swap]. It returns the new rule set, or the validation
// errors (every one, each with its path) and leaves the current rules in
// force. A host that also checks the rules against its stock before they
// take effect calls Prepare, its check (such as orchestrate.CheckRules),
// then Swap.
func (r *Registry) Update(data []byte) (*RuleSet, error) {
	rs, err := r.Prepare(data)
	if err != nil {
		return nil, err
	}
	if _, err := r.Swap(rs); err != nil {
		return nil, err
	}
	return rs, nil
}

// Prepare parses a rule file and validates it as Update does, without
// swapping it in: it returns the rule set, or every problem found, each
// with its path. Carriers and currency left out of the file are kept from
// the rule set in force, so a merchant editing weights need not resend the
// rate cards. A currency other than the one in force is not an error here
// ([Registry.Swap] refuses it): check the rule set against the stock with
// orchestrate.CheckRules, which reports it with the rest.
func (r *Registry) Prepare(data []byte) (*RuleSet, error) {
	return parse(data, func(spec *Spec) {
		cur := r.cur.Load()
		if cur == nil {
			return
		}
		if spec.Currency == "" {
			spec.Currency = cur.currency
		}
		if len(spec.Carriers) == 0 {
			for _, c := range cur.carriers {
				spec.Carriers = append(spec.Carriers, c.Spec())
			}
		}
	})
}

// currencyChange returns the [ErrCurrencyChanged] error when next is in
// another currency than cur (which may be nil: no rules in force).
func currencyChange(cur, next *RuleSet) error {
	if cur == nil || cur.currency == next.currency {
		return nil
	}
	return &sourcing.FieldError{Field: "currency", Value: string(next.currency),
		Problem: fmt.Sprintf("the rules in force (%s) are in %s; a swap cannot change the currency", cur.version, cur.currency),
		Err:     ErrCurrencyChanged}
}
