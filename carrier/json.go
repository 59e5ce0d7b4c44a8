package carrier

import (
	"encoding/json"
	"math"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/strictjson"
)

// specJSON is the JSON form of a Spec, as in scenario and rule files.
type specJSON struct {
	ID            string         `json:"id"`
	Service       string         `json:"service"`
	MaxParcelG    sourcing.Grams `json:"max_parcel_g"`
	Zones         []zoneJSON     `json:"zones"`
	Rates         []rateJSON     `json:"rates"`
	CO2GPerTonneK *json.Number   `json:"co2_g_per_tkm,omitempty"`
}

type zoneJSON struct {
	MaxKm json.Number   `json:"max_km"`
	Days  sourcing.Days `json:"days"`
}

type rateJSON struct {
	MaxG   sourcing.Grams   `json:"max_g"`
	Prices []sourcing.Money `json:"prices"`
}

// DecodeSpec decodes the JSON form of a carrier service. path locates data
// in its document and prefixes error fields ("carriers[0]"). The spec is not
// validated beyond its syntax: [NewService] does that.
func DecodeSpec(data []byte, path string) (Spec, error) {
	var j specJSON
	if err := strictjson.Unmarshal(data, path, &j); err != nil {
		return Spec{}, err
	}
	s := Spec{ID: ServiceID{Carrier: j.ID, Service: j.Service}, MaxParcel: j.MaxParcelG}
	for i, z := range j.Zones {
		// A negative bound decodes, so that NewService reports it with the
		// other problems.
		km, err := z.MaxKm.Float64()
		d, errD := geo.DistanceFromKilometres(math.Abs(km))
		if err != nil || errD != nil {
			return Spec{}, sourcing.Invalid(strictjson.Join(path, strictjson.Index("zones", i)+".max_km"), z.MaxKm.String(), "must be a finite number of kilometres ≥ 0")
		}
		if km < 0 {
			d = -d
		}
		s.Zones = append(s.Zones, Zone{MaxDistance: d, Days: z.Days})
	}
	for _, r := range j.Rates {
		s.Rates = append(s.Rates, RateRow{MaxWeight: r.MaxG, Prices: r.Prices})
	}
	if j.CO2GPerTonneK != nil {
		// A negative value decodes, so that NewService reports it.
		digits, neg := strings.CutPrefix(j.CO2GPerTonneK.String(), "-")
		r, err := sourcing.ParseRate(digits)
		if err != nil {
			return Spec{}, sourcing.Invalid(strictjson.Join(path, "co2_g_per_tkm"), j.CO2GPerTonneK.String(), "must be a decimal number")
		}
		if neg {
			r = -r
		}
		s.CO2PerTonneKm = r
	}
	return s, nil
}

// MarshalJSON writes the spec in the form DecodeSpec reads.
func (s Spec) MarshalJSON() ([]byte, error) {
	j := specJSON{ID: s.ID.Carrier, Service: s.ID.Service, MaxParcelG: s.MaxParcel}
	for _, z := range s.Zones {
		j.Zones = append(j.Zones, zoneJSON{MaxKm: json.Number(formatKm(z.MaxDistance)), Days: z.Days})
	}
	for _, r := range s.Rates {
		j.Rates = append(j.Rates, rateJSON{MaxG: r.MaxWeight, Prices: r.Prices})
	}
	if s.CO2PerTonneKm != 0 {
		n := json.Number(s.CO2PerTonneKm.String())
		j.CO2GPerTonneK = &n
	}
	return json.Marshal(j)
}

func formatKm(d geo.Distance) string {
	return sourcing.Rate(d).String() // millimetres are millionths of a kilometre
}
