package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// referenceExample reads a file of the shared Stytch reference examples, or
// skips when the reference is not beside the repository.
func referenceExample(t *testing.T, name string) []byte {
	t.Helper()
	for _, dir := range []string{"../../../shared/stytch-api/examples", "/work/shared/stytch-api/examples"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			return b
		}
	}
	t.Skipf("reference example %s not available", name)
	return nil
}

func TestGetUserIsFlatWithTheExampleShape(t *testing.T) {
	f, srv := startFake(t, Options{})
	r := call(t, srv.Client(), http.MethodGet, srv.URL+"/v1/users/"+DemoUserID, true, nil)
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	// Same keys in the same order as examples/users_get_200.json.
	want := topLevelKeys(t, referenceExample(t, "users_get_200.json"))
	if got := topLevelKeys(t, r.body); !slices.Equal(got, want) {
		t.Errorf("keys\n got %v\nwant %v", got, want)
	}
	var u struct {
		RequestID  string `json:"request_id"`
		UserID     string `json:"user_id"`
		ExternalID string `json:"external_id"`
		Emails     []struct {
			Email    string `json:"email"`
			Verified bool   `json:"verified"`
		} `json:"emails"`
		StatusCode int `json:"status_code"`
	}
	mustUnmarshal(t, r.body, &u)
	if !requestIDPattern.MatchString(u.RequestID) || u.StatusCode != 200 {
		t.Errorf("request_id %q, status_code %d", u.RequestID, u.StatusCode)
	}
	if u.UserID != DemoUserID || u.ExternalID != DemoExternalID || len(u.Emails) != 2 ||
		u.Emails[0].Email != DemoEmail || !u.Emails[0].Verified || u.Emails[1].Verified {
		t.Errorf("user = %+v", u)
	}
	// The body is the stored object between request_id and status_code.
	obj := f.UserObject(DemoUserID)
	if !bytes.HasPrefix(r.body, []byte(`{"request_id":`)) || !bytes.HasSuffix(r.body, []byte(`,"status_code":200}`)) ||
		!bytes.Contains(r.body, obj[1:len(obj)-1]) {
		t.Error("flat body does not carry the stored object byte for byte")
	}
}

func TestGetUserByExternalIDEscaped(t *testing.T) {
	f, srv := startFake(t, Options{})
	// "auth0|…" must be path-escaped; the fake decodes it.
	r := call(t, srv.Client(), http.MethodGet, srv.URL+"/v1/users/"+url.PathEscape(FactorZooExternalID), true, nil)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if !bytes.Contains(r.body, []byte(`"user_id":"`+FactorZooUserID+`"`)) {
		t.Errorf("wrong user: %s", r.body)
	}
	if got := f.Requests()[0].Path; got != "/v1/users/"+FactorZooExternalID {
		t.Errorf("recorded path %q", got)
	}
}

func TestGetUserErrors(t *testing.T) {
	_, srv := startFake(t, Options{})
	tests := []struct {
		path, errType string
		status        int
	}{
		{"/v1/users/user-test-11111111-2222-4333-8444-555555555555", "user_not_found", 404},
		{"/v1/users/nobody-here", "user_not_found", 404},
		{"/v1/users/user-test-alice", "invalid_user_id", 400},
		{"/v1/users/alice%40example.com", "invalid_user_id", 400},
		{"/v1/users/" + strings.Repeat("x", 129), "invalid_user_id", 400},
	}
	for _, tt := range tests {
		r := call(t, srv.Client(), http.MethodGet, srv.URL+tt.path, true, nil)
		msg := "User could not be found."
		if tt.status == 400 {
			msg = "user_id format is invalid."
		}
		checkError(t, r, tt.status, tt.errType, msg)
	}
	r := call(t, srv.Client(), http.MethodGet, srv.URL+"/v1/users/"+DemoUserID, false, nil)
	checkError(t, r, 401, "unauthorized_credentials", "")
	r = call(t, srv.Client(), http.MethodDelete, srv.URL+"/v1/users/"+DemoUserID, true, nil)
	checkError(t, r, 405, "method_not_allowed", "")
}

