package cmd

import "testing"

func TestTrimRevokeErrorPrefix(t *testing.T) {
	cells := []any{
		"revoking session session-test-4e9b2d7a: internal_server_error: Oops",
		"revoking member session member-session-test-1: rate limited",
		"",
		"stopped: the API refused the credentials",
		"revoking session a b: not an ID",
	}
	trimRevokeErrorPrefix(cells)
	want := []any{"internal_server_error: Oops", "rate limited", "", "stopped: the API refused the credentials", "revoking session a b: not an ID"}
	for i := range want {
		if cells[i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, cells[i], want[i])
		}
	}
}
