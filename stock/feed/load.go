package feed

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/stock"
)

// Load reads a retailer's nodes, items and stock levels and builds the
// snapshot, in currency (that of the nodes' costs). Every row is decoded
// as the elements of a scenario file's nodes, items and stock are, and
// checked by [stock.NewSnapshot]'s rules; so is every level's node and
// SKU, against the nodes and items read. Each problem is an [*Error]
// naming the file, line, column, field and value, up to
// Options.MaxProblems of them, joined ([sourcing.Errors] lists them); the
// files are read to their end otherwise, so that every problem is seen at
// once. A duplicate level is found once every level is read, and named by
// its line.
//
// The files are read a row at a time: the memory held is that of the
// rows decoded (56 bytes a level, the node and SKU strings shared; twice
// that while the last rows are gathered in one list) and of the snapshot
// (32 bytes a level), never the text. An error reading a source ends the
// load with that error.
func Load(currency sourcing.Currency, nodes, items, levels Source, opts Options) (*stock.Snapshot, error) {
	if _, err := stock.NewSnapshot(currency, nil, nil, nil); err != nil {
		return nil, err
	}
	rd := newReader(opts)
	ns, err := rd.nodes(nodes)
	if err != nil {
		return nil, rd.end(err)
	}
	is, err := rd.items(items)
	if err != nil {
		return nil, rd.end(err)
	}
	// A file not read whole (its header refused, a malformed CSV quote)
	// names no one: the levels' names are not checked against it.
	refs := &references{nodes: ns.index, items: is.index, anyNode: ns.rows.partial, anyItem: is.rows.partial}
	ls, err := rd.levels(levels, refs)
	if err != nil {
		return nil, rd.end(err)
	}
	if len(rd.p.list) > 0 {
		return nil, rd.p.err()
	}
	snap, err := stock.NewSnapshot(currency, ns.list, is.list, ls.list)
	if err != nil {
		return nil, rd.placed(err, map[string]*rows{"nodes": &ns.rows, "items": &is.rows, "stock": &ls.rows})
	}
	return snap, nil
}

// ReadNodes reads a nodes file: each row decoded and checked as [Load]
// does, and node IDs given twice. A node may name one of
// Options.Calendars.
func ReadNodes(src Source, opts Options) ([]stock.Node, error) {
	rd := newReader(opts)
	ns, err := rd.nodes(src)
	if err != nil {
		return nil, rd.end(err)
	}
	if len(rd.p.list) > 0 {
		return nil, rd.p.err()
	}
	return ns.list, nil
}

// ReadItems reads an items file: each row decoded and checked as [Load]
// does, and SKUs given twice.
func ReadItems(src Source, opts Options) ([]stock.Item, error) {
	rd := newReader(opts)
	is, err := rd.items(src)
	if err != nil {
		return nil, rd.end(err)
	}
	if len(rd.p.list) > 0 {
		return nil, rd.p.err()
	}
	return is.list, nil
}

// ReadLevels reads a levels file: each row decoded and checked as [Load]
// does; with Options.Snapshot, each level's node and SKU must be the
// snapshot's, so that the levels read are ready for
// [stock.Snapshot.WithLevels] (which refuses a node and SKU given twice).
// The node and SKU strings of equal rows are shared.
func ReadLevels(src Source, opts Options) ([]stock.Record, error) {
	rd := newReader(opts)
	refs := &references{snap: opts.Snapshot}
	if refs.snap == nil {
		refs.intern = map[string]string{}
	}
	ls, err := rd.levels(src, refs)
	if err != nil {
		return nil, rd.end(err)
	}
	if len(rd.p.list) > 0 {
		return nil, rd.p.err()
	}
	return ls.list, nil
}

// reader reads the files of one call, gathering their problems.
type reader struct {
	opts Options
	p    *problems
}

func newReader(opts Options) *reader {
	return &reader{opts: opts, p: &problems{max: opts.maxProblems()}}
}

