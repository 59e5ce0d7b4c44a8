// Command solve runs a scenario file: it solves every order of the file
// against the file's stock and prints one JSON document of ranked plans on
// stdout, in the form of the scenario contract.
//
//	go run ./examples/solve [-k N] [-sequential] FILE.json
//
// An order that cannot be served gets "plans": [] and an "error"; the others
// are still solved. A malformed file prints one line naming the field and
// value of every problem on stderr and exits with status 2; a rule file
// given by mistake is named as such (check it with examples/validate).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("solve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	k := fs.Int("k", orchestrate.DefaultK, "ranked plans per order")
	sequential := fs.Bool("sequential", false, "apply each order's best plan before solving the next")
	budget := fs.Int64("budget", 0, "search budget per order (0 = default)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: solve [-k N] [-sequential] [-budget B] FILE.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if *k < 1 || *k > orchestrate.MaxK {
		fmt.Fprintf(stderr, "solve: -k %d: must be in [1, %d]\n", *k, orchestrate.MaxK)
		return 2
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "solve: %v\n", err)
		return 2
	}
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err != nil {
		if isRuleSet(data) {
			fmt.Fprintf(stderr, "solve: %s: a rule set, not a scenario: check it with examples/validate\n", fs.Arg(0))
			return 2
		}
		fmt.Fprintf(stderr, "solve: %s: %s\n", fs.Arg(0), oneLine(err))
		return 2
	}
	outcomes, err := sc.Run(context.Background(), orchestrate.Options{K: *k, Budget: *budget}, *sequential)
	if err != nil {
		fmt.Fprintf(stderr, "solve: %s: %s\n", fs.Arg(0), oneLine(err))
		return 1
	}
	doc := struct {
		Results []json.RawMessage `json:"results"`
	}{Results: []json.RawMessage{}}
	for _, oc := range outcomes {
		var raw []byte
		if oc.Err != nil {
			raw, err = json.Marshal(struct {
				Order string   `json:"order"`
				Plans []string `json:"plans"`
				Error string   `json:"error"`
			}{oc.Order, []string{}, oneLine(oc.Err)})
		} else {
			raw, err = json.Marshal(oc.Result)
		}
		if err != nil {
			fmt.Fprintf(stderr, "solve: order %s: %v\n", oc.Order, err)
			return 1
		}
		doc.Results = append(doc.Results, raw)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintf(stderr, "solve: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return 1
	}
	return 0
}

// isRuleSet reports whether data looks like a rule file rather than a
// scenario: an object with "profiles" and none of a scenario's own fields.
func isRuleSet(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, []byte("\uFEFF")), &top) != nil {
		return false
	}
	_, profiles := top["profiles"]
	_, nodes := top["nodes"]
	_, orders := top["orders"]
	_, policy := top["policy"]
	return profiles && !nodes && !orders && !policy
}

// oneLine joins the lines of a (possibly joined) error with "; ".
func oneLine(err error) string {
	return strings.Join(strings.Split(err.Error(), "\n"), "; ")
}
