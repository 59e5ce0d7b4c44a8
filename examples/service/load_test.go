package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The load test's settings: short deadlines and timeouts, so that a hostile
// client is cut off within the test's few seconds.
const (
	loadSolveTimeout = 500 * time.Millisecond
	loadReadTimeout  = time.Second // headers and body
	loadIdleTimeout  = time.Second
	loadMaxBody      = 64 << 10
	loadMaxSolves    = 4
	// slack is what an answer may take beyond its bound on a busy machine;
	// the stalls measured during the test are added to it.
	slack = time.Second
)

// outcome is what a client saw: the status (0 when the connection ended
// without an answer) and how long it took.
type outcome struct {
	kind    string
	status  int
	elapsed time.Duration
	err     string
}

// TestLoad runs 200 concurrent clients against the running command for a
// few seconds (SOURCING_LONG=1: 30 s), normal orders mixed with hostile
// requests: bodies sent at 1 byte/s, idle connections and keep-alives,
// bodies over the limit, bodies that are not JSON, orders of 16 one-unit
// lines of one SKU (a shape the exact search is slow on) and orders of 40
// lines. Every normal order is answered within its deadline (plus a
// second's slack, plus the longest stall seen on the shared machine: by
// the test process, or as the slowest /healthz): 200, or 503 with
// Retry-After when -max-solves solves are running; every hostile request
// gets its status (408, 413, 415, 400) or its connection closed within the
// server's timeouts; /healthz answers throughout. Under -race it is
// skipped.
func TestLoad(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race the clients' timings measure the race detector; the command under test is built without it")
	}
	storm := 2 * time.Second
	if os.Getenv("SOURCING_LONG") != "" {
		storm = 30 * time.Second
	}
	p := startService(t, "-scenario", "testdata/load.json",
		"-solve-timeout", loadSolveTimeout.String(), "-max-solves", fmt.Sprint(loadMaxSolves),
		"-read-header-timeout", loadReadTimeout.String(), "-read-timeout", loadReadTimeout.String(),
		"-idle-timeout", loadIdleTimeout.String(), "-write-timeout", "10s", "-max-body", fmt.Sprint(loadMaxBody))
	addr := strings.TrimPrefix(p.url, "http://")
	client := &http.Client{
		Transport: &http.Transport{DisableCompression: true,
			// A connection per request: a POST sent on a keep-alive
			// connection as the server closes it fails and is not retried
			// (idle keep-alives have their own clients below).
			DisableKeepAlives: true,
			// Sent by clients that ask before sending a large body.
			ExpectContinueTimeout: time.Second},
		Timeout: 15 * time.Second,
	}
	defer client.CloseIdleConnections()

	var mu sync.Mutex
	var outcomes []outcome
	record := func(o outcome) {
		mu.Lock()
		outcomes = append(outcomes, o)
		mu.Unlock()
	}
	end := time.Now().Add(storm)
	// post sends one request and records its outcome under kind.
	post := func(kind, path, contentType string, body io.Reader, header ...string) {
		start := time.Now()
		req, err := http.NewRequest("POST", p.url+path, body)
		if err != nil {
			t.Error(err)
			return
		}
		req.Header.Set("Content-Type", contentType)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		o := outcome{kind: kind}
		switch {
		case err != nil && kind == "huge body, chunked" && isSendCut(err):
			// The server answered 413 and closed the connection at the
			// limit, while the client was still sending.
		case err != nil:
			o.err = err.Error()
		default:
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			o.status = resp.StatusCode
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "1" {
				o.err = "503 without Retry-After: 1"
			}
		}
		o.elapsed = time.Since(start)
		record(o)
	}
	loop := func(think time.Duration, send func(rng *rand.Rand)) func(seed uint64) {
		return func(seed uint64) {
			rng := rand.New(rand.NewPCG(seed, 1))
			for time.Now().Before(end) {
				send(rng)
				time.Sleep(think/2 + time.Duration(rng.Int64N(int64(think))))
			}
		}
	}
	kinds := []struct {
		clients int
		run     func(seed uint64)
	}{
		{102, loop(100*time.Millisecond, func(rng *rand.Rand) {
			post("normal", "/solve", "application/json", strings.NewReader(normalOrder(rng)))
		})},
		{20, loop(100*time.Millisecond, func(rng *rand.Rand) {
			post("many lines", "/solve", "application/json", strings.NewReader(manyLineOrder(rng)))
		})},
		{2, loop(10*time.Millisecond, func(*rand.Rand) {
			post("16 SKUs, 2^16 parts", "/solve", "application/json", strings.NewReader(hardOrder()))
		})},
		{6, loop(100*time.Millisecond, func(*rand.Rand) {
			post("huge body", "/solve", "application/json", bytes.NewReader(bytes.Repeat([]byte(" "), 4*loadMaxBody)),
				"Expect", "100-continue")
		})},
		{6, loop(100*time.Millisecond, func(*rand.Rand) { // of unknown length, sent whatever the server says
			post("huge body, chunked", "/solve", "application/json", io.MultiReader(bytes.NewReader(bytes.Repeat([]byte(" "), 4*loadMaxBody))))
		})},
		{12, loop(100*time.Millisecond, func(*rand.Rand) {
			post("not JSON", "/solve", "text/plain", strings.NewReader("qty=1&sku=A"))
		})},
		{12, loop(100*time.Millisecond, func(*rand.Rand) {
			post("malformed JSON", "/solve", "application/json", strings.NewReader(`{"id": "x", "lines": [`))
		})},
		{20, func(uint64) { record(slowBody(addr)) }},
		{10, func(uint64) { record(silentConnection(addr)) }},
		{10, func(uint64) { record(idleKeepAlive(addr)) }},
	}
	// The machine is shared: the longest the test process oversleeps a
	// 10 ms sleep, and the slowest answer to /healthz (which does no work),
	// measure how long the processes were kept from running, and widen
	// every bound by as much.
	var stall atomic.Int64
	stop := make(chan struct{})
	monitored := make(chan struct{})
	go func() {
		defer close(monitored)
		for {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			time.Sleep(10 * time.Millisecond)
			if over := int64(time.Since(start) - 10*time.Millisecond); over > stall.Load() {
				stall.Store(over)
			}
		}
	}()
	var wg sync.WaitGroup
	clients := 0
	for _, k := range kinds {
		for range k.clients {
			clients++
			seed := uint64(clients)
			wg.Add(1)
			go func() {
				defer wg.Done()
				k.run(seed)
			}()
		}
	}
	require.Equal(t, 200, clients)
	// /healthz answers throughout.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for time.Now().Before(end) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			req, _ := http.NewRequestWithContext(ctx, "GET", p.url+"/healthz", nil)
			start := time.Now()
			resp, err := client.Do(req)
			o := outcome{kind: "healthz", elapsed: time.Since(start)}
			if err != nil {
				o.err = err.Error()
			} else {
				o.status = resp.StatusCode
				resp.Body.Close()
			}
			cancel()
			record(o)
			time.Sleep(100 * time.Millisecond)
		}
	}()
	wg.Wait()
	close(stop)
	<-monitored
	stalled := time.Duration(stall.Load())
	var healthz time.Duration
	for _, o := range outcomes {
		if o.kind == "healthz" {
			healthz = max(healthz, o.elapsed)
		}
	}
	t.Logf("longest stall of the test process: %v; slowest /healthz: %v", stalled.Round(time.Millisecond), healthz.Round(time.Millisecond))
	stalled = max(stalled, healthz)

	// The expectations per kind: the statuses allowed, and the bound on the
	// time to the answer.
	solveBound := loadSolveTimeout + slack
	expect := map[string]struct {
		statuses []int
		within   time.Duration
		note     string
	}{
		"normal":     {[]int{200, 503}, solveBound, ""},
		"many lines": {[]int{200, 503}, solveBound, ""},
		"16 SKUs, 2^16 parts": {[]int{200, 503}, solveBound,
			"; the exact search must return within its deadline (plus a millisecond) on every order shape, this one included"},
		"huge body":          {[]int{413}, slack, ""},
		"huge body, chunked": {[]int{413, 408, 0}, slack, ""},
		"not JSON":           {[]int{415}, slack, ""},
		"malformed JSON":     {[]int{400}, slack, ""},
		"slow body":          {[]int{408}, loadReadTimeout + slack, ""},
		"silent connection":  {[]int{0}, loadReadTimeout + slack, ""},
		"idle keep-alive":    {[]int{0}, loadIdleTimeout + slack, ""},
		"healthz":            {[]int{200}, time.Hour, ""}, // its time is the measure of the noise
	}
	type tally struct {
		byStatus map[int]int
		slowest  time.Duration
	}
	tallies := map[string]*tally{}
	for _, o := range outcomes {
		e, ok := expect[o.kind]
		require.True(t, ok, o.kind)
		if tallies[o.kind] == nil {
			tallies[o.kind] = &tally{byStatus: map[int]int{}}
		}
		tl := tallies[o.kind]
		tl.byStatus[o.status]++
		tl.slowest = max(tl.slowest, o.elapsed)
		if !slices.Contains(e.statuses, o.status) || o.err != "" {
			t.Errorf("%s: status %d (%s), want one of %v", o.kind, o.status, o.err, e.statuses)
		}
		if o.elapsed > e.within+stalled {
			t.Errorf("%s: answered in %v, want within %v + %v stalled (status %d%s)%s", o.kind, o.elapsed.Round(time.Millisecond), e.within, stalled.Round(time.Millisecond), o.status, o.err, e.note)
		}
	}
	for _, kind := range slices.Sorted(func(yield func(string) bool) {
		for k := range tallies {
			if !yield(k) {
				return
			}
		}
	}) {
		tl := tallies[kind]
		t.Logf("%-20s %v, slowest %v", kind, tl.byStatus, tl.slowest.Round(time.Millisecond))
	}
	for kind := range expect {
		require.NotNil(t, tallies[kind], "no %s client ran", kind)
	}
	// Most normal orders were solved: the slots the slow shapes held did not
	// starve them.
	normal := tallies["normal"].byStatus
	require.Greater(t, normal[200], normal[503], "normal orders: %v", normal)

	// The service is whole: it answers, counts what it did, and stops.
	code, body := do(t, "POST", p.url+"/solve", []byte(normalOrder(rand.New(rand.NewPCG(0, 0)))))
	require.Equal(t, http.StatusOK, code, string(body))
	m := getMetrics(t, p.url)
	require.Equal(t, "0", m["sourcing_solves_in_flight"])
	require.NotEqual(t, "0", m[`sourcing_solve_cuts_total{by="deadline"}`], "the 2^16-part orders were cut by their deadline")
	require.Equal(t, 0, p.stop(syscall.SIGTERM, 10*time.Second))
}

