package feed_test

import (
	"io"
	"strconv"
	"unsafe"

	"github.com/sourcing-go/sourcing/stock"
)

// generated is a CSV file written as it is read, a row at a time, so that
// a test of millions of rows holds none of its text.
type generated struct {
	header string
	rows   int
	row    func(b []byte, i int) []byte // appends row i
	i      int
	buf    []byte
}

func (g *generated) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.rows {
		if g.i == 0 {
			g.buf = append(g.buf, g.header...)
		} else {
			g.buf = g.row(g.buf, g.i-1)
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

func nodeID(b []byte, i int) []byte { return strconv.AppendInt(append(b, "store-"...), int64(i), 10) }
func skuID(b []byte, i int) []byte  { return strconv.AppendInt(append(b, "SKU-"...), int64(i), 10) }

func generatedNodes(n int) io.Reader {
	return &generated{header: "id,kind,lat,lng,country,pickup,capacity\n", rows: n, row: func(b []byte, i int) []byte {
		b = nodeID(b, i)
		b = append(b, ",store,"...)
		b = strconv.AppendFloat(b, 43+float64(i%800)/100, 'f', 4, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, -1+float64(i%700)/100, 'f', 4, 64)
		return append(b, ",FR,true,50\n"...)
	}}
}

func generatedItems(n int) io.Reader {
	return &generated{header: "sku,weight_g,volume_cm3,tags\n", rows: n, row: func(b []byte, i int) []byte {
		b = skuID(b, i)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(100+i%3000), 10)
		b = append(b, ",1200,"...)
		if i%10 == 0 {
			b = append(b, "hazmat"...)
		}
		return append(b, '\n')
	}}
}

// generatedLevels holds every SKU at every node, node by node.
func generatedLevels(nodes, skus int) io.Reader {
	return &generated{header: "node,sku,on_hand,reserved,safety\n", rows: nodes * skus, row: func(b []byte, i int) []byte {
		b = nodeID(b, i/skus)
		b = append(b, ',')
		b = skuID(b, i%skus)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i%7), 10)
		if i%5 == 0 {
			return append(b, ",1,\n"...)
		}
		return append(b, ",,\n"...)
	}}
}

func unsafeStringData[S ~string](s S) *byte { return unsafe.StringData(string(s)) }

var _ = stock.MaxQty
