package api

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	segjson "github.com/segmentio/encoding/json"
)

// FuzzDecodeSessionsParallel checks reading in order, which validates as
// it reads, against segjson.Valid; and the parallel path against reading
// in order: it may only take valid bodies that read in order without
// error, and it must then give the same sessions (typed fields and exact
// bytes) and request_id.
func FuzzDecodeSessionsParallel(f *testing.F) {
	for _, b := range fakeBodies(f) {
		f.Add(b)
	}
	for _, s := range []string{
		`{"sessions":[{"authentication_factors":[1]}]}`,
		`{"sessions":null,"request_id":7}`,
		`{"sessions":[{"started_at":"2024-13-45T99:00:00Z","attributes":null}]}`,
		`{"sessions":[null]}`,
		`{"sessions":[{},1]}`,
		`{"sessions":[{"roles":[]},{"roles":null},{}]}`,
		`{"sessions":[{"session_id":"a","session_id":"b"}]}`,
		`{"sessions":[{"custom_claims":null},{"custom_claims": {"a" : 1} }]}`,
		`{"sessions":[{"attributes":{"user_agent":"\u001b[31mx\ud800"}}],"request_id":"r\"1"}`,
		`{"sessions":[],"sessions":[{}]}`,
		`{"sessions":[{}],"sessions":[]}`,
		`{"sessions":{}}`,
		`{"Sessions":[{"session_id":"x"}],"Request_ID":"y"}`,
		`{"request_id":"a","request_id":"b","sessions":[{"session_id":"s"}]}`,
		` {"sessions":[ {"session_id":"a"} , {"session_id":"b"} ]} `,
		`null`,
		`[]`,
		`{"sessions":[{"session_id":"a","custom_claims":{"session_id":"x"}},{"session_id":"b"}]}`,
		`{"sessions":[{"session_id":"a"},{"session_id":"b"}],"request_id":"late"}`,
		`{"request_id":"r","sessions":[{"session_id":"a"}],"request_id":5}`,
		`{"sessions":[{"session_id":"a"}],"sessions":[{"session_id":"b"}]}`,
		`{"sessions":[{"session_id":"a"},{"x":1,"session_id":"b"}]}`,
		`{"a":{"session_id":"z"},"sessions":[{"session_id":"a"}]}`,
		`{"sessions":[{"session_id":"a\"},{\"session_id\":\"b"}]}`,
		"{\n \"sessions\": [\n  {\n   \"session_id\": \"a\"\n  },\n  {\"session_id\":\"b\"}\n ] , \"request_id\" : \"r\"\n}\n",
		`{"sessions":[{"session_id":"a"},]}`,
		`{"sessions":[{"session_id":"a"}],}`,
		`{"sessions":[{"session_id":"a"}]} x`,
		`{"sessions":[{"session_id":"a"}`,
		`{"sessions":[{"session_id":"a"} {"session_id":"b"}]}`,
		`{"sessions":[1],"sessions":[{}]}`,
		`{"sessions":[{}],"sessions":[null]}`,
		`{"sessions":[null]}`,
		`{"request_id":"r","status_code":200}`,
		`{"status_code":404,"error_type":"user_not_found"}`,
		`{"Sessions":[{}]}`,
		`{"sessions":[{}]}x`,
		`{"sessions":[{"a":"\ud800"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _, valid, inOrderErr := decodeSessionsInOrder(body)
		if valid != segjson.Valid(body) {
			t.Fatalf("reading in order says valid %v, segjson.Valid %v", valid, !valid)
		}
		if cv, cerr := checkSessionsBody(body); cv != valid || (valid && (cerr == nil) != (inOrderErr == nil)) {
			t.Fatalf("checkSessionsBody says valid %v (%v), reading in order valid %v (%v)", cv, cerr, valid, inOrderErr)
		}
		got, gotID, ok := decodeSessionsParallel(body)
		if !ok {
			return
		}
		if !segjson.Valid(body) {
			t.Fatalf("parallel path took an invalid body")
		}
		want, wantID, valid, err := decodeSessionsInOrder(body)
		if !valid || err != nil {
			t.Fatalf("parallel path took a body that reads in order as an error (%v)", err)
		}
		if gotID != wantID {
			t.Fatalf("request_id %q, in order %q", gotID, wantID)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("sessions differ from reading in order:\n got %#v\nwant %#v", got, want)
		}
	})
}

// TestDecodeSessionsLargeBodyIsParallel checks that a large body of the
// documented shape takes the parallel path, and gives what reading in
// order gives.
func TestDecodeSessionsLargeBodyIsParallel(t *testing.T) {
	one := `{"session_id":"session-test-1","user_id":"user-test-1","authentication_factors":[{"type":"totp","delivery_method":"authenticator_app","authenticator_app_factor":{"totp_id":"t"}}],` +
		`"started_at":"2026-11-20T04:08:07Z","last_accessed_at":"2026-11-26T22:30:39Z","expires_at":"2026-12-20T19:15:16Z",` +
		`"attributes":{"ip_address":"192.0.2.1","user_agent":"Mozilla/5.0"},"custom_claims":{"k":1},"roles":["stytch_user"]}`
	n := parallelMinBytes/len(one) + 2
	body := []byte(`{"request_id":"request-id-test-1","sessions":[` + strings.TrimSuffix(strings.Repeat(one+",", n), ",") + `],"status_code":200}`)
	got, gotID, ok := decodeSessionsParallel(body)
	if !ok || len(got) != n || gotID != "request-id-test-1" {
		t.Fatalf("parallel path: ok %v, %d sessions (want %d), request_id %q", ok, len(got), n, gotID)
	}
	want, _, _, err := decodeSessionsInOrder(body)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("parallel and in-order results differ (err %v)", err)
	}
	s := got[n-1]
	if s.SessionID != "session-test-1" || s.IPAddress != "192.0.2.1" || len(s.AuthenticationFactors) != 1 ||
		s.AuthenticationFactors[0].Kind != "authenticator_app_factor" || string(s.Raw) != one {
		t.Fatalf("last session decoded as %+v", s)
	}
}

// TestDecodedStringsAreCopies checks that no decoded string shares the
// body's memory, on both paths: a caller that keeps one string (a user ID
// in a map) must not keep a whole response alive with it. Raw, Detail and
// CustomClaims are the exceptions by design: they are the body's bytes.
func TestDecodedStringsAreCopies(t *testing.T) {
	one := `{"session_id":"session-test-1","user_id":"user-test-1","roles":["stytch_user"],` +
		`"authentication_factors":[{"type":"totp","delivery_method":"authenticator_app","authenticator_app_factor":{}}],` +
		`"attributes":{"ip_address":"192.0.2.1","user_agent":"Mozilla/5.0"}}`
	small := []byte(`{"request_id":"request-id-test-1","sessions":[` + one + `]}`)
	large := []byte(`{"request_id":"request-id-test-1","sessions":[` +
		strings.TrimSuffix(strings.Repeat(one+",", parallelMinBytes/len(one)+2), ",") + `]}`)
	for _, body := range [][]byte{small, large} {
		sessions, requestID, valid, err := decodeSessions(body)
		if !valid || err != nil || len(sessions) == 0 {
			t.Fatalf("decodeSessions: %d sessions, valid %v, %v", len(sessions), valid, err)
		}
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(body)))
		hi := lo + uintptr(len(body))
		check := func(what, s string) {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); s != "" && p >= lo && p < hi {
				t.Errorf("%d-byte body: %s %q shares the body's memory", len(body), what, s)
			}
		}
		check("request_id", requestID)
		for _, s := range sessions {
			check("session_id", s.SessionID)
			check("user_id", s.UserID)
			check("ip_address", s.IPAddress)
			check("user_agent", s.UserAgent)
			for _, r := range s.Roles {
				check("role", r)
			}
			for _, f := range s.AuthenticationFactors {
				check("type", f.Type)
				check("delivery_method", f.DeliveryMethod)
				check("factor kind", f.Kind)
			}
		}
	}
}

// TestDecodeSessionsParallelTakes checks which bodies the parallel path
// takes: the documented shape, compact or indented, with keys before or
// after the array; and not invalid JSON or a shape it cannot prove, which
// are left to reading in order.
func TestDecodeSessionsParallelTakes(t *testing.T) {
	for body, want := range map[string]bool{
		`{"request_id":"r","sessions":[{"session_id":"a"},{"session_id":"b"}],"status_code":200}`:                              true,
		`{"sessions":[{"session_id":"a"},{"session_id":"b"}],"request_id":"late"}`:                                             true,
		"{\n \"sessions\": [\n  {\n   \"session_id\": \"a\"\n  },\n  {\"session_id\":\"b\"}\n ] , \"request_id\" : \"r\"\n}\n": true,
		`{"sessions":[{"session_id":"a","custom_claims":{"session_id":"x"}},{"session_id":"b"}]}`:                              false, // a guess inside a session
		`{"sessions":[{"session_id":"a"},{"x":1,"session_id":"b"}]}`:                                                           false, // a session not led by session_id
		`{"a":{"session_id":"z"},"sessions":[{"session_id":"a"}]}`:                                                             false, // a guess before the array
		`{"sessions":[{"session_id":"a"}],"sessions":[{"session_id":"b"}]}`:                                                    false, // a later array wins
		`{"sessions":[{"session_id":"a"},]}`:                                                                                   false,
		`{"sessions":[{"session_id":"a"}],}`:                                                                                   false,
		`{"sessions":[{"session_id":"a"}]} x`:                                                                                  false,
		`{"sessions":[{"session_id":"a"}`:                                                                                      false,
		`{"sessions":[{"session_id":"a"} {"session_id":"b"}]}`:                                                                 false,
		`{"sessions":[{"session_id":"a",}]}`:                                                                                   false,
		`{"request_id":"r",,"sessions":[{"session_id":"a"}]}`:                                                                  false,
	} {
		if _, _, ok := decodeSessionsParallel([]byte(body)); ok != want {
			t.Errorf("parallel path took %s: %v, want %v", body, ok, want)
		}
	}
}

// TestDecodeSessionsLargeBodies checks decodeSessions on large bodies that
// the parallel path takes (indented) and leaves to reading in order (a
// custom claim that looks like a session; a cut body), against reading in
// order and validating.
func TestDecodeSessionsLargeBodies(t *testing.T) {
	one := `{"session_id":"session-test-1","user_id":"user-test-1","started_at":"2026-11-20T04:08:07Z",` +
		`"attributes":{"ip_address":"192.0.2.1","user_agent":"Mozilla/5.0"},"custom_claims":%s}`
	many := func(sep, claims string) string {
		return strings.TrimSuffix(strings.Repeat(fmt.Sprintf(one, claims)+sep, parallelMinBytes/len(one)+2), sep)
	}
	for name, c := range map[string]struct {
		body           string
		parallel, want bool // taken by the parallel path; valid
	}{
		"indented":     {"{\n  \"sessions\": [\n    " + many(",\n    ", `{"k":1}`) + "\n  ],\n  \"request_id\": \"r\"\n}\n", true, true},
		"claim":        {`{"request_id":"r","sessions":[` + many(",", `{"session_id":"x"}`) + `]}`, false, true},
		"cut":          {`{"request_id":"r","sessions":[` + many(",", `{}`)[:parallelMinBytes], false, false},
		"no separator": {`{"request_id":"r","sessions":[` + many(" ", `{}`) + `]}`, false, false},
	} {
		body := []byte(c.body)
		if _, _, ok := decodeSessionsParallel(body); ok != c.parallel {
			t.Errorf("%s: parallel path took it: %v, want %v", name, ok, c.parallel)
		}
		got, gotID, valid, err := decodeSessions(body)
		if valid != c.want {
			t.Fatalf("%s: valid %v, want %v", name, valid, c.want)
		}
		if !valid {
			continue
		}
		want, wantID, _, wantErr := decodeSessionsInOrder(body)
		if err != nil || wantErr != nil || gotID != wantID || gotID != "r" || !reflect.DeepEqual(got, want) || len(got) < 100 {
			t.Errorf("%s: %d sessions, request_id %q, err %v; in order %d, %q, %v", name, len(got), gotID, err, len(want), wantID, wantErr)
		}
	}
}

// FuzzTokenReaderValid checks that reading a value through with
// tokenReader proves it valid exactly when segjson.Valid says it is.
func FuzzTokenReaderValid(f *testing.F) {
	for _, b := range fakeBodies(f) {
		f.Add(b)
	}
	for _, s := range []string{
		``, ` `, `{}`, `[]`, `{"a":1}`, `{"a" 1}`, `{"a":}`, `{"a":1,}`, `{,"a":1}`, `{"a":1 "b":2}`, `{1:2}`,
		`[1,]`, `[,1]`, `[1 2]`, `[1,,2]`, `[}`, `{]`, `{"a":[1,{"b":null}],"c":"\u00e9"}`, `{} {}`, `{}x`, ` {} `,
		`"a"`, `1`, `-0.5e3`, `01`, `tru`, `nul`, `"\x"`, "\"\x01\"", "\"\xff\"", `{"a":1}}`, `[[[[[[]]]]]]`,
		strings.Repeat("[", 300) + strings.Repeat("]", 300), strings.Repeat("[", 300) + strings.Repeat("]", 299),
		strings.Repeat(`{"a":`, 300) + "1" + strings.Repeat("}", 300), `{"a":1:2}`, `[1:2]`, `{"a",1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := newTokenReader(b)
		r.skip()
		if got, want := r.valid(), segjson.Valid(b); got != want {
			t.Fatalf("tokenReader says valid %v, segjson.Valid %v, for %q", got, want, b)
		}
	})
}
