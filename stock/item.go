package stock

import (
	"errors"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/stockindex"
)

// Item is something sold. Its field comments give the JSON names used in
// errors.
type Item struct {
	SKU    SKU              // sku
	Name   string           // name: for people; optional
	Weight sourcing.Grams   // weight_g: of one unit
	Volume sourcing.CubicCm // volume_cm3: of one unit
	Tags   []string         // tags, such as "hazmat" or "oversize"
}

// HasTag reports whether the item carries tag.
func (it *Item) HasTag(tag string) bool { return slices.Contains(it.Tags, tag) }

func (it *Item) validate() error {
	var errs []error
	if it.SKU == "" {
		errs = append(errs, sourcing.Invalid("sku", "", "must not be empty"))
	}
	if it.Weight < 0 || it.Weight > 1_000_000_000 {
		errs = append(errs, sourcing.Invalid("weight_g", it.Weight, "must be in [0, 1e9]"))
	}
	if it.Volume < 0 || it.Volume > 1_000_000_000_000 {
		errs = append(errs, sourcing.Invalid("volume_cm3", it.Volume, "must be in [0, 1e12]"))
	}
	for i, t := range it.Tags {
		if t == "" {
			errs = append(errs, sourcing.Invalid(fmt.Sprintf("tags[%d]", i), "", "must not be empty"))
		}
	}
	return errors.Join(errs...)
}

// Level is the stock of one SKU at one node. Its field comments give the JSON
// names used in errors.
type Level struct {
	OnHand   sourcing.Qty // on_hand
	Reserved sourcing.Qty // reserved: promised to orders not yet shipped
	Safety   sourcing.Qty // safety: never sold
}

// Available returns max(0, on hand − reserved − safety).
func (l Level) Available() sourcing.Qty { return stockindex.Level(l).Available() }

func (l Level) validate() error {
	var errs []error
	for _, f := range []struct {
		name string
		v    sourcing.Qty
	}{{"on_hand", l.OnHand}, {"reserved", l.Reserved}, {"safety", l.Safety}} {
		if f.v < 0 || f.v > MaxQty {
			errs = append(errs, sourcing.Invalid(f.name, f.v, fmt.Sprintf("must be in [0, %d]", MaxQty)))
		}
	}
	return errors.Join(errs...)
}

// Record is the level of one SKU at one node, as a snapshot is built from.
type Record struct {
	Node NodeID // node
	SKU  SKU    // sku
	Level
}
