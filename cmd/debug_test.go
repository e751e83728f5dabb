package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

func TestDebugTracesRequests(t *testing.T) {
	h := newHarness(t)
	plain := h.run("sessions", "list", "-u", apitest.DemoUserID)
	plain.expect(t, 0)
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--debug")
	r.expect(t, 0,
		"debug: credentials: STYTCH_PROJECT_ID and STYTCH_SECRET from the environment, project "+apitest.ProjectID+" ("+config.Mask(apitest.Secret)+"), base URL "+h.server.URL,
		"debug: --> GET "+h.server.URL+"/v1/sessions?user_id="+apitest.DemoUserID+" (attempt 1)",
		"debug:     Authorization: Basic ****\n",
		"debug:     User-Agent: stytchctl/1.2.3-test (",
		"debug: <-- 200 OK in ",
		", request_id request-id-test-",
		"debug:     Content-Type: application/json",
		`debug:     body: {"request_id":"request-id-test-`)
	if r.stdout != plain.stdout {
		t.Errorf("--debug changed stdout:\n%s\nwant:\n%s", r.stdout, plain.stdout)
	}
	// The needle really is what went over the wire, so its absence means
	// something.
	auth := h.fake.Requests()[1].Header.Get("Authorization")
	if auth != "Basic "+h.secrets[1] {
		t.Fatalf("Authorization sent = %q, want Basic %s", auth, h.secrets[1])
	}
}

func TestDebugFromEnvironment(t *testing.T) {
	h := newHarness(t)
	for v, on := range map[string]bool{"1": true, "true": true, "0": false, "": false, "no": false} {
		h.env["STYTCHCTL_DEBUG"] = v
		r := h.run("sessions", "list", "-u", apitest.DemoUserID)
		r.expect(t, 0)
		if got := strings.Contains(r.stderr, "debug: --> GET"); got != on {
			t.Errorf("STYTCHCTL_DEBUG=%q: traced = %v:\n%s", v, got, r.stderr)
		}
	}
}

func TestDebugTracesEveryAttempt(t *testing.T) {
	h := newHarness(t)
	h.fake.AddFault(apitest.Fault{Status: 503, Times: 1})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--debug")
	r.expect(t, 0, "(attempt 1)", "debug: <-- 503 Service Unavailable", "(attempt 2)", "debug: <-- 200 OK")
}

// TestDebugRedactsEchoedSecrets: a proxy page that echoes the credentials
// back, in a body that is not JSON, is still masked in the trace.
func TestDebugRedactsEchoedSecrets(t *testing.T) {
	h := newHarness(t)
	basic := h.secrets[1]
	h.fake.AddFault(apitest.Fault{Status: 502, ContentType: "text/html",
		Body: "<html>bad gateway for " + apitest.Secret + " / Basic " + basic + "</html>"})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--debug")
	r.expect(t, 1, "debug: <-- 502 Bad Gateway", "<html>bad gateway for **** / Basic ****</html>")
}

func TestDebugInAuthLoginAndStatus(t *testing.T) {
	h := newAuthHarness(t)
	r := h.login("--debug")
	r.expect(t, 0, `debug: credentials: new credentials of profile "default" being verified`, "user_id="+credentialsProbeUser,
		"debug: <-- 404 Not Found", "Authorization: Basic ****")
	r = h.run("auth", "status", "--debug")
	r.expect(t, 0, `debug: credentials: profile "default" (chosen by active profile), project `+apitest.ProjectID+", secret from the keyring")
}

