package orchestrate

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// PromiseRequest is a checkout asking what it can offer for a basket,
// before the order exists.
type PromiseRequest struct {
	Basket      []Line
	Destination geo.LatLng // the customer's address
	Country     string
	Region      string
	Channel     string
	Tier        string
	Tags        []string
	Value       sourcing.Money
	PlacedAt    time.Time // now, as the host sees it
	// PromiseDays is the delivery promise the options are priced against
	// (lateness, and the profile's on-time rule); 0 = none.
	PromiseDays sourcing.Days
	// Stores is how many pickup stores to offer for click & collect, the
	// nearest first; 0 means 3.
	Stores int
}

// PromiseOption is one way the checkout can offer to serve the basket.
type PromiseOption struct {
	Mode rules.Mode
	// Service is the carrier service of a home option.
	Service carrier.ServiceID
	// Store is the pickup store of a collect option, the holding store of a
	// reserve option.
	Store stock.NodeID
	// Days is when the whole basket arrives (or is ready) with the plan
	// behind the option — the cheapest plan for that mode, service or
	// store, not necessarily the fastest: the latest ETA of its shipments.
	// Date is that day when the request has a time.
	Days sourcing.Days
	Date stock.Date
	// Cost is the cost of the plan behind the option, to rank options or
	// price them for the customer.
	Cost sourcing.Money
	Plan Plan
}

// PromiseUnavailable is an option the basket cannot have, and why.
type PromiseUnavailable struct {
	Mode    rules.Mode
	Service carrier.ServiceID
	Store   stock.NodeID
	Why     string
}

// Promises are a checkout's options: home delivery by each carrier service
// that serves the customer, click & collect at the nearest pickup stores,
// e-reservation in the best store; each option serves the whole basket.
type Promises struct {
	Options     []PromiseOption // by mode, then days, then cost
	Unavailable []PromiseUnavailable
	// Work is the search effort of the whole call, all its solves, in the
	// units of Options.Budget (which bounds it).
	Work int64
}

// Promise answers a checkout from the same engine and rules as Solve: one
// solve per home carrier service (restricted to it), one per pickup store,
// one for the reservation. An option is offered only when its plan 1 ships
// the whole basket.
func Promise(ctx context.Context, req PromiseRequest, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (*Promises, error) {
	if err := checkInputs("Promise", nil, snap, rs, &opts); err != nil {
		return nil, err
	}
	stores := cmp.Or(req.Stores, 3)
	if stores < 0 || stores > 100 {
		return nil, sourcing.Invalid("stores", req.Stores, "must be in [0, 100]")
	}
	base := Order{ID: "promise", Channel: req.Channel, Mode: rules.Home, Destination: req.Destination,
		Country: req.Country, Region: req.Region, Lines: req.Basket, PlacedAt: req.PlacedAt,
		Tier: req.Tier, Tags: req.Tags, Value: req.Value, PromiseDays: req.PromiseDays}
	if err := base.Validate(snap); err != nil {
		return nil, err
	}
	opts.K = 1
	// At most one option per service, pickup store and the reservation.
	carriers := rs.Carriers()
	out := &Promises{Options: make([]PromiseOption, 0, len(carriers)+stores+1)}
	// The options differ in mode, destination and services only: their
	// solves share what the basket's holders may give, read once per
	// profile, with each part's holders sorted by their bound from the
	// customer, so that a solve walks the nearest only (see listParts).
	// Each order below is valid as base is (its pickup store is one).
	share := newHolds(pointOf(req.Destination))
	defer share.release()
	// One budget for the whole call, shared by its solves.
	m := newMeter(ctx, cmp.Or(opts.Budget, DefaultBudget))
	try := func(o Order, opts Options, unavailable PromiseUnavailable, onto func(*PromiseOption)) error {
		res, err := solve(m, o, snap, rs, opts, share)
		opts.observe(&o, res, err)
		switch {
		case errors.Is(err, ErrInfeasible) || errors.Is(err, rules.ErrNoProfile):
			unavailable.Why = err.Error()
			out.Unavailable = append(out.Unavailable, unavailable)
			return nil
		case err != nil:
			return err
		}
		p := res.Plans[0]
		if len(p.Backordered) > 0 {
			unavailable.Why = "cannot serve " + formatLines(p.Backordered)
			out.Unavailable = append(out.Unavailable, unavailable)
			return nil
		}
		opt := PromiseOption{Mode: o.Mode, Cost: p.Cost, Plan: p}
		for _, s := range p.Shipments {
			if s.ETADays >= opt.Days {
				opt.Days, opt.Date = s.ETADays, s.Arrival
			}
		}
		onto(&opt)
		out.Options = append(out.Options, opt)
		return nil
	}
	// Home, one carrier service at a time.
	for _, s := range carriers {
		if !slices.ContainsFunc(stock.Kinds[:], func(k stock.NodeKind) bool { return s.Serves(k.String(), carrier.ToHome, req.Country) }) {
			continue
		}
		only := opts
		only.Services = []carrier.ServiceID{s.ID()}
		id := s.ID()
		if err := try(base, only, PromiseUnavailable{Mode: rules.Home, Service: id}, func(opt *PromiseOption) { opt.Service = id }); err != nil {
			return nil, err
		}
	}
	// Click & collect at the nearest pickup stores.
	pickup := func(i int) bool { return snap.NodeAt(i).Pickup }
	for _, i := range stockindex.Nearest(snap, pointOf(req.Destination), stores, pickup) {
		id := snap.NodeAt(i).ID
		o := base
		o.Mode, o.PickupNode = rules.Collect, id
		if err := try(o, opts, PromiseUnavailable{Mode: rules.Collect, Store: id}, func(opt *PromiseOption) { opt.Store = id }); err != nil {
			return nil, err
		}
	}
	// E-reservation.
	o := base
	o.Mode = rules.Reserve
	if err := try(o, opts, PromiseUnavailable{Mode: rules.Reserve}, func(opt *PromiseOption) { opt.Store = opt.Plan.Shipments[0].Node }); err != nil {
		return nil, err
	}
	out.Work = m.work
	slices.SortStableFunc(out.Options, func(a, b PromiseOption) int {
		return cmp.Or(cmp.Compare(a.Mode, b.Mode), cmp.Compare(a.Days, b.Days), cmp.Compare(a.Cost, b.Cost))
	})
	return out, nil
}