// normalOrder is an order of one to four lines of the load scenario.
func normalOrder(rng *rand.Rand) string {
	lines := []string{fmt.Sprintf(`{"sku": "A", "qty": %d}`, 1+rng.IntN(3))}
	for range rng.IntN(4) {
		lines = append(lines, fmt.Sprintf(`{"sku": "B-%02d", "qty": %d}`, rng.IntN(40), 1+rng.IntN(2)))
	}
	return `{"id": "normal", "channel": "web", "mode": "home", "lat": 45.1, "lng": 5.1, "country": "FR", "lines": [` + strings.Join(lines, ",") + `]}`
}

// manyLineOrder is an order of 40 lines, one per SKU B-00…B-39.
func manyLineOrder(rng *rand.Rand) string {
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf(`{"sku": "B-%02d", "qty": %d}`, i, 1+rng.IntN(3)))
	}
	return `{"id": "many-lines", "channel": "web", "mode": "home", "lat": 45.1, "lng": 5.1, "country": "FR", "lines": [` + strings.Join(lines, ",") + `]}`
}

// slowBody sends an order's headers, then its body at one byte a second,
// and reads the answer.
func slowBody(addr string) outcome {
	o := outcome{kind: "slow body"}
	start := time.Now()
	defer func() { o.elapsed = time.Since(start) }()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		o.err = err.Error()
		return o
	}
	defer conn.Close()
	body := sameSKUOrder(1)
	fmt.Fprintf(conn, "POST /solve HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", addr, len(body))
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; i < len(body); i++ {
			if _, err := conn.Write([]byte{body[i]}); err != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
			}
		}
	}()
	o.status, o.err = readStatus(conn, 10*time.Second)
	o.elapsed = time.Since(start)
	return o
}