// Every email, phone and TOTP that a demo session's factors name belongs to
// that session's user, so sessions and users tell one story.
func TestDemoSessionsAgreeWithTheirUsers(t *testing.T) {
	f := New(Options{Now: testNow})
	for _, u := range demoUsers(testNow()) {
		var obj struct {
			Emails []struct {
				ID string `json:"email_id"`
			} `json:"emails"`
			Phones []struct {
				ID string `json:"phone_id"`
			} `json:"phone_numbers"`
			TOTPs []struct {
				ID string `json:"totp_id"`
			} `json:"totps"`
			Providers []struct {
				ID string `json:"oauth_user_registration_id"`
			} `json:"providers"`
		}
		mustUnmarshal(t, f.UserObject(u.userID), &obj)
		have := map[string]bool{"": true}
		for _, e := range obj.Emails {
			have[e.ID] = true
		}
		for _, p := range obj.Phones {
			have[p.ID] = true
		}
		for _, x := range obj.TOTPs {
			have[x.ID] = true
		}
		for _, p := range obj.Providers {
			have[p.ID] = true
		}
		for _, raw := range u.sessions {
			var s struct {
				Factors []struct {
					Email *struct {
						ID string `json:"email_id"`
					} `json:"email_factor"`
					Phone *struct {
						ID string `json:"phone_id"`
					} `json:"phone_number_factor"`
					TOTP *struct {
						ID string `json:"totp_id"`
					} `json:"authenticator_app_factor"`
					Google *struct {
						ID      string `json:"id"`
						EmailID string `json:"email_id"`
					} `json:"google_oauth_factor"`
				} `json:"authentication_factors"`
			}
			mustUnmarshal(t, raw, &s)
			for _, fc := range s.Factors {
				var ids []string
				if fc.Email != nil {
					ids = append(ids, fc.Email.ID)
				}
				if fc.Phone != nil {
					ids = append(ids, fc.Phone.ID)
				}
				if fc.TOTP != nil {
					ids = append(ids, fc.TOTP.ID)
				}
				if fc.Google != nil {
					ids = append(ids, fc.Google.ID, fc.Google.EmailID)
				}
				for _, id := range ids {
					if !have[id] {
						t.Errorf("user %s: a session names %s, which the user object lacks", u.userID, id)
					}
				}
			}
		}
	}
}

func TestUsersWithoutProfileGetAMinimalOne(t *testing.T) {
	f, srv := startFake(t, Options{})
	const id = "user-test-12345678-1234-4234-8234-123456789abc"
	f.AddUser(id)
	f.SetExternalID(id, "late-comer")
	r := call(t, srv.Client(), http.MethodGet, srv.URL+"/v1/users/late-comer", true, nil)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	want := topLevelKeys(t, referenceExample(t, "users_get_200.json"))
	if got := topLevelKeys(t, r.body); !slices.Equal(got, want) {
		t.Errorf("keys\n got %v\nwant %v", got, want)
	}
	if !bytes.Contains(r.body, []byte(`"external_id":"late-comer"`)) || !bytes.Contains(r.body, []byte(`"emails":[]`)) {
		t.Errorf("minimal user = %s", r.body)
	}
}

func TestSetUserProfileIsServedByteForByte(t *testing.T) {
	f, srv := startFake(t, Options{})
	raw := json.RawMessage(`{"user_id":"user-test-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","emails":[],"status":"pending","phone_numbers":[],"webauthn_registrations":[],"providers":[],"totps":[],"crypto_wallets":[],"biometric_registrations":[],"is_locked":false,"roles":[],"created_at":"2026-01-02T03:04:05Z","password":null,"external_id":"x-1","future_field":{"a":[1,2]}}`)
	if err := f.SetUserProfile(raw); err != nil {
		t.Fatal(err)
	}
	r := call(t, srv.Client(), http.MethodGet, srv.URL+"/v1/users/x-1", true, nil)
	if !bytes.Contains(r.body, raw[1:len(raw)-1]) {
		t.Errorf("stored object not served as is: %s", r.body)
	}
	if err := f.SetUserProfile(json.RawMessage(`{"emails":[]}`)); err == nil {
		t.Error("a user object without user_id was accepted")
	}
}
