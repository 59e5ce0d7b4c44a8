package main

import (
	"errors"
	"net/http"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
)

// putRules validates a rule file, checks it against the stock and swaps it
// in; it answers the new version and what changed.
func (s *server) putRules(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readJSON(w, r)
	if !ok {
		return
	}
	rs, err := s.rules.Prepare(data)
	if err == nil {
		err = orchestrate.CheckRules(s.stock.Load().snap, rs)
	}
	var old *rules.RuleSet
	if err == nil {
		old, err = s.rules.Swap(rs)
	}
	switch {
	case errors.Is(err, rules.ErrVersionReused):
		fail(w, r, http.StatusConflict, err)
		return
	case err != nil:
		fail(w, r, http.StatusBadRequest, err)
		return
	}
	info(r).rulesVersion = rs.Version()
	changes := []string{}
	if old != nil {
		for _, c := range rules.Diff(old, rs) {
			changes = append(changes, c.String())
		}
	}
	writeJSON(w, http.StatusOK, struct {
		Version string   `json:"version"`
		Changes []string `json:"changes"`
	}{Version: rs.Version(), Changes: changes})
}

func (s *server) getRules(w http.ResponseWriter, r *http.Request) {
	rs := s.rules.Current()
	if rs == nil {
		fail(w, r, http.StatusNotFound, errors.New("no rules loaded"))
		return
	}
	writeJSON(w, http.StatusOK, rs)
}
