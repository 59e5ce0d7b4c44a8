// Package simulate reads scenario files and replays them: a scenario is one
// JSON document holding a whole small world (nodes, items, stock, carrier
// services, a rule set, orders and, for a simulation, events and the
// world's settings), in the scenario file format (README, Scenario files).
// Tests use scenarios table-driven, the examples load them,
// examples/solve solves them and examples/simulate replays them.
//
// [Parse] decodes and validates a scenario: unknown fields, fields given
// twice, null in a list and strings that are not UTF-8 are errors (a byte
// order mark is accepted), and every error is a sourcing.FieldError naming
// the JSON path and value ("nodes[3].lat: 91: …"), every problem of the file
// at once, so a malformed file is refused with a clear line per problem.
// [Scenario.Run] solves its orders, each against the scenario's stock;
// [Scenario.RunSequential], each against the stock the previous plans left.
//
// # Simulation
//
// [Simulate] replays a scenario's orders over time under one or more
// strategies and reports what each season came to: a retailer compares
// its rules with the presets, or tunes them ("what would last Black
// Friday have cost with these rules?"), and a test runs a small season
// table-driven. Each strategy replays the whole stream on a goroutine of
// its own, over its own copy of the world:
//
//   - The orders are placed in placed_at order (ties in file order), and
//     the events (restocks: [Event]) happen at their time, before the
//     orders of the same time.
//   - A strategy ([Strategy], [Decider]) assigns each order a plan, whose
//     units are taken from the stock (stock.Snapshot.Apply). The orders
//     assigned are released to their nodes at every multiple of
//     Settings.ReleaseEvery from midnight (at once without a period);
//     until then a strategy may change their assignment.
//   - A node's capacity is per calendar day, in its calendar's time zone
//     (UTC without a calendar): its committed units are the file's on the
//     first day of the stream, and each later day starts at 0.
//   - When an order is released, each node may refuse its shipment
//     (Settings.Reject): it had none of those SKUs after all, so its
//     available stock of them is written off (phantom stock) and the
//     strategy re-sources the refused part at once (the engine with
//     orchestrate.Reallocate, without the nodes that refused), the day
//     lost counted in the new shipments' ETA.
//   - Shipped units leave the stock at the end of the day; a parcel may
//     arrive late (Settings.Late); a reservation holds its units at the
//     store until the customer collects it (they leave the stock) or it
//     expires after Settings.ReserveHold (48 hours by default: they come
//     back), the customer not coming with probability Settings.NoShow.
//   - Keep (display stock) and safety stock are the rules' and the
//     levels' own: a strategy's solves honour them.
//
// The world's randomness — refusals, delays, reservations collected — is
// common random numbers: every draw is a hash of the seed and of what it
// is about (the order and node, and the carrier service), never a shared
// random stream, so every strategy faces the same world and strategies
// differ only by their decisions; and a season's result is a function of
// the scenario and the strategy alone, whatever runs beside it and
// whatever GOMAXPROCS. Nothing reads a clock, a file or a global random
// source.
//
// # Strategies and the yardstick
//
// [Engine] solves each order under the scenario's own rules; [Preset]
// under a preset's weights and filters (rules.LoadPreset) with the
// scenario's carriers; [RuleFile] under a rule file's; [Batch] is the
// engine plus grouping of a customer's orders within Settings.Group and
// re-optimisation of the orders not yet released at each release
// (orchestrate/batch); [Named] resolves "engine", the presets and
// "batch". Other strategies — learning refusal rates and delays from
// what the replay reveals, say — implement [Decider]:
// the replay calls it when an order is placed, at each release, when a
// node refuses, and with every outcome as it happens ([Observation]),
// never earlier; it acts on the [World] (the clock, the stock as it
// stands, the orders waiting) with World.Assign, World.Unassign and
// World.WakeAt.
//
// Whatever a strategy chose with, its plans are priced with the
// scenario's own rules (orchestrate.Price: the same carrier choice, ETA
// and terms as a solve, no hard rule applied), so every strategy is
// compared in the same money. An order's cost is its final plan's: what
// shipped, re-sourced shipments included, plus what was backordered (an
// order a strategy could not serve is all backordered).
//
// # KPIs
//
// Each strategy's [KPIs] — cost by term, shipments and parcels per order,
// split orders, units backordered and orders not fully served, on-time
// rate against promises, shipments by node kind, store utilisation
// against capacity, km, kg CO2, refusals and re-sourcings, reservations
// collected or expired — and its figures per day ([DayKPIs]) and per node
// ([NodeKPIs]) are sums over its decisions ([Decision]: the plan as
// shipped, and what became of each shipment): [Summarize] computes them
// from the decisions alone, as the replay does as it goes.
//
// # Speed
//
// BenchmarkSimulate replays a week of 100,000 orders on the generated
// 500-node network under four strategies: see the README for the figures.
// A replay's time is mostly its solves (about half) and the stock's
// copy-on-write updates (a plan applied copies the holders of its SKUs).
//
// # Errors
//
// The package has no sentinel errors of its own. [Parse] and [ParseWith]
// refuse a file with [*sourcing.FieldError] values (get one with
// [errors.As]) wrapping [sourcing.ErrInvalid]; [stock.ErrUnknownNode] or
// [stock.ErrUnknownSKU] for a stock record, order or event naming what
// the file does not have; or [stock.ErrDuplicate] for a node, item, stock
// level, calendar or order ID given twice. The caller should fix the file.
// [Scenario.Run] puts each order's error in Outcome.Err, to test with
// [errors.Is] against the sentinels of the orchestrate package (see its
// Errors section); so does [Scenario.RunSequential]. They fail themselves
// only when ctx is done, or when RunSequential cannot apply an order's plan
// 1 to the stock it was solved on (wrapping [stock.ErrConflict]), which
// would be a bug.
//
// [Simulate] refuses a scenario unfit to replay ([Scenario.Check]: an
// order without placed_at, invalid events or settings) with field errors
// wrapping sourcing.ErrInvalid, stock.ErrUnknownNode or
// stock.ErrUnknownSKU, and strategies without names or with one name
// twice. It fails with the error of a strategy, naming it (and the order
// or release): a decider's own error; a plan World.Assign refuses (orders
// not placed or already assigned, shipments not of the order:
// sourcing.ErrInvalid; more than the stock holds: stock.ErrConflict);
// orders left unassigned at the end; an order the scenario's rules do not
// cover (rules.ErrNoProfile). The caller should fix the strategy or the
// scenario. It returns ctx's error when ctx ends first.
package simulate
