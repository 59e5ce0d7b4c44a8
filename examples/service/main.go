// Command service wraps the library as an HTTP JSON service, as a team
// would deploy it:
//
//	POST /solve    an order (the JSON of a scenario file's orders[]) → ranked plans;
//	               ?k=N for N plans (0 or absent: the default, 3; at most 100)
//	POST /apply    allocations taken from the stock the service holds, with
//	               optimistic concurrency (If-Match: the stock version solved on)
//	GET  /stock    the stock version; ?sku=S adds the levels of one SKU
//	PUT  /rules    a rule file → validated, checked against the stock, then
//	               swapped in live; answers the version and the changes
//	GET  /rules    the rule set in force
//	GET  /metrics  counters and a histogram in the Prometheus text format
//	GET  /healthz  ok
//
// The network (nodes, items, stock) and the first rules come from a scenario
// file (calendars' time zones resolved by name):
//
//	go run ./examples/service -scenario testdata/quickstart.json -addr :8080
//
// # Answers
//
// Every answer but /healthz and /metrics is JSON; every error is
// {"error": "...", "problems": [...]}, problems listing every problem of a
// rule file or order. A request body must be declared JSON
// (Content-Type: application/json, else 415) and be at most -max-body bytes
// (1 MiB by default, else 413 naming the limit). /solve answers 400 for a
// malformed order, 422 when no plan or profile serves it (or a cost
// overflows), 503 with Retry-After when -max-solves solves are already
// running, and 503 when the search was cut short before any plan was found.
// A solve cut short by its deadline with plans found answers them, with
// "optimal": false. A panic is logged with its stack and answered as a JSON
// 500. Unknown paths answer 404, known paths with another method 405 (with
// Allow), both in JSON.
//
// # Limits
//
// Every solve has a deadline (-solve-timeout, 2s by default) and at most
// -max-solves solves run at once (GOMAXPROCS by default): beyond, a solve is
// refused at once with 503 and Retry-After: 1 rather than queued, so a burst
// of slow orders cannot hold every client. The server reads a request's
// headers within -read-header-timeout (5s) and the whole request within
// -read-timeout (10s; a body still arriving is answered 408); it writes the
// answer within -write-timeout (15s, counted from the end of the headers,
// so it covers reading the body and the solve); it closes a keep-alive
// connection idle for -idle-timeout (60s).
//
// # Stock
//
// The service holds the stock between orders. Every /solve answer carries
// the header Stock-Version, the version of the stock it solved on. A client
// that keeps a plan posts its allocations to /apply with If-Match set to
// that version:
//
//	POST /apply
//	If-Match: "7"
//	{"order": "WEB-1", "allocations": [{"node": "store-lyon", "sku": "SHOE-42", "qty": 1}]}
//
// and gets {"stock_version": 8, "allocations": 1} with ETag "8". If the
// stock changed since (another plan was applied), the answer is 412 with the
// current version in ETag: solve again. If-Match: * applies on whatever
// stock is current, refused with 409 only if it no longer has the units
// (stock.ErrConflict). Without If-Match the answer is 428.
//
// # Rules
//
// Rules swapped with PUT /rules apply to the next solves; solves in flight
// finish with the rules they started with, and every answer names the
// rule-set version it used. Carriers and currency left out of the file are
// kept from the rules in force; a rule set that does not fit the stock (in
// another currency, naming nodes or SKUs it does not have) is refused with
// 400 and every problem, a reused version with 409.
//
// # Operations
//
// Requests are logged one JSON line each on stderr (log/slog: method, path,
// status, duration_ms; for a solve the order, work, optimal, the rules and
// stock versions; the error of a failed request). On SIGTERM or SIGINT the
// server stops accepting connections and waits up to -grace (20s) for the
// requests in flight, then exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
)

// config is the service's settings, from its flags.
type config struct {
	addr, scenario    string
	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration
	solveTimeout      time.Duration
	grace             time.Duration
	maxSolves         int
	maxBody           int64
}

