package carrier

import (
	"cmp"
	"errors"
	"fmt"
	"math/bits"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/arith"
)

// ErrCannotCarry is returned when a service cannot carry a shipment: too far,
// a unit too heavy, or a parcel beyond the rate grid.
var ErrCannotCarry = errors.New("service cannot carry")

// ServiceID names a carrier service: the carrier ("colissimo") and its
// service ("standard"). IDs order by carrier, then service.
type ServiceID struct {
	Carrier string
	Service string
}

// Compare orders IDs by carrier, then service.
func (id ServiceID) Compare(o ServiceID) int {
	if c := cmp.Compare(id.Carrier, o.Carrier); c != 0 {
		return c
	}
	return cmp.Compare(id.Service, o.Service)
}

// String returns "carrier/service", or "no carrier" for the zero ServiceID
// (a shipment nothing carries: collected from the pickup store's own shelf,
// or held for an e-reservation).
func (id ServiceID) String() string {
	if id == (ServiceID{}) {
		return "no carrier"
	}
	return id.Carrier + "/" + id.Service
}

// Zone is a distance band: shipments up to MaxDistance take Days in transit.
// Field comments give the JSON names (an element of a carrier's "zones").
type Zone struct {
	MaxDistance geo.Distance  // max_km: kilometres in JSON, read to the millimetre
	Days        sourcing.Days // days: transit days
}

// RateRow is one weight break of a rate grid: parcels up to MaxWeight cost
// Prices[z] in zone z. Field comments give the JSON names (an element of a
// carrier's "rates").
type RateRow struct {
	MaxWeight sourcing.Grams   // max_g
	Prices    []sourcing.Money // prices: minor units, one per zone
}

// Spec describes a carrier service. Its field comments give the JSON names
// used in errors.
type Spec struct {
	ID        ServiceID      // id, service
	MaxParcel sourcing.Grams // max_parcel_g
	Zones     []Zone         // zones: max_km strictly increasing
	Rates     []RateRow      // rates: max_g strictly increasing, one price per zone
	// CO2PerTonneKm is the service's emissions in grams of CO2 per tonne-km
	// (co2_g_per_tkm), for the carbon term of a plan's cost.
	CO2PerTonneKm sourcing.Rate

	// VolumetricDivisor (volumetric_divisor) prices bulky parcels by volume:
	// a parcel is billed on the greater of its weight and its volume in cm³
	// × 1000 / divisor grams (5000 is common). 0 bills actual weight.
	VolumetricDivisor int64
	// MaxParcelVolume (max_parcel_cm3) limits a parcel's volume; 0 = none.
	MaxParcelVolume sourcing.CubicCm
	// ParcelSurcharge (parcel_surcharge) is added to the grid price of each
	// parcel.
	ParcelSurcharge sourcing.Money
	// FuelSurcharge (fuel_pct) is a percentage added to the shipment's price
	// (grid and parcel surcharges), rounded once: 12.5 for 12.5 %.
	FuelSurcharge sourcing.Rate

	// FromKinds (from_kinds) lists the node kinds ("warehouse", "store",
	// "supplier") that may ship with the service; empty = all.
	FromKinds []string
	// To (to) lists the destinations the service serves: "home" (a
	// customer's address) and "store" (a transfer to a click & collect
	// store); empty = both. A replenishment truck is To: ["store"].
	To []string
	// Countries (countries) lists the destination countries served;
	// empty = all.
	Countries []string
}

// The destinations of Spec.To.
const (
	ToHome  = "home"
	ToStore = "store"
)

// Service is a validated, immutable carrier service, safe for concurrent
// use. Build one with [NewService].
//
// The zero Service carries nothing: its ID is the zero ServiceID ("no
// carrier"), it has no zone (Zones and Reach are 0, ZoneFor reports ok
// false), a parcel limit of 0 g (Pack refuses every unit) and no rate, so
// Quote returns an error wrapping [ErrCannotCarry] and Price ok false;
// Serves reports true, as a service without restrictions does.
type Service struct {
	spec Spec
}

