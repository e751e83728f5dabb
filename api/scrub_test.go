package api_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestErrorsNeverQuoteTheSecret: a proxy page or error body that echoes
// the request's credentials is quoted in the error with them masked.
func TestErrorsNeverQuoteTheSecret(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte(apitest.ProjectID + ":" + apitest.Secret))
	for name, fault := range map[string]apitest.Fault{
		"html error page":  {Status: 502, ContentType: "text/html", Body: "<p>denied: Basic " + basic + " (" + apitest.Secret + ")</p>"},
		"non-JSON success": {Status: 200, ContentType: "text/plain", Body: "hello " + apitest.Secret},
		"JSON error":       {Status: 400, Body: `{"status_code":400,"request_id":"r","error_type":"bad","error_message":"got ` + apitest.Secret + `"}`},
	} {
		t.Run(name, func(t *testing.T) {
			c, fake := newClient(t, nil)
			fake.AddFault(fault)
			_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), apitest.Secret) || strings.Contains(err.Error(), basic[:40]) {
				t.Errorf("error quotes the credentials: %v", err)
			}
			if !strings.Contains(err.Error(), "****") {
				t.Errorf("error does not show where the credentials were: %v", err)
			}
		})
	}
}

// TestErrorsNeverQuoteAnEchoedCredential: a server or proxy that echoes
// the credentials in any encoding (JSON \u escapes, percent, base64 of
// either alphabet, HTML references) in an error body or a header gets
// them masked in every field of the error, decoded ones included, and in
// what earlier attempts got. Both the fake's credentials and ones whose
// encodings use + / = ? > ~ are tried.
func TestErrorsNeverQuoteAnEchoedCredential(t *testing.T) {
	for _, creds := range [][2]string{{apitest.ProjectID, apitest.Secret}, {craftedProjectID, craftedSecret}} {
		needles := apitest.LeakNeedles(creds[0], creds[1])
		for name, echo := range apitest.CredentialEchoes(creds[0], creds[1]) {
			for kind, fault := range echoFaults(echo) {
				t.Run(creds[0][:14]+"/"+name+"/"+kind, func(t *testing.T) {
					c, fake := newClient(t, func(cfg *api.Config) { cfg.ProjectID, cfg.Secret = creds[0], creds[1] })
					fake.AddFault(fault)
					_, err := c.GetSessions(context.Background(), apitest.DemoUserID)
					if err == nil {
						t.Fatal("no error")
					}
					for _, text := range errorTexts(err) {
						if n := apitest.FindLeak(text, needles); n != "" {
							t.Errorf("error quotes the credentials (%q) in %q", n, text)
						}
					}
					// The halves of a split credential, joined again in the
					// snippet, are masked there when the snippet shows them
					// whole; long forms are cut before their end.
					if !strings.Contains(kind, "split") && !strings.Contains(strings.Join(errorTexts(err), " "), "****") {
						t.Errorf("error does not show where the credentials were: %v", err)
					}
				})
			}
		}
	}
}

// craftedProjectID and craftedSecret are credentials whose Basic form and
// percent-encoding use every awkward character: + / = in base64, ? > ~ in
// the secret.
const (
	craftedProjectID = "project-test-11111111-2222-4333-8444-555555555555"
	craftedSecret    = "secret-test-Q?>~j_x9K1+/=Lr7zz-wQ~?>mPp0aZ"
)

// echoFaults are the answers of a server that echoes echo: in every field
// of a Stytch JSON error and in Content-Type, in Retry-After, in an HTML
// page (also split in two by a control character, which the error's
// snippet drops, joining the halves again), in a non-JSON success.
func echoFaults(echo string) map[string]apitest.Fault {
	return map[string]apitest.Fault{
		"JSON error": {Status: 400, ContentType: "application/json; echo=" + echo, Body: `{"status_code":400,` +
			`"request_id":"req-` + echo + `","error_type":"bad_` + echo + `","error_message":"got ` + echo + `",` +
			`"error_url":"https://stytch.com/docs/` + echo + `","error_details":{"x":"` + echo + `"}}`},
		"rate limit": {Status: 429, RetryAfter: echo},
		"HTML page":  {Status: 502, ContentType: "text/html", Body: "<p>denied: Basic " + echo + "</p>"},
		"HTML page, split by a control character": {Status: 502, ContentType: "text/html",
			Body: "<p>denied: " + echo[:len(echo)/2] + "\x01" + echo[len(echo)/2:] + "</p>"},
		"non-JSON": {Status: 200, ContentType: "text/plain; " + echo, Body: "hello " + echo},
	}
}

// TestTransportErrorsNeverQuoteTheSecret: a server whose malformed answer
// echoes the secret, which Go's HTTP client quotes in its error, gets it
// masked in the error's message.
func TestTransportErrorsNeverQuoteTheSecret(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = bufio.NewReader(conn).ReadString('\n')
			_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\n"+apitest.Secret+"\r\n\r\n")
			conn.Close()
		}
	}()
	c, _ := newClient(t, func(cfg *api.Config) { cfg.BaseURL = "http://" + ln.Addr().String() })
	_, err = c.GetSessions(context.Background(), apitest.DemoUserID)
	if err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Fatalf("err = %v, want Go's malformed response error", err)
	}
	if n := apitest.FindLeak(err.Error(), apitest.LeakNeedles(apitest.ProjectID, apitest.Secret)); n != "" || !strings.Contains(err.Error(), "****") {
		t.Errorf("error quotes the secret: %v", err)
	}
	var ne *api.NetworkError
	if !errors.As(err, &ne) {
		t.Errorf("err is %T, want a *api.NetworkError", err)
	}
}

// errorTexts returns every text an error from the client carries: its
// message, each field a caller may print, and the same for the errors of
// earlier attempts.
func errorTexts(err error) []string {
	texts := []string{err.Error()}
	var re *api.ResponseError
	if errors.As(err, &re) {
		texts = append(texts, re.ContentType, re.Reason, re.Snippet)
	}
	if ae, ok := api.AsError(err); ok {
		texts = append(texts, ae.ErrorType, ae.Message, ae.RequestID, ae.ErrorURL, ae.RetryAfter, string(ae.Details))
		for _, e := range ae.Earlier {
			texts = append(texts, errorTexts(e)...)
		}
	}
	return texts
}
