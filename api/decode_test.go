package api

import (
	"strings"
	"testing"
	"unsafe"

	segjson "github.com/segmentio/encoding/json"
)

// FuzzDecodeSessions checks decodeSessions, which validates as it reads,
// against segjson.Valid; checkSessionsBody against decodeSessions (the
// same verdicts on validity and shape); and what decodeSessions reads
// against the spec, sessionsSpec, read by encoding/json.
func FuzzDecodeSessions(f *testing.F) {
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
		_, _, valid, err := decodeSessions(body)
		if valid != segjson.Valid(body) {
			t.Fatalf("decodeSessions says valid %v, segjson.Valid %v", valid, !valid)
		}
		if cv, cerr := checkSessionsBody(body); cv != valid || (valid && (cerr == nil) != (err == nil)) {
			t.Fatalf("checkSessionsBody says valid %v (%v), decodeSessions valid %v (%v)", cv, cerr, valid, err)
		}
		checkAgainstSpec(t, body)
	})
}

// TestDecodedStringsAreCopies checks that no decoded string shares the
// body's memory: a caller that keeps one string (a user ID in a map) must
// not keep a whole response alive with it. Raw, Detail and CustomClaims are
// the exceptions by design: they are the body's bytes.
func TestDecodedStringsAreCopies(t *testing.T) {
	one := `{"session_id":"session-test-1","user_id":"user-test-1","roles":["stytch_user"],` +
		`"authentication_factors":[{"type":"totp","delivery_method":"authenticator_app","authenticator_app_factor":{}}],` +
		`"attributes":{"ip_address":"192.0.2.1","user_agent":"Mozilla/5.0"}}`
	small := []byte(`{"request_id":"request-id-test-1","sessions":[` + one + `]}`)
	many := []byte(`{"request_id":"request-id-test-1","sessions":[` + strings.TrimSuffix(strings.Repeat(one+",", 100), ",") + `]}`)
	for _, body := range [][]byte{small, many} {
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
