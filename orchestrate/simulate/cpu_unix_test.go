//go:build unix

package simulate_test

import "syscall"

// processCPU returns the CPU time the process has used (user and
// system), in seconds: what a benchmark costs on a machine shared with
// others, whose wall-clock time is noisy.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