// end returns the result of a read that stopped with err: the problems
// listed, or err when it is not their limit.
func (rd *reader) end(err error) error {
	if errors.Is(err, errStop) {
		return rd.p.err()
	}
	return err
}

// rows remembers the line of each row read, to name the rows of
// NewSnapshot's problems: runs of rows on consecutive lines are one entry.
type rows struct {
	file    string
	runs    []run
	n       int
	partial bool // the file was not read to its end
}

type run struct{ row, line int }

func (r *rows) add(line int) {
	if k := len(r.runs); k == 0 || r.runs[k-1].line+(r.n-r.runs[k-1].row) != line {
		r.runs = append(r.runs, run{r.n, line})
	}
	r.n++
}

// line returns the line of row i (0-based).
func (r *rows) line(i int) int {
	k := sort.Search(len(r.runs), func(k int) bool { return r.runs[k].row > i }) - 1
	if k < 0 || i >= r.n {
		return 0
	}
	return r.runs[k].line + i - r.runs[k].row
}

// file reads src, a file of rows of t, calling each with every row; each
// returns the row's problems. It returns the lines of the rows, and a
// non-nil error when the reading stopped: errStop at the limit of
// problems, or an error of src.
func (rd *reader) file(src Source, name string, t *table, each func(rr rowReader, line int) error) (lines rows, err error) {
	if src.Name != "" {
		name = src.Name
	}
	lines = rows{file: name}
	if src.R == nil {
		return lines, fmt.Errorf("%w: feed: %s: no reader", sourcing.ErrInvalid, name)
	}
	var rr rowReader
	switch src.Format {
	case CSV:
		if !validComma(rd.opts.comma()) {
			return lines, fmt.Errorf("%w: feed: Options.Comma %q: must not be '|', '\"', a line break or U+FFFD", sourcing.ErrInvalid, rd.opts.comma())
		}
		c, probs, err := newCSVRows(name, src.R, t, rd.opts.comma())
		if err != nil {
			return lines, err
		}
		for _, e := range probs {
			if err := rd.p.add(e); err != nil {
				return lines, err
			}
		}
		if c == nil {
			lines.partial = true
			return lines, nil
		}
		defer func() { lines.partial = lines.partial || c.broken }()
		rr = c
	case JSONLines:
		rr = newJSONRows(name, src.R)
	default:
		return lines, fmt.Errorf("%w: feed: %s: format %v: must be feed.CSV or feed.JSONLines", sourcing.ErrInvalid, name, src.Format)
	}
	for {
		line, err := rr.next()
		if err != nil {
			if err == io.EOF {
				return lines, nil
			}
			e, ok := err.(*Error)
			if !ok {
				return lines, err
			}
			if err := rd.p.add(e); err != nil {
				return lines, err
			}
			continue
		}
		lines.add(line)
		if err := each(rr, line); err != nil {
			if err := rd.report(name, rr, line, err); err != nil {
				return lines, err
			}
		}
	}
}

// report lists the problems of the row at line.
func (rd *reader) report(file string, rr rowReader, line int, err error) error {
	if _, col, why, ok := strictjson.SyntaxPosition(err); ok {
		if _, jsonLines := rr.(*jsonRows); !jsonLines {
			col = 0 // the JSON is the row's, not the file's
		}
		switch {
		case why == "empty or truncated JSON":
			why = "truncated JSON: the line ends within a value"
		case !strings.Contains(why, "JSON"):
			why = "malformed JSON: " + why
		}
		return rd.p.add(&Error{File: file, Line: line, Column: col, Err: sourcing.Invalid("", nil, why)})
	}
	var list []*Error
	whole := false // a problem of the whole row: not an object
	for _, e := range sourcing.Errors(err) {
		out := &Error{File: file, Line: line, Err: e}
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			c := *fe
			if c.Field == "(document)" {
				c.Field, whole = "", true
			}
			out.Err = &c
			if c.Field != "" {
				out.Column = rr.column(c.Field)
			}
		}
		list = append(list, out)
	}
	if whole {
		// The row is not an object: its fields' problems would only
		// repeat it.
		list = slices.DeleteFunc(list, func(e *Error) bool {
			var fe *sourcing.FieldError
			return errors.As(e.Err, &fe) && fe.Field != ""
		})
	}
	// In the order of the row, the whole row's problems last.
	slices.SortStableFunc(list, func(a, b *Error) int {
		return cmp.Compare(uint(a.Column-1), uint(b.Column-1))
	})
	for _, e := range list {
		if err := rd.p.add(e); err != nil {
			return err
		}
	}
	return nil
}

