package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// element is an element of the report with its attributes and the chart
// (section) it is in.
type element struct {
	name    string
	attr    map[string]string
	section string
}

// parseReport reads the report as XML, strictly: it must be well-formed.
func parseReport(t *testing.T, data []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var out []element
	var sections []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the report is not well-formed")
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			if e.name == "section" {
				sections = append(sections, e.attr["id"])
			}
			if len(sections) > 0 {
				e.section = sections[len(sections)-1]
			}
			out = append(out, e)
		case xml.EndElement:
			if tok.Name.Local == "section" {
				sections = sections[:len(sections)-1]
			}
		}
	}
	return out
}

// TestReport writes the season's report and reads it back: one page
// without script or anything fetched, every chart present, and the
// numbers drawn equal to the KPIs of the -json document of the same run.
func TestReport(t *testing.T) {
	out := seasonJSON(t)
	path := seasonRun.report
	var kpis struct {
		Strategies []struct {
			Name              string           `json:"name"`
			Cost              int64            `json:"cost"`
			Breakdown         map[string]int64 `json:"breakdown"`
			ShipmentsPerOrder float64          `json:"shipments_per_order"`
			SplitRate         float64          `json:"split_rate"`
			OnTimeRate        float64          `json:"on_time_rate"`
			Days              []struct {
				Date             string  `json:"date"`
				Orders           int     `json:"orders"`
				UnitsBackordered int64   `json:"units_backordered"`
				Utilisation      float64 `json:"store_utilisation_mean"`
			} `json:"days"`
			Nodes []struct {
				Node  string `json:"node"`
				Units int64  `json:"units"`
			} `json:"nodes"`
		} `json:"strategies"`
	}
	require.NoError(t, json.Unmarshal(out, &kpis))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page := string(data)
	for _, banned := range []string{"<script", "<link", "@import", "url(", "src=", "href=", "<img", "<iframe", "<object", "<embed"} {
		require.False(t, strings.Contains(page, banned), "the report fetches nothing and runs nothing: it has %q", banned)
	}
	els := parseReport(t, data)
	in := func(section, name string, match map[string]string) []element {
		var found []element
		for _, e := range els {
			if e.section != section || e.name != name {
				continue
			}
			ok := true
			for k, v := range match {
				ok = ok && e.attr[k] == v
			}
			if ok {
				found = append(found, e)
			}
		}
		return found
	}
	value := func(e element) float64 {
		v, err := strconv.ParseFloat(e.attr["data-value"], 64)
		require.NoError(t, err, "%v", e.attr)
		return v
	}
	for _, id := range []string{"cost", "shipments", "ontime", "backorders", "utilisation", "map"} {
		require.Len(t, in(id, "svg", nil), 1, "chart %s", id)
	}
	for _, s := range kpis.Strategies {
		t.Run(s.Name, func(t *testing.T) {
			var sum int64
			for term, amount := range s.Breakdown {
				rects := in("cost", "rect", map[string]string{"data-strategy": s.Name, "data-term": term})
				require.Len(t, rects, 1, term)
				require.Equal(t, float64(amount), value(rects[0]), term)
				sum += amount
			}
			require.Equal(t, s.Cost, sum)
			total := in("cost", "text", map[string]string{"data-strategy": s.Name})
			require.Len(t, total, 1)
			require.Equal(t, strconv.FormatInt(s.Cost, 10), total[0].attr["data-total"])

			metric := func(section, name string) float64 {
				rects := in(section, "rect", map[string]string{"data-strategy": s.Name, "data-metric": name})
				require.Len(t, rects, 1, name)
				return value(rects[0])
			}
			require.Equal(t, s.ShipmentsPerOrder, metric("shipments", "shipments_per_order"))
			require.Equal(t, s.SplitRate, metric("shipments", "split_rate"))
			require.Equal(t, s.OnTimeRate, metric("ontime", "on_time_rate"))

			for _, d := range s.Days {
				if d.Orders == 0 {
					continue // the charts show the days orders were placed
				}
				points := in("backorders", "circle", map[string]string{"data-strategy": s.Name, "data-date": d.Date})
				require.Len(t, points, 1, d.Date)
				require.Equal(t, float64(d.UnitsBackordered), value(points[0]), d.Date)
				points = in("utilisation", "circle", map[string]string{"data-strategy": s.Name, "data-date": d.Date})
				require.Len(t, points, 1, d.Date)
				require.Equal(t, d.Utilisation, value(points[0]), d.Date)
			}
			units := map[string]int64{}
			for _, n := range s.Nodes {
				units[n.Node] = n.Units
			}
			var drawn []element
			for _, e := range in("map", "circle", nil) {
				if e.attr["data-node"] != "" {
					drawn = append(drawn, e)
				}
			}
			// The maps are drawn in order: this strategy's nodes are its
			// map's (grouped under a g with its name).
			var mine []element
			current := ""
			for _, e := range els {
				if e.section != "map" {
					continue
				}
				if e.name == "g" {
					current = e.attr["data-strategy"]
				}
				if e.name == "circle" && e.attr["data-node"] != "" && current == s.Name {
					mine = append(mine, e)
				}
			}
			require.NotEmpty(t, drawn)
			require.Len(t, mine, 60, "every node of the network")
			for _, e := range mine {
				require.Equal(t, float64(units[e.attr["data-node"]]), value(e), e.attr["data-node"])
			}
		})
	}
	require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
}

// TestReportDeterministic: the same file gives the same page, byte for
// byte.
func TestReportDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := dir+"/a.html", dir+"/b.html"
	runOK(t, "-html", a, "-strategies", "engine,priority,distance", tiny)
	runOK(t, "-html", b, "-strategies", "engine,priority,distance", tiny)
	da, err := os.ReadFile(a)
	require.NoError(t, err)
	db, err := os.ReadFile(b)
	require.NoError(t, err)
	require.Equal(t, string(da), string(db))
	parseReport(t, da)
}
