package feed_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/stock/feed"
)

func BenchmarkTmpCompare(b *testing.B) {
	data, err := os.ReadFile("/tmp/h6-n5000.json")
	if err != nil {
		b.Skip()
	}
	rd := func(n string) []byte { d, _ := os.ReadFile("/tmp/h6-feed5000/" + n); return d }
	csvs := [3][]byte{rd("nodes.csv"), rd("items.csv"), rd("stock.csv")}
	jsons := [3][]byte{rd("nodes.jsonl"), rd("items.jsonl"), rd("stock.jsonl")}
	rows := 5000.0 + 10000 + 630000
	b.Run("Parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := simulate.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(rows*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	for _, tt := range []struct {
		name  string
		f     feed.Format
		files [3][]byte
	}{{"CSV", feed.CSV, csvs}, {"JSONL", feed.JSONLines, jsons}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := func(i int) feed.Source { return feed.Source{Format: tt.f, R: bytes.NewReader(tt.files[i])} }
				if _, err := feed.Load("EUR", s(0), s(1), s(2), feed.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(rows*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
