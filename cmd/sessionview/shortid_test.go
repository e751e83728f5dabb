package sessionview

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestShortIDsExamples(t *testing.T) {
	a := "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	b := "session-test-4e9b2d7a-9999-4a38-b5e0-8d3f7a2c9e14"
	c := "session-test-4e9b2d7b-1c6f-4a38-b5e0-8d3f7a2c9e14"
	live := "session-live-4e9b2d7b-1c6f-4a38-b5e0-8d3f7a2c9e14"
	odd := "not-a-session"
	got := ShortIDs([]string{a, b, c, a, odd})
	want := map[string]string{a: "4e9b2d7a-1", b: "4e9b2d7a-9", c: "4e9b2d7b", odd: odd}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("ShortIDs()[%s] = %q, want %q", id, got[id], w)
		}
	}
	if len(got) != 4 {
		t.Errorf("ShortIDs() has %d entries, want 4: %v", len(got), got)
	}
	// The same UUID in test and live cannot be told apart: both whole.
	got = ShortIDs([]string{c, live})
	if got[c] != c || got[live] != live {
		t.Errorf("same UUID test and live: %v, want both whole", got)
	}
	if got := ShortIDs([]string{a}); got[a] != "4e9b2d7a" {
		t.Errorf("one ID: %q, want 4e9b2d7a", got[a])
	}
}

// randomIDs makes n session IDs whose UUIDs share long prefixes often.
func randomIDs(r *rand.Rand, n int) []string {
	const hex = "0123456789abcdef"
	ids := make([]string, n)
	base := make([]byte, 32)
	for i := range base {
		base[i] = hex[r.IntN(16)]
	}
	for i := range ids {
		u := append([]byte(nil), base...)
		for j := r.IntN(33); j < 32; j++ { // keep a random-length prefix of base
			u[j] = hex[r.IntN(2)] // a tiny alphabet makes collisions likely
		}
		s := string(u)
		env := "test"
		if r.IntN(10) == 0 {
			env = "live"
		}
		ids[i] = fmt.Sprintf("session-%s-%s-%s-%s-%s-%s", env, s[:8], s[8:12], s[12:16], s[16:20], s[20:])
	}
	return ids
}

// TestShortIDsProperties: every short ID is a prefix of its UUID part with
// at least 8 hex characters (or the whole ID), resolves back to exactly its
// ID among the listed ones, and no two distinct IDs share a short ID.
func TestShortIDsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 500 {
		ids := randomIDs(r, 1+r.IntN(40))
		short := ShortIDs(ids)
		owner := map[string]string{}
		for _, id := range ids {
			s, ok := short[id]
			if !ok {
				t.Fatalf("round %d: %s has no short ID", round, id)
			}
			if prev, dup := owner[s]; dup && prev != id {
				t.Fatalf("round %d: %s and %s share the short ID %s", round, prev, id, s)
			}
			owner[s] = id
			if s == id {
				continue
			}
			part, _ := uuidPart(id)
			if !strings.HasPrefix(part, s) {
				t.Fatalf("round %d: %s is not a prefix of the UUID part of %s", round, s, id)
			}
			if n := len(strings.ReplaceAll(s, "-", "")); n < ShortIDMin || strings.HasSuffix(s, "-") {
				t.Fatalf("round %d: short ID %q of %s: %d hex characters or ends on a dash", round, s, id, n)
			}
			if !IsShortID(s) {
				t.Fatalf("round %d: IsShortID(%q) = false", round, s)
			}
			if m := MatchShortID(s, ids); len(m) != 1 || m[0] != id {
				t.Fatalf("round %d: %s matches %v, want only %s", round, s, m, id)
			}
		}
	}
}

func TestIsShortID(t *testing.T) {
	for s, want := range map[string]bool{
		"4e9b2d7a": true, "4E9B": true, "4e9b2d7a-1c": true, "4e9": false, "-4e9b2d7a": false,
		"session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14": false, "4e9g2d7a": false, "": false,
	} {
		if got := IsShortID(s); got != want {
			t.Errorf("IsShortID(%q) = %v, want %v", s, got, want)
		}
	}
}
