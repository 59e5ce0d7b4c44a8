package simulate_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// TestDecisionJSON: every decision of the season reads back from its JSON
// line as it was (the CO2 to the gram), and a malformed line names its
// field.
func TestDecisionJSON(t *testing.T) {
	for name, s := range seasonReport(t) {
		for _, d := range s.Decisions {
			data, err := json.Marshal(d)
			require.NoError(t, err)
			var back simulate.Decision
			require.NoError(t, json.Unmarshal(data, &back), "%s", data)
			again, err := json.Marshal(back)
			require.NoError(t, err)
			if string(again) != string(data) {
				t.Fatalf("%s: %s read back as %s", name, data, again)
			}
			if d.Reservation == nil && len(d.Refusals) == 0 && len(d.Plan.Shipments) > 0 {
				require.Empty(t, cmp.Diff(d.Plan.Nodes(), back.Plan.Nodes()))
			}
		}
	}
	var d simulate.Decision
	err := json.Unmarshal([]byte(`{"strategy": "e", "orders": ["o1"], "at": "2026-11-23T10:00:00Z", "assigned_at": "2026-11-23T09:00:00Z",
		"plan": {"rank": 1, "cost": 0, "breakdown": {}, "shipments": [], "backordered": []},
		"outcomes": [{"node": "n", "day": "tomorrow", "resourced": 0, "late_days": 0, "actual_days": 1, "late": false, "co2_kg": 0}], "extra": 1}`), &d)
	require.Equal(t, []string{"extra"}, testkit.FieldNames(err))
	err = json.Unmarshal([]byte(`{"strategy": "e", "orders": ["o1"], "at": "2026-11-23T10:00:00Z", "assigned_at": "2026-11-23T09:00:00Z",
		"plan": {"rank": 1, "cost": 0, "breakdown": {}, "shipments": [], "backordered": []},
		"outcomes": [{"node": "n", "day": "tomorrow", "resourced": 0, "late_days": 0, "actual_days": 1, "late": false, "co2_kg": 0}]}`), &d)
	require.Equal(t, []string{"outcomes[0].day"}, testkit.FieldNames(err))
}

// TestEventAndSettingsJSON: events and settings read back from their JSON
// as Parse reads them, strictly.
func TestEventAndSettingsJSON(t *testing.T) {
	sc := season(t)
	data, err := json.Marshal(sc.Simulation)
	require.NoError(t, err)
	var set simulate.Settings
	require.NoError(t, json.Unmarshal(data, &set))
	require.Equal(t, sc.Simulation, set)
	for _, e := range sc.Events[:10] {
		data, err := json.Marshal(e)
		require.NoError(t, err)
		var back simulate.Event
		require.NoError(t, json.Unmarshal(data, &back))
		require.True(t, e.At.Equal(back.At))
		require.Equal(t, *e.Restock, *back.Restock)
	}
	var e simulate.Event
	require.Equal(t, []string{"at", "restock"}, testkit.FieldNames(json.Unmarshal([]byte(`{}`), &e)))
	require.Equal(t, []string{"restock.qty"}, testkit.FieldNames(json.Unmarshal([]byte(`{"at": "2026-11-23T10:00:00Z", "restock": {"node": "n", "sku": "s", "qty": 0}}`), &e)))
	require.Equal(t, []string{"simulation.seeds", "simulation.no_show"}, testkit.FieldNames(json.Unmarshal([]byte(`{"seeds": 1, "no_show": 2}`), &set)))
}
