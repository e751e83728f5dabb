package apitest

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestRevokeSession(t *testing.T) {
	f, srv := startFake(t, Options{})
	const victim = "session-test-a7c3e1f9-5b2d-4e86-9f0a-3b6d8c1e5a27" // Alice's iPhone
	post := func(body string) response {
		return call(t, nil, http.MethodPost, srv.URL+"/v1/sessions/revoke", true, []byte(body))
	}
	if !f.HasSession(victim) {
		t.Fatal("seed lacks the session")
	}
	r := post(`{"session_id":"` + victim + `"}`)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	// Same shape as examples/sessions_revoke_200.json.
	if got, want := topLevelKeys(t, r.body), topLevelKeys(t, referenceExample(t, "sessions_revoke_200.json")); !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	if f.HasSession(victim) {
		t.Error("session still there after revoke")
	}
	l := decodeSessions(t, call(t, nil, http.MethodGet, sessionsURL(srv.URL, DemoUserID), true, nil).body)
	if ids := sessionIDs(t, l.Sessions); len(ids) != 2 || slices.Contains(ids, victim) {
		t.Errorf("GET /v1/sessions after revoke lists %v", ids)
	}
	// Gone: a second revoke is 404, as in the reference.
	checkError(t, post(`{"session_id":"`+victim+`"}`), 404, "session_not_found", "Session could not be found.")
	// An expired session cannot be revoked either.
	checkError(t, post(`{"session_id":"`+ExpiredSessionID+`"}`), 404, "session_not_found", "")
	// Arguments.
	checkError(t, post(`{}`), 400, "no_session_revoke_arguments", "")
	checkError(t, post(`{"session_id":"`+victim+`","session_token":"x"}`), 400, "too_many_session_revoke_arguments", "")
	checkError(t, post(`{"session_id":"alice's laptop"}`), 400, "invalid_session_id", "session_id format is invalid.")
	checkError(t, post(`{"session_token":"Zk3pQ9vT2mWx7LcR4nHb8YsJ1dFg6AeU0oKiN5tVqBy3"}`), 404, "session_not_found", "")
	checkError(t, post(`not json`), 400, "invalid_request_value", "")
	checkError(t, call(t, nil, http.MethodPost, srv.URL+"/v1/sessions/revoke", false, []byte(`{"session_id":"`+victim+`"}`)), 401, "unauthorized_credentials", "")
}

func TestRevokeFaultsStillApply(t *testing.T) {
	f, srv := startFake(t, Options{})
	const id = "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	f.AddFault(Fault{Path: "/v1/sessions/revoke", Status: 503, Times: 1})
	r := call(t, nil, http.MethodPost, srv.URL+"/v1/sessions/revoke", true, []byte(`{"session_id":"`+id+`"}`))
	checkError(t, r, 503, "internal_server_error", "")
	if !f.HasSession(id) {
		t.Error("a faulted revoke removed the session")
	}
	f.AddFault(Fault{Path: "/v1/sessions/revoke", Latency: 10 * time.Millisecond, Times: 1})
	r = call(t, nil, http.MethodPost, srv.URL+"/v1/sessions/revoke", true, []byte(`{"session_id":"`+id+`"}`))
	if r.status != 200 || f.HasSession(id) {
		t.Errorf("slow revoke: %d, still there %v", r.status, f.HasSession(id))
	}
}
