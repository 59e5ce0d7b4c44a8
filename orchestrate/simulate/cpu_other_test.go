//go:build !unix

package simulate_test

// processCPU is not measured on this system.
func processCPU() float64 { return 0 }
