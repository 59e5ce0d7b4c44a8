package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/progress"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
	"github.com/sourcing-go/sourcing/stock/feed"
)

// feedFiles are the files of a retailer's own data, in place of a
// scenario file.
type feedFiles struct{ nodes, items, stock, rules, orders string }

// missing names the flags left out, after ": missing ", or is "".
func (in feedFiles) missing() string {
	var m []string
	for _, f := range []struct{ flag, path string }{{"-nodes", in.nodes}, {"-items", in.items}, {"-stock", in.stock}, {"-rules", in.rules}, {"-orders", in.orders}} {
		if f.path == "" {
			m = append(m, f.flag)
		}
	}
	if len(m) == 0 {
		return ""
	}
	return ": missing " + strings.Join(m, ", ")
}

// maxProblems is how many problems of the files are printed.
const maxProblems = 100

// loadFeed reads the rule file, the stock files and the orders; on
// failure, it returns nil and every problem, a line each, naming its file.
func loadFeed(in feedFiles, comma rune, meter *progress.Meter) (*simulate.Scenario, []string) {
	meter.Stage("reading "+in.rules, 0, "")
	data, err := os.ReadFile(in.rules)
	if err != nil {
		return nil, []string{err.Error()}
	}
	rs, err := rules.Parse(data)
	if err != nil {
		return nil, prefixed(in.rules, err)
	}
	var srcs [3]feed.Source
	for i, path := range []string{in.nodes, in.items, in.stock} {
		f, ok := feed.FormatOf(path)
		if !ok {
			return nil, []string{path + ": a .csv or .jsonl file is needed (CSV or JSON lines, by the extension)"}
		}
		file, err := os.Open(path)
		if err != nil {
			return nil, []string{err.Error()}
		}
		defer file.Close()
		after := ""
		if i == 2 {
			after = "indexing the stock"
		}
		srcs[i] = feed.Source{Name: path, Format: f, R: stageReader(file, path, meter, after)}
	}
	snap, err := feed.Load(rs.Currency(), srcs[0], srcs[1], srcs[2], feed.Options{Comma: comma, MaxProblems: maxProblems})
	if err != nil {
		var out []string
		for _, e := range sourcing.Errors(err) {
			out = append(out, e.Error())
		}
		return nil, out
	}
	if err := orchestrate.CheckRules(snap, rs); err != nil {
		return nil, prefixed(in.rules, err)
	}
	orders, problems := readOrders(in.orders, snap, meter)
	if len(problems) > 0 {
		return nil, problems
	}
	name := fmt.Sprintf("%s, %s, %s, %s", in.nodes, in.items, in.stock, in.orders)
	return &simulate.Scenario{Name: name, Snapshot: snap, Rules: rs, Orders: orders}, nil
}

// prefixed returns the problems of err, a line each, after "path: ".
func prefixed(path string, err error) []string {
	var out []string
	for _, e := range sourcing.Errors(err) {
		out = append(out, path+": "+e.Error())
	}
	return out
}

// readOrders reads a JSON lines file of orders, decoded as a scenario
// file's and checked against snap; every problem is named by its line.
func readOrders(path string, snap *stock.Snapshot, meter *progress.Meter) ([]orchestrate.Order, []string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, []string{err.Error()}
	}
	defer f.Close()
	sc := bufio.NewScanner(stageReader(f, path, meter, ""))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var orders []orchestrate.Order
	var problems []string
	ids := map[string]int{} // order ID → its line
	add := func(line int, e error) bool {
		if len(problems) == maxProblems {
			problems = append(problems, fmt.Sprintf("%s:%d: more than %d problems: reading stopped here", path, line, maxProblems))
			return false
		}
		placed := &feed.Error{File: path, Line: line, Err: e}
		var fe *sourcing.FieldError
		if _, col, why, ok := strictjson.SyntaxPosition(e); ok {
			placed.Column, placed.Err = col, sourcing.Invalid("", nil, "malformed JSON: "+why)
		} else if errors.As(e, &fe) && fe.Field == "(document)" {
			c := *fe
			c.Field = ""
			placed.Err = &c
		}
		problems = append(problems, placed.Error())
		return true
	}
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\uFEFF"))
		}
		if len(bytes.Trim(text, " \t\r")) == 0 {
			continue
		}
		o, err := orchestrate.DecodeOrder(text, "")
		if err == nil {
			err = withoutOrderPrefix(o.Validate(snap))
		}
		if first, dup := ids[o.ID]; dup && o.ID != "" {
			err = errors.Join(err, &sourcing.FieldError{Field: "id", Value: o.ID, Problem: fmt.Sprintf("already the id of the order on line %d", first), Err: stock.ErrDuplicate})
		} else if !dup {
			ids[o.ID] = line
		}
		for _, e := range sourcing.Errors(err) {
			if !add(line, e) {
				return nil, problems
			}
		}
		orders = append(orders, o)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than 1 MiB")
		}
		problems = append(problems, fmt.Sprintf("%s:%d: %v", path, line+1, err))
	}
	return orders, problems
}

// withoutOrderPrefix names the fields of Order.Validate's problems as the
// order's JSON does: "lines[0].sku", not "order.lines[0].sku".
func withoutOrderPrefix(err error) error {
	var out []error
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			c := *fe
			c.Field = strings.TrimPrefix(strings.TrimPrefix(c.Field, "order"), ".")
			e = &c
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// stageReader returns r, reporting to meter the bytes read of the file at
// path, in a stage of its own that starts at the first read; after is the
// stage that follows its end, if any.
func stageReader(f *os.File, path string, meter *progress.Meter, after string) io.Reader {
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return &staged{r: f, path: path, size: size, meter: meter, after: after}
}

type staged struct {
	r           io.Reader
	path, after string
	size        int64
	meter       *progress.Meter
	started     bool
}

func (s *staged) Read(p []byte) (int, error) {
	if !s.started {
		s.started = true
		s.meter.Stage("reading "+s.path, s.size, "bytes")
	}
	n, err := s.r.Read(p)
	s.meter.Add(int64(n))
	if err == io.EOF && s.after != "" {
		s.meter.Stage(s.after, 0, "")
		s.after = ""
	}
	return n, err
}
