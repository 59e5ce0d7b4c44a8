// Package feed reads a retailer's own stock data — its stock points
// (nodes), the items it sells and its stock levels — from CSV or JSON
// lines files, as exported from a warehouse or store system, into a
// [stock.Snapshot]: [Load] reads the three files and builds the snapshot;
// [ReadNodes], [ReadItems] and [ReadLevels] read one (ReadLevels, checked
// against a snapshot, gives the levels of [stock.Snapshot.WithLevels], for
// an update during the day).
//
// The package reads [io.Reader] values, a row at a time: a file of ten
// million levels is never held in memory as text, and opening files is
// the caller's.
//
// # Columns
//
// A CSV file starts with a header row naming its columns, in any order;
// the names are those of a scenario file's JSON fields. A column the table
// below does not list is an error, and so is a required column (*) the
// header lacks. An empty cell of an optional column takes its default;
// required columns have no default.
//
//	nodes   id*, kind* (warehouse, store or supplier), lat*, lng*, country*,
//	        ships (true), pickup (false), reserve (false), priority (0),
//	        handling_cost (0, minor units), pick_cost (0), capacity (0 = no limit),
//	        committed (0), prep_days (0), calendar (none: an ID of
//	        Options.Calendars), cutoff (none; "15:00")
//	items   sku*, weight_g*, name (""), volume_cm3 (0),
//	        tags (none; separated by "|": hazmat|oversize)
//	levels  node*, sku*, on_hand*, reserved (0), safety (0)
//
// Values are written as in JSON: true and false, numbers such as 48.8566
// or 1500 (money in minor units), text as it is (CSV quoting aside).
// Tags are separated by "|" because ";" separates the fields of CSV files
// in locales that write decimals with a comma (see Options.Comma).
//
// A JSON lines file holds an object per line, in the form of the elements
// of a scenario file's nodes, items or stock: the same names, the same
// defaults for fields left out ("ships" true), tags as an array.
//
// Every row, of either format, is decoded by the decoder of scenario files
// and checked by [stock.NewSnapshot]'s rules, so that a feed and a
// scenario file accept the same values, with the same messages. (A CSV
// level whose cells are plain, UTF-8 text and integers of digits, is read
// without the JSON decoder, to the values the decoder gives them.)
//
// # Errors
//
// Every problem is an [*Error] naming the file, line and column, and
// wrapping a [*sourcing.FieldError] naming the field and the value as
// written, printed as compilers print theirs:
//
//	levels.csv:12:17: on_hand: "12,5": must be an integer
//	levels.csv:40:10: sku: "SOCKS": no such item
//	levels.csv:41: "dc-paris/LAMP": a second level for this node and SKU
//
// Test for the sentinels with [errors.Is]: [sourcing.ErrInvalid] for a
// malformed value or file (a value of the wrong type or out of range, an
// unknown or missing column, a row of the wrong length, malformed CSV or
// JSON); [stock.ErrUnknownNode] and [stock.ErrUnknownSKU] for a level
// naming a node or SKU the feed (or Options.Snapshot) does not have;
// [stock.ErrDuplicate] for a node ID, SKU, or node and SKU's level given
// twice. The caller should fix the file. Problems are joined, every one
// of the files up to Options.MaxProblems ([sourcing.Errors] lists them);
// past the limit, a last one says where reading stopped. A malformed CSV
// quote ends the reading of its file: what follows cannot be told apart.
// An error of a Source's reader ends the load and is returned as it is,
// prefixed with the file's name.
package feed
