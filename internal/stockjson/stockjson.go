// Package stockjson holds the JSON forms of an item and a stock level, as
// in scenario files and a retailer's stock files, shared by the packages
// that read and write them (orchestrate/simulate, stock/feed).
package stockjson

import (
	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
)

// Item is the JSON form of a stock.Item.
type Item struct {
	SKU       string           `json:"sku"`
	Name      string           `json:"name,omitempty"`
	WeightG   sourcing.Grams   `json:"weight_g"`
	VolumeCm3 sourcing.CubicCm `json:"volume_cm3"`
	Tags      []string         `json:"tags"`
}

// Level is the JSON form of a stock.Record: a node's level of a SKU.
type Level struct {
	Node     string       `json:"node"`
	SKU      string       `json:"sku"`
	OnHand   sourcing.Qty `json:"on_hand"`
	Reserved sourcing.Qty `json:"reserved"`
	Safety   sourcing.Qty `json:"safety"`
}

// Item returns the item it describes.
func (j *Item) Item() stock.Item {
	return stock.Item{SKU: stock.SKU(j.SKU), Name: j.Name, Weight: j.WeightG, Volume: j.VolumeCm3, Tags: j.Tags}
}

// Record returns the stock record it describes.
func (j *Level) Record() stock.Record {
	return stock.Record{Node: stock.NodeID(j.Node), SKU: stock.SKU(j.SKU),
		Level: stock.Level{OnHand: j.OnHand, Reserved: j.Reserved, Safety: j.Safety}}
}
