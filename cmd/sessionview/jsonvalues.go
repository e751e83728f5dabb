package sessionview

import "time"

// OrNull returns nil for "" and &s otherwise: a JSON field that is null
// when unknown rather than an empty string.
func OrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// TimeOrNull returns nil for the zero time and the RFC 3339 UTC text
// otherwise, for JSON output that says null when a time is unknown.
func TimeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
