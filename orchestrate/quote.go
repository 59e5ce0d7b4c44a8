package orchestrate

import (
	"fmt"
	"math/bits"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/arith"
	"github.com/sourcing-go/sourcing/rules"
)

// shipQuote is what one candidate shipping one part of the order costs.
type shipQuote struct {
	bd      Breakdown
	total   sourcing.Money
	service int // index into problem.services; -1 when nothing is carried
	parcels int64
	eta     sourcing.Days
	transit sourcing.Days // of the chosen service; 0 for the shelf
}

// overflow is the error for a term that does not fit in int64.
func overflow(term string, c *candidate) error {
	return fmt.Errorf("%w: the %s term of a shipment from %s", ErrOverflow, term, c.node.ID)
}

// overflowf is the error for an order-level term that does not fit in int64.
func overflowf(term string) error {
	return fmt.Errorf("%w: the %s term of the plan", ErrOverflow, term)
}

// quoteQty prices shipping qty (per order line) from c; see quote.
func (p *problem) quoteQty(c *candidate, qty []sourcing.Qty) (shipQuote, bool, error) {
	return p.quote(c, p.partOf(qty))
}

// quote prices part pt shipped by c. ok is false when c cannot ship it (too
// little usable stock, over capacity, or no carrier service able to carry
// it). Costs are the terms of the package documentation, each rounded
// once.
func (p *problem) quote(c *candidate, pt *part) (q shipQuote, ok bool, err error) {
	for _, si := range pt.skus {
		if pt.sku[si] > c.usable[si] {
			return q, false, nil
		}
	}
	units := pt.units
	if c.cap >= 0 && units > c.cap {
		return q, false, nil
	}
	w := &p.w
	n := &c.node
	var bd Breakdown
	var good bool
	bd.Handling = n.HandlingCost
	if bd.Picking, good = n.PickCost.Mul(int64(units)); !good {
		return q, false, overflow("picking", c)
	}
	if !(p.order.Mode == rules.Collect && c.shelf) {
		rate, good1 := arith.Mul(int64(w.PerUnitKm), int64(units))
		rate, good2 := arith.Add(rate, int64(w.PerKm))
		d, good3 := arith.MulDivRound(uint64(rate), uint64(c.dist), sourcing.RateScale*1_000_000)
		if !good1 || !good2 || !good3 {
			return q, false, overflow("distance", c)
		}
		bd.Distance = sourcing.Money(d)
	}
	if w.Priority != 0 && n.Priority != 0 {
		prio, good1 := arith.Mul(int64(w.Priority), int64(n.Priority))
		prio, good2 := arith.Mul(prio, int64(units))
		if !good1 || !good2 {
			return q, false, overflow("priority", c)
		}
		bd.Priority = sourcing.Money(prio)
	}
	if w.LowStock > 0 {
		var count sourcing.Qty
		for _, si := range pt.skus {
			t := pt.sku[si]
			count += t - min(max(c.avail[si]-w.LowStockBelow, 0), t)
		}
		if bd.LowStock, good = w.LowStock.Mul(int64(count)); !good {
			return q, false, overflow("low_stock", c)
		}
	}
	if n.Capacity > 0 && w.Workload > 0 {
		wl, good := arith.MulDivRound(uint64(w.Workload), uint64(n.Committed+units), uint64(n.Capacity))
		if !good {
			return q, false, overflow("workload", c)
		}
		bd.Workload = sourcing.Money(wl)
	}
	q.service = -1
	if c.shelf {
		if !c.shelfOK {
			return q, false, nil
		}
		q.eta, bd.Lateness = c.shelfETA, c.shelfLate
	} else {
		// The service with the lowest price + lateness; ties: lower price,
		// then service ID (services are sorted by ID).
		var bestSum sourcing.Money
		for si := range p.services {
			cs := &c.svc[si]
			if !cs.ok {
				continue
			}
			price, good := p.price(pt, si, cs.zone)
			if !good {
				continue
			}
			sum, good := price.Add(cs.late)
			if !good {
				return q, false, overflow("carrier", c)
			}
			if q.service < 0 || sum < bestSum || sum == bestSum && price < bd.Carrier {
				q.service, bestSum, bd.Carrier, bd.Lateness = si, sum, price, cs.late
				q.eta, q.transit = cs.eta, cs.transit
			}
		}
		if q.service < 0 {
			return q, false, nil
		}
		q.parcels = pt.svc[p.svcAt[q.service]].parcels
		if bd.Carbon, good = p.carbon(c, p.services[q.service], pt.weight); !good {
			return q, false, overflow("carbon", c)
		}
	}
	total := bd.Carrier
	for _, t := range [...]sourcing.Money{bd.Handling, bd.Picking, bd.Distance, bd.Priority, bd.LowStock, bd.Workload, bd.Lateness, bd.Carbon} {
		if total, good = total.Add(t); !good {
			return q, false, overflow("total", c)
		}
	}
	q.bd, q.total = bd, total
	return q, true, nil
}

// carbon prices the emissions of carrying weight over c's distance with s:
// co2_per_kg × (g CO2 per tonne-km × tonnes × km) / 1000, rounded once:
//
//	price [µ¤/kg] × perTkm [µg/t·km] × weight [g] × dist [mm] / 10²⁷
//
// computed exactly on 128 bits. ok is false if the result, or an
// intermediate product, does not fit.
func (p *problem) carbon(c *candidate, s *carrier.Service, weight sourcing.Grams) (sourcing.Money, bool) {
	price, perTkm := p.w.CO2PerKg, s.CO2PerTonneKm()
	if price == 0 || perTkm == 0 || weight == 0 || c.dist == 0 {
		return 0, true
	}
	a, ok1 := arith.Mul(int64(price), int64(perTkm))
	b, ok2 := arith.Mul(int64(weight), int64(c.dist))
	if !ok1 || !ok2 {
		return 0, false
	}
	// a×b + 10²⁷/2, then ÷10¹³ and ÷10¹⁴ (nested floor divisions are exact).
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	hh, hl := bits.Mul64(5e13, 1e13) // 10²⁷/2
	var carry uint64
	lo, carry = bits.Add64(lo, hl, 0)
	hi, _ = bits.Add64(hi, hh, carry)
	// Divide the 128-bit (hi, lo) by 10¹³ into a 128-bit quotient.
	qhi, r := hi/1e13, hi%1e13
	qlo, _ := bits.Div64(r, lo, 1e13)
	if qhi >= 1e14 {
		return 0, false
	}
	res, _ := bits.Div64(qhi, qlo, 1e14)
	if res > 1<<63-1 {
		return 0, false
	}
	return sourcing.Money(res), true
}
