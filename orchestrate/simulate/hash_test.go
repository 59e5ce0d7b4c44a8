package simulate_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/stock"
)

// TestDraws: the world's draws happen at their probability, independently
// of one another (two nodes, two seeds, refusal and delay), and never for
// p = 0, always for p = 1.
func TestDraws(t *testing.T) {
	const n = 50_000
	express := carrier.ServiceID{Carrier: "colis", Service: "express"}
	tests := []struct {
		name string
		p    float64 // the probability of each event
		want float64 // of the event counted
		hit  func(set *simulate.Settings, order string) bool
	}{
		{"refused", 0.3, 0.3, func(s *simulate.Settings, o string) bool { return s.Refuses(o, "a") }},
		{"refused by two nodes", 0.3, 0.09, func(s *simulate.Settings, o string) bool { return s.Refuses(o, "a") && s.Refuses(o, "b") }},
		{"refused under two seeds", 0.3, 0.09, func(s *simulate.Settings, o string) bool {
			other := *s
			other.Seed++
			return s.Refuses(o, "a") && other.Refuses(o, "a")
		}},
		{"refused and late", 0.3, 0.09, func(s *simulate.Settings, o string) bool { return s.Refuses(o, "a") && s.LateDays(o, "a", express) > 0 }},
		{"never", 0, 0, func(s *simulate.Settings, o string) bool { return s.Refuses(o, "a") || s.LateDays(o, "a", express) > 0 }},
		{"always", 1, 1, func(s *simulate.Settings, o string) bool {
			return s.Refuses(o, "a") && s.LateDays(o, "a", express) == 2
		}},
		{"no-show", 0.25, 0.25, func(s *simulate.Settings, o string) bool { c, _ := s.Collected(o); return !c }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := &simulate.Settings{Seed: 42, Reject: simulate.Reject{Default: tt.p}, Late: []simulate.Late{{Service: express, P: tt.p, Days: 2}}, NoShow: tt.p}
			hits := 0
			for i := range n {
				if tt.hit(set, fmt.Sprintf("o%d", i)) {
					hits++
				}
			}
			got := float64(hits) / n
			// Within 5 standard deviations of the binomial.
			require.InDelta(t, tt.want, got, 5*math.Sqrt(tt.want*(1-tt.want)/n)+1e-12)
		})
	}
	t.Run("a node's own probability", func(t *testing.T) {
		set := &simulate.Settings{Reject: simulate.Reject{Default: 1, Nodes: map[stock.NodeID]float64{"safe": 0}}}
		require.False(t, set.Refuses("o1", "safe"))
		require.True(t, set.Refuses("o1", "other"))
	})
	t.Run("seed 0 is seed 1", func(t *testing.T) {
		a, b := &simulate.Settings{Reject: simulate.Reject{Default: 0.5}}, &simulate.Settings{Seed: 1, Reject: simulate.Reject{Default: 0.5}}
		for i := range 100 {
			o := fmt.Sprintf("o%d", i)
			require.Equal(t, a.Refuses(o, "n"), b.Refuses(o, "n"))
		}
	})
}
