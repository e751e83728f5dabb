package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// Fuzz tests: `go test ./api` runs the seeds; to search for a while,
//
//	go test -run='^$' -fuzz=FuzzGetSessionsResponse -fuzztime=30s ./api

// fakeBodies returns real response bodies of the fake API (which follows
// REFERENCE.md): the demo users' sessions, an empty list, errors. They
// seed the fuzz tests, and TestDecodeSessionsMatchesSpec reads them.
func fakeBodies(tb testing.TB) [][]byte {
	tb.Helper()
	fake := apitest.New(apitest.Options{})
	hc := &http.Client{Transport: fake.Transport()}
	var out [][]byte
	for _, q := range []string{
		"user_id=" + apitest.DemoUserID,
		"user_id=" + apitest.FactorZooUserID,
		"user_id=" + apitest.NoActiveSessionsUserID,
		"user_id=" + apitest.LosslessUserID,
		"user_id=" + apitest.HostileUserID,
		"user_id=emp-00417", // kenji
		"user_id=" + apitest.GeneratedUserID(0),
		"user_id=user-test-00000000-0000-4000-8000-00000000dead",
		"user_id=",
	} {
		req, _ := http.NewRequest("GET", "https://fake.invalid/v1/sessions?"+q, nil)
		req.SetBasicAuth(apitest.ProjectID, apitest.Secret)
		resp, err := hc.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, b)
	}
	return out
}

// bodyTransport answers every request with one status, content type and body.
type bodyTransport struct {
	status int
	ct     string
	body   []byte
}

func (t bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h := http.Header{}
	if t.ct != "" {
		h.Set("Content-Type", t.ct)
	}
	return &http.Response{
		StatusCode: t.status, Header: h, Request: r,
		Body: io.NopCloser(bytes.NewReader(t.body)), ContentLength: int64(len(t.body)),
	}, nil
}

// FuzzGetSessionsResponse feeds arbitrary bodies and statuses through the
// whole client: GetSessions returns a value or a typed error, never panics,
// keeps a 2xx body byte for byte, and every error says something.
func FuzzGetSessionsResponse(f *testing.F) {
	for _, b := range fakeBodies(f) {
		f.Add(200, b)
		f.Add(404, b)
	}
	f.Add(200, []byte(`{"sessions":[{"authentication_factors":[1]}]}`))
	f.Add(200, []byte(`{"sessions":null,"request_id":7}`))
	f.Add(200, []byte(`{"sessions":[{"started_at":"2024-13-45T99:00:00Z","attributes":null}]}`))
	f.Add(200, []byte(`{"sessions":[`))
	f.Add(500, []byte(`<html>Bad gateway</html>`))
	f.Add(429, []byte(`{"status_code":429,"request_id":"r","error_type":"too_many_requests","error_message":"\u001b[2Jslow"}`))
	f.Add(401, []byte(`{"error":"invalid_client","error_description":"bad"}`))
	f.Add(204, []byte{})
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			status = 200 + (status%800+800)%800
		}
		c, err := New(Config{
			BaseURL: "https://fuzz.invalid", ProjectID: "project-test-x", Secret: "s",
			HTTPClient: &http.Client{Transport: bodyTransport{status: status, ct: "application/json", body: body}},
			Retry:      NoRetry, Timeout: time.Second,
		})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.GetSessions(context.Background(), "user-test-00000000-0000-4000-8000-000000000001")
		if !checkOutcome(t, status, resp == nil, err) {
			return
		}
		if !bytes.Equal(resp.Raw, body) {
			t.Errorf("Raw is not the body as sent")
		}
		for i, s := range resp.Sessions {
			if !json.Valid(s.Raw) {
				t.Errorf("session %d Raw is not JSON: %q", i, s.Raw)
			}
			// json.Marshal compacts and HTML-escapes what MarshalJSON
			// returns, so the bytes may differ; the values may not.
			out, err := json.Marshal(s)
			if err != nil || !sameJSON(out, s.Raw) {
				t.Errorf("session %d does not marshal back to what was sent: %q, %v", i, out, err)
			}
		}
	})
}

