package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The tests of this file run the command itself: built once with go build,
// started on a free port, driven by a real HTTP client, stopped by a signal
// or killed at the end.

var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// serviceBinary builds the command once per test run and returns its path.
func serviceBinary(t *testing.T) string {
	t.Helper()
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the service with")
	}
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "service-test"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "service")
		out, err := exec.Command(gotool, "build", "-o", binary.path, ".").CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, binary.err)
	return binary.path
}

// process is a running service.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	logs   syncBuffer // stderr: one JSON line per event
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

// startService starts the command with args (a free port is added) and
// waits for its "listening" log line. The process is killed at the end of
// the test if it still runs.
func startService(t *testing.T, args ...string) *process {
	t.Helper()
	return startCommand(t, serviceBinary(t), append([]string{"-addr", "127.0.0.1:0"}, args...))
}

func startCommand(t *testing.T, name string, args []string) *process {
	t.Helper()
	p := &process{t: t, cmd: exec.Command(name, args...), exited: make(chan struct{})}
	stderr, err := p.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			_, _ = p.logs.Write([]byte(line + "\n"))
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
				listening <- l.Addr
			}
		}
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("service log:\n%s", tail(p.logs.String(), 40))
		}
	})
	select {
	case addr := <-listening:
		p.url = "http://" + addr
	case <-p.exited:
		t.Fatalf("service exited before listening: %v\n%s", p.err, p.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("service not listening after 30s:\n%s", p.logs.String())
	}
	return p
}

// stop sends sig and returns the exit status once the process exits.
func (p *process) stop(sig os.Signal, within time.Duration) int {
	p.t.Helper()
	require.NoError(p.t, p.cmd.Process.Signal(sig))
	return p.wait(within)
}

// wait returns the exit status once the process exits.
func (p *process) wait(within time.Duration) int {
	p.t.Helper()
	select {
	case <-p.exited:
	case <-time.After(within):
		p.t.Fatalf("service still running %v after", within)
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(p.t, p.err)
	return 0
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestBinaryEndToEnd drives the running command as a client would: a
// solve, its plan applied on the stock version solved on, a stale apply
// refused, rules swapped and refused, metrics and logs; then SIGTERM stops
// it with status 0.
func TestBinaryEndToEnd(t *testing.T) {
	p := startService(t, "-scenario", "../../testdata/quickstart.json")
	code, body := do(t, "GET", p.url+"/healthz", nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "ok\n", string(body))

	resp, solved := doWith(t, "POST", p.url+"/solve", orderJSON(t), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(solved))
	version := resp.Header.Get("Stock-Version")
	require.Equal(t, "1", version)
	allocs := allocationsOf(t, solved)
	resp, body = doWith(t, "POST", p.url+"/apply", []byte(allocs), map[string]string{"If-Match": `"` + version + `"`})
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Equal(t, `"2"`, resp.Header.Get("ETag"))
	resp, body = doWith(t, "POST", p.url+"/apply", []byte(allocs), map[string]string{"If-Match": `"` + version + `"`})
	require.Equal(t, http.StatusPreconditionFailed, resp.StatusCode, string(body))
	// Solved again on the new stock, the order gets the next answer.
	resp, body = doWith(t, "POST", p.url+"/solve", orderJSON(t), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Equal(t, "2", resp.Header.Get("Stock-Version"))

	code, body = do(t, "PUT", p.url+"/rules", ruleFile(t, "v-next", 900))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), "split 600 → 900")
	usd := strings.Replace(string(ruleFile(t, "v-usd", 1)), `"version":`, `"currency":"USD","version":`, 1)
	code, body = do(t, "PUT", p.url+"/rules", []byte(usd))
	require.Equal(t, http.StatusBadRequest, code, string(body))
	require.Contains(t, errorText(t, body), "the stock is in EUR")
	code, body = do(t, "POST", p.url+"/solve", orderJSON(t))
	require.Equal(t, http.StatusOK, code, "the rules refused left solves working: %s", body)
	require.Contains(t, string(body), `"policy_version":"v-next"`)

	m := getMetrics(t, p.url)
	require.Equal(t, "3", m[`sourcing_http_requests_total{route="POST /solve",code="200"}`])
	require.Equal(t, "1", m[`sourcing_stock_applies_total{outcome="applied"}`])
	require.Equal(t, "2", m["sourcing_stock_version"])

	require.Equal(t, 0, p.stop(syscall.SIGTERM, 10*time.Second))
	logs := p.logs.String()
	solve := logLine(t, logs, "request", "path", "/solve")
	require.Equal(t, "WEB-10482", solve["order"])
	require.Equal(t, true, solve["optimal"])
	logLine(t, logs, "shutting down")
	logLine(t, logs, "stopped")
}

// TestBinaryOmnichannel: the omnichannel scenario, whose calendars name
// their time zones, is served (the scenario is read as examples/solve reads
// it).
func TestBinaryOmnichannel(t *testing.T) {
	p := startService(t, "-scenario", "../../testdata/omnichannel.json")
	order := `{"id": "WEB-1", "channel": "web", "mode": "home", "lat": 45.7578, "lng": 4.832, "country": "FR",
		"lines": [{"sku": "HEADLAMP-400", "qty": 1}]}`
	code, body := do(t, "POST", p.url+"/solve", []byte(order))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, 0, p.stop(os.Interrupt, 10*time.Second))
}

// TestGracefulShutdown: on SIGTERM a solve in flight is answered (cut
// short by its deadline, with its best plan) before the process exits 0,
// and no new connection is accepted.
func TestGracefulShutdown(t *testing.T) {
	p := startService(t, "-scenario", "testdata/load.json", "-solve-timeout", "1s", "-grace", "10s")
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Post(p.url+"/solve", "application/json", strings.NewReader(hardOrder()))
		if err != nil {
			t.Errorf("solve in flight: %v", err)
			close(answered)
			return
		}
		answered <- resp
	}()
	waitFor(t, 5*time.Second, func() bool { return getMetrics(t, p.url)["sourcing_solves_in_flight"] == "1" })
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	resp := <-answered
	require.NotNil(t, resp)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Contains(t, string(body), `"optimal":false`)
	require.Equal(t, 0, p.wait(10*time.Second))
	_, err = http.Get(p.url + "/healthz")
	require.Error(t, err, "no connection after the shutdown")
	logLine(t, p.logs.String(), "stopped")
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("condition not met within %v", within)
}

// hardOrder is an order of one unit of each of the 16 SKUs H-00…H-15 of
// testdata/load.json, held by two stores: 2^16 parts, a shape the exact
// search takes about a second over.
func hardOrder() string {
	var lines []string
	for i := range 16 {
		lines = append(lines, fmt.Sprintf(`{"sku": "H-%02d", "qty": 1}`, i))
	}
	return `{"id": "hard", "channel": "web", "mode": "home", "lat": 45.1, "lng": 5.1, "country": "FR", "lines": [` + strings.Join(lines, ",") + `]}`
}

// sameSKUOrder is an order of n one-unit lines of SKU A of
// testdata/load.json.
func sameSKUOrder(n int) string {
	lines := strings.TrimSuffix(strings.Repeat(`{"sku": "A", "qty": 1},`, n), ",")
	return `{"id": "same-sku", "channel": "web", "mode": "home", "lat": 45.1, "lng": 5.1, "country": "FR", "lines": [` + lines + `]}`
}
