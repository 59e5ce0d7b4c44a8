package sourcing_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

var ctxType = reflect.TypeFor[context.Context]()

// TestZeroValuesDoNotPanic calls every exported method of the zero value of
// the library's types, with zero arguments (nil pointers and slices
// included; a background context for a context), and checks that none
// panics: a zero value or a nil argument is refused with an error or
// answered as empty. Accessors by position, which panic on a position out
// of range as a slice index does (a programmer's error, as in the standard
// library), are left out; so is a nil context, which the library, like the
// standard library, takes as a programmer's error.
func TestZeroValuesDoNotPanic(t *testing.T) {
	byPosition := map[string]bool{"*stock.Snapshot.NodeAt": true, "*carrier.Service.ZoneLimit": true}
	for _, v := range []any{
		&stock.Snapshot{}, &stock.Calendar{}, &stock.Node{}, &stock.Item{}, stock.Level{}, stock.Date{},
		&rules.RuleSet{}, &rules.Profile{}, &rules.Registry{}, rules.Spec{}, rules.Change{}, &rules.Condition{},
		&carrier.Service{}, carrier.ServiceID{}, carrier.Spec{}, carrier.Packing{},
		&orchestrate.Order{}, &orchestrate.Result{}, &orchestrate.Plan{}, orchestrate.Breakdown{}, orchestrate.FulfilmentRequest{},
		&simulate.Scenario{},
	} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumMethod() {
			m := rv.Type().Method(i)
			name := fmt.Sprintf("%s.%s", rv.Type(), m.Name)
			if byPosition[name] {
				continue
			}
			t.Run(name, func(t *testing.T) {
				args := make([]reflect.Value, m.Type.NumIn()-1)
				for j := range args {
					at := m.Type.In(j + 1)
					if at == ctxType {
						args[j] = reflect.ValueOf(context.Background())
					} else {
						args[j] = reflect.Zero(at)
					}
				}
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s on the zero value panics: %v", name, r)
					}
				}()
				rv.Method(i).Call(args)
			})
		}
	}
}