func TestMaskJSON(t *testing.T) {
	in := ` {"request_id" : "r1","session_token":"tok-123","session_jwt":"eyJ.x.y","user":{"name":"A <b>","client_secret":"cs",` +
		`"refresh_Token":{"nested":"x}]"},"tokens":["keep"],"jwt_kid":"keep","session_\u0074oken":"t2"},` + "\n\t" +
		`"list":[{"access_token":"at"},1,true,null,[],{}],"n":1.50,"e":-2e+3} `
	got := maskBody([]byte(in), 1<<20)
	want := `{"request_id":"r1","session_token":"****","session_jwt":"****","user":{"name":"A <b>","client_secret":"****",` +
		`"refresh_Token":"****","tokens":["keep"],"jwt_kid":"keep","session_\u0074oken":"****"},` +
		`"list":[{"access_token":"****"},1,true,null,[],{}],"n":1.50,"e":-2e+3}`
	if string(got.text) != want || got.requestID != "r1" || !got.complete || got.tooDeep {
		t.Errorf("maskBody:\n%s\nwant:\n%s\n%+v", got.text, want, got)
	}
}

// TestMaskBodyShowsOtherBodiesAsTheyAre: a body that is not JSON, or whose
// JSON breaks within what is read, is shown as it is, up to the limit.
func TestMaskBodyShowsOtherBodiesAsTheyAre(t *testing.T) {
	for _, in := range []string{"<html>bad gateway</html>", "Route not found", "404 page not found", `{"a" "b"}`,
		`{"a":1]`, `[1,}`, `{"a":tru}`, `{"a":1} trailing`} {
		got := maskBody([]byte(" "+in), 100)
		if string(got.text) != " "+in || !got.complete || got.requestID != "" {
			t.Errorf("maskBody(%q, 100) = %+v", in, got)
		}
		if got := maskBody([]byte(in), 3); string(got.text) != in[:3] || got.complete {
			t.Errorf("maskBody(%q, 3) = %+v", in, got)
		}
	}
	// Cut off or cut short, JSON is shown masked as far as it goes.
	for in, want := range map[string]string{
		`{"session_token":"abc`:            `{"session_token":"****"`,
		`{"a":[1,2`:                        `{"a":[1,2`,
		`{"a":"` + strings.Repeat("x", 50): `{"a":"` + strings.Repeat("x", 14),
	} {
		got := maskBody([]byte(in), 20)
		if string(got.text) != want {
			t.Errorf("maskBody(%q, 20) = %q, want %q", in, got.text, want)
		}
	}
}

func TestTracerHeadersTruncationAndErrors(t *testing.T) {
	var buf bytes.Buffer
	tr := newTracer(&buf, apitest.ProjectID, apitest.Secret)
	big := `{"request_id":"r-big","padding":"` + strings.Repeat("x", 10000) + `"}`
	tr.observe(api.Exchange{
		Method: "POST", URL: "https://test.stytch.com/v1/sessions/authenticate?session_token=abc&x=1", Attempt: 2,
		RequestHeader: http.Header{"Authorization": {"Bearer abc"}, "X-Stytch-Member-Session": {"tok"}, "Cookie": {"a=b"}, "Accept": {"application/json"}},
		RequestBody:   []byte(`{"session_token":"abc"}`),
		Status:        200, ResponseHeader: http.Header{"Set-Cookie": {"s=1"}},
		ResponseBody: []byte(big), Duration: 1500 * time.Microsecond,
	})
	tr.observe(api.Exchange{Method: "GET", URL: "https://test.stytch.com/v1/sessions", Attempt: 1,
		Err: errors.New("dial tcp: connection refused"), Duration: time.Millisecond})
	got := buf.String()
	for _, w := range []string{
		"debug: --> POST https://test.stytch.com/v1/sessions/authenticate?session_token=%2A%2A%2A%2A&x=1 (attempt 2)",
		"Authorization: Bearer ****", "X-Stytch-Member-Session: ****", "Cookie: ****", "Accept: application/json",
		`body: {"session_token":"****"}`, "<-- 200 OK in 2ms, request_id r-big", "Set-Cookie: ****",
		"… (the rest of the 10035-byte body is not shown)\n", "debug: <-- no response after 1ms: dial tcp: connection refused",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("trace lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "abc") || strings.Contains(got, "tok\n") || strings.Count(got, "x") > debugBodyLimit+100 {
		t.Errorf("trace leaks or is not truncated:\n%.600s", got)
	}
}

// TestNoKeyringForHelpVersionCompletionOrFlagErrors: none of these reach
// the keyring or even the config directory.
func TestNoKeyringForHelpVersionCompletionOrFlagErrors(t *testing.T) {
	cases := [][]string{
		{"--help"}, {"-h"}, {"help"}, {"auth", "--help"}, {"auth", "login", "--help"}, {"auth", "status", "-h"},
		{"version"}, {"--version"}, {"completion", "bash"}, {"completion", "zsh"},
		{"auth", "login", "--bogus"}, {"auth", "status", "-o", "xml"}, {"sessions", "list", "--user"},
		{"auth", "switch", "a", "b"}, {"auth", "nosuch"}, {"--debug=maybe", "version"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			h := newAuthHarness(t)
			r := h.run(args...)
			if r.code != 0 && r.code != ExitUsage {
				t.Errorf("exit %d: %s", r.code, r.stderr)
			}
			if h.keyringOps != 0 || h.configDirCalls != 0 {
				t.Errorf("touched the keyring %d times and the config dir %d times", h.keyringOps, h.configDirCalls)
			}
		})
	}
}

