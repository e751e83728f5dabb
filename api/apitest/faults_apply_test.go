package apitest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Fault.Apply: the endpoint does its work, the client sees the fault's
// answer; without Apply the fault answers and the endpoint never runs.
func TestFaultApplyRunsTheEndpointFirst(t *testing.T) {
	const id = "session-test-4e9b2d7a-1c6f-4a38-b5e0-8d3f7a2c9e14"
	for _, apply := range []bool{false, true} {
		f := New(Options{})
		f.AddFault(Fault{Path: "/v1/sessions/revoke", Status: 502, Apply: apply, Times: 1})
		req := httptest.NewRequest(http.MethodPost, "/v1/sessions/revoke", strings.NewReader(`{"session_id":"`+id+`"}`))
		req.SetBasicAuth(ProjectID, Secret)
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, req)
		if rec.Code != 502 || !strings.Contains(rec.Body.String(), `"error_type":"internal_server_error"`) {
			t.Errorf("apply=%v: answer %d %s", apply, rec.Code, rec.Body)
		}
		if f.HasSession(id) == apply {
			t.Errorf("apply=%v: session still active = %v", apply, f.HasSession(id))
		}
	}
}
