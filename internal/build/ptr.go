package build

// ptr returns a pointer to v, for goformation's optional fields.
func ptr[T any](v T) *T { return &v }
