// Package netgen generates realistic, seeded retail networks for tests,
// benchmarks and examples: warehouses, stores and suppliers placed around
// the 40 largest French urban areas in proportion to their population,
// thousands of SKUs with skewed (Zipf) popularity, sparse store stock, a
// Colissimo-like carrier grid with an express service, a cost-based rule
// set, and order streams of 1 to 20 lines.
//
// The same Config always gives the same network, byte for byte: all
// randomness comes from a PCG source seeded by Config.Seed.
package netgen
