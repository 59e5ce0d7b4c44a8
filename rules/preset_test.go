package rules_test

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
)

// TestPresetsEmbedded: the presets in presets/ are exactly the documented
// ones (Presets and the package README's list), each loads from the
// embedded copy with no file on disk involved, under the version its file
// states; other names are refused.
func TestPresetsEmbedded(t *testing.T) {
	files, err := fs.Glob(os.DirFS("presets"), "*.json")
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(path.Base(f), ".json"))
	}
	require.ElementsMatch(t, rules.Presets(), names, "presets/ holds the documented presets, no more")
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	t.Chdir(t.TempDir()) // no presets/ here: LoadPreset reads the embedded copy
	for _, name := range rules.Presets() {
		require.Contains(t, string(readme), "`"+name+"`", "the README names preset %s", name)
		spec, err := rules.LoadPreset(name)
		require.NoError(t, err, name)
		require.NotEmpty(t, spec.Profiles, name)
		require.Equal(t, "preset-"+name+"-1", spec.Version)
	}
	for _, bad := range []string{"", "../README", "presets/priority", "Priority", "priority.json"} {
		_, err := rules.LoadPreset(bad)
		require.ErrorIs(t, err, sourcing.ErrInvalid, "%q", bad)
	}
}

// TestPresetsIsACopy: the list Presets returns is the caller's; changing it
// changes neither the next call's list nor what LoadPreset accepts.
func TestPresetsIsACopy(t *testing.T) {
	want := rules.Presets()
	got := rules.Presets()
	for i := range got {
		got[i] = "x"
	}
	require.Equal(t, want, rules.Presets())
	_, err := rules.LoadPreset(want[0])
	require.NoError(t, err)
	_, err = rules.LoadPreset("x")
	require.ErrorIs(t, err, sourcing.ErrInvalid)
}
