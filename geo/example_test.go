package geo_test

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/sourcing-go/sourcing/geo"
)

func ExampleLatLngFromDegrees() {
	paris, err := geo.LatLngFromDegrees(48.8566, 2.3522)
	fmt.Println(paris, err)

	_, err = geo.LatLngFromDegrees(math.NaN(), 2.3522)
	fmt.Println(err)
	_, err = geo.LatLngFromDegrees(48.8566, 200)
	fmt.Println(err)
	// Output:
	// 48.8566,2.3522 <nil>
	// invalid coordinates: latitude NaN: must be a finite number in [-90, 90]
	// invalid coordinates: longitude 200: must be a finite number in [-180, 180]
}

func ExampleLatLng_Distance() {
	paris := geo.MustLatLng(48.8566, 2.3522)
	lyon := geo.MustLatLng(45.764, 4.8357)
	d := paris.Distance(lyon)
	fmt.Println(d, d.Metres())
	// Output: 391.5km 391500
}

func ExampleDistanceFromKilometres() {
	d, err := geo.DistanceFromKilometres(600)
	fmt.Println(int64(d), d, err)
	_, err = geo.DistanceFromKilometres(-1)
	fmt.Println(err)
	// Output:
	// 600000000 600km <nil>
	// invalid distance: -1 km: must be a finite number in [0, 1e9)
}

func ExampleDistance_Metres() {
	fmt.Println(geo.Distance(1499).Metres(), geo.Distance(1500).Metres(), geo.Distance(-1500).Metres())
	// Output: 1 2 -2
}

func ExampleMustLatLng() {
	lyon := geo.MustLatLng(45.764, 4.8357)
	fmt.Println(lyon.Lat(), lyon.Lng())
	// Output: 45.764 4.8357
}

func ExampleLatLng_MarshalJSON() {
	paris, _ := json.Marshal(geo.MustLatLng(48.8566, 2.3522))
	unset, _ := json.Marshal(geo.LatLng{})
	fmt.Println(string(paris), string(unset))
	var p geo.LatLng
	err := json.Unmarshal([]byte(`{"lat": 48.8566}`), &p)
	fmt.Println(err)
	// Output:
	// {"lat":48.8566,"lng":2.3522} null
	// lng: missing: a location needs lat and lng
}

func ExampleLatLng_IsValid() {
	var unset geo.LatLng
	origin := geo.MustLatLng(0, 0)
	fmt.Println(unset.IsValid(), unset)
	fmt.Println(origin.IsValid(), origin)
	// Output:
	// false unset
	// true 0,0
}
