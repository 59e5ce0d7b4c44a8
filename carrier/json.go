package carrier

import (
	"encoding/json"
	"errors"

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

	VolumetricDivisor int64            `json:"volumetric_divisor,omitempty"`
	MaxParcelCm3      sourcing.CubicCm `json:"max_parcel_cm3,omitempty"`
	ParcelSurcharge   sourcing.Money   `json:"parcel_surcharge,omitempty"`
	FuelPct           *json.Number     `json:"fuel_pct,omitempty"`
	FromKinds         []string         `json:"from_kinds,omitempty"`
	To                []string         `json:"to,omitempty"`
	Countries         []string         `json:"countries,omitempty"`
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
// validated beyond its syntax: [NewService] does that. Every problem is
// reported, each a [sourcing.FieldError] with its path; on error, the Spec
// holds what did decode (a value in error left zero, an element in error
// kept at its index), so that a caller can validate the rest and report
// every problem of the document at once.
func DecodeSpec(data []byte, path string) (Spec, error) {
	var j specJSON
	err := strictjson.Unmarshal(data, path, &j)
	if strictjson.IsSyntax(err) {
		return Spec{}, err
	}
	decodeErr := err
	var errs []error // the problems of the values that decoded
	s := Spec{ID: ServiceID{Carrier: j.ID, Service: j.Service}, MaxParcel: j.MaxParcelG,
		VolumetricDivisor: j.VolumetricDivisor, MaxParcelVolume: j.MaxParcelCm3, ParcelSurcharge: j.ParcelSurcharge,
		FromKinds: j.FromKinds, To: j.To, Countries: j.Countries}
	for i, z := range j.Zones {
		field := strictjson.Join(path, strictjson.Index("zones", i)+".max_km")
		d, err := strictjson.Kilometres(z.MaxKm, field)
		if z.MaxKm == "" {
			err = sourcing.Invalid(field, nil, "missing: a zone needs max_km")
		}
		errs = append(errs, err)
		s.Zones = append(s.Zones, Zone{MaxDistance: d, Days: z.Days})
	}
	for _, r := range j.Rates {
		s.Rates = append(s.Rates, RateRow{MaxWeight: r.MaxG, Prices: r.Prices})
	}
	if j.CO2GPerTonneK != nil {
		s.CO2PerTonneKm, err = strictjson.SignedRate(*j.CO2GPerTonneK, strictjson.Join(path, "co2_g_per_tkm"))
		errs = append(errs, err)
	}
	if j.FuelPct != nil {
		s.FuelSurcharge, err = strictjson.SignedRate(*j.FuelPct, strictjson.Join(path, "fuel_pct"))
		errs = append(errs, err)
	}
	return s, strictjson.Merge(decodeErr, errors.Join(errs...))
}

// MarshalJSON writes the spec in the form DecodeSpec reads.
func (s Spec) MarshalJSON() ([]byte, error) {
	j := specJSON{ID: s.ID.Carrier, Service: s.ID.Service, MaxParcelG: s.MaxParcel,
		VolumetricDivisor: s.VolumetricDivisor, MaxParcelCm3: s.MaxParcelVolume, ParcelSurcharge: s.ParcelSurcharge,
		FromKinds: s.FromKinds, To: s.To, Countries: s.Countries}
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
	if s.FuelSurcharge != 0 {
		n := json.Number(s.FuelSurcharge.String())
		j.FuelPct = &n
	}
	return json.Marshal(j)
}

func formatKm(d geo.Distance) string {
	return sourcing.Rate(d).String() // millimetres are millionths of a kilometre
}