// sameJSON reports whether a and b are JSON documents with equal values
// (numbers compared as written).
func sameJSON(a, b []byte) bool {
	decode := func(b []byte) (any, error) {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		err := d.Decode(&v)
		return v, err
	}
	va, errA := decode(a)
	vb, errB := decode(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

// FuzzSessionUnmarshalJSON decodes arbitrary bytes as one session: an error
// or a value, never a panic; on success the raw object is kept exactly and
// every time is either zero or what the API said.
func FuzzSessionUnmarshalJSON(f *testing.F) {
	for _, b := range fakeBodies(f) {
		var w struct {
			Sessions []json.RawMessage `json:"sessions"`
		}
		_ = json.Unmarshal(b, &w)
		for _, s := range w.Sessions {
			f.Add([]byte(s))
		}
	}
	f.Add([]byte(`{"authentication_factors":[{"type":"otp","delivery_method":"sms","phone_number_factor":{}}]}`))
	f.Add([]byte(`{"authentication_factors":[null,{"x_factor":[]},"str"]}`))
	f.Add([]byte(`{"expires_at":"2024-02-30T00:00:00Z","roles":null,"custom_claims":1}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Session
		if err := json.Unmarshal(b, &s); err != nil {
			return
		}
		if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
			return // json leaves the value alone for null
		}
		if !bytes.Equal(s.Raw, bytes.TrimSpace(b)) {
			t.Errorf("Raw = %q, input %q", s.Raw, b)
		}
		for _, tm := range []time.Time{s.StartedAt, s.LastAccessedAt, s.ExpiresAt} {
			if !tm.IsZero() && tm.Year() < 0 {
				t.Errorf("implausible time %v", tm)
			}
		}
		for _, fc := range s.AuthenticationFactors {
			if fc.Kind != "" && (!strings.HasSuffix(fc.Kind, "_factor") || len(fc.Detail) == 0 || fc.Detail[0] != '{') {
				t.Errorf("factor kind %q with detail %q", fc.Kind, fc.Detail)
			}
		}
	})
}

// FuzzDecodeError turns arbitrary non-2xx bodies into errors: always typed,
// the HTTP status kept, and the snippet of a non-Stytch body free of
// control characters (it is printed on a terminal).
func FuzzDecodeError(f *testing.F) {
	for _, b := range fakeBodies(f) {
		f.Add(404, "application/json", b)
	}
	f.Add(400, "application/json", []byte(`{"status_code":400,"request_id":"request-id-test-1","error_type":"invalid_user_id","error_message":"bad","error_url":"https://stytch.com/docs/api/errors/400","error_details":{"a":[1]}}`))
	f.Add(502, "text/html", []byte("<html>\x1b[31mBad\ngateway\r\n</html>\xff\xfe"))
	f.Add(401, "application/json", []byte(`{"error":"invalid_client","error_description":"Client authentication failed","error_uri":"https://x"}`))
	f.Add(500, "", []byte(strings.Repeat("é", 200)))
	f.Add(429, "application/json", []byte(`{"request_id":""}`))
	f.Fuzz(func(t *testing.T, status int, ct string, body []byte) {
		err := decodeError(status, ct, body, "")
		switch e := err.(type) {
		case *Error:
			if e.StatusCode != status {
				t.Errorf("status %d, want %d", e.StatusCode, status)
			}
			if e.ErrorType == "" && e.RequestID == "" {
				t.Errorf("a Stytch error with neither error_type nor request_id: %#v", e)
			}
		case *ResponseError:
			if e.StatusCode != status {
				t.Errorf("status %d, want %d", e.StatusCode, status)
			}
			if !utf8.ValidString(e.Snippet) {
				t.Errorf("snippet is not UTF-8: %q", e.Snippet)
			}
			for _, r := range e.Snippet {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
					t.Errorf("snippet has control character %U: %q", r, e.Snippet)
				}
			}
			if n := utf8.RuneCountInString(e.Snippet); n > 121 {
				t.Errorf("snippet has %d characters, the cap is 120 and an ellipsis", n)
			}
		default:
			t.Fatalf("decodeError returned %T", err)
		}
		if err.Error() == "" {
			t.Errorf("empty message")
		}
	})
}

var (
	wantStytchID   = regexp.MustCompile(`^user-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	wantExternalID = regexp.MustCompile(`^[A-Za-z0-9._|-]{1,128}$`)
)

// FuzzValidateUserID checks the validator against its contract: it accepts
// exactly Stytch user IDs and external IDs that are not only dots, and its error quotes the input
// safely (no raw control characters reach a terminal).
func FuzzValidateUserID(f *testing.F) {
	for _, s := range []string{
		"user-test-00000000-0000-4000-8000-000000000001", "user-live-5c1e9a47-3b8d-4f26-9e0a-7d4b2c8f1e63",
		"alice-42", "auth0|5f7c8ec7c33c6c004bbafe82", "user-test-", "user-test-XYZ", "a@b.c", "",
		strings.Repeat("a", 128), strings.Repeat("a", 129), "bad id", "\x1b[31m", "naïve", ".", "..", "...", "a..", "user-test-00000000-0000-4000-8000-00000000000G",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateUserID(s)
		isStytch := strings.HasPrefix(s, "user-test-") || strings.HasPrefix(s, "user-live-")
		onlyDots := strings.Trim(s, ".") == ""
		want := wantStytchID.MatchString(s) || (!isStytch && !onlyDots && wantExternalID.MatchString(s))
		if (err == nil) != want {
			t.Fatalf("ValidateUserID(%q) = %v, want valid=%v", s, err, want)
		}
		if err != nil {
			for _, r := range err.Error() {
				if r < 0x20 || r == 0x7f {
					t.Errorf("error message has a raw control character: %q", err.Error())
				}
			}
		}
	})
}
