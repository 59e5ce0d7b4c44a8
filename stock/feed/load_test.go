package feed_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
	"github.com/sourcing-go/sourcing/stock/feed"
)

// The same small network as CSV, as JSON lines and as a scenario file's
// arrays: columns in another order, defaults left out, quoted cells, CRLF
// line ends, a byte order mark, blank lines.
const (
	nodesCSV = "\uFEFFid,kind,country,lat,lng,ships,pickup,capacity,committed,handling_cost,prep_days\r\n" +
		"dc-paris,warehouse,FR,48.8566,2.3522,,,,,150,\r\n" +
		"\"store-lyon, part-dieu\",store,FR,45.764,4.8357,false,true,40,12,320,1\r\n"
	itemsCSV = "sku,name,weight_g,tags,volume_cm3\n" +
		"TSHIRT-M,\"T-shirt \"\"basic\"\"\",300,,1000\n" +
		"\n" +
		"LAMP,Lamp,120,battery|fragile,\n"
	levelsCSV = "sku,node,on_hand,reserved,safety\n" +
		"TSHIRT-M,dc-paris,10,2,1\n" +
		"TSHIRT-M,\"store-lyon, part-dieu\",3,,\n" +
		"LAMP,dc-paris,0,0,0\n"

	nodesJSONL = `{"id": "dc-paris", "kind": "warehouse", "lat": 48.8566, "lng": 2.3522, "country": "FR", "handling_cost": 150}
{"id": "store-lyon, part-dieu", "kind": "store", "lat": 45.764, "lng": 4.8357, "country": "FR", "ships": false, "pickup": true, "capacity": 40, "committed": 12, "handling_cost": 320, "prep_days": 1}
`
	itemsJSONL = `{"sku": "TSHIRT-M", "name": "T-shirt \"basic\"", "weight_g": 300, "volume_cm3": 1000}

{"sku": "LAMP", "name": "Lamp", "weight_g": 120, "tags": ["battery", "fragile"]}`
	levelsJSONL = "{\"node\": \"dc-paris\", \"sku\": \"TSHIRT-M\", \"on_hand\": 10, \"reserved\": 2, \"safety\": 1}\r\n" +
		"{\"node\": \"store-lyon, part-dieu\", \"sku\": \"TSHIRT-M\", \"on_hand\": 3}\r\n" +
		"{\"node\": \"dc-paris\", \"sku\": \"LAMP\", \"on_hand\": 0}\r\n"
)

