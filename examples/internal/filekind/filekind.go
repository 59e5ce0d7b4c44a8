// Package filekind tells a scenario file from a rule file by its top-level
// fields, so that a command given the wrong one can say so instead of
// listing the fields it does not know.
package filekind

import (
	"bytes"
	"encoding/json"
)

// Kind is what a JSON file looks like.
type Kind int

const (
	Unknown  Kind = iota // not a JSON object, or neither below
	Scenario             // has nodes, orders or policy, and no profiles
	RuleSet              // has profiles, and none of a scenario's fields
)

// Of returns the kind of data, a JSON document (a byte order mark is
// skipped).
func Of(data []byte) Kind {
	var top map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, []byte("\uFEFF")), &top) != nil {
		return Unknown
	}
	_, profiles := top["profiles"]
	_, nodes := top["nodes"]
	_, orders := top["orders"]
	_, policy := top["policy"]
	scenario := nodes || orders || policy
	switch {
	case profiles && !scenario:
		return RuleSet
	case scenario && !profiles:
		return Scenario
	}
	return Unknown
}
