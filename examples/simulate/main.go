// Command simulate replays a scenario file's orders over time, under one
// or more strategies, and compares what each season came to: cost under
// the file's own policy, shipments, parcels, split orders, stock-outs,
// on-time deliveries, km, CO2, refusals.
//
//	go run ./examples/simulate [-strategies engine,priority,…] [-json] [-decisions FILE] [-html FILE] [-progress] FILE.json
//
// The file is a scenario (see examples/solve) whose orders have a
// placed_at time, with, for a simulation, "events" (restocks) and
// "simulation" (seed, refusals, late parcels, releases, grouping,
// reservations); testdata/seasons/fr-week.json is a week of a French
// network (examples/netgen -season writes others).
//
//   - -strategies lists the strategies, comma-separated: "engine" (the
//     file's policy), the presets "priority", "distance",
//     "fewest-locations", "cheapest", "batch" (the engine plus grouping
//     and re-optimisation of the orders not yet released), or the path of
//     a rule file (with the scenario's currency and carriers when it has
//     none). Default: engine,priority,distance,fewest-locations.
//   - Without -json, a table, one row per strategy; with -json, one JSON
//     document: {"scenario", "seed", "strategies": [{"name", "orders",
//     "cost", "shipments", "parcels", "split_orders", "orders_shipped",
//     "extra_shipments", "units_backordered", "km", "late_shipments", "rejections",
//     "resourced", "co2_kg", … "days": […], "nodes": […]}]}.
//   - -decisions FILE writes every decision as a JSON line: {"strategy",
//     "orders", "at", "plan", …}, the plan as finally shipped in the form
//     of examples/solve's plans, priced with the file's policy.
//   - -html FILE writes the report: one self-contained HTML page with its
//     charts.
//   - Progress goes to stderr with -progress, or when stderr is a
//     terminal and the file has 10,000 orders or more: a line per
//     strategy at every 10,000 orders placed, and at the end.
//
// A malformed file (or one whose orders cannot be replayed, such as an
// order without placed_at), an unknown strategy or a bad flag prints one
// line on stderr and exits with status 2; a strategy that fails while
// replaying, status 1.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/sourcing-go/sourcing/examples/internal/console"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const defaultStrategies = "engine,priority,distance,fewest-locations"

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	names := fs.String("strategies", defaultStrategies, "strategies, comma-separated: engine, a preset ("+strings.Join(rules.Presets(), ", ")+") or a rule file's path")
	asJSON := fs.Bool("json", false, "print one JSON document instead of the table")
	decisions := fs.String("decisions", "", "write every decision to this file, one JSON line each")
	html := fs.String("html", "", "write the report to this HTML file")
	progress := fs.Bool("progress", false, "report progress on stderr (by default only on a terminal, for 10,000 orders or more)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: simulate [-strategies engine,priority,…] [-json] [-decisions FILE] [-html FILE] [-progress] FILE.json")
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
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err == nil {
		err = sc.Check()
	}
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %s: %s\n", file, oneLine(err))
		return 2
	}
	strategies, err := strategiesOf(*names, sc)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: -strategies: %s\n", oneLine(err))
		return 2
	}

	opts := simulate.SimulateOptions{Decisions: *decisions != "" || *html != ""}
	if *progress || len(sc.Orders) >= 10_000 && console.IsTerminal(stderr) {
		opts.Progress = progressTo(stderr)
	}
	rep, err := simulate.Simulate(context.Background(), sc, strategies, opts)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %s: %s\n", file, oneLine(err))
		return 1
	}
	if *decisions != "" {
		if err := writeDecisions(*decisions, rep); err != nil {
			fmt.Fprintf(stderr, "simulate: %v\n", err)
			return 1
		}
	}
	if *html != "" {
		if err := writeReport(*html, sc, rep); err != nil {
			fmt.Fprintf(stderr, "simulate: %v\n", err)
			return 1
		}
	}
	var out []byte
	if *asJSON {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "simulate: %v\n", err)
			return 1
		}
		out = buf.Bytes()
	} else {
		out = []byte(table(sc, rep))
	}
	if _, err := stdout.Write(out); err != nil {
		return 1
	}
	return 0
}

// strategiesOf resolves the names of -strategies: engine, the presets, or
// rule files by path.
func strategiesOf(list string, sc *simulate.Scenario) ([]simulate.Strategy, error) {
	var out []simulate.Strategy
	var seen []string
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
			return nil, fmt.Errorf("an empty name in %q", list)
		case slices.Contains(seen, name):
			return nil, fmt.Errorf("%s given twice", name)
		}
		seen = append(seen, name)
		if slices.Contains(simulate.Strategies(), name) {
			s, err := simulate.Named(name, sc)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("%s: not one of %s, nor a rule file: %w", name, strings.Join(simulate.Strategies(), ", "), err)
		}
		// A rule file may leave the currency and carriers out, as the
		// presets do: the scenario's are taken.
		spec, err := rules.DecodeSpec(data, "")
		if err == nil {
			if spec.Currency == "" {
				spec.Currency = sc.Rules.Currency()
			}
			if len(spec.Carriers) == 0 {
				spec.Carriers = sc.Rules.Spec().Carriers
			}
		}
		var rs *rules.RuleSet
		if err == nil {
			rs, err = rules.New(spec)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		s, err := simulate.RuleFile(name, rs, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// progressTo returns a progress reporter writing a line per strategy at
// every 10,000 orders and at the end.
func progressTo(w io.Writer) func(simulate.Progress) {
	var mu sync.Mutex
	return func(p simulate.Progress) {
		if p.Orders%10_000 != 0 && p.Orders != p.Of {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "simulate: %s: %d/%d orders\n", p.Strategy, p.Orders, p.Of)
	}
}

// writeDecisions writes every decision of every strategy, a JSON line
// each.
func writeDecisions(path string, rep *simulate.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, s := range rep.Strategies {
		for _, d := range s.Decisions {
			data, err := json.Marshal(d)
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", path, err)
			}
			w.Write(data)
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// oneLine joins the lines of a (possibly joined) error with "; ".
func oneLine(err error) string {
	return strings.Join(strings.Split(err.Error(), "\n"), "; ")
}
