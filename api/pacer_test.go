package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestWithPacerSharesThePause checks that a client copy made with WithPacer
// waits on the shared Pacer, and that the original client does not.
func TestWithPacerSharesThePause(t *testing.T) {
	fake, srv := apitest.Start(apitest.Options{})
	defer srv.Close()
	c, err := api.New(api.Config{BaseURL: srv.URL, ProjectID: apitest.ProjectID, Secret: apitest.Secret})
	if err != nil {
		t.Fatal(err)
	}
	p := &api.Pacer{}
	paced := c.WithPacer(p)
	p.Pause(300 * time.Millisecond)

	start := time.Now()
	if _, err := c.GetSessions(context.Background(), apitest.DemoUserID); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("the original client waited %s on a pacer it does not have", d)
	}
	start = time.Now()
	if _, err := paced.GetSessions(context.Background(), apitest.DemoUserID); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("the paced client went ahead after %s during a 300ms pause", d)
	}
	if n := len(fake.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
