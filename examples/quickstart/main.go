// Command quickstart tells the library's story end to end on a small French
// network (testdata/quickstart.json): a web order for a pair of trail shoes
// and a rain jacket, to be delivered near Grenoble, while the central
// warehouse near Paris has none of either to give.
//
// It solves the order and prints the chosen plan with its cost term by
// term, why every other node holding the items lost (the rule that excluded
// it, or what the cheapest plan using it would cost more, term by term), and
// the notification the chosen store receives.
//
//	go run ./examples/quickstart
//
// The scenario file is found from the module root (the nearest directory
// holding go.mod), so the command runs from anywhere inside the repository.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/stock"
)

// scenarioFile is the scenario, relative to the module root.
const scenarioFile = "testdata/quickstart.json"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: quickstart")
		fmt.Fprintln(stderr, "Solves the order of testdata/quickstart.json and tells why the plan won. No flags.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "quickstart: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	sc, err := loadScenario()
	if err != nil {
		fmt.Fprintf(stderr, "quickstart: %v\n", err)
		return 1
	}
	out, err := report(context.Background(), sc)
	if err != nil {
		fmt.Fprintf(stderr, "quickstart: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "quickstart: %v\n", err)
		return 1
	}
	return 0
}

// loadScenario reads and validates the scenario file, which must hold
// exactly one order.
func loadScenario() (*simulate.Scenario, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := moduleRoot(wd)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(root, filepath.FromSlash(scenarioFile))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(sc.Orders) != 1 {
		return nil, fmt.Errorf("%s: want exactly one order, found %d", path, len(sc.Orders))
	}
	return sc, nil
}

// moduleRoot returns dir or its nearest parent that holds a go.mod file.
func moduleRoot(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or any parent: run quickstart from inside the sourcing module", dir)
		}
		d = parent
	}
}

// report solves the scenario's order and tells the story: the order, the
// chosen plan, why the other nodes lost, the notification.
func report(ctx context.Context, sc *simulate.Scenario) ([]byte, error) {
	order := sc.Orders[0]
	res, err := orchestrate.Solve(ctx, order, sc.Snapshot, sc.Rules, orchestrate.Options{})
	if err != nil {
		return nil, err
	}
	p := &printer{currency: sc.Rules.Currency()}
	p.line("%s", sc.Name)
	p.line("(%s; rule set %s, profile %q)", scenarioFile, res.PolicyVersion, res.Profile)
	p.order(sc.Snapshot, order)
	p.plan(res)
	if err := p.losers(ctx, sc, order, res.Plans[0]); err != nil {
		return nil, err
	}
	for _, s := range res.Plans[0].Shipments {
		p.notification(order, s)
	}
	return p.buf.Bytes(), nil
}

// printer writes the report, with money in the rule set's currency.
type printer struct {
	buf      bytes.Buffer
	currency sourcing.Currency
}

func (p *printer) line(format string, args ...any) {
	fmt.Fprintf(&p.buf, format+"\n", args...)
}

// money formats m as "12.34 EUR".
func (p *printer) money(m sourcing.Money) string {
	return m.Format(p.currency) + " " + string(p.currency)
}

func (p *printer) order(snap *stock.Snapshot, o orchestrate.Order) {
	p.line("")
	p.line("Order %s: %s channel, %s delivery, placed %s", o.ID, o.Channel, o.Mode, o.PlacedAt.Format("2006-01-02 15:04 -07:00"))
	p.line("  to %s (%s), promised within %d days; %s customer, value %s",
		o.Destination, o.Country, o.PromiseDays, o.Tier, p.money(o.Value))
	for _, l := range o.Lines {
		it, _ := snap.Item(l.SKU) // Solve validated the order
		p.line("  %d × %-15s %5d g", l.Qty, l.SKU, it.Weight)
	}
}

// plan prints plan 1, its shipments and its cost term by term.
func (p *printer) plan(res *orchestrate.Result) {
	best := res.Plans[0]
	p.line("")
	if res.Optimal {
		p.line("Plan 1: %s, proven the cheapest", p.money(best.Cost))
	} else {
		p.line("Plan 1: %s, the best found (the optimum costs at least %s)", p.money(best.Cost), p.money(res.LowerBound))
	}
	for _, s := range best.Shipments {
		p.line("  %s ships %s", s.Node, picks(s.Lines))
		p.line("    %.1f km away, %s by %s, ETA %d days", s.Distance.Kilometres(), count(s.Parcels, "parcel"), s.Carrier, s.ETADays)
	}
	for _, l := range best.Backordered {
		p.line("  backordered: %d × %s", l.Qty, l.SKU)
	}
	for _, t := range best.Breakdown.Terms() {
		p.line("  %-10s %12s", t.Name, p.money(t.Amount))
	}
	p.line("  %-10s %12s", "total", p.money(best.Breakdown.Total()))
}

