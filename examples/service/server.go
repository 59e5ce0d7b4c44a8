package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// maxBody bounds request bodies.
const maxBody = 1 << 20

// server answers the HTTP API against one stock snapshot and a live rule
// registry.
type server struct {
	snap  *stock.Snapshot
	rules *rules.Registry
	mux   *http.ServeMux
}

func newServer(snap *stock.Snapshot, reg *rules.Registry) http.Handler {
	s := &server{snap: snap, rules: reg, mux: http.NewServeMux()}
	s.mux.HandleFunc("POST /solve", s.solve)
	s.mux.HandleFunc("PUT /rules", s.putRules)
	s.mux.HandleFunc("GET /rules", s.getRules)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	return s.mux
}

// errorBody is every error answer: one message, and for validation errors
// every problem found.
type errorBody struct {
	Error    string   `json:"error"`
	Problems []string `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	body := errorBody{Error: strings.ReplaceAll(err.Error(), "\n", "; ")}
	if problems := sourcing.Errors(err); len(problems) > 1 {
		for _, e := range problems {
			body.Problems = append(body.Problems, e.Error())
		}
	}
	writeJSON(w, status, body)
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, errors.New("request body over 1 MiB"))
		} else {
			writeError(w, http.StatusBadRequest, err)
		}
		return nil, false
	}
	return data, true
}

func (s *server) solve(w http.ResponseWriter, r *http.Request) {
	k := orchestrate.DefaultK
	if v := r.URL.Query().Get("k"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > orchestrate.MaxK {
			writeError(w, http.StatusBadRequest, sourcing.Invalid("k", v, "must be an integer in [1, 100]"))
			return
		}
		k = n
	}
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	order, err := orchestrate.DecodeOrder(data, "order")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	rs := s.rules.Current() // this solve keeps these rules whatever is swapped meanwhile
	res, err := orchestrate.Solve(r.Context(), order, s.snap, rs, orchestrate.Options{K: k})
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, res)
	case errors.Is(err, orchestrate.ErrInfeasible), errors.Is(err, rules.ErrNoProfile):
		writeError(w, http.StatusUnprocessableEntity, err)
	case errors.Is(err, orchestrate.ErrBudget):
		writeError(w, http.StatusServiceUnavailable, err)
	case errors.Is(err, sourcing.ErrInvalid), errors.Is(err, stock.ErrUnknownSKU), errors.Is(err, stock.ErrUnknownNode):
		writeError(w, http.StatusBadRequest, err)
	default:
		writeError(w, http.StatusInternalServerError, err)
	}
}

func (s *server) putRules(w http.ResponseWriter, r *http.Request) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	old := s.rules.Current()
	rs, err := s.rules.Update(data)
	switch {
	case errors.Is(err, rules.ErrVersionReused):
		writeError(w, http.StatusConflict, err)
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, err)
		return
	}
	var changes []string
	if old != nil {
		for _, c := range rules.Diff(old, rs) {
			changes = append(changes, c.String())
		}
	}
	writeJSON(w, http.StatusOK, struct {
		Version string    `json:"version"`
		At      time.Time `json:"-"`
		Changes []string  `json:"changes"`
	}{Version: rs.Version(), Changes: changes})
}

func (s *server) getRules(w http.ResponseWriter, _ *http.Request) {
	rs := s.rules.Current()
	if rs == nil {
		writeError(w, http.StatusNotFound, errors.New("no rules loaded"))
		return
	}
	writeJSON(w, http.StatusOK, rs)
}
