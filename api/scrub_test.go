package api_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

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