// losers says, for every other node holding a record of the order's SKUs,
// why it does not ship: nothing available, a rule, or a higher cost.
func (p *printer) losers(ctx context.Context, sc *simulate.Scenario, o orchestrate.Order, best orchestrate.Plan) error {
	p.line("")
	p.line("Why the other nodes holding these items lost")
	for _, id := range otherHolders(sc.Snapshot, o, best) {
		n, _ := sc.Snapshot.Node(id)
		p.line("  %s (%s, %.1f km away)", id, n.Kind, n.Location.Distance(o.Destination).Kilometres())
		if levels, ok := nothingAvailable(sc.Snapshot, o, id); ok {
			p.line("    nothing available: %s", levels)
			continue
		}
		p.line("    available: %s", available(sc.Snapshot, o, id))
		ex, err := orchestrate.Explain(ctx, o, sc.Snapshot, sc.Rules, id, orchestrate.Options{})
		if err != nil {
			return err
		}
		switch {
		case ex.Excluded != nil:
			detail := ""
			if ex.Excluded.Detail() != "" {
				detail = " (" + ex.Excluded.Detail() + ")"
			}
			p.line("    excluded by a rule: %s%s", ex.Excluded.Reason, detail)
		case ex.Plan != nil:
			with := ""
			if others := slices.DeleteFunc(ex.Plan.Nodes(), func(x stock.NodeID) bool { return x == id }); len(others) > 0 {
				with = ", shipping together with " + strings.Join(ids(others), ", ")
			}
			p.line("    its cheapest plan costs %s, %s more%s:", p.money(ex.Plan.Cost), p.money(ex.Plan.Cost-ex.Best.Cost), with)
			p.line("    %s", deltaTerms(ex.Delta, p.currency))
		default:
			p.line("    %s", ex.Summary)
		}
	}
	return nil
}

// notification prints what the node of shipment s is asked to do.
func (p *printer) notification(o orchestrate.Order, s orchestrate.Shipment) {
	p.line("")
	p.line("Notification to %s", s.Node)
	p.line("  order    %s", o.ID)
	for i, l := range s.Lines {
		label := ""
		if i == 0 {
			label = "pick"
		}
		p.line("  %-8s %d × %s", label, l.Qty, l.SKU)
	}
	p.line("  parcels  %d", s.Parcels)
	p.line("  carrier  %s, service %s", s.Carrier.Carrier, s.Carrier.Service)
	p.line("  ETA      %d days (promised %d)", s.ETADays, o.PromiseDays)
}

// otherHolders returns, in ID order, the nodes holding a stock record of one
// of the order's SKUs that do not ship in plan.
func otherHolders(snap *stock.Snapshot, order orchestrate.Order, plan orchestrate.Plan) []stock.NodeID {
	var out []stock.NodeID
	for _, l := range order.Lines {
		for id := range snap.Holders(l.SKU) {
			if !slices.Contains(out, id) && !slices.Contains(plan.Nodes(), id) {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// nothingAvailable reports whether node has none of the order's SKUs
// available, and then describes its levels.
func nothingAvailable(snap *stock.Snapshot, order orchestrate.Order, node stock.NodeID) (string, bool) {
	var levels []string
	for _, l := range order.Lines {
		lv := snap.Level(node, l.SKU)
		if lv.Available() > 0 {
			return "", false
		}
		s := fmt.Sprintf("%s %d on hand", l.SKU, lv.OnHand)
		if lv.Reserved > 0 {
			s += fmt.Sprintf(", %d reserved", lv.Reserved)
		}
		if lv.Safety > 0 {
			s += fmt.Sprintf(", %d safety stock", lv.Safety)
		}
		levels = append(levels, s)
	}
	return strings.Join(levels, "; "), true
}

// available lists what node has available of each of the order's SKUs,
// before any display stock the rules keep.
func available(snap *stock.Snapshot, order orchestrate.Order, node stock.NodeID) string {
	parts := make([]string, len(order.Lines))
	for i, l := range order.Lines {
		parts[i] = fmt.Sprintf("%s %d", l.SKU, snap.Level(node, l.SKU).Available())
	}
	return strings.Join(parts, ", ")
}

// deltaTerms lists the terms by which a plan differs from plan 1.
func deltaTerms(d orchestrate.Breakdown, cur sourcing.Currency) string {
	var parts []string
	for _, t := range d.Terms() {
		if t.Amount > 0 {
			parts = append(parts, "+"+t.Amount.Format(cur)+" "+t.Name)
		} else if t.Amount < 0 {
			parts = append(parts, t.Amount.Format(cur)+" "+t.Name)
		}
	}
	return strings.Join(parts, ", ")
}

// picks formats lines as "1 × SKU, 2 × SKU".
func picks(lines []orchestrate.Line) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = fmt.Sprintf("%d × %s", l.Qty, l.SKU)
	}
	return strings.Join(parts, ", ")
}

// count formats n things: "1 parcel", "2 parcels".
func count(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func ids(nodes []stock.NodeID) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = string(n)
	}
	return out
}
