package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// TestTextGoldens runs -text on the quickstart, the omnichannel network
// (collect from a shelf and by transfer, reservations, endless aisle,
// dropship, calendars) and a worked example with backorders and orders
// that cannot be served, against golden files; -update rewrites them.
func TestTextGoldens(t *testing.T) {
	for _, tt := range []struct{ name, file string }{
		{"quickstart", "../../testdata/quickstart.json"},
		{"omnichannel", "../../testdata/omnichannel.json"},
		{"example-008", "../../testdata/scenarios/example-008.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"-text", "-k", "2", tt.file}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s", stderr.String())
			require.Empty(t, stderr.String())
			golden(t, filepath.Join("testdata", tt.name+".golden.txt"), stdout.Bytes())
		})
	}
}

// TestTextNotes checks the lines of an order that was not served and of
// one cut short, which the goldens above cannot show without depending on
// how far a budget takes the search.
func TestTextNotes(t *testing.T) {
	plan := orchestrate.Plan{Rank: 1, Cost: 1500, Breakdown: orchestrate.Breakdown{Backorder: 1500},
		Backordered: []orchestrate.Line{{SKU: "TENT-2P", Qty: 2}, {SKU: "SHOE-42", Qty: 1}}}
	outcomes := []simulate.Outcome{
		{Order: "web-1", Err: errors.New("order web-1: no feasible plan:\nno store holds the whole basket")},
		{Order: "web-22", Result: &orchestrate.Result{Order: "web-22", Optimal: false, LowerBound: 1234, Plans: []orchestrate.Plan{plan}}},
	}
	var got bytes.Buffer
	require.NoError(t, writeText(&got, outcomes, "JPY"))
	want := "" +
		"ORDER   RANK  NODE         LINES                     CARRIER  ETA  COST JPY  PLAN COST\n" +
		"web-1   error: order web-1: no feasible plan:; no store holds the whole basket\n" +
		"web-22  1     backordered  2 × TENT-2P, 1 × SHOE-42  -        -    1500      1500\n" +
		"web-22  cut short: the plans are the best found, not proven optimal; the optimum costs at least 1234\n"
	if diff := cmp.Diff(want, got.String()); diff != "" {
		t.Errorf("writeText mismatch (-want +got):\n%s", diff)
	}
}
