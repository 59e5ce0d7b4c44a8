package stock_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/stock"
)

// TestNodeErrorsQuoteWhatWasWritten checks that a refused node shows each
// value as its JSON field holds it: money in minor units, a cut-off as a
// time of day, a kind without a Go-ism.
func TestNodeErrorsQuoteWhatWasWritten(t *testing.T) {
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr"})
	require.NoError(t, err)
	base := stock.Node{ID: "n", Kind: stock.Store, Location: geo.MustLatLng(45, 5), Country: "FR"}
	tests := []struct {
		name string
		edit func(n *stock.Node)
		want string
	}{
		{"handling cost in minor units", func(n *stock.Node) { n.HandlingCost = -120 }, "nodes[0].handling_cost: -120: must be ≥ 0"},
		{"pick cost in minor units", func(n *stock.Node) { n.PickCost = -5 }, "nodes[0].pick_cost: -5: must be ≥ 0"},
		{"cut-off as a time of day", func(n *stock.Node) { n.Cutoff = 15 * time.Hour }, `nodes[0].cutoff: "15:00": needs a calendar`},
		{"cut-off with seconds", func(n *stock.Node) { n.Cutoff = 7*time.Hour + 30*time.Minute + 15*time.Second }, `nodes[0].cutoff: "07:30:15": needs a calendar`},
		{"cut-off beyond a day", func(n *stock.Node) { n.Calendar, n.Cutoff = cal, 25*time.Hour }, `nodes[0].cutoff: "25h0m0s": must be a time of day in (00:00, 24:00]`},
		{"kind left out", func(n *stock.Node) { n.Kind = 0 }, "nodes[0].kind: must be warehouse, store or supplier"},
		{"kind out of range", func(n *stock.Node) { n.Kind = 7 }, "nodes[0].kind: 7: must be warehouse, store or supplier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := base
			tt.edit(&n)
			_, err := stock.NewSnapshot("EUR", []stock.Node{n}, nil, nil)
			var got []string
			for _, fe := range testkit.FieldErrors(err) {
				got = append(got, fe.Error())
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("NewSnapshot errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestZeroCalendar checks that the zero Calendar schedules nothing (no
// working day, in UTC) rather than panicking on its missing time zone.
func TestZeroCalendar(t *testing.T) {
	var c stock.Calendar
	sch, ok := c.Schedule(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), 15*time.Hour, 1, 2)
	require.False(t, ok)
	require.Equal(t, stock.Schedule{}, sch)
	require.Equal(t, time.UTC, c.Location())
	require.Equal(t, time.UTC, c.Spec().Location)
}
