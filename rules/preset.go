package rules

import (
	"embed"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
)

// presetFiles holds the presets, NAME.json each, in the package itself so
// that LoadPreset works from any module, with no file on disk.
//
//go:embed presets/*.json
var presetFiles embed.FS

// Presets returns the names of the rule sets shipped with the package, a
// new slice at each call, each preset reproducing a
// well-known platform's sourcing with weights and filters alone, so a
// retailer migrating from it gets the behaviour it knows:
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
func Presets() []string { return slices.Clone(presetNames[:]) }

var presetNames = [...]string{"priority", "distance", "fewest-locations", "cheapest"}

// LoadPreset returns the preset name, one of [Presets]. A preset is a rule
// file without currency or carriers: the caller adds its own and builds the
// rule set with [New]. The presets are embedded in the package: LoadPreset
// reads no file.
func LoadPreset(name string) (Spec, error) {
	if !slices.Contains(presetNames[:], name) {
		return Spec{}, sourcing.Invalid("preset", name, fmt.Sprintf("must be one of %q", presetNames))
	}
	data, err := presetFiles.ReadFile("presets/" + name + ".json")
	if err != nil {
		return Spec{}, fmt.Errorf("preset %s: %w", name, err)
	}
	return DecodeSpec(data, "preset "+name)
}