// defaultConfig is the settings without flags, as the package documentation
// states them.
func defaultConfig() config {
	return config{
		addr:              ":8080",
		scenario:          "testdata/quickstart.json",
		readHeaderTimeout: 5 * time.Second,
		readTimeout:       10 * time.Second,
		writeTimeout:      15 * time.Second,
		idleTimeout:       60 * time.Second,
		solveTimeout:      2 * time.Second,
		grace:             20 * time.Second,
		maxSolves:         runtime.GOMAXPROCS(0),
		maxBody:           1 << 20,
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run parses the flags, loads the scenario and serves until SIGTERM or
// SIGINT. It returns the exit status: 2 for bad flags or a bad scenario, 1
// when the server cannot listen or stop in time.
func run(args []string, stderr io.Writer) int {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("service", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "listen address")
	fs.StringVar(&cfg.scenario, "scenario", cfg.scenario, "scenario file giving the network, the stock and the first rules")
	fs.DurationVar(&cfg.readHeaderTimeout, "read-header-timeout", cfg.readHeaderTimeout, "time to read a request's headers")
	fs.DurationVar(&cfg.readTimeout, "read-timeout", cfg.readTimeout, "time to read a whole request, body included")
	fs.DurationVar(&cfg.writeTimeout, "write-timeout", cfg.writeTimeout, "time from the end of a request's headers to the end of its answer (must exceed -solve-timeout)")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", cfg.idleTimeout, "time a keep-alive connection may stay idle")
	fs.DurationVar(&cfg.solveTimeout, "solve-timeout", cfg.solveTimeout, "deadline of each solve")
	fs.DurationVar(&cfg.grace, "grace", cfg.grace, "time given to requests in flight on SIGTERM or SIGINT")
	fs.IntVar(&cfg.maxSolves, "max-solves", cfg.maxSolves, "solves running at once; beyond, 503 with Retry-After")
	fs.Int64Var(&cfg.maxBody, "max-body", cfg.maxBody, "largest request body, in bytes")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: service [-addr :8080] [-scenario FILE.json] [-solve-timeout 2s] [-max-solves N] [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "service: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintf(stderr, "service: %v\n", err)
		return 2
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	srv, err := load(cfg, logger)
	if err != nil {
		logger.Error("cannot load the scenario", "scenario", cfg.scenario, "error", oneLine(err))
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second signal stops the process at once
	}()
	if err := serve(ctx, cfg, srv, logger); err != nil {
		logger.Error("service stopped", "error", oneLine(err))
		return 1
	}
	return 0
}

// check refuses settings the service cannot keep.
func (c config) check() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-header-timeout", c.readHeaderTimeout}, {"read-timeout", c.readTimeout}, {"write-timeout", c.writeTimeout},
		{"idle-timeout", c.idleTimeout}, {"solve-timeout", c.solveTimeout}} {
		if d.v <= 0 {
			return fmt.Errorf("-%s %v: must be positive", d.name, d.v)
		}
	}
	switch {
	case c.grace < 0:
		return fmt.Errorf("-grace %v: must not be negative", c.grace)
	case c.writeTimeout <= c.solveTimeout:
		return fmt.Errorf("-write-timeout %v: must exceed -solve-timeout %v, or an answer cut short could not be written", c.writeTimeout, c.solveTimeout)
	case c.maxSolves < 1:
		return fmt.Errorf("-max-solves %d: must be at least 1", c.maxSolves)
	case c.maxBody < 1:
		return fmt.Errorf("-max-body %d: must be at least 1", c.maxBody)
	}
	return nil
}

// load reads the scenario file, as examples/solve does (time zones resolved
// by name), and builds the server on its stock and rules.
func load(cfg config, logger *slog.Logger) (*server, error) {
	data, err := os.ReadFile(cfg.scenario)
	if err != nil {
		return nil, err
	}
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.scenario, err)
	}
	if err := orchestrate.CheckRules(sc.Snapshot, sc.Rules); err != nil {
		return nil, fmt.Errorf("%s: policy: %w", cfg.scenario, err)
	}
	return newServer(sc.Snapshot, rules.NewRegistry(sc.Rules), cfg, logger), nil
}

// serve listens on cfg.addr and serves until ctx is done, then shuts down
// gracefully: no new connections, the requests in flight given cfg.grace.
func serve(ctx context.Context, cfg config, handler *server, logger *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.readHeaderTimeout,
		ReadTimeout:       cfg.readTimeout,
		WriteTimeout:      cfg.writeTimeout,
		IdleTimeout:       cfg.idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	st := handler.stock.Load()
	logger.Info("listening", "addr", ln.Addr().String(), "scenario", cfg.scenario,
		"nodes", st.snap.NumNodes(), "items", st.snap.NumItems(), "rules_version", handler.rules.Current().Version(),
		"solve_timeout", cfg.solveTimeout.String(), "max_solves", cfg.maxSolves, "max_body", cfg.maxBody,
		"read_header_timeout", cfg.readHeaderTimeout.String(), "read_timeout", cfg.readTimeout.String(),
		"write_timeout", cfg.writeTimeout.String(), "idle_timeout", cfg.idleTimeout.String(), "grace", cfg.grace.String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", cfg.grace.String())
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		_ = srv.Close()
		return fmt.Errorf("requests still in flight after the grace period of %v: %w", cfg.grace, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// oneLine joins the lines of a (possibly joined) error with "; ".
func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}
