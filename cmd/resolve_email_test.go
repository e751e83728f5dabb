package cmd

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

func TestResolveEmail(t *testing.T) {
	h := newHarness(t)
	client, err := api.New(api.Config{BaseURL: h.server.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	id, err := resolveEmail(ctx, client, apitest.DemoEmail)
	if err != nil || id != apitest.DemoUserID {
		t.Errorf("resolveEmail(demo) = %q, %v", id, err)
	}

	_, err = resolveEmail(ctx, client, "nobody@example.com")
	if ExitCode(err) != ExitNotFound || !strings.Contains(err.Error(), "nobody@example.com") {
		t.Errorf("unknown address: exit %d, %v", ExitCode(err), err)
	}

	// A second user with Alice's address: neither is picked.
	var alice map[string]any
	if err := json.Unmarshal(h.fake.UserObject(apitest.DemoUserID), &alice); err != nil {
		t.Fatal(err)
	}
	alice["user_id"] = "user-test-99999999-0000-4000-8000-000000000009"
	delete(alice, "external_id")
	twin, _ := json.Marshal(alice)
	h.fake.AddUser("user-test-99999999-0000-4000-8000-000000000009")
	if err := h.fake.SetUserProfile(twin); err != nil {
		t.Fatal(err)
	}
	_, err = resolveEmail(ctx, client, apitest.DemoEmail)
	if ExitCode(err) != ExitFailure || !strings.Contains(err.Error(), "more than one user has the email address") ||
		!strings.Contains(err.Error(), apitest.DemoUserID) {
		t.Errorf("ambiguous address: exit %d, %v", ExitCode(err), err)
	}

	// An API failure keeps its exit code, error_type and request_id.
	h.fake.AddFault(apitest.Fault{Status: 401, Path: "/v1/users/search"})
	_, err = resolveEmail(ctx, client, apitest.DemoEmail)
	if ExitCode(err) != ExitAuth || !strings.Contains(err.Error(), "looking up the user with email "+apitest.DemoEmail+": ") ||
		!strings.Contains(err.Error(), "request_id") {
		t.Errorf("401: exit %d, %v", ExitCode(err), err)
	}
	searches := 0
	for _, r := range h.fake.Requests() {
		if r.Path == "/v1/users/search" {
			searches++
		}
	}
	if searches != 4 {
		t.Errorf("%d searches, want 4", searches)
	}
}
