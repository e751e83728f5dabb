// Package apitest is an in-memory fake of the Stytch REST API, faithful to the
// request and response shapes in the project's Stytch reference.
//
// The fake is used in two ways. Tests start it behind a real loopback server
// with [Start] and point an API client at the returned URL; the production
// binary's built-in "demo" profile serves it in-process through
// [Fake.Transport], so no listener or network is involved. Because of the
// second use, the package's non-test files do not import "testing" and build
// their seed data only when [New] is called.
//
// A fresh fake is seeded with a handful of demo users (see [DemoUserID]) whose
// sessions cover every authentication factor kind Stytch documents, plus a
// not-yet-invented one, so renderers and decoders can be exercised against the
// whole open set. Every request is recorded ([Fake.Requests]) before it is
// answered, and failures can be injected ([Fault]) to test retries, error
// decoding and size limits.
//
// Endpoints live in their own files (sessions.go for GET /v1/sessions) and are
// registered in the route table in server.go.
package apitest
