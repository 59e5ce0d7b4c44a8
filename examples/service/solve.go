package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// solveErrors maps the library's sentinels to an HTTP status and the name
// /metrics counts them under, checked in this order.
var solveErrors = []struct {
	err    error
	status int
	name   string
}{
	{orchestrate.ErrBudget, http.StatusServiceUnavailable, "budget"},
	{orchestrate.ErrInfeasible, http.StatusUnprocessableEntity, "infeasible"},
	{rules.ErrNoProfile, http.StatusUnprocessableEntity, "no_profile"},
	{orchestrate.ErrOverflow, http.StatusUnprocessableEntity, "overflow"},
	{orchestrate.ErrCurrencyMismatch, http.StatusInternalServerError, "currency_mismatch"},
	{stock.ErrUnknownSKU, http.StatusBadRequest, "unknown_sku"},
	{stock.ErrUnknownNode, http.StatusBadRequest, "unknown_node"},
	{sourcing.ErrInvalid, http.StatusBadRequest, "invalid"},
}

// classify returns the status and metric name of a solve's error.
func classify(err error) (int, string) {
	for _, e := range solveErrors {
		if errors.Is(err, e.err) {
			return e.status, e.name
		}
	}
	return http.StatusInternalServerError, "other"
}

func (s *server) solve(w http.ResponseWriter, r *http.Request) {
	k := 0 // the default, as in orchestrate.Options
	if v := r.URL.Query().Get("k"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > orchestrate.MaxK {
			s.solveFailed(w, r, http.StatusBadRequest, "invalid",
				sourcing.Invalid("k", v, fmt.Sprintf("must be an integer in [0, %d] (0: the default, %d)", orchestrate.MaxK, orchestrate.DefaultK)))
			return
		}
		k = n
	}
	data, ok := s.readJSON(w, r)
	if !ok {
		return
	}
	order, err := orchestrate.DecodeOrder(data, "order")
	if err != nil {
		_, name := classify(err)
		s.solveFailed(w, r, http.StatusBadRequest, name, err) // whatever it wraps, the client's to fix
		return
	}
	info(r).order = order.ID
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		s.metrics.refused()
		w.Header().Set("Retry-After", "1")
		fail(w, r, http.StatusServiceUnavailable, fmt.Errorf("busy: %d solves running (-max-solves); retry in a second", s.cfg.maxSolves))
		return
	}
	rs := s.rules.Current() // this solve keeps these rules whatever is swapped meanwhile
	st := s.stock.Load()    // and this stock whatever is applied meanwhile
	info(r).rulesVersion, info(r).stockVersion = rs.Version(), st.version
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.solveTimeout)
	defer cancel()
	start := time.Now()
	res, err := orchestrate.Solve(ctx, order, st.snap, rs, orchestrate.Options{K: k})
	deadline := ctx.Err() != nil
	s.metrics.solved(time.Since(start), res, err, deadline)
	w.Header().Set("Stock-Version", strconv.FormatInt(st.version, 10))
	if err != nil {
		status, _ := classify(err)
		if deadline && errors.Is(err, orchestrate.ErrBudget) {
			err = fmt.Errorf("%w (the deadline of %v, -solve-timeout)", err, s.cfg.solveTimeout)
		}
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		fail(w, r, status, err) // counted by solved
		return
	}
	info(r).work, info(r).optimal = res.Work, &res.Optimal
	writeJSON(w, http.StatusOK, res)
}

// solveFailed answers a failed /solve and counts its error by name.
func (s *server) solveFailed(w http.ResponseWriter, r *http.Request, status int, name string, err error) {
	s.metrics.solveError(name)
	fail(w, r, status, err)
}
