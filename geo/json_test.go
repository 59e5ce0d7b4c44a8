package geo_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
)

func TestLatLngJSON(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    geo.LatLng
		want string
	}{
		{name: "Paris", p: geo.MustLatLng(48.8566, 2.3522), want: `{"lat":48.8566,"lng":2.3522}`},
		{name: "origin", p: geo.MustLatLng(0, 0), want: `{"lat":0,"lng":0}`},
		{name: "corner", p: geo.MustLatLng(-90, 180), want: `{"lat":-90,"lng":180}`},
		{name: "tiny", p: geo.MustLatLng(1e-300, -5e-324), want: `{"lat":1e-300,"lng":-5e-324}`},
		{name: "unset", p: geo.LatLng{}, want: `null`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.p)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(data))
			var back geo.LatLng
			require.NoError(t, json.Unmarshal(data, &back))
			require.Equal(t, tt.p, back)
			// In a struct, omitzero leaves the unset value out.
			type place struct {
				At geo.LatLng `json:"at,omitzero"`
			}
			data, err = json.Marshal(place{tt.p})
			require.NoError(t, err)
			var got place
			require.NoError(t, json.Unmarshal(data, &got))
			require.Equal(t, tt.p, got.At)
		})
	}
}

func TestLatLngJSONRefusals(t *testing.T) {
	for _, tt := range []struct {
		doc, field string
	}{
		{`{"lat": 48.8566}`, "lng"},
		{`{"lng": 2.3522}`, "lat"},
		{`{}`, "lat"},
		{`{"lat": 91, "lng": 0}`, "lat"},
		{`{"lat": 0, "lng": -180.5}`, "lng"},
		{`{"lat": 1e999, "lng": 0}`, "lat"},
		{`{"lat": "48", "lng": 2}`, "lat"},
		{`{"lat": 48, "lng": 2, "alt": 35}`, "alt"},
		{`{"Lat": 48, "lng": 2}`, "Lat"},
		{`[48, 2]`, "(document)"},
		{`{"lat": 48, "lat": 49, "lng": 2}`, "lat"},
		{`{"lat": null, "lng": 2}`, "lat"},
		{`{"lat": 48, "lng": 2} {}`, "(document)"},
		{`{"": 1}`, `""`},
	} {
		t.Run(tt.doc, func(t *testing.T) {
			var p geo.LatLng
			err := p.UnmarshalJSON([]byte(tt.doc)) // json.Unmarshal would refuse bad syntax itself
			var fe *sourcing.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			require.Equal(t, tt.field, fe.Field)
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			require.Equal(t, geo.LatLng{}, p, "a refused value leaves the LatLng as it was")
		})
	}
}
