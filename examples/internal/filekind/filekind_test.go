package filekind

import "testing"

func TestOf(t *testing.T) {
	for _, tt := range []struct {
		data string
		want Kind
	}{
		{`{"version": "v", "profiles": []}`, RuleSet},
		{"\uFEFF" + `{"profiles": [{"name": "d"}]}`, RuleSet},
		{`{"nodes": [], "orders": []}`, Scenario},
		{`{"policy": {"profiles": []}}`, Scenario},
		{`{"profiles": [], "nodes": []}`, Unknown},
		{`{"name": "x"}`, Unknown},
		{`[1, 2]`, Unknown},
		{`{`, Unknown},
	} {
		if got := Of([]byte(tt.data)); got != tt.want {
			t.Errorf("Of(%s) = %v, want %v", tt.data, got, tt.want)
		}
	}
}
