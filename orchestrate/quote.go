package orchestrate

import (
	"fmt"
	"math/big"

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

// quote prices part v of the lattice shipped by c; see quoteQty.
func (p *problem) quote(c *candidate, v int) (q shipQuote, ok bool, err error) {
	clear(p.qty)
	p.lat.lineQty(v, p.qty)
	return p.quoteQty(c, p.qty, v)
}

// quoteQty prices shipping qty (per order line) from c. ok is false when c
// cannot ship it (too little usable stock, over capacity, or no carrier
// service able to carry it). Costs are the terms of the package
// documentation, each rounded once. key is the lattice vector of qty, which
// caches packings, or -1.
func (p *problem) quoteQty(c *candidate, qty []sourcing.Qty, key int) (q shipQuote, ok bool, err error) {
	clear(p.skuQ)
	var units sourcing.Qty
	for l, n := range qty {
		p.skuQ[p.lineSKU[l]] += n
		units += n
	}
	for si, n := range p.skuQ {
		if n > c.usable[si] {
			return q, false, nil
		}
	}
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
	prio, good1 := arith.Mul(int64(w.Priority), int64(n.Priority))
	prio, good2 := arith.Mul(prio, int64(units))
	if !good1 || !good2 {
		return q, false, overflow("priority", c)
	}
	bd.Priority = sourcing.Money(prio)
	if w.LowStock > 0 {
		var count sourcing.Qty
		for si, t := range p.skuQ {
			if t > 0 {
				count += t - min(max(c.avail[si]-w.LowStockBelow, 0), t)
			}
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
		q.eta = p.eta(c, 0)
		if q.eta < 0 || p.latest > 0 && q.eta > p.latest {
			return q, false, nil
		}
		if p.order.Mode != rules.Reserve {
			if bd.Lateness, err = p.lateness(q.eta, c); err != nil {
				return q, false, err
			}
		}
	} else {
		// The service with the lowest price + lateness; ties: lower price,
		// then service ID (services are sorted by ID).
		var bestSum, bestPrice, bestLate sourcing.Money
		var bestPack *packEntry
		for si, s := range p.services {
			z := c.zones[si]
			if !z.ok {
				continue
			}
			pk, err := p.pack(key, si)
			if err != nil {
				return q, false, err
			}
			if pk.state != 1 {
				continue
			}
			price, good := s.Price(pk.packing, z.zone)
			if !good {
				continue
			}
			eta := p.eta(c, z.days)
			if eta < 0 || p.latest > 0 && eta > p.latest {
				continue // the on-time rule forbids it
			}
			late, err := p.lateness(eta, c)
			if err != nil {
				return q, false, err
			}
			sum, good := price.Add(late)
			if !good {
				return q, false, overflow("carrier", c)
			}
			if q.service < 0 || sum < bestSum || sum == bestSum && price < bestPrice {
				q.service, bestSum, bestPrice, bestLate = si, sum, price, late
				q.eta = eta
				q.parcels = pk.packing.Parcels()
				q.transit = z.days
				bestPack = pk
			}
		}
		if q.service < 0 {
			return q, false, nil
		}
		bd.Carrier, bd.Lateness = bestPrice, bestLate
		if bd.Carbon, err = p.carbon(c, p.services[q.service], bestPack.weight); err != nil {
			return q, false, err
		}
	}
	total := bd.Carrier
	for _, t := range []sourcing.Money{bd.Handling, bd.Picking, bd.Distance, bd.Priority, bd.LowStock, bd.Workload, bd.Lateness, bd.Carbon} {
		if total, good = total.Add(t); !good {
			return q, false, overflow("total", c)
		}
	}
	q.bd, q.total = bd, total
	return q, true, nil
}

// eta returns the ETA of a shipment from c with transit days (0 for the
// shelf): its preparation + transit days, or, for a node with a calendar,
// the calendar days from the order's date to the arrival. It is -1 when the
// calendar has no working day to ship on.
func (p *problem) eta(c *candidate, transit sourcing.Days) sourcing.Days {
	n := &c.node
	if n.Calendar == nil {
		return n.PrepDays + transit
	}
	for _, e := range c.etas {
		if e.transit == transit {
			return e.days
		}
	}
	days := sourcing.Days(-1)
	if sch, ok := n.Calendar.Schedule(p.order.PlacedAt, n.Cutoff, n.PrepDays, transit); ok {
		days = sch.Days
	}
	c.etas = append(c.etas, etaCache{transit, days})
	return days
}

// lateness prices the days eta exceeds the promise (none without a promise).
func (p *problem) lateness(eta sourcing.Days, c *candidate) (sourcing.Money, error) {
	promise := p.order.PromiseDays
	if promise <= 0 || eta <= promise {
		return 0, nil
	}
	m, ok := p.w.LatePerDay.Mul(int64(eta - promise))
	if !ok {
		return 0, overflow("lateness", c)
	}
	return m, nil
}

// carbon prices the emissions of carrying weight over c's distance with s:
// co2_per_kg × (g CO2 per tonne-km × tonnes × km) / 1000, rounded once.
func (p *problem) carbon(c *candidate, s *carrier.Service, weight sourcing.Grams) (sourcing.Money, error) {
	price, perTkm := p.w.CO2PerKg, s.CO2PerTonneKm()
	if price == 0 || perTkm == 0 || weight == 0 || c.dist == 0 {
		return 0, nil
	}
	// price [µ¤/kg] × perTkm [µg/t·km] × weight [g] × dist [mm]
	//   = cost × 10⁶ (µ¤) × 10⁶ (µg) × 10³ (g→kg) × 10⁶ (g→t) × 10⁶ (mm→km)
	num := new(big.Int).SetInt64(int64(price))
	num.Mul(num, big.NewInt(int64(perTkm)))
	num.Mul(num, big.NewInt(int64(weight)))
	num.Mul(num, big.NewInt(int64(c.dist)))
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(27), nil)
	num.Add(num, new(big.Int).Rsh(den, 1))
	num.Quo(num, den)
	if !num.IsInt64() {
		return 0, overflow("carbon", c)
	}
	return sourcing.Money(num.Int64()), nil
}

// pack packs the quantities in p.skuQ for service si. With a lattice key
// the packing is done once per solve and cached.
func (p *problem) pack(key, si int) (*packEntry, error) {
	var e *packEntry
	if key >= 0 {
		e = &p.packs[key*len(p.services)+si]
		if e.state != 0 {
			return e, nil
		}
	} else {
		e = &packEntry{}
	}
	perSKU := p.skuQ
	pieces := make([]carrier.Piece, 0, len(p.skus))
	var weight sourcing.Grams
	for i, n := range perSKU {
		if n == 0 {
			continue
		}
		it := &p.skus[i].item
		pieces = append(pieces, carrier.Piece{Label: string(it.SKU), Weight: it.Weight, Volume: it.Volume, Count: int64(n)})
		w, ok1 := arith.Mul(int64(it.Weight), int64(n))
		sum, ok2 := arith.Add(int64(weight), w)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: the weight of a shipment of %d × %s", ErrOverflow, n, it.SKU)
		}
		weight = sourcing.Grams(sum)
	}
	pk, err := p.services[si].Pack(pieces)
	if err != nil {
		e.state = 2
		return e, nil
	}
	e.state, e.packing, e.weight = 1, pk, weight
	return e, nil
}
