// Command solve runs a scenario file, or a retailer's own stock files with a
// rule file and orders: it solves every order against the stock and prints
// one JSON document of ranked plans on stdout (the solve output of the
// README's Scenario files section).
//
//	go run ./examples/solve [-k N] [-sequential] [-budget B] [-timeout D] [-progress] [-text] FILE.json
//	go run ./examples/solve [flags] -nodes NODES -items ITEMS -stock STOCK -rules RULES.json -orders ORDERS.jsonl
//
// The second form reads the stock as the package stock/feed does: nodes,
// items and stock levels each from a CSV file (.csv, a header row naming
// the columns: id,kind,lat,lng,country,…; sku,weight_g,…;
// node,sku,on_hand,…) or a JSON lines file (.jsonl or .ndjson, an object
// per line as in a scenario file), -comma ';' for CSV written with
// semicolons; the rule file as examples/validate reads it (version,
// currency, carriers, profiles), whose currency is the stock's; the orders
// from a JSON lines file, an order per line as in a scenario file's
// "orders". Every problem of those files is printed on stderr, a line
// each, naming the file, line and column, field and value
// ("solve: stock.csv:12:9: on_hand: -1: must be in [0, 1000000000000]"),
// and the exit status is 2. Nodes may not name calendars there: a network
// with calendars is a scenario file's.
//
// Long runs (a 50 MB scenario file, a feed of millions of levels) print
// what they do on stderr every second: reading, parsing, solving order i
// of n. This is on by default when stderr is a terminal, off when it is a
// file or a pipe; -progress and -progress=false choose.
//
// -text prints for a person instead: a header, then one line per shipment
// of every plan (order, rank, node, lines, carrier, ETA, the shipment's
// cost and its plan's), a line for a plan's backordered units, and a line
// for an order that could not be served or was cut short:
//
//	ORDER      RANK  NODE            LINES                                 CARRIER         ETA                  COST EUR  PLAN COST
//	WEB-10482  1     store-grenoble  1 × JACKET-RAIN-M, 1 × SHOE-TRAIL-42  colis/domicile  2026-11-20 (2 days)  16.02     16.02
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
	"github.com/sourcing-go/sourcing/examples/internal/console"
	"github.com/sourcing-go/sourcing/examples/internal/filekind"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing/internal/progress"
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
	text := fs.Bool("text", false, "print for a person, one line per shipment (order, rank, node, lines, carrier, ETA, cost), instead of JSON")
	var in feedFiles
	fs.StringVar(&in.nodes, "nodes", "", "the nodes, a CSV (.csv) or JSON lines (.jsonl) file: with -items, -stock, -rules and -orders, in place of a scenario file")
	fs.StringVar(&in.items, "items", "", "the items, a CSV or JSON lines file")
	fs.StringVar(&in.stock, "stock", "", "the stock levels, a CSV or JSON lines file")
	fs.StringVar(&in.rules, "rules", "", "the rule file (version, currency, carriers, profiles): its currency is the stock's")
	fs.StringVar(&in.orders, "orders", "", "the orders, a JSON lines file: an order per line")
	comma := fs.String("comma", ",", "the field separator of the CSV files, such as ';'")
	showProgress := fs.Bool("progress", console.IsTerminal(stderr), "print what it is doing on stderr every second (default: when stderr is a terminal)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: solve [-k N] [-sequential] [-budget B] [-timeout D] [-progress] [-text] FILE.json")
		fmt.Fprintln(stderr, "       solve [flags] -nodes NODES -items ITEMS -stock STOCK -rules RULES.json -orders ORDERS.jsonl")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	feedMode := in != feedFiles{}
	switch {
	case feedMode && (fs.NArg() != 0 || in.missing() != ""):
		fmt.Fprintf(stderr, "solve: -nodes, -items, -stock, -rules and -orders go together, in place of a scenario file%s\n", in.missing())
		return 2
	case !feedMode && fs.NArg() != 1:
		fs.Usage()
		return 2
	}
	sep := []rune(*comma)
	if len(sep) != 1 {
		fmt.Fprintf(stderr, "solve: -comma %q: must be one character\n", *comma)
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
	meter := startProgress(*showProgress, stderr, "solve")
	defer meter.Stop()
	var sc *simulate.Scenario
	name := fs.Arg(0)
	if feedMode {
		var problems []string
		sc, problems = loadFeed(in, sep[0], meter)
		if sc == nil {
			meter.Stop()
			for _, p := range problems {
				fmt.Fprintf(stderr, "solve: %s\n", p)
			}
			return 2
		}
		name = in.orders
	} else {
		var problem string
		if sc, problem = loadScenario(name, meter); sc == nil {
			meter.Stop()
			fmt.Fprintf(stderr, "solve: %s\n", problem)
			return 2
		}
	}
	outcomes, err := solveAll(sc, orchestrate.Options{K: *k, Budget: *budget}, *timeout, *sequential, meter)
	if err != nil {
		meter.Stop()
		fmt.Fprintf(stderr, "solve: %s: %s\n", name, oneLine(err))
		return 1
	}
	meter.Stage("writing the results", 0, "")
	if *text {
		var buf bytes.Buffer
		if err := writeText(&buf, outcomes, sc.Rules.Currency()); err != nil {
			meter.Stop()
			fmt.Fprintf(stderr, "solve: %v\n", err)
			return 1
		}
		meter.Stop()
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			return 1
		}
		return 0
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
			meter.Stop()
			fmt.Fprintf(stderr, "solve: order %s: %v\n", oc.Order, err)
			return 1
		}
		doc.Results = append(doc.Results, raw)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		meter.Stop()
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
func solveAll(sc *simulate.Scenario, opts orchestrate.Options, timeout time.Duration, sequential bool, meter *progress.Meter) ([]simulate.Outcome, error) {
	snap := sc.Snapshot
	out := make([]simulate.Outcome, 0, len(sc.Orders))
	meter.Stage("solving", int64(len(sc.Orders)), "orders")
	for i, o := range sc.Orders {
		meter.Set(int64(i))
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

// loadScenario reads and parses a scenario file; on failure, it returns
// nil and the problem, in one line.
func loadScenario(path string, meter *progress.Meter) (*simulate.Scenario, string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err.Error()
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	meter.Stage("reading "+path, size, "bytes")
	data, err := io.ReadAll(progress.Reader{R: f, M: meter})
	if err != nil {
		return nil, err.Error()
	}
	meter.Stage(fmt.Sprintf("parsing %s (%.1f MB)", path, float64(len(data))/1e6), 0, "")
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err != nil {
		if filekind.Of(data) == filekind.RuleSet {
			return nil, fmt.Sprintf("%s: a rule set, not a scenario: check it with examples/validate", path)
		}
		return nil, fmt.Sprintf("%s: %s", path, oneLine(err))
	}
	return sc, ""
}

// oneLine joins the lines of a (possibly joined) error with "; ".
func oneLine(err error) string {
	return strings.Join(strings.Split(err.Error(), "\n"), "; ")
}
