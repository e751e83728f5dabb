package api

// NoRetry is a policy that sends each request once, for the tests of this
// package (internal and external) that count requests or must not wait.
var NoRetry = RetryPolicy{MaxAttempts: 1}
