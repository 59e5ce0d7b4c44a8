package stock_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/stock"
)

func TestWithCommitted(t *testing.T) {
	base := exampleSnapshot() // store-lyon: capacity 10, committed 4
	tests := []struct {
		name    string
		give    []stock.Commitment
		want    map[stock.NodeID]sourcing.Qty // committed after
		wantErr []sourcing.FieldError
	}{
		{name: "a new day", give: []stock.Commitment{{Node: "store-lyon", Committed: 0}},
			want: map[stock.NodeID]sourcing.Qty{"store-lyon": 0, "dc-paris": 0}},
		{name: "set both", give: []stock.Commitment{{Node: "dc-paris", Committed: 7}, {Node: "store-lyon", Committed: 9}},
			want: map[stock.NodeID]sourcing.Qty{"store-lyon": 9, "dc-paris": 7}},
		{name: "nothing", want: map[stock.NodeID]sourcing.Qty{"store-lyon": 4, "dc-paris": 0}},
		{name: "unknown node", give: []stock.Commitment{{Node: "ghost"}},
			wantErr: []sourcing.FieldError{{Field: "committed[0].node", Value: "ghost", Problem: "no such node", Err: stock.ErrUnknownNode}}},
		{name: "negative", give: []stock.Commitment{{Node: "dc-paris", Committed: -1}},
			wantErr: []sourcing.FieldError{{Field: "committed[0].committed", Value: sourcing.Qty(-1), Problem: "must be in [0, 1000000000000]", Err: sourcing.ErrInvalid}}},
		{name: "given twice", give: []stock.Commitment{{Node: "dc-paris"}, {Node: "dc-paris", Committed: 1}},
			wantErr: []sourcing.FieldError{{Field: "committed[1].node", Value: "dc-paris", Problem: "given twice", Err: stock.ErrDuplicate}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := base.WithCommitted(tt.give)
			if tt.wantErr != nil {
				require.Nil(t, got)
				if diff := cmp.Diff(tt.wantErr, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
					t.Errorf("WithCommitted error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			require.NoError(t, err)
			have := map[stock.NodeID]sourcing.Qty{}
			for n := range got.Nodes() {
				have[n.ID] = n.Committed
			}
			if diff := cmp.Diff(tt.want, have); diff != "" {
				t.Errorf("committed mismatch (-want +got):\n%s", diff)
			}
			lyon, _ := base.Node("store-lyon")
			require.Equal(t, sourcing.Qty(4), lyon.Committed, "the snapshot given changed")
			require.Equal(t, base.Level("dc-paris", "TSHIRT-M"), got.Level("dc-paris", "TSHIRT-M"))
		})
	}
}

// A new day frees a full node's capacity: Apply takes again what the day
// before refused.
func TestWithCommittedFreesCapacity(t *testing.T) {
	s := exampleSnapshot()
	_, err := s.Apply([]stock.Allocation{{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 3}})
	require.NoError(t, err)
	full, err := s.WithCommitted([]stock.Commitment{{Node: "store-lyon", Committed: 10}})
	require.NoError(t, err)
	_, err = full.Apply([]stock.Allocation{{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 1}})
	require.ErrorIs(t, err, stock.ErrConflict)
	day2, err := full.WithCommitted([]stock.Commitment{{Node: "store-lyon"}})
	require.NoError(t, err)
	_, err = day2.Apply([]stock.Allocation{{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 3}})
	require.NoError(t, err)
}