// placed returns NewSnapshot's problems, each row's at its line.
func (rd *reader) placed(err error, files map[string]*rows) error {
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if !errors.As(e, &fe) {
			rd.p.list = append(rd.p.list, e)
			continue
		}
		list, rest, ok := strings.Cut(fe.Field, "[")
		r := files[list]
		idx, field, ok2 := strings.Cut(rest, "]")
		i, err := strconv.Atoi(idx)
		if !ok || !ok2 || r == nil || err != nil {
			rd.p.list = append(rd.p.list, e)
			continue
		}
		c := *fe
		c.Field = strings.TrimPrefix(field, ".")
		if rd.p.add(&Error{File: r.file, Line: r.line(i), Err: &c}) != nil {
			break
		}
	}
	return rd.p.err()
}

// nodeSet is the nodes read, with their index by ID.
type nodeSet struct {
	list  []stock.Node
	index map[stock.NodeID]firstRow[stock.NodeID]
	rows  rows
}

// firstRow is the first row of an ID: its ID string, shared by the rows
// that name it, and its line.
type firstRow[ID ~string] struct {
	id   ID
	line int
}

func (rd *reader) nodes(src Source) (*nodeSet, error) {
	calendars := rd.opts.Calendars
	if calendars == nil {
		calendars = map[string]*stock.Calendar{}
	}
	ns := &nodeSet{index: map[stock.NodeID]firstRow[stock.NodeID]{}}
	var err error
	ns.rows, err = rd.file(src, "nodes", &nodeTable, func(rr rowReader, line int) error {
		n, err := stock.DecodeNode(rr.row(), "", calendars)
		if strictjson.IsSyntax(err) {
			ns.list = append(ns.list, n)
			return err
		}
		err = strictjson.Merge(err, checkNode(n))
		if first, dup := ns.index[n.ID]; dup && n.ID != "" {
			err = errors.Join(err, &sourcing.FieldError{Field: "id", Value: string(n.ID), Problem: fmt.Sprintf("appears twice: first on line %d", first.line), Err: stock.ErrDuplicate})
		} else if !dup {
			ns.index[n.ID] = firstRow[stock.NodeID]{n.ID, line}
		}
		ns.list = append(ns.list, n)
		return err
	})
	return ns, err
}

// itemSet is the items read, with their index by SKU.
type itemSet struct {
	list  []stock.Item
	index map[stock.SKU]firstRow[stock.SKU]
	rows  rows
}

func (rd *reader) items(src Source) (*itemSet, error) {
	is := &itemSet{index: map[stock.SKU]firstRow[stock.SKU]{}}
	var j itemJSON
	var dec strictjson.Decoder
	var err error
	is.rows, err = rd.file(src, "items", &itemTable, func(rr rowReader, line int) error {
		j = itemJSON{}
		err := dec.Unmarshal(rr.row(), "", &j)
		it := j.Item()
		is.list = append(is.list, it)
		if strictjson.IsSyntax(err) {
			return err
		}
		err = strictjson.Merge(err, checkItem(it))
		if first, dup := is.index[it.SKU]; dup && it.SKU != "" {
			err = errors.Join(err, &sourcing.FieldError{Field: "sku", Value: string(it.SKU), Problem: fmt.Sprintf("appears twice: first on line %d", first.line), Err: stock.ErrDuplicate})
		} else if !dup {
			is.index[it.SKU] = firstRow[stock.SKU]{it.SKU, line}
		}
		return err
	})
	return is, err
}

