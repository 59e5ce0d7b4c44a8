package feed_test

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/sourcing-go/sourcing/stock/feed"
)

// BenchmarkLoad loads a feed of 1,000,000 levels (500 nodes × 2,000 SKUs),
// in CSV and in JSON lines, from text in memory. It reports the rows
// (nodes, items and levels) loaded per second, and the bytes allocated
// per row: the snapshot's and the rows' (60 bytes or so per level), the
// rest being the decoding's.
func BenchmarkLoad(b *testing.B) {
	const nodes, skus = 500, 2000
	read := func(r io.Reader) []byte {
		data, err := io.ReadAll(r)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	csvFiles := [3][]byte{read(generatedNodes(nodes)), read(generatedItems(skus)), read(generatedLevels(nodes, skus))}
	var jsonFiles [3][]byte
	for i, data := range csvFiles {
		_, objs, ok := csvAsJSON(string(data))
		if !ok {
			b.Fatal("generated CSV unreadable")
		}
		var buf bytes.Buffer
		for _, o := range objs {
			buf.WriteString(o)
			buf.WriteByte('\n')
		}
		jsonFiles[i] = buf.Bytes()
	}
	rows := nodes + skus + nodes*skus
	for _, tt := range []struct {
		name   string
		format feed.Format
		files  [3][]byte
	}{{"CSV", feed.CSV, csvFiles}, {"JSON lines", feed.JSONLines, jsonFiles}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.files[0]) + len(tt.files[1]) + len(tt.files[2])))
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				src := func(i int) feed.Source {
					return feed.Source{Name: strconv.Itoa(i), Format: tt.format, R: bytes.NewReader(tt.files[i])}
				}
				snap, err := feed.Load("EUR", src(0), src(1), src(2), feed.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if snap.NumLevels() != nodes*skus {
					b.Fatalf("%d levels", snap.NumLevels())
				}
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(rows), "B/row")
		})
	}
}