// silentConnection opens a connection and sends nothing: the server must
// close it.
func silentConnection(addr string) outcome {
	o := outcome{kind: "silent connection"}
	start := time.Now()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		o.err = err.Error()
		return o
	}
	defer conn.Close()
	o.status, o.err = readStatus(conn, 10*time.Second)
	o.elapsed = time.Since(start)
	return o
}

// idleKeepAlive sends one request on a keep-alive connection, reads the
// answer, then stays idle: the server must close the connection.
func idleKeepAlive(addr string) outcome {
	o := outcome{kind: "idle keep-alive"}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		o.err = err.Error()
		return o
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		o.err = err.Error()
		return o
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		o.status = resp.StatusCode
		return o
	}
	start := time.Now() // idle from here
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = r.ReadByte()
	o.elapsed = time.Since(start)
	if !errors.Is(err, io.EOF) && !isReset(err) {
		o.err = fmt.Sprintf("idle connection not closed by the server: %v", err)
	}
	return o
}

// readStatus reads an HTTP answer's status from conn, or 0 if the server
// closed the connection without one.
func readStatus(conn net.Conn, within time.Duration) (int, string) {
	_ = conn.SetReadDeadline(time.Now().Add(within))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	switch {
	case err == nil:
		resp.Body.Close()
		return resp.StatusCode, ""
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), isReset(err):
		return 0, ""
	}
	return 0, err.Error()
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET)
}

// isSendCut reports whether err is the server closing the connection while
// the request was being sent.
func isSendCut(err error) bool {
	return isReset(err) || errors.Is(err, syscall.EPIPE)
}

// TestIdleConnectionsUnderFileLimit: with few file descriptors (ulimit -n
// 64), keep-alive connections left idle by their clients do not starve the
// server: it closes them after -idle-timeout, so a new client is served.
func TestIdleConnectionsUnderFileLimit(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to set the file limit with")
	}
	p := startCommand(t, sh, []string{"-c", `ulimit -n 64 && exec "$0" "$@"`, serviceBinary(t), "-addr", "127.0.0.1:0",
		"-scenario", "testdata/load.json", "-idle-timeout", "1s", "-read-header-timeout", "1s"})
	addr := strings.TrimPrefix(p.url, "http://")
	const idle = 100 // more connections than descriptors
	var wg sync.WaitGroup
	conns := make(chan net.Conn, idle)
	for range idle {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			conns <- conn
			fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
			_, _ = readStatus(conn, 10*time.Second) // then idle, open, until the end
		}()
	}
	defer func() {
		close(conns)
		for c := range conns {
			c.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond) // the idle connections take every descriptor
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(p.url + "/healthz")
	require.NoError(t, err, "a new client is served once idle connections are closed")
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	wg.Wait()
}
