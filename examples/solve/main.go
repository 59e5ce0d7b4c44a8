// Command solve runs a scenario file: it solves every order of the file
// against the file's stock and prints one JSON document of ranked plans on
// stdout, in the form of the scenario contract.
//
//	go run ./examples/solve [-k N] [-sequential] [-budget B] [-timeout D] FILE.json
//
// An order that cannot be served gets "plans": [] and an "error"; the others
// are still solved. -timeout gives each order a deadline (the context of its
// solve; none by default): an order cut short by it prints the best plans
// found with "optimal": false and its lower_bound, or, if it found none, an
// error naming the cut. A malformed file prints one line naming the field and
// value of every problem on stderr and exits with status 2; a rule file
// given by mistake is named as such (check it with examples/validate).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/sourcing-go/sourcing/examples/internal/filekind"
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
	timeout := fs.Duration("timeout", 0, "deadline per order, such as 200ms (0 = none); an order cut short prints its best plans with \"optimal\": false")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: solve [-k N] [-sequential] [-budget B] [-timeout D] FILE.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
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
	if *timeout < 0 {
		fmt.Fprintf(stderr, "solve: -timeout %v: must not be negative\n", *timeout)
		return 2
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "solve: %v\n", err)
		return 2
	}
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err != nil {
		if filekind.Of(data) == filekind.RuleSet {
			fmt.Fprintf(stderr, "solve: %s: a rule set, not a scenario: check it with examples/validate\n", fs.Arg(0))
			return 2
		}
		fmt.Fprintf(stderr, "solve: %s: %s\n", fs.Arg(0), oneLine(err))
		return 2
	}
	outcomes, err := solveAll(sc, orchestrate.Options{K: *k, Budget: *budget}, *timeout, *sequential)
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

// solveAll solves every order of the scenario, each with its own deadline
// when timeout is positive; with sequential, each against the stock left
// once the previous orders' best plans are applied (as
// simulate.Scenario.RunSequential does, which has one context for all
// orders).
func solveAll(sc *simulate.Scenario, opts orchestrate.Options, timeout time.Duration, sequential bool) ([]simulate.Outcome, error) {
	snap := sc.Snapshot
	out := make([]simulate.Outcome, 0, len(sc.Orders))
	for _, o := range sc.Orders {
		ctx, cancel := context.Background(), context.CancelFunc(func() {})
		if timeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, timeout)
		}
		res, err := orchestrate.Solve(ctx, o, snap, sc.Rules, opts)
		cancel()
		out = append(out, simulate.Outcome{Order: o.ID, Result: res, Err: err})
		if err != nil || !sequential || len(res.Plans) == 0 {
			continue
		}
		next, err := snap.Apply(res.Plans[0].Allocations())
		if err != nil {
			return out, fmt.Errorf("order %s: applying its plan: %w", o.ID, err)
		}
		snap = next
	}
	return out, nil
}

// oneLine joins the lines of a (possibly joined) error with "; ".
func oneLine(err error) string {
	return strings.Join(strings.Split(err.Error(), "\n"), "; ")
}
