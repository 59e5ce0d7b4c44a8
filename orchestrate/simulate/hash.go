package simulate

import (
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/stock"
)

// The world's randomness is common random numbers: every draw is a hash
// of the seed and of what the draw is about (the order, the node, the
// carrier service), never a value of a shared random stream. So the same
// question gets the same answer whatever the strategy, whatever it
// decided before, whatever the number of strategies replayed and the
// goroutines they run on; strategies differ only by their decisions.
//
// A draw is FNV-1a (64 bits) over the seed's eight bytes (little-endian),
// the draw's name and each key, each followed by a zero byte, then
// SplitMix64's finaliser to spread the bits; its top 53 bits make a
// number u in [0, 1). An event of probability p happens when u < p: never
// for p = 0, always for p = 1.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// draw returns u in [0, 1) for the draw name about keys under seed.
func draw(seed uint64, name string, keys ...string) float64 {
	h := uint64(fnvOffset)
	for range 8 {
		h = (h ^ (seed & 0xff)) * fnvPrime
		seed >>= 8
	}
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * fnvPrime
		}
		h *= fnvPrime // the zero byte: h ^ 0 is h
	}
	add(name)
	for _, k := range keys {
		add(k)
	}
	// SplitMix64's finaliser.
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return float64(h>>11) / (1 << 53)
}

// The world's answers. A strategy must not read them: they are what the
// replay reveals only as it happens (a refusal when the node is sent the
// shipment, a delay when the parcel arrives). They are exported for tests
// and reports, which check that every strategy faces the same world.

// Refuses reports whether node refuses the shipment of order it is given:
// a draw from a hash of (seed, order, node) below the node's probability
// of refusal.
func (s *Settings) Refuses(order string, node stock.NodeID) bool {
	p := s.rejectOf(node)
	return p > 0 && draw(s.seed(), "reject", order, string(node)) < p
}

// LateDays returns the days a shipment of order from node by service
// arrives after its ETA: the service's Late.Days when a draw from a hash
// of (seed, order, node, service) falls below its Late.P, else 0.
func (s *Settings) LateDays(order string, node stock.NodeID, service carrier.ServiceID) sourcing.Days {
	for _, l := range s.Late {
		if l.Service == service {
			if l.P > 0 && draw(s.seed(), "late", order, string(node), service.Carrier, service.Service) < l.P {
				return l.Days
			}
			return 0
		}
	}
	return 0
}

// Collected reports whether the customer collects the reservation of
// order, and after how long (within the hold period); a reservation not
// collected expires at the end of its hold. Both are draws from hashes of
// (seed, order).
func (s *Settings) Collected(order string) (bool, time.Duration) {
	if s.NoShow > 0 && draw(s.seed(), "no-show", order) < s.NoShow {
		return false, s.reserveHold()
	}
	// Whole minutes, at least one, before the hold ends.
	minutes := int64(s.reserveHold() / time.Minute)
	after := 1 + int64(draw(s.seed(), "collect", order)*float64(minutes-1))
	return true, time.Duration(after) * time.Minute
}