func TestCompletionOfProfilesReadsNoKeyring(t *testing.T) {
	h := newAuthHarness(t)
	h.login("--profile", "work").expect(t, 0)
	h.keyringOps = 0
	r := h.run("__complete", "auth", "switch", "")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "work\ndemo\n") {
		t.Errorf("completion = %q", r.stdout)
	}
	if h.keyringOps != 0 {
		t.Errorf("completion used the keyring %d times", h.keyringOps)
	}
}

func TestLeakDetectorFindsLeaks(t *testing.T) {
	needles := leakNeedles(apitest.ProjectID, apitest.Secret)
	if findLeak("Authorization: Basic "+needles[1], needles) == "" || findLeak("x"+apitest.Secret+"y", needles) == "" {
		t.Error("the leak detector misses leaks")
	}
	if findLeak("Basic **** "+config.Mask(apitest.Secret), needles) != "" {
		t.Error("the leak detector flags masked values")
	}
	dir := t.TempDir()
	writeTestFile(t, dir+"/config.yaml", "ok")
	writeTestFile(t, dir+"/trace.log", "Basic "+needles[1])
	writeTestFile(t, dir+"/"+config.InsecureSecretsFileName, apitest.Secret)
	got := filesWithLeaks(dir, needles)
	if len(got) != 1 || got[dir+"/trace.log"] == "" {
		t.Errorf("filesWithLeaks = %v", got)
	}
}

// tracedBody returns what the trace shows of the response body: the text
// after "body: " on the line after the response's status line, without
// the note on what was left out.
func tracedBody(t *testing.T, trace string) string {
	t.Helper()
	_, resp, ok := strings.Cut(trace, "debug: <-- ")
	if !ok {
		t.Fatalf("no response in the trace:\n%.600s", trace)
	}
	_, body, ok := strings.Cut(resp, "debug:     body: ")
	if !ok {
		t.Fatalf("no response body in the trace:\n%.600s", trace)
	}
	body, _, _ = strings.Cut(body, "\n")
	if i := strings.LastIndex(body, "… ("); i >= 0 {
		body = body[:i]
	}
	return body
}