// NewService validates spec and returns the service. Every problem is
// reported, each as a [sourcing.FieldError] naming the JSON field.
func NewService(spec Spec) (*Service, error) {
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(field, v, why))
	}
	if spec.ID.Carrier == "" {
		bad("id", "", "must not be empty")
	}
	if spec.ID.Service == "" {
		bad("service", "", "must not be empty")
	}
	if spec.MaxParcel <= 0 {
		bad("max_parcel_g", spec.MaxParcel, "must be > 0")
	}
	if len(spec.Zones) == 0 {
		bad("zones", nil, "must list at least one band")
	}
	for i, z := range spec.Zones {
		if z.MaxDistance < 0 {
			bad(fmt.Sprintf("zones[%d].max_km", i), z.MaxDistance.Kilometres(), "must be ≥ 0")
		}
		if i > 0 && z.MaxDistance <= spec.Zones[i-1].MaxDistance {
			bad(fmt.Sprintf("zones[%d].max_km", i), z.MaxDistance.Kilometres(), "must be greater than the band before")
		}
		if z.Days < 0 {
			bad(fmt.Sprintf("zones[%d].days", i), z.Days, "must be ≥ 0")
		}
	}
	if len(spec.Rates) == 0 {
		bad("rates", nil, "must list at least one weight break")
	}
	for i, r := range spec.Rates {
		if r.MaxWeight <= 0 {
			bad(fmt.Sprintf("rates[%d].max_g", i), r.MaxWeight, "must be > 0")
		}
		if i > 0 && r.MaxWeight <= spec.Rates[i-1].MaxWeight {
			bad(fmt.Sprintf("rates[%d].max_g", i), r.MaxWeight, "must be greater than the row before")
		}
		if len(r.Prices) != len(spec.Zones) {
			bad(fmt.Sprintf("rates[%d].prices", i), len(r.Prices), fmt.Sprintf("must give one price per zone (%d)", len(spec.Zones)))
		}
		for j, p := range r.Prices {
			if p < 0 {
				bad(fmt.Sprintf("rates[%d].prices[%d]", i, j), p, "must be ≥ 0")
			}
		}
	}
	if spec.CO2PerTonneKm < 0 {
		bad("co2_g_per_tkm", spec.CO2PerTonneKm, "must be ≥ 0")
	}
	if spec.VolumetricDivisor < 0 {
		bad("volumetric_divisor", spec.VolumetricDivisor, "must be ≥ 0")
	}
	if spec.MaxParcelVolume < 0 {
		bad("max_parcel_cm3", spec.MaxParcelVolume, "must be ≥ 0")
	}
	if spec.ParcelSurcharge < 0 {
		bad("parcel_surcharge", spec.ParcelSurcharge, "must be ≥ 0")
	}
	if spec.FuelSurcharge < 0 || spec.FuelSurcharge > sourcing.RateFromInt(1000) {
		bad("fuel_pct", spec.FuelSurcharge, "must be in [0, 1000]")
	}
	for i, k := range spec.FromKinds {
		if k != "warehouse" && k != "store" && k != "supplier" {
			bad(fmt.Sprintf("from_kinds[%d]", i), k, "must be warehouse, store or supplier")
		}
	}
	for i, d := range spec.To {
		if d != ToHome && d != ToStore {
			bad(fmt.Sprintf("to[%d]", i), d, `must be "home" or "store"`)
		}
	}
	for i, c := range spec.Countries {
		if c == "" {
			bad(fmt.Sprintf("countries[%d]", i), "", "must not be empty")
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Service{spec: cloneSpec(spec)}, nil
}

func cloneSpec(spec Spec) Spec {
	c := spec
	c.Zones = slices.Clone(spec.Zones)
	c.Rates = make([]RateRow, len(spec.Rates))
	for i, r := range spec.Rates {
		c.Rates[i] = RateRow{MaxWeight: r.MaxWeight, Prices: slices.Clone(r.Prices)}
	}
	c.FromKinds = slices.Clone(spec.FromKinds)
	c.To = slices.Clone(spec.To)
	c.Countries = slices.Clone(spec.Countries)
	return c
}

// ID returns the service's identity.
func (s *Service) ID() ServiceID { return s.spec.ID }

// Spec returns a deep copy of the service's description.
func (s *Service) Spec() Spec { return cloneSpec(s.spec) }

// Serves reports whether the service may carry from a node of kind
// fromKind ("warehouse", "store", "supplier") to a destination of type to
// ([ToHome] or [ToStore]) in country.
func (s *Service) Serves(fromKind, to, country string) bool {
	ok := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	return ok(s.spec.FromKinds, fromKind) && ok(s.spec.To, to) && ok(s.spec.Countries, country)
}

// MaxParcel returns the maximum weight of one parcel.
func (s *Service) MaxParcel() sourcing.Grams { return s.spec.MaxParcel }

// CO2PerTonneKm returns the service's emissions in grams per tonne-km.
func (s *Service) CO2PerTonneKm() sourcing.Rate { return s.spec.CO2PerTonneKm }

// Zones returns the number of zones (the columns of the rate grid).
func (s *Service) Zones() int { return len(s.spec.Zones) }

// Reach returns the farthest distance the service carries: the last zone's
// upper bound (0 for the zero Service, which carries nothing).
func (s *Service) Reach() geo.Distance {
	if len(s.spec.Zones) == 0 {
		return 0
	}
	return s.spec.Zones[len(s.spec.Zones)-1].MaxDistance
}

// ZoneLimit returns the farthest distance zone z covers; zone z serves the
// distances above zone z−1's limit up to its own. Like a slice index, z
// must be in [0, Zones()): out of range it panics, a programmer's error.
func (s *Service) ZoneLimit(z int) geo.Distance { return s.spec.Zones[z].MaxDistance }

// ZoneFor returns the zone of a shipment over distance d and its transit
// days, or ok false beyond the last band.
func (s *Service) ZoneFor(d geo.Distance) (zone int, days sourcing.Days, ok bool) {
	for i, z := range s.spec.Zones {
		if d <= z.MaxDistance {
			return i, z.Days, true
		}
	}
	return 0, 0, false
}

// Price returns the price of a packing in zone: each parcel's grid price
// for its billable weight plus the parcel surcharge, then the fuel
// surcharge on the sum, rounded once, half away from zero. ok is false if a
// parcel's billable weight is beyond the grid's last row, zone is out of
// range, or the sum overflows.
func (s *Service) Price(p Packing, zone int) (sourcing.Money, bool) {
	if zone < 0 || zone >= len(s.spec.Zones) {
		return 0, false
	}
	var total sourcing.Money
	for _, run := range p.list() {
		row, ok := s.row(s.Billable(run.Weight, run.Volume))
		if !ok {
			return 0, false
		}
		each, ok := s.spec.Rates[row].Prices[zone].Add(s.spec.ParcelSurcharge)
		if !ok {
			return 0, false
		}
		price, ok := each.Mul(run.Count)
		if !ok {
			return 0, false
		}
		if total, ok = total.Add(price); !ok {
			return 0, false
		}
	}
	if s.spec.FuelSurcharge > 0 {
		// total × pct / 100, with pct in millionths.
		fuel, ok := arith.MulDivRound(uint64(total), uint64(s.spec.FuelSurcharge), 100*sourcing.RateScale)
		if !ok {
			return 0, false
		}
		if total, ok = total.Add(sourcing.Money(fuel)); !ok {
			return 0, false
		}
	}
	return total, true
}

// Billable returns the weight a parcel of weight and volume is billed on:
// the greater of its weight and its volumetric weight (volume × 1000 /
// divisor grams, rounded up), or its weight without a divisor or volume.
func (s *Service) Billable(weight sourcing.Grams, volume sourcing.CubicCm) sourcing.Grams {
	d := s.spec.VolumetricDivisor
	if d == 0 || volume <= 0 { // a negative volume, invalid, bills the weight
		return weight
	}
	kg := volume / sourcing.CubicCm(d)
	if kg > (1<<62)/1000 {
		return max(weight, 1<<62) // beyond any grid
	}
	vw := kg * 1000
	// ⌈rest × 1000 / d⌉ < 1000, on 128 bits: rest × 1000 overflows an
	// int64 when d is large.
	rest := uint64(volume % sourcing.CubicCm(d))
	hi, lo := bits.Mul64(rest, 1000)
	q, r := bits.Div64(hi, lo, uint64(d)) // hi < d since rest < d
	if r > 0 {
		q++
	}
	vw += sourcing.CubicCm(q)
	return max(weight, sourcing.Grams(vw))
}

func (s *Service) row(w sourcing.Grams) (int, bool) {
	for i, r := range s.spec.Rates {
		if w <= r.MaxWeight {
			return i, true
		}
	}
	return 0, false
}

// Quote is what a service asks to carry one shipment over one distance.
type Quote struct {
	Service ServiceID
	Price   sourcing.Money
	Parcels int64
	Zone    int
	Days    sourcing.Days // transit days, without the node's preparation
}

// Quote packs pieces and prices them over distance d. It returns an error
// wrapping [ErrCannotCarry] when the service cannot carry them.
func (s *Service) Quote(pieces []Piece, d geo.Distance) (Quote, error) {
	zone, days, ok := s.ZoneFor(d)
	if !ok {
		return Quote{}, fmt.Errorf("%w: %s: %s is beyond the last zone", ErrCannotCarry, s.spec.ID, d)
	}
	p, err := s.Pack(pieces)
	if err != nil {
		return Quote{}, err
	}
	price, ok := s.Price(p, zone)
	if !ok {
		return Quote{}, fmt.Errorf("%w: %s: a parcel is beyond the rate grid or the price overflows", ErrCannotCarry, s.spec.ID)
	}
	return Quote{Service: s.spec.ID, Price: price, Parcels: p.Parcels(), Zone: zone, Days: days}, nil
}
