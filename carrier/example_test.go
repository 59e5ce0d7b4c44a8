package carrier_test

import (
	"fmt"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
)

// exampleService is the "parcel/standard" service of the scenario file
// format's example.
func exampleService() *carrier.Service {
	spec, err := carrier.DecodeSpec([]byte(scenarioCarrier), "carriers[0]")
	if err != nil {
		panic(err)
	}
	s, err := carrier.NewService(spec)
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleNewService() {
	_, err := carrier.NewService(carrier.Spec{
		ID:        carrier.ServiceID{Carrier: "parcel"},
		MaxParcel: 30000,
		Zones:     []carrier.Zone{{MaxDistance: 600 * geo.Kilometre, Days: 2}, {MaxDistance: 100 * geo.Kilometre, Days: 1}},
		Rates:     []carrier.RateRow{{MaxWeight: 1000, Prices: []sourcing.Money{490, -1}}},
	})
	fmt.Println(err)
	// Output:
	// service: "": must not be empty
	// zones[1].max_km: 100: must be greater than the band before
	// rates[0].prices[1]: -1: must be ≥ 0
}

func ExampleService_Quote() {
	s := exampleService()
	paris := geo.MustLatLng(48.8566, 2.3522)
	lyon := geo.MustLatLng(45.764, 4.8357)

	q, err := s.Quote([]carrier.Piece{{Label: "TSHIRT-M", Weight: 300, Count: 2}}, paris.Distance(lyon))
	fmt.Printf("%+v %v\n", q, err)

	_, err = s.Quote([]carrier.Piece{{Label: "SOFA", Weight: 45000, Count: 1}}, paris.Distance(lyon))
	fmt.Println(err)
	// Output:
	// {Service:parcel/standard Price:590 Parcels:1 Zone:1 Days:2} <nil>
	// service cannot carry: parcel/standard: a unit of "SOFA" weighs 45000 g, over the 30000 g parcel limit
}

func ExampleService_OneParcel() {
	s := exampleService()
	// Two T-shirts of 300 g, then four bags of cement of 25 kg.
	p, ok := s.OneParcel(600, 0, 2)
	fmt.Println(p.Parcels(), ok)
	_, ok = s.OneParcel(100000, 0, 4)
	fmt.Println(ok)
	// Output:
	// 1 true
	// false
}

func ExampleService_ZoneFor() {
	s := exampleService()
	for _, d := range []geo.Distance{100 * geo.Kilometre, 100*geo.Kilometre + geo.Metre, 2500 * geo.Kilometre} {
		zone, days, ok := s.ZoneFor(d)
		fmt.Println(d, zone, days, ok)
	}
	// Output:
	// 100km 0 1 true
	// 100.001km 1 2 true
	// 2500km 0 0 false
}

func ExampleService_Price() {
	s := exampleService()
	// 40 kg of 10 kg units: one parcel of 30 kg, one of 10 kg.
	p, err := s.Pack([]carrier.Piece{{Label: "BAG", Weight: 10000, Count: 4}})
	if err != nil {
		fmt.Println(err)
		return
	}
	price, ok := s.Price(p, 2)
	fmt.Println(p.Parcels(), price, ok)
	// Output: 2 4380 true
}

func ExampleDecodeSpec() {
	_, err := carrier.DecodeSpec([]byte(`{"id": "parcel", "service": "standard", "max_parcel_g": 30000,
		"zones": [{"max_km": 100, "days": 1}, {"max_km": 600, "days": "two"}]}`), "carriers[0]")
	fmt.Println(err)
	// Output:
	// carriers[0].zones[1].days: "two": must be an integer
}

func ExampleSpec_MarshalJSON() {
	spec := carrier.Spec{
		ID:            carrier.ServiceID{Carrier: "parcel", Service: "eco"},
		MaxParcel:     5000,
		Zones:         []carrier.Zone{{MaxDistance: 391_500 * geo.Metre, Days: 3}},
		Rates:         []carrier.RateRow{{MaxWeight: 5000, Prices: []sourcing.Money{450}}},
		CO2PerTonneKm: 95_500_000,
	}
	b, err := spec.MarshalJSON()
	fmt.Println(string(b), err)
	// Output:
	// {"id":"parcel","service":"eco","max_parcel_g":5000,"zones":[{"max_km":391.5,"days":3}],"rates":[{"max_g":5000,"prices":[450]}],"co2_g_per_tkm":95.5} <nil>
}

// A Service answers what the search asks of a carrier: who it serves, how
// far it goes, its zones and what a parcel weighs for it.
func ExampleService() {
	s := exampleService()
	fmt.Println(s.ID(), s.MaxParcel(), s.Zones(), "zones, reach", s.Reach())
	fmt.Println(s.Serves("store", carrier.ToHome, "FR"))
	fmt.Println(s.Billable(1200, 0)) // no volumetric divisor: its weight

	var none carrier.Service // the zero Service carries nothing
	_, err := none.Quote([]carrier.Piece{{Label: "TSHIRT-M", Weight: 300, Count: 1}}, 0)
	fmt.Println(err)
	// Output:
	// parcel/standard 30000 3 zones, reach 2000km
	// true
	// 1200
	// service cannot carry: no carrier: 0km is beyond the last zone
}

// The zero ServiceID is "no carrier": the carrier of a shipment collected
// from the pickup store's own shelf, or held for a reservation.
func ExampleServiceID_String() {
	fmt.Println(carrier.ServiceID{Carrier: "colissimo", Service: "home"})
	fmt.Println(carrier.ServiceID{})
	// Output:
	// colissimo/home
	// no carrier
}