// TestDebugMasksACredentialAcrossTheBodyCut: a credential, in any of its
// forms, that straddles the 4 KiB cut of a traced body is masked before
// the body is cut, so that no part of it is shown, whichever of its
// characters the cut falls after and whether the body is JSON or not.
func TestDebugMasksACredentialAcrossTheBodyCut(t *testing.T) {
	echoes := apitest.CredentialEchoes(apitest.ProjectID, apitest.Secret)
	for _, name := range []string{"plain", "basic", `JSON \u every char`, "percent every byte", "mixed"} {
		echo := echoes[name]
		for _, shown := range []int{1, 13, len(echo) / 2, len(echo) - 1} {
			for _, doc := range [][2]string{{`{"request_id":"r","echo":"`, `"}`}, {"<p>denied: ", "</p>"}} {
				pad := strings.Repeat("x", debugBodyLimit-shown-len(doc[0]))
				var buf bytes.Buffer
				tr := newTracer(&buf, apitest.ProjectID, apitest.Secret)
				tr.observe(api.Exchange{Method: "GET", URL: "https://test.stytch.com/v1/sessions", Attempt: 1, Status: 400,
					ResponseBody: []byte(doc[0] + pad + echo + doc[1])})
				body := tracedBody(t, buf.String())
				rest, ok := strings.CutPrefix(body, doc[0]+pad)
				if !ok || !strings.HasPrefix(masked+doc[1], rest) {
					t.Errorf("%s, %d characters before the cut, %s…: the trace shows %q after the padding, want the start of %q",
						name, shown, doc[0], rest, masked+doc[1])
				}
			}
		}
	}
}

// TestDebugShowsNoPartOfASecretAtTheCut is what a user of --debug sees
// when an error body echoes the secret across the 4 KiB cut: the secret
// masked, not its first 44 characters.
func TestDebugShowsNoPartOfASecretAtTheCut(t *testing.T) {
	h := newHarness(t)
	prefix := `{"status_code":400,"request_id":"r-cut","error_type":"bad_request","error_message":"`
	pad := strings.Repeat("x", debugBodyLimit-len(apitest.Secret)+1-len(prefix))
	h.fake.AddFault(apitest.Fault{Status: 400, Body: prefix + pad + apitest.Secret + `"}`})
	r := h.run("sessions", "list", "-u", apitest.DemoUserID, "--debug")
	r.expect(t, ExitFailure, "debug: <-- 400 Bad Request", "bad_request: "+pad[:100], "(request_id r-cut)")
	if strings.Contains(r.stderr, apitest.Secret[:len(apitest.Secret)-1]) {
		t.Errorf("the trace shows the secret but its last character:\n%s", r.stderr)
	}
}

// nested returns a JSON document of depth levels, each opened with open
// and closed with end, around a 1.
func nested(depth int, open, end string) []byte {
	return []byte(strings.Repeat(open, depth) + "1" + strings.Repeat(end, depth))
}

// deepBodies are 180 KB bodies nested 90,000 levels deep (past the
// 10,000 levels that encoding/json accepts) or 9,000 levels deep with 20
// bytes a level, which masking in quadratic time could not trace in any
// useful time (BenchmarkTraceDeepNesting measures it now).
var deepBodies = []struct {
	name, open, end string
	depth           int
}{
	{"arrays", "[", "]", 90_000},
	{"objects", `{"level-000000001":`, "}", 9_000},
	{"arrays of strings", `["padding-0000001",`, "]", 9_000},
}

// TestDebugTraceOfDeepNestingIsBounded: a 180 KB body of nested arrays or
// objects is traced down to the depth cap, with a note: what is shown does
// not depend on how much deeper the body goes. (What it costs is counted by
// TestDebugMaskingWorkDoesNotGrowWithNesting and BenchmarkTraceDeepNesting.)
func TestDebugTraceOfDeepNestingIsBounded(t *testing.T) {
	for _, c := range deepBodies {
		body := nested(c.depth, c.open, c.end)
		var buf bytes.Buffer
		tr := newTracer(&buf, apitest.ProjectID, apitest.Secret)
		tr.observe(api.Exchange{Method: "GET", URL: "https://test.stytch.com/v1/sessions", Attempt: 1, Status: 200, ResponseBody: body})
		want := fmt.Sprintf("debug:     body: %s… (nested deeper than %d levels: the rest of the %d-byte body is not shown)\n",
			strings.Repeat(c.open, maxTraceDepth), maxTraceDepth, len(body))
		if !strings.HasSuffix(buf.String(), want) {
			t.Errorf("%s: the trace ends\n%s\nwant\n%s", c.name, buf.String()[max(0, buf.Len()-300):], want)
		}
	}
}

