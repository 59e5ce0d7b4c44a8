package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestReadmeScenarioFiles checks what the README's Scenario files section
// shows: testdata/one-order.json as it is, and the output of solve on it,
// as JSON (the same document, whatever its line breaks) and as -text.
func TestReadmeScenarioFiles(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	readme := string(data)
	const file = "../../testdata/one-order.json"
	scenario, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, readme, "```json\n"+string(scenario)+"```\n", "the README shows testdata/one-order.json as it is")

	block := func(after, fence string) string {
		t.Helper()
		_, rest, ok := strings.Cut(readme, after)
		require.True(t, ok, "the README has no %q", after)
		_, rest, ok = strings.Cut(rest, fence)
		require.True(t, ok, "no %s block after %q", fence, after)
		text, _, ok := strings.Cut(rest, "```\n")
		require.True(t, ok, "the block after %q does not end", after)
		return text
	}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-k", "1", file}, &stdout, &stderr), stderr.String())
	var want, got any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &want))
	require.NoError(t, json.Unmarshal([]byte(block("`go run ./examples/solve -k 1 testdata/one-order.json` prints", "```json\n")), &got))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the README's solve output differs from solve's (-solve +README):\n%s", diff)
	}

	stdout.Reset()
	require.Equal(t, 0, run([]string{"-text", "-k", "2", file}, &stdout, &stderr), stderr.String())
	const command = "$ go run ./examples/solve -text -k 2 testdata/one-order.json\n"
	if diff := cmp.Diff(command+stdout.String(), block("`-text` prints the same for a person", "```\n")); diff != "" {
		t.Errorf("the README's solve -text output differs from solve's (-solve +README):\n%s", diff)
	}
}
