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
// refuses a nil rule set, and one that reuses the current version for a
// different content ([ErrVersionReused]). Swapping in the same content again
// is a no-op.
func (r *Registry) Swap(rs *RuleSet) (*RuleSet, error) {
	if rs == nil {
		return nil, fmt.Errorf("%w: rules: Swap of a nil rule set", sourcing.ErrInvalid)
	}
	for {
		old := r.cur.Load()
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

// Update parses a rule file, validates it and swaps it in. Carriers and
// currency left out of the file are kept from the current rule set, so a
// merchant editing weights need not resend the rate cards. It returns the
// new rule set, or the validation errors (every one, each with its path) and
// leaves the current rules in force.
func (r *Registry) Update(data []byte) (*RuleSet, error) {
	rs, err := parse(data, func(spec *Spec) {
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
	if err != nil {
		return nil, err
	}
	if _, err := r.Swap(rs); err != nil {
		return nil, err
	}
	return rs, nil
}
