package cmd

import (
	"net/http"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

// session is what a command that talks to the API gets: the resolved
// credentials (for display: project, live or test) and a client.
type session struct {
	creds  config.Credentials
	client *api.Client
}

// connect resolves credentials and builds the API client. Commands call it
// after validating their own flags, so a usage error never touches the
// keyring or the network. The demo profile is served in-process by the
// same fake API that the tests use.
func (a *app) connect() (*session, error) {
	if err := a.checkTimeout(); err != nil {
		return nil, err
	}
	r := config.Resolver{Env: a.deps.LookupEnv}
	creds, err := r.Resolve(config.Request{Profile: a.profile, APIURL: a.apiURL})
	if err != nil {
		return nil, err
	}
	httpClient := a.deps.HTTPClient
	if creds.Demo {
		fake := apitest.New(apitest.Options{Now: a.deps.Now})
		httpClient = &http.Client{Transport: fake.Transport()}
		creds.ProjectID, creds.Secret = apitest.ProjectID, apitest.Secret
	}
	client, err := api.New(api.Config{
		BaseURL:    creds.BaseURL,
		ProjectID:  creds.ProjectID,
		Secret:     creds.Secret,
		HTTPClient: httpClient,
		UserAgent:  a.deps.Build.UserAgent(),
		Timeout:    a.timeout,
		Retry:      a.deps.Retry,
		// One limiter per run, shared by every worker: search endpoints
		// stay under Stytch's 150/min and 100/min.
		RateLimiter: api.NewStytchLimiter(),
	})
	if err != nil {
		return nil, err
	}
	return &session{creds: creds, client: client}, nil
}