// references resolves the node and SKU of a level: against the nodes and
// items read (Load), a snapshot (ReadLevels with one), or not at all, the
// strings only shared (intern).
type references struct {
	nodes            map[stock.NodeID]firstRow[stock.NodeID]
	items            map[stock.SKU]firstRow[stock.SKU]
	anyNode, anyItem bool // every name is taken for known: the file was not read whole
	snap             *stock.Snapshot
	intern           map[string]string
	// lastNode and lastSKU are the names last found: a file of levels
	// is often sorted by node or by SKU, and a row then names the same
	// as the row before.
	lastNode stock.NodeID
	lastSKU  stock.SKU
}

// resolve returns the ID strings to keep for node and sku, shared with the
// rows naming them, and whether each is known.
func (rf *references) resolve(node stock.NodeID, sku stock.SKU) (stock.NodeID, stock.SKU, bool, bool) {
	switch {
	case rf.nodes != nil:
		okN, okI := node == rf.lastNode && node != "", sku == rf.lastSKU && sku != ""
		if okN {
			node = rf.lastNode
		} else if n, ok := rf.nodes[node]; ok {
			node, okN, rf.lastNode = n.id, true, n.id
		}
		if okI {
			sku = rf.lastSKU
		} else if i, ok := rf.items[sku]; ok {
			sku, okI, rf.lastSKU = i.id, true, i.id
		}
		return node, sku, okN || rf.anyNode, okI || rf.anyItem
	case rf.snap != nil:
		n, okN := rf.snap.Node(node)
		i, okI := rf.snap.Item(sku)
		if okN {
			node = n.ID
		}
		if okI {
			sku = i.SKU
		}
		return node, sku, okN, okI
	}
	return stock.NodeID(rf.share(string(node))), stock.SKU(rf.share(string(sku))), true, true
}

func (rf *references) share(s string) string {
	if t, ok := rf.intern[s]; ok {
		return t
	}
	rf.intern[s] = s
	return s
}

// levelSet is the levels read.
type levelSet struct {
	list []stock.Record
	rows rows
}

func (rd *reader) levels(src Source, refs *references) (*levelSet, error) {
	ls := &levelSet{}
	var list chunks[stock.Record]
	var j levelJSON
	var dec strictjson.Decoder
	var err error
	ls.rows, err = rd.file(src, "levels", &levelTable, func(rr rowReader, _ int) error {
		var err error
		if !rr.level(&j) {
			j = levelJSON{}
			err = dec.Unmarshal(rr.row(), "", &j)
		}
		if strictjson.IsSyntax(err) {
			list.add(stock.Record{})
			return err
		}
		r := stock.Record{Level: stock.Level{OnHand: j.OnHand, Reserved: j.Reserved, Safety: j.Safety}}
		var knownNode, knownSKU bool
		r.Node, r.SKU, knownNode, knownSKU = refs.resolve(stock.NodeID(j.Node), stock.SKU(j.SKU))
		list.add(r)
		if inRange(r.Level) && knownNode && knownSKU {
			return err
		}
		return strictjson.Merge(err, checkLevel(r, !knownNode, !knownSKU))
	})
	ls.list = list.list()
	return ls, err
}

// chunks gathers a long list of rows in chunks, to copy each row once when
// the list is made: append grows a long slice by a quarter, copying (and
// the garbage collector scanning) a list of millions of rows about five
// times over.
type chunks[T any] struct {
	full [][]T
	cur  []T
	n    int
}

const chunkLen = 1 << 16

func (c *chunks[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, min(chunkLen, max(64, c.n)))
	}
	c.cur = append(c.cur, v)
	c.n++
}

// list returns the rows in one slice, releasing the chunks as it goes.
func (c *chunks[T]) list() []T {
	if len(c.full) == 0 {
		return c.cur
	}
	out := make([]T, 0, c.n)
	for i, ch := range c.full {
		out = append(out, ch...)
		c.full[i] = nil
	}
	out = append(out, c.cur...)
	*c = chunks[T]{}
	return out
}