// TestLoad checks that a feed in CSV, the same in JSON lines, and the
// same rows in a scenario file give one snapshot.
func TestLoad(t *testing.T) {
	lines := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" {
				out = append(out, l)
			}
		}
		return out
	}
	want, err := parseScenario(lines(nodesJSONL), lines(itemsJSONL), lines(levelsJSONL))
	require.NoError(t, err)
	require.Equal(t, 3, want.NumLevels())
	tests := []struct {
		name                string
		nodes, items, level feed.Source
	}{
		{"CSV", source("nodes.csv", nodesCSV), source("items.csv", itemsCSV), source("levels.csv", levelsCSV)},
		{"JSON lines", source("nodes.jsonl", nodesJSONL), source("items.jsonl", itemsJSONL), source("levels.jsonl", levelsJSONL)},
		{"mixed", source("nodes.csv", nodesCSV), source("items.ndjson", itemsJSONL), source("levels.CSV", levelsCSV)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := feed.Load("EUR", tt.nodes, tt.items, tt.level, feed.Options{})
			require.NoError(t, err)
			if diff := cmp.Diff(contentsOf(want), contentsOf(got), snapshotOpts); diff != "" {
				t.Errorf("Load mismatch with the scenario file (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadSemicolons reads a CSV file a spreadsheet wrote in a locale
// whose decimal separator is a comma.
func TestLoadSemicolons(t *testing.T) {
	nodes := strings.ReplaceAll(nodesCSV, ",", ";")
	nodes = strings.ReplaceAll(nodes, `"store-lyon; part-dieu"`, `"store-lyon, part-dieu"`)
	levels := strings.ReplaceAll(levelsCSV, ",", ";")
	levels = strings.ReplaceAll(levels, `"store-lyon; part-dieu"`, `"store-lyon, part-dieu"`)
	items := strings.ReplaceAll(itemsCSV, ",", ";")
	got, err := feed.Load("EUR", source("nodes.csv", nodes), source("items.csv", items), source("levels.csv", levels), feed.Options{Comma: ';'})
	require.NoError(t, err)
	want, err := feed.Load("EUR", source("nodes.csv", nodesCSV), source("items.csv", itemsCSV), source("levels.csv", levelsCSV), feed.Options{})
	require.NoError(t, err)
	if diff := cmp.Diff(contentsOf(want), contentsOf(got), snapshotOpts); diff != "" {
		t.Errorf("semicolons mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadProblems checks the problems of bad feeds, as a person reads
// them: file, line, column, field, value, why; in the order of the files
// and rows, each row's in the order of its columns.
func TestLoadProblems(t *testing.T) {
	const (
		okNodes  = "id,kind,lat,lng,country\ndc,warehouse,48.8,2.3,FR\nst,store,45.7,4.8,FR\n"
		okItems  = "sku,weight_g\nA,100\nB,200\n"
		okLevels = "node,sku,on_hand\ndc,A,1\n"
	)
	tests := []struct {
		name                string
		nodes, items, level feed.Source
		want                []string
	}{
		{name: "values of the wrong type or out of range, each at its column",
			nodes: source("nodes.csv", "id,kind,lat,lng,country,capacity,ships,cutoff\n"+
				"dc,warehouse,48.8,2.3,FR,,,\n"+
				"st,shop,91,2,FR,-5,yes,15:00\n"+
				"su,supplier,45,4,,12.5,true,\n"),
			items: source("items.csv", okItems), level: source("levels.csv", okLevels),
			want: []string{
				`nodes.csv:3:4: kind: "shop": must be warehouse, store or supplier`,
				`nodes.csv:3:9: lat: 91: must be in [-90, 90]`,
				`nodes.csv:3:17: capacity: -5: must be in [0, 1000000000000]`,
				`nodes.csv:3:20: ships: "yes": must be true or false`,
				`nodes.csv:3:24: cutoff: "15:00": needs a calendar`,
				`nodes.csv:4:18: country: "": must not be empty`,
				`nodes.csv:4:19: capacity: 12.5: must be a whole number`,
			}},
		{name: "required cells are values, not defaults",
			nodes: source("nodes.csv", "id,kind,lat,lng,country\n,warehouse,,2.3,FR\n"),
			items: source("items.csv", "sku,weight_g\nA,\n"), level: source("levels.csv", "node,sku,on_hand\ndc,A,\n"),
			want: []string{
				`nodes.csv:2:1: id: "": must not be empty`,
				`nodes.csv:2:12: lat: "": must be a number`,
				`items.csv:2:3: weight_g: "": must be an integer`,
				`levels.csv:2:1: node: "dc": no such node`,
				`levels.csv:2:6: on_hand: "": must be an integer`,
			}},
		{name: "spreadsheet habits",
			nodes: source("nodes.csv", okNodes),
			items: source("items.csv", "sku,weight_g,tags\nA,\"1,5\",hazmat;oversize\nB,200,a||b\n"),
			level: source("levels.csv", "node,sku,on_hand,reserved\ndc,A,TRUE, 2\n"),
			want: []string{
				`items.csv:2:3: weight_g: "1,5": must be an integer`,
				`items.csv:3:7: tags[1]: "": must not be empty`,
				`levels.csv:2:6: on_hand: "TRUE": must be an integer`,
				`levels.csv:2:11: reserved: " 2": must be an integer`,
			}},
		{name: "the header",
			nodes: source("nodes.csv", "ID,kind,lat,lng,country,colour,lat\n"),
			items: source("items.csv", ""),
			level: source("levels.csv", "node;sku;on_hand\n"),
			want: []string{
				`nodes.csv:1:1: ID: unknown column: did you mean id? (names are lower case, without spaces)`,
				`nodes.csv:1:25: colour: unknown column: a node file's columns are id, kind, lat, lng, country, ships, pickup, reserve, priority, handling_cost, pick_cost, capacity, committed, prep_days, calendar, cutoff`,
				`nodes.csv:1:32: lat: given twice in the header`,
				`nodes.csv:1: id: missing column: a node file needs id, kind, lat, lng, country`,
				`items.csv:1: empty: a CSV file starts with a header row naming its columns: sku, weight_g, name, volume_cm3, tags`,
				`levels.csv:1:1: "node;sku;on_hand": unknown column: the fields are separated by ';', not ',' (see feed.Options.Comma)`,
				`levels.csv:1: node: missing column: a level file needs node, sku, on_hand`,
				`levels.csv:1: sku: missing column: a level file needs node, sku, on_hand`,
				`levels.csv:1: on_hand: missing column: a level file needs node, sku, on_hand`,
			}},
		{name: "a nodes file whose header is refused names no one: the levels' nodes are not checked",
			nodes: source("nodes.csv", "id,type,lat,lng,country\ndc,warehouse,48.8,2.3,FR\n"), items: source("items.csv", okItems),
			level: source("levels.csv", "node,sku,on_hand\ndc,A,1\nst,SOCKS,1\n"),
			want: []string{
				`nodes.csv:1:4: type: unknown column: a node file's columns are id, kind, lat, lng, country, ships, pickup, reserve, priority, handling_cost, pick_cost, capacity, committed, prep_days, calendar, cutoff`,
				`nodes.csv:1: kind: missing column: a node file needs id, kind, lat, lng, country`,
				`levels.csv:3:4: sku: "SOCKS": no such item`,
			}},
		{name: "malformed CSV: a row of the wrong length, then a stray quote ends the file",
			nodes: source("nodes.csv", okNodes), items: source("items.csv", okItems),
			level: source("levels.csv", "node,sku,on_hand\ndc,A,1,9\n\"dc\nst\",B,2\ndc,B,\"3\"x\nst,A,ghost\n"),
			want: []string{
				`levels.csv:2: 4 fields: the header has 3`,
				`levels.csv:3:1: node: "dc\nst": no such node`,
				`levels.csv:5:8: malformed CSV: extraneous or missing " in quoted-field; reading of the file stopped here`,
			}},
		{name: "references and duplicates",
			nodes: source("nodes.csv", okNodes+"dc,store,1,1,FR\n"),
			items: source("items.jsonl", `{"sku": "A", "weight_g": 1}`+"\n"+`{"sku": "A", "weight_g": 2}`),
			level: source("levels.csv", "node,sku,on_hand\ndc,A,1\nghost,A,1\ndc,SOCKS,1\n"),
			want: []string{
				`nodes.csv:4:1: id: "dc": appears twice: first on line 2`,
				`items.jsonl:2:2: sku: "A": appears twice: first on line 1`,
				`levels.csv:3:1: node: "ghost": no such node`,
				`levels.csv:4:4: sku: "SOCKS": no such item`,
			}},
		{name: "a level given twice is found once all are read",
			nodes: source("nodes.csv", okNodes), items: source("items.csv", okItems),
			level: source("levels.csv", "node,sku,on_hand\ndc,A,1\nst,B,1\n\n\"dc\",\"A\",2\nst,A,1\nst,\"B\",3\n"),
			want: []string{
				`levels.csv:5: "dc/A": a second level for this node and SKU`,
				`levels.csv:7: "st/B": a second level for this node and SKU`,
			}},
		{name: "JSON lines: the decoder's problems, at the field's name",
			nodes: source("nodes.jsonl", `{"id": "dc", "kind": "warehouse", "lat": 48.8, "lng": 2.3, "country": "FR", "capacity": -4, "colour": "red"}`+"\n"+
				`{"id": "st", "kind": "store", "lng": 2.3, "country": "FR", "id": "x"}`+"\n"+
				"\n"+
				`{"id": "su", "kind": "supplier", "lat": 1, "lng": 1, "country": "FR",`+"\n"+
				"null\n"+
				"[1, 2]\n"+
				`{"id": "s\u00e9", "kind": "store", "lat": 1, "lng": 1, "country": "FR", "": 1}`+"\n"),
			items: source("items.jsonl", `{"sku": "A", "weight_g": 100, "tags": ["x", ""]}`+"\n"+"{\"sku\": \"B\xff\", \"weight_g\": 1}\n"),
			level: source("levels.jsonl", `{"node": "dc", "sku": "A", "on_hand": 1e3}`+"\n"+`{"node": "dc", "sku": "A" "on_hand": 1}`),
			want: []string{
				`nodes.jsonl:1:77: capacity: -4: must be in [0, 1000000000000]`,
				`nodes.jsonl:1:93: colour: unknown field`,
				`nodes.jsonl:2:60: id: given twice in the object`,
				`nodes.jsonl:2: lat: missing: lat and lng go together`,
				`nodes.jsonl:4:70: truncated JSON: the line ends within a value`,
				`nodes.jsonl:5: must not be null`,
				`nodes.jsonl:6: must be an object, not an array`,
				`nodes.jsonl:7:73: "": unknown field`,
				`items.jsonl:1:31: tags[1]: "": must not be empty`,
				`items.jsonl:2:2: sku: "B\xff": is not valid UTF-8`,
				`levels.jsonl:1:28: on_hand: 1e3: must be a whole number`,
				`levels.jsonl:2:27: malformed JSON: invalid character '"' after object key:value pair`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := feed.Load("EUR", tt.nodes, tt.items, tt.level, feed.Options{})
			require.Error(t, err)
			require.Nil(t, snap)
			got := loadErrors(t, err, tt.nodes.Name, tt.items.Name, tt.level.Name)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadSentinels checks what a caller branches on.
func TestLoadSentinels(t *testing.T) {
	nodes := "id,kind,lat,lng,country\ndc,warehouse,48.8,2.3,FR\n"
	items := "sku,weight_g\nA,100\n"
	tests := []struct {
		name   string
		levels string
		want   error
	}{
		{"a malformed value", "node,sku,on_hand\ndc,A,-1\n", sourcing.ErrInvalid},
		{"an unknown column", "node,sku,on_hand,bin\n", sourcing.ErrInvalid},
		{"malformed CSV", "node,sku,on_hand\n\"dc\"x,A,1\n", sourcing.ErrInvalid},
		{"an unknown node", "node,sku,on_hand\nwh,A,1\n", stock.ErrUnknownNode},
		{"an unknown SKU", "node,sku,on_hand\ndc,B,1\n", stock.ErrUnknownSKU},
		{"a level twice", "node,sku,on_hand\ndc,A,1\ndc,A,1\n", stock.ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := feed.Load("EUR", source("n.csv", nodes), source("i.csv", items), source("l.csv", tt.levels), feed.Options{})
			require.ErrorIs(t, err, tt.want)
			var fe *feed.Error
			require.ErrorAs(t, err, &fe)
			require.Equal(t, "l.csv", fe.File)
			var field *sourcing.FieldError
			require.ErrorAs(t, err, &field)
		})
	}
}

// TestMaxProblems checks that reading stops at the limit, saying where.
func TestMaxProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("node,sku,on_hand\n")
	for range 10_000 {
		b.WriteString("dc,A,-1\n")
	}
	for _, tt := range []struct {
		max, want int
	}{{0, 100}, {5, 5}} {
		_, err := feed.Load("EUR", source("n.csv", "id,kind,lat,lng,country\ndc,warehouse,1,1,FR\n"), source("i.csv", "sku,weight_g\nA,1\n"),
			source("l.csv", b.String()), feed.Options{MaxProblems: tt.max})
		got := loadErrors(t, err, "l.csv")
		require.Len(t, got, tt.want+1)
		require.Equal(t, "l.csv:2:6: on_hand: -1: must be in [0, 1000000000000]", got[0])
		require.Equal(t, fmt.Sprintf("l.csv:%d: more than %d problems: reading stopped here", tt.want+2, tt.want), got[tt.want])
	}
}

// TestReadLevels reads an update of the levels checked against a
// snapshot, for WithLevels.
func TestReadLevels(t *testing.T) {
	snap, err := feed.Load("EUR", source("nodes.csv", nodesCSV), source("items.csv", itemsCSV), source("levels.csv", levelsCSV), feed.Options{})
	require.NoError(t, err)
	update := "node,sku,on_hand\ndc-paris,LAMP,7\n\"store-lyon, part-dieu\",LAMP,1\n"
	recs, err := feed.ReadLevels(source("update.csv", update), feed.Options{Snapshot: snap})
	require.NoError(t, err)
	require.Equal(t, []stock.Record{{Node: "dc-paris", SKU: "LAMP", Level: stock.Level{OnHand: 7}}, {Node: "store-lyon, part-dieu", SKU: "LAMP", Level: stock.Level{OnHand: 1}}}, recs)
	next, err := snap.WithLevels(recs)
	require.NoError(t, err)
	require.Equal(t, sourcing.Qty(7), next.Level("dc-paris", "LAMP").OnHand)
	require.Equal(t, 4, next.NumLevels())

	_, err = feed.ReadLevels(source("update.csv", "node,sku,on_hand\ndc-lille,LAMP,7\ndc-paris,SOCKS,-1\n"), feed.Options{Snapshot: snap})
	want := []string{
		`update.csv:2:1: node: "dc-lille": no such node`,
		`update.csv:3:10: sku: "SOCKS": no such item`,
		`update.csv:3:16: on_hand: -1: must be in [0, 1000000000000]`,
	}
	if diff := cmp.Diff(want, loadErrors(t, err, "update.csv")); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}

	// Without a snapshot, names are not checked; equal names share their
	// strings.
	recs, err = feed.ReadLevels(source("levels.jsonl", levelsJSONL), feed.Options{})
	require.NoError(t, err)
	require.Len(t, recs, 3)
	require.Equal(t, stock.NodeID("dc-paris"), recs[2].Node)
	require.Same(t, unsafeStringData(recs[0].Node), unsafeStringData(recs[2].Node))
}

// TestReadNodesAndItems reads one file each, a node naming a calendar.
func TestReadNodesAndItems(t *testing.T) {
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr"})
	require.NoError(t, err)
	nodes, err := feed.ReadNodes(source("nodes.csv", "id,kind,lat,lng,country,calendar,cutoff\ndc,warehouse,48.8,2.3,FR,fr,15:30\n"),
		feed.Options{Calendars: map[string]*stock.Calendar{"fr": cal}})
	require.NoError(t, err)
	want := []stock.Node{{ID: "dc", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8, 2.3), Country: "FR", Ships: true, Calendar: cal, Cutoff: 15*60*60e9 + 30*60e9}}
	if diff := cmp.Diff(want, nodes, snapshotOpts); diff != "" {
		t.Errorf("ReadNodes mismatch (-want +got):\n%s", diff)
	}
	_, err = feed.ReadNodes(source("nodes.csv", "id,kind,lat,lng,country,calendar,cutoff\ndc,warehouse,48.8,2.3,FR,uk,15:30\n"), feed.Options{})
	// As in a scenario file, the cut-off is then without a calendar.
	require.Equal(t, []string{`nodes.csv:2:26: calendar: "uk": no calendar of that id`, `nodes.csv:2:29: cutoff: "15:30": needs a calendar`}, loadErrors(t, err, "nodes.csv"))

	items, err := feed.ReadItems(source("items.csv", itemsCSV), feed.Options{})
	require.NoError(t, err)
	require.Equal(t, []stock.Item{{SKU: "TSHIRT-M", Name: `T-shirt "basic"`, Weight: 300, Volume: 1000}, {SKU: "LAMP", Name: "Lamp", Weight: 120, Tags: []string{"battery", "fragile"}}}, items)
}

// TestMisuse checks the errors of a call that cannot be read, not a file.
func TestMisuse(t *testing.T) {
	ok := func() (feed.Source, feed.Source, feed.Source) {
		return source("n.csv", "id,kind,lat,lng,country\n"), source("i.csv", "sku,weight_g\n"), source("l.csv", "node,sku,on_hand\n")
	}
	n, i, l := ok()
	_, err := feed.Load("EUR", n, i, l, feed.Options{})
	require.NoError(t, err, "empty files are an empty snapshot")

	n, i, l = ok()
	_, err = feed.Load("euro", n, i, l, feed.Options{})
	require.EqualError(t, err, `currency: "euro": must be an ISO 4217 code such as EUR`)

	n, i, l = ok()
	n.Format = 0
	_, err = feed.Load("EUR", n, i, l, feed.Options{})
	require.ErrorIs(t, err, sourcing.ErrInvalid)
	require.ErrorContains(t, err, "n.csv: format Format(0): must be feed.CSV or feed.JSONLines")

	n, i, l = ok()
	i.R = nil
	_, err = feed.Load("EUR", n, i, l, feed.Options{})
	require.ErrorContains(t, err, "i.csv: no reader")

	n, i, l = ok()
	_, err = feed.Load("EUR", n, i, l, feed.Options{Comma: '|'})
	require.ErrorContains(t, err, "Options.Comma '|'")

	// An error of the reader ends the load, named.
	n, i, _ = ok()
	broken := feed.Source{Name: "l.csv", Format: feed.CSV, R: io.MultiReader(strings.NewReader("node,sku,on_hand\n"), errReader{})}
	_, err = feed.Load("EUR", n, i, broken, feed.Options{})
	require.ErrorIs(t, err, errDisk)
	require.EqualError(t, err, "l.csv: disk on fire")

	// A source without a name is named by what it holds.
	_, err = feed.ReadLevels(feed.Source{Format: feed.JSONLines, R: strings.NewReader(`{"on_hand": -1}`)}, feed.Options{})
	require.Equal(t, []string{"levels:1:2: on_hand: -1: must be in [0, 1000000000000]"}, loadErrors(t, err, "levels"))
}

var errDisk = errors.New("disk on fire")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errDisk }

// TestLongLine checks that a JSON line longer than the limit is refused,
// and the lines after it read.
func TestLongLine(t *testing.T) {
	long := `{"sku": "A", "name": "` + strings.Repeat("x", 2<<20) + `", "weight_g": 1}`
	_, err := feed.ReadItems(source("items.jsonl", long+"\n"+`{"sku": "", "weight_g": 1}`+"\n"), feed.Options{})
	require.Equal(t, []string{"items.jsonl:1: line longer than 1048576 bytes", `items.jsonl:2:2: sku: "": must not be empty`}, loadErrors(t, err, "items.jsonl"))
	fine := `{"sku": "A", "name": "` + strings.Repeat("x", 100_000) + `", "weight_g": 1}`
	items, err := feed.ReadItems(source("items.jsonl", fine), feed.Options{})
	require.NoError(t, err)
	require.Len(t, items[0].Name, 100_000)
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]feed.Format{"a.csv": feed.CSV, "dir.v2/A.CSV": feed.CSV, "x.jsonl": feed.JSONLines, "x.ndjson": feed.JSONLines, "x.JSONLines": feed.JSONLines} {
		got, ok := feed.FormatOf(name)
		require.True(t, ok, name)
		require.Equal(t, want, got, name)
	}
	for _, name := range []string{"a.json", "csv", "a.csv.gz", ""} {
		_, ok := feed.FormatOf(name)
		require.False(t, ok, name)
	}
	require.Equal(t, "JSON lines", feed.JSONLines.String())
}

// TestLoadMillions loads 10 million levels (5,000 nodes × 2,000 SKUs),
// written by a reader as they are read: a long run only (SOURCING_LONG=1).
func TestLoadMillions(t *testing.T) {
	if os.Getenv("SOURCING_LONG") == "" || raceEnabled {
		t.Skip("10 million levels, about a minute and 1.5 GB: a long run only (SOURCING_LONG=1), not under the race detector")
	}
	const nodes, skus = 5000, 2000
	snap, err := feed.Load("EUR", feed.Source{Name: "nodes.csv", Format: feed.CSV, R: generatedNodes(nodes)},
		feed.Source{Name: "items.csv", Format: feed.CSV, R: generatedItems(skus)},
		feed.Source{Name: "levels.csv", Format: feed.CSV, R: generatedLevels(nodes, skus)}, feed.Options{})
	require.NoError(t, err)
	require.Equal(t, nodes*skus, snap.NumLevels())
}

// TestLoadManyRows loads more levels than a chunk holds, in CSV and JSON
// lines, and reads some back.
func TestLoadManyRows(t *testing.T) {
	const nodes, skus = 120, 1000
	levels, err := io.ReadAll(generatedLevels(nodes, skus))
	require.NoError(t, err)
	_, objs, ok := csvAsJSON(string(levels))
	require.True(t, ok)
	for _, tt := range []struct {
		name   string
		levels feed.Source
	}{
		{"CSV", feed.Source{Name: "levels.csv", Format: feed.CSV, R: strings.NewReader(string(levels))}},
		{"JSON lines", feed.Source{Name: "levels.jsonl", Format: feed.JSONLines, R: strings.NewReader(strings.Join(objs, "\n"))}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := feed.Load("EUR", feed.Source{Name: "nodes.csv", Format: feed.CSV, R: generatedNodes(nodes)},
				feed.Source{Name: "items.csv", Format: feed.CSV, R: generatedItems(skus)}, tt.levels, feed.Options{})
			require.NoError(t, err)
			require.Equal(t, nodes*skus, snap.NumLevels())
			// Row i is node i/skus, SKU i%skus: on hand i%7, one reserved every fifth.
			for _, i := range []int{0, 65_535, 65_536, nodes*skus - 1} {
				node, sku := string(nodeID(nil, i/skus)), string(skuID(nil, i%skus))
				want := stock.Level{OnHand: sourcing.Qty(i % 7)}
				if i%5 == 0 {
					want.Reserved = 1
				}
				require.Equal(t, want, snap.Level(stock.NodeID(node), stock.SKU(sku)), "row %d", i)
			}
		})
	}
}
