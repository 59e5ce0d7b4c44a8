package stock

import (
	"fmt"

	"github.com/sourcing-go/sourcing"
)

// Commitment is the units a node has committed today: its
// [Node.Committed], counted against its daily capacity.
type Commitment struct {
	Node      NodeID
	Committed sourcing.Qty
}

// WithCommitted returns the snapshot with the committed units of the given
// nodes replaced: how a host starts a node's new day (0 committed, the
// reservations and shipments of the day before no longer counting against
// its capacity), or sets what its picking system reports. Each quantity
// must be in [0, MaxQty] ([sourcing.ErrInvalid]); an unknown node is a
// field error wrapping [ErrUnknownNode] and a node given twice one
// wrapping [ErrDuplicate] (fields "committed[i]…"). Stock levels are not
// changed; s itself is never changed.
func (s *Snapshot) WithCommitted(cs []Commitment) (*Snapshot, error) {
	next := *s
	ce := s.committed.Edit()
	given := make(map[int32]bool, len(cs))
	for i, c := range cs {
		field := fmt.Sprintf("committed[%d]", i)
		n, ok := s.nodeIndex[c.Node]
		if !ok {
			return nil, &sourcing.FieldError{Field: field + ".node", Value: string(c.Node), Problem: "no such node", Err: ErrUnknownNode}
		}
		if c.Committed < 0 || c.Committed > MaxQty {
			return nil, sourcing.Invalid(field+".committed", c.Committed, fmt.Sprintf("must be in [0, %d]", MaxQty))
		}
		if given[n] {
			return nil, &sourcing.FieldError{Field: field + ".node", Value: string(c.Node), Problem: "given twice", Err: ErrDuplicate}
		}
		given[n] = true
		*ce.Ptr(int(n)) = c.Committed
	}
	next.committed = ce.Done()
	return &next, nil
}
