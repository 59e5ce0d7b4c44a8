package rules

import (
	"fmt"
	"io/fs"

	"github.com/sourcing-go/sourcing"
)

// Presets names the rule sets shipped in the repository's testdata/presets,
// each reproducing a well-known platform's sourcing with weights and filters
// alone, so a retailer migrating from it gets the behaviour it knows:
//
//   - "priority": Magento MSI's source-priority algorithm, Solidus's
//     on-hand-first by location position: each unit from the most preferred
//     node (lowest priority number) that has it. A per-unit priority weight
//     that outweighs every other cost, and a backorder penalty above it.
//   - "distance": Magento MSI's distance-based algorithm: each unit from the
//     nearest node that has it. A per-unit-km weight that outweighs the
//     other costs.
//   - "fewest-locations": Shopify's default routing: the fewest shipments,
//     then the closest location. A split penalty that outweighs everything
//     but backorders, then a per-km weight.
//   - "cheapest": the full cost optimisation, every term priced.
var Presets = []string{"priority", "distance", "fewest-locations", "cheapest"}

// LoadPreset reads the preset name from fsys (NAME.json at its root, e.g.
// os.DirFS("testdata/presets")). A preset is a rule file without currency or
// carriers: the caller adds its own and builds the rule set with [New].
func LoadPreset(fsys fs.FS, name string) (Spec, error) {
	known := false
	for _, p := range Presets {
		known = known || p == name
	}
	if !known {
		return Spec{}, sourcing.Invalid("preset", name, fmt.Sprintf("must be one of %q", Presets))
	}
	data, err := fs.ReadFile(fsys, name+".json")
	if err != nil {
		return Spec{}, err
	}
	return DecodeSpec(data, "preset "+name)
}
