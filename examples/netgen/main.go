// Command netgen writes a generated French retail network with an order
// stream as a scenario file, the input of examples/solve:
//
//	go run ./examples/netgen [-nodes 50] [-skus 10000] [-seed 1] [-orders 100] [-min-lines 1] [-max-lines 20] [-progress] > network.json
//
// With -season it writes a season instead, the input of examples/simulate:
// the network with -orders orders over -days days (repeat customers, a
// flash sale, collect and reserve orders), restocks, unreliable stores and
// late parcels (see internal/netgen's Network.Season; -min-lines and
// -max-lines do not apply). testdata/seasons/fr-week.json is
//
//	go run ./examples/netgen -season -nodes 60 -skus 400 -orders 3000 > testdata/seasons/fr-week.json
//
// and testdata/seasons/fr-flash.json the same week with two fifths of
// its orders in the Friday-evening flash sale (-sale-share, default an
// eighth):
//
//	go run ./examples/netgen -season -nodes 60 -skus 400 -orders 3000 -sale-share 0.4 > testdata/seasons/fr-flash.json
//
// The same flags always give the same file, byte for byte. Warehouses,
// stores and suppliers are placed around the 40 largest French urban areas
// in proportion to their population; SKU popularity is skewed (Zipf) and
// store stock sparse. testdata/networks/fr-50.json is
// `go run ./examples/netgen`, with the defaults.
//
// A large network takes a few seconds (5,000 nodes: about 3 s). With
// -progress, on by default when stderr is a terminal, a line on stderr
// every second says what it is doing (drawing the stock levels, node by
// node; checking; writing); -progress=false silences it. Piped or
// redirected, stderr stays quiet.
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/sourcing-go/sourcing/examples/internal/console"
	"io"
	"os"
	"time"

	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/internal/progress"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("netgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nodes := fs.Int("nodes", 50, "stock points (warehouses, stores, suppliers)")
	skus := fs.Int("skus", 10_000, "SKUs")
	seed := fs.Uint64("seed", 1, "seed of the network and of the orders")
	orders := fs.Int("orders", 100, "orders")
	minLines := fs.Int("min-lines", 1, "fewest lines per order")
	maxLines := fs.Int("max-lines", 20, "most lines per order")
	showProgress := fs.Bool("progress", console.IsTerminal(stderr), "print what it is doing on stderr every second (default: when stderr is a terminal)")
	season := fs.Bool("season", false, "write a season of orders over -days days, with events and simulation settings")
	days := fs.Int("days", 7, "days of a -season")
	saleShare := fs.Float64("sale-share", 0.125, "the share of a -season's orders placed in its flash sale, in [0, 1]")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: netgen [-nodes N] [-skus N] [-seed S] [-orders N] [-min-lines N] [-max-lines N] [-progress] > network.json")
		fmt.Fprintln(stderr, "       netgen -season [-nodes N] [-skus N] [-seed S] [-orders N] [-days N] [-sale-share F] [-progress] > season.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "netgen: unexpected argument %q\n", fs.Arg(0))
		return 2
	case *nodes < 3 || *nodes > 100_000:
		fmt.Fprintf(stderr, "netgen: -nodes %d: must be in [3, 100000]\n", *nodes)
		return 2
	case *skus < 1 || *skus > 1_000_000:
		fmt.Fprintf(stderr, "netgen: -skus %d: must be in [1, 1000000]\n", *skus)
		return 2
	case *orders < 0:
		fmt.Fprintf(stderr, "netgen: -orders %d: must not be negative\n", *orders)
		return 2
	case *season && (*days < 1 || *days > 366):
		fmt.Fprintf(stderr, "netgen: -days %d: must be in [1, 366]\n", *days)
		return 2
	case *season && !(*saleShare >= 0 && *saleShare <= 1):
		fmt.Fprintf(stderr, "netgen: -sale-share %v: must be in [0, 1]\n", *saleShare)
		return 2
	case *season && *orders < 1:
		fmt.Fprintf(stderr, "netgen: -orders %d: a season needs at least one order\n", *orders)
		return 2
	case !*season && (*minLines < 1 || *maxLines < *minLines || *maxLines > *skus):
		fmt.Fprintf(stderr, "netgen: -min-lines %d, -max-lines %d: need 1 ≤ min ≤ max ≤ skus\n", *minLines, *maxLines)
		return 2
	}
	meter := startProgress(*showProgress, stderr, "netgen")
	defer meter.Stop()
	meter.Stage("drawing the network", 0, "")
	n := netgen.Generate(netgen.Config{Seed: *seed, Nodes: *nodes, SKUs: *skus, Progress: func(done, total int) {
		if done == 0 {
			meter.Stage("drawing the stock levels", int64(total), "nodes")
			return
		}
		meter.Set(int64(done))
	}})
	meter.Stage("drawing the orders", 0, "")
	var sc *simulate.Scenario
	var err error
	if *season {
		name := fmt.Sprintf("fr-%d season seed %d: %d nodes, %d SKUs, %d orders over %d days", *nodes, *seed, *nodes, *skus, *orders, *days)
		share := *saleShare
		switch {
		case share == 0:
			share = -1 // no sale
		case share != 0.125:
			name += fmt.Sprintf(", %g%% in the flash sale", 100*share)
		}
		sc, err = n.Season(name, netgen.SeasonConfig{Seed: *seed, Days: *days, Orders: *orders, SaleShare: share})
	} else {
		name := fmt.Sprintf("fr-%d seed %d: %d nodes, %d SKUs, %d orders of %d-%d lines", *nodes, *seed, *nodes, *skus, *orders, *minLines, *maxLines)
		stream := n.Orders(*seed, *orders, *minLines, *maxLines)
		meter.Stage(fmt.Sprintf("checking %d stock levels and %d orders", len(n.Levels), len(stream)), 0, "")
		sc, err = n.Scenario(name, stream)
	}
	if err != nil {
		meter.Stop()
		fmt.Fprintf(stderr, "netgen: %v\n", err)
		return 1
	}
	meter.Stage("writing the JSON", 0, "")
	data, err := sc.MarshalJSON()
	if err != nil {
		meter.Stop()
		fmt.Fprintf(stderr, "netgen: %v\n", err)
		return 1
	}
	meter.Stage("writing to stdout", int64(len(data)), "bytes")
	if _, err := stdout.Write(data); err != nil {
		meter.Stop()
		fmt.Fprintf(stderr, "netgen: %v\n", err)
		return 1
	}
	meter.Set(int64(len(data)))
	return 0
}

// progressEvery and clock pace the progress lines; tests set them.
var (
	progressEvery = time.Second
	clock         = time.Now
)

func startProgress(on bool, w io.Writer, prog string) *progress.Meter {
	return console.StartProgress(on, w, prog, progressEvery, clock)
}
