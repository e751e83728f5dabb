package api

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	segjson "github.com/segmentio/encoding/json"
)

// FuzzDecodeSessionsParallel checks the parallel path against reading in
// order on any valid JSON: when it takes a body, it must give the same
// sessions (typed fields and exact bytes) and request_id, and it may only
// take bodies that read in order without error.
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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !segjson.Valid(body) {
			return
		}
		got, gotID, ok := decodeSessionsParallel(body)
		if !ok {
			return
		}
		want, wantID, err := decodeSessionsInOrder(body, "sessions")
		if err != nil {
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
	want, _, err := decodeSessionsInOrder(body, "sessions")
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
		sessions, requestID, err := decodeSessions(body, "sessions")
		if err != nil || len(sessions) == 0 {
			t.Fatalf("decodeSessions: %d sessions, %v", len(sessions), err)
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
