// Command service wraps the library as an HTTP JSON service:
//
//	POST /solve    an order (the JSON of a scenario file's orders[]) → ranked plans;
//	               ?k=N for N plans (default 3)
//	PUT  /rules    a rule file → validated, then swapped in live; answers the changes
//	GET  /rules    the rule set in force
//	GET  /healthz  ok
//
// The network (nodes, items, stock) and the first rules come from a scenario
// file:
//
//	go run ./examples/service -scenario testdata/quickstart.json -addr :8080
//
// Rules swapped with PUT /rules apply to the next solves; solves in flight
// finish with the rules they started with, and every answer names the
// rule-set version it used.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	scenario := flag.String("scenario", "testdata/quickstart.json", "scenario file giving the network and the first rules")
	flag.Parse()
	if err := serve(*addr, *scenario, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "service:", strings.ReplaceAll(err.Error(), "\n", "; "))
		os.Exit(2)
	}
}

func serve(addr, scenario string, logOut io.Writer) error {
	data, err := os.ReadFile(scenario)
	if err != nil {
		return err
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", scenario, err)
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           newServer(sc.Snapshot, rules.NewRegistry(sc.Rules)),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          log.New(logOut, "service: ", 0),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(logOut, "service: %d nodes, rules %s, listening on %s\n", sc.Snapshot.NumNodes(), sc.Rules.Version(), addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
