package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
)

// applyRequest is the body of POST /apply: what a kept plan takes from the
// stock (orchestrate.Plan.Allocations), and the order it serves, for the
// log.
type applyRequest struct {
	Order       string           `json:"order"`
	Allocations []allocationJSON `json:"allocations"`
}

type allocationJSON struct {
	Node string       `json:"node"`
	SKU  string       `json:"sku"`
	Qty  sourcing.Qty `json:"qty"`
}

// apply takes a plan's allocations from the stock the service holds, if the
// client solved on the stock version in force (If-Match), or on any (*).
func (s *server) apply(w http.ResponseWriter, r *http.Request) {
	ifMatch := r.Header.Get("If-Match")
	if ifMatch == "" {
		s.metrics.applied("invalid")
		fail(w, r, http.StatusPreconditionRequired, errors.New(`If-Match missing: send the Stock-Version the plan was solved on, as "7", or * to apply on any stock that still has the units`))
		return
	}
	data, ok := s.readJSON(w, r)
	if !ok {
		s.metrics.applied("invalid")
		return
	}
	req, err := decodeApply(data)
	if err != nil {
		s.metrics.applied("invalid")
		fail(w, r, http.StatusBadRequest, err)
		return
	}
	info(r).order = req.Order
	allocs := make([]stock.Allocation, len(req.Allocations))
	for i, a := range req.Allocations {
		allocs[i] = stock.Allocation{Node: stock.NodeID(a.Node), SKU: stock.SKU(a.SKU), Qty: a.Qty}
	}
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	cur := s.stock.Load()
	info(r).stockVersion = cur.version
	if !matches(ifMatch, cur.version) {
		s.metrics.applied("stale")
		w.Header().Set("ETag", etag(cur.version))
		fail(w, r, http.StatusPreconditionFailed, fmt.Errorf("If-Match %s: the stock is at version %d now; solve the order again", ifMatch, cur.version))
		return
	}
	next, err := cur.snap.Apply(allocs)
	switch {
	case errors.Is(err, stock.ErrConflict):
		s.metrics.applied("conflict")
		w.Header().Set("ETag", etag(cur.version))
		fail(w, r, http.StatusConflict, fmt.Errorf("%w; solve the order again", err))
		return
	case err != nil:
		s.metrics.applied("invalid")
		fail(w, r, http.StatusBadRequest, err)
		return
	}
	st := &stockState{version: cur.version + 1, snap: next}
	s.stock.Store(st)
	s.metrics.applied("applied")
	info(r).stockVersion = st.version
	w.Header().Set("ETag", etag(st.version))
	writeJSON(w, http.StatusOK, struct {
		StockVersion int64 `json:"stock_version"`
		Allocations  int   `json:"allocations"`
	}{st.version, len(allocs)})
}

// decodeApply decodes an /apply body strictly: no unknown field, no
// trailing data, at least one allocation.
func decodeApply(data []byte) (applyRequest, error) {
	var req applyRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return req, sourcing.Invalid(typeErr.Field, typeErr.Value, "must be a JSON "+jsonKind(typeErr.Type.Kind().String()))
		}
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return req, sourcing.Invalid(strings.Trim(name, `"`), nil, "unknown field")
		}
		return req, fmt.Errorf("%w: %v", sourcing.ErrInvalid, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return req, fmt.Errorf("%w: data after the JSON object", sourcing.ErrInvalid)
	}
	if len(req.Allocations) == 0 {
		return req, sourcing.Invalid("allocations", nil, "missing: list what the plan takes, as node, sku and qty")
	}
	return req, nil
}

// jsonKind names a Go kind in JSON's words.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "slice":
		return "array"
	case kind == "struct":
		return "object"
	}
	return kind
}

// etag is the entity tag of a stock version.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// matches reports whether an If-Match header (a list of entity tags, or *)
// names the stock version, by strong comparison.
func matches(ifMatch string, version int64) bool {
	if strings.TrimSpace(ifMatch) == "*" {
		return true
	}
	for _, tag := range strings.Split(ifMatch, ",") {
		if strings.TrimSpace(tag) == etag(version) {
			return true
		}
	}
	return false
}

// levelJSON is one node's level of a SKU in GET /stock.
type levelJSON struct {
	Node      string       `json:"node"`
	OnHand    sourcing.Qty `json:"on_hand"`
	Reserved  sourcing.Qty `json:"reserved"`
	Safety    sourcing.Qty `json:"safety"`
	Available sourcing.Qty `json:"available"`
}

// getStock answers the stock version (also as ETag), and with ?sku= the
// levels of that SKU at every node holding a record of it.
func (s *server) getStock(w http.ResponseWriter, r *http.Request) {
	st := s.stock.Load()
	body := struct {
		Version  int64       `json:"version"`
		Currency string      `json:"currency"`
		Nodes    int         `json:"nodes"`
		Items    int         `json:"items"`
		SKU      string      `json:"sku,omitempty"`
		Levels   []levelJSON `json:"levels,omitzero"`
	}{Version: st.version, Currency: string(st.snap.Currency()), Nodes: st.snap.NumNodes(), Items: st.snap.NumItems()}
	info(r).stockVersion = st.version
	w.Header().Set("ETag", etag(st.version))
	if sku := r.URL.Query().Get("sku"); sku != "" {
		if _, ok := st.snap.Item(stock.SKU(sku)); !ok {
			fail(w, r, http.StatusNotFound, &sourcing.FieldError{Field: "sku", Value: sku, Problem: "no such item", Err: stock.ErrUnknownSKU})
			return
		}
		body.SKU, body.Levels = sku, []levelJSON{}
		for node, l := range st.snap.Holders(stock.SKU(sku)) {
			body.Levels = append(body.Levels, levelJSON{Node: string(node), OnHand: l.OnHand, Reserved: l.Reserved, Safety: l.Safety, Available: l.Available()})
		}
	}
	writeJSON(w, http.StatusOK, body)
}
