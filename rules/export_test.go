package rules

// FallbackSteps returns the problems checkFallbacks finds in profiles and
// the number of profiles its walk visited, for a test that the work is
// linear.
func FallbackSteps(profiles []ProfileSpec) (int, int) {
	index := map[string]int{}
	for i, p := range profiles {
		if _, dup := index[p.Name]; !dup {
			index[p.Name] = i
		}
	}
	steps := 0
	errs := checkFallbacks(profiles, index, &steps)
	return len(errs), steps
}
