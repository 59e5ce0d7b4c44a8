package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// server answers the HTTP API against the stock it holds and a live rule
// registry.
type server struct {
	cfg     config
	log     *slog.Logger
	mux     *http.ServeMux
	routes  map[string]bool // the patterns of mux: the route label of /metrics
	rules   *rules.Registry
	stock   atomic.Pointer[stockState] // read by solves; written under applyMu
	applyMu sync.Mutex                 // serialises /apply
	slots   chan struct{}              // one token per solve running
	metrics *metrics
}

// stockState is a version of the stock the service holds: every /apply
// makes a new one.
type stockState struct {
	version int64
	snap    *stock.Snapshot
}

func newServer(snap *stock.Snapshot, reg *rules.Registry, cfg config, logger *slog.Logger) *server {
	s := &server{cfg: cfg, log: logger, mux: http.NewServeMux(), routes: map[string]bool{}, rules: reg,
		slots: make(chan struct{}, cfg.maxSolves), metrics: newMetrics()}
	s.stock.Store(&stockState{version: 1, snap: snap})
	s.handle("POST /solve", s.solve)
	s.handle("POST /apply", s.apply)
	s.handle("GET /stock", s.getStock)
	s.handle("PUT /rules", s.putRules)
	s.handle("GET /rules", s.getRules)
	s.handle("GET /metrics", s.getMetrics)
	s.handle("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	return s
}

// handle routes pattern to h.
func (s *server) handle(pattern string, h http.HandlerFunc) {
	s.routes[pattern] = true
	s.mux.HandleFunc(pattern, h)
}

// ServeHTTP routes the request, and around every handler logs one line,
// counts the answer, and turns a panic into a JSON 500.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	h, route := s.mux.Handler(r)
	if route == "" { // no route: the mux's 404 or 405, answered in JSON
		h = jsonMuxError(h)
	}
	if !s.routes[route] { // nor a client's path as a label
		route = "unmatched"
	}
	info := &requestInfo{}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler { // the standard library's way to abort a reply
				panic(p)
			}
			s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !rec.wrote {
				writeError(rec, http.StatusInternalServerError, errors.New("internal error: the service failed on this request; it is logged"))
			}
			info.err = fmt.Sprint("panic: ", p)
		}
		s.metrics.request(route, rec.status())
		attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status()), slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000)}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", append(attrs, info.attrs()...)...)
	}()
	h.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)))
}

// requestInfo is what a handler adds to its request's log line.
type requestInfo struct {
	order        string
	work         int64
	optimal      *bool
	rulesVersion string
	stockVersion int64
	err          string
}

type infoKey struct{}

// info returns the log fields of the request, to fill in.
func info(r *http.Request) *requestInfo {
	if i, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

func (i *requestInfo) attrs() []slog.Attr {
	var out []slog.Attr
	if i.order != "" {
		out = append(out, slog.String("order", i.order))
	}
	if i.optimal != nil {
		out = append(out, slog.Int64("work", i.work), slog.Bool("optimal", *i.optimal))
	}
	if i.rulesVersion != "" {
		out = append(out, slog.String("rules_version", i.rulesVersion))
	}
	if i.stockVersion != 0 {
		out = append(out, slog.Int64("stock_version", i.stockVersion))
	}
	if i.err != "" {
		out = append(out, slog.String("error", i.err))
	}
	return out
}

// recorder remembers the status written.
type recorder struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.code, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) status() int {
	if !r.wrote {
		return http.StatusOK
	}
	return r.code
}

// jsonMuxError runs the mux's handler for a request no route takes (a 404,
// or a 405 with its Allow header) and answers its status in JSON.
func jsonMuxError(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &capture{header: http.Header{}}
		h.ServeHTTP(c, r)
		switch code := c.code; code {
		case http.StatusNotFound:
			writeError(w, code, fmt.Errorf("no such path: %s", r.URL.Path))
		case http.StatusMethodNotAllowed:
			allow := c.header.Get("Allow")
			w.Header().Set("Allow", allow)
			writeError(w, code, fmt.Errorf("method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, allow))
		default:
			if loc := c.header.Get("Location"); loc != "" {
				w.Header().Set("Location", loc)
			}
			writeError(w, code, errors.New(strings.ToLower(http.StatusText(code))))
		}
	})
}

// capture is a ResponseWriter that keeps the status and headers and drops
// the body.
type capture struct {
	header http.Header
	code   int
}

func (c *capture) Header() http.Header { return c.header }
func (c *capture) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
}
func (c *capture) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return len(b), nil
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
	body := errorBody{Error: oneLine(err)}
	if problems := sourcing.Errors(err); len(problems) > 1 {
		for _, e := range problems {
			body.Problems = append(body.Problems, e.Error())
		}
	}
	writeJSON(w, status, body)
}

// fail answers an error and notes it for the request's log line.
func fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	info(r).err = oneLine(err)
	writeError(w, status, err)
}

// readJSON reads a request body declared as JSON and at most cfg.maxBody
// bytes. It answers the error itself (415, 413, 408 or 400) and returns
// false when it cannot.
func (s *server) readJSON(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" || params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8") {
		fail(w, r, http.StatusUnsupportedMediaType, fmt.Errorf("Content-Type %q: the body must be JSON, sent as application/json", ct))
		return nil, false
	}
	if r.ContentLength > s.cfg.maxBody {
		fail(w, r, http.StatusRequestEntityTooLarge, s.tooLarge())
		return nil, false
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		var netErr net.Error
		switch {
		case errors.As(err, &tooBig):
			fail(w, r, http.StatusRequestEntityTooLarge, s.tooLarge())
		case errors.As(err, &netErr) && netErr.Timeout():
			w.Header().Set("Connection", "close")
			fail(w, r, http.StatusRequestTimeout, fmt.Errorf("request body not read within %v (-read-timeout)", s.cfg.readTimeout))
		default:
			fail(w, r, http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err))
		}
		return nil, false
	}
	return data, true
}

func (s *server) tooLarge() error {
	return fmt.Errorf("request body over the limit of %s (-max-body %d)", byteSize(s.cfg.maxBody), s.cfg.maxBody)
}

// byteSize writes n bytes in the largest binary unit that divides it.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