// TestDebugMaskingWorkDoesNotGrowWithNesting counts the work of tracing a
// body by its allocations: 5,000 levels of nesting cost what 50 do.
func TestDebugMaskingWorkDoesNotGrowWithNesting(t *testing.T) {
	tr := newTracer(io.Discard, apitest.ProjectID, apitest.Secret)
	allocs := func(body []byte) float64 {
		return testing.AllocsPerRun(1, func() {
			tr.observe(api.Exchange{Method: "GET", URL: "https://test.stytch.com/v1/sessions", Attempt: 1, Status: 200, ResponseBody: body})
		})
	}
	for _, c := range deepBodies[:2] {
		shallow, deep := allocs(nested(50, c.open, c.end)), allocs(nested(5000, c.open, c.end))
		if deep > shallow+5 {
			t.Errorf("%s: tracing 5,000 levels took %.0f allocations, 50 levels %.0f", c.name, deep, shallow)
		}
	}
}

// BenchmarkTraceDeepNesting measures tracing one response body: 18 KB of
// arrays 9,000 levels deep, and the 180 KB bodies of deepBodies.
func BenchmarkTraceDeepNesting(b *testing.B) {
	cases := append([]struct {
		name, open, end string
		depth           int
	}{{"arrays 18KB", "[", "]", 9_000}}, deepBodies...)
	for _, c := range cases {
		body := nested(c.depth, c.open, c.end)
		b.Run(fmt.Sprintf("%s/%dKB", c.name, len(body)/1000), func(b *testing.B) {
			tr := newTracer(io.Discard, apitest.ProjectID, apitest.Secret)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				tr.observe(api.Exchange{Method: "GET", URL: "https://test.stytch.com/v1/sessions", Attempt: 1, Status: 200, ResponseBody: body})
			}
		})
	}
}

// FuzzMaskBody: a JSON body (nesting within the cap) is shown whole, valid
// and compact, exactly as json.Compact writes it unless a field was
// masked; anything else is shown as it is; nothing goes far past the
// limit.
func FuzzMaskBody(f *testing.F) {
	for _, s := range []string{`{"request_id":"r","session_token":"t","a":[1,{"b":null}]}`, `[]`, `"x"`, `{"a":"\u0041"}`,
		`<html>`, `{"a":1`, ` [ 1 , 2 ] `, `{"x_jwt":{"a":[1,"]"]},"b":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const limit = 64
		if got := maskBody(in, limit); len(got.text) > limit+len(`:"`+masked+`"`) {
			t.Fatalf("maskBody(%q, %d) = %d bytes", in, limit, len(got.text))
		}
		got := maskBody(in, 1<<20)
		if !json.Valid(in) || bytes.Count(in, []byte("{"))+bytes.Count(in, []byte("[")) > maxTraceDepth {
			return
		}
		var compact bytes.Buffer
		_ = json.Compact(&compact, in)
		if !got.complete || !json.Valid(got.text) {
			t.Fatalf("maskBody(%q) = %+v: not complete, valid JSON", in, got)
		}
		if !bytes.Contains(got.text, []byte(masked)) && !bytes.Equal(got.text, compact.Bytes()) {
			t.Fatalf("maskBody(%q) = %q, want %q", in, got.text, compact.Bytes())
		}
	})
}

// BenchmarkTraceSessions5000 measures tracing the answer of a user with
// 5,000 sessions (8 MiB): it reads what it shows, not the whole body.
func BenchmarkTraceSessions5000(b *testing.B) {
	c, user := fakeClient5000(b)
	body, err := c.GetSessionsRaw(context.Background(), user)
	if err != nil {
		b.Fatal(err)
	}
	tr := newTracer(io.Discard, apitest.ProjectID, apitest.Secret)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		tr.observe(api.Exchange{Method: "GET", URL: "https://test.stytch.com/v1/sessions", Attempt: 1, Status: 200, ResponseBody: body})
	}
}
