package apitest

import (
	"bytes"
	"encoding/json"
	"time"
)

// object is a JSON object whose keys are encoded in the order written, so
// seeded sessions have Stytch's field order and byte-for-byte assertions are
// stable. Values may be anything encoding/json handles, including nested
// objects; HTML characters are not escaped, control characters are (as
// \n, \u001b, …), exactly as encoding/json does.
type object []field

// field is one key/value pair of an object.
type field struct {
	key   string
	value any
}

// MarshalJSON encodes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, fl := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := encodeJSON(fl.key)
		if err != nil {
			return nil, err
		}
		v, err := encodeJSON(fl.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encodeJSON is json.Marshal without HTML escaping.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// mustRaw encodes the fake's own seed data. The data is built from strings,
// numbers, booleans, slices and objects only, so an error is a programming
// mistake in this package and panics.
func mustRaw(v any) json.RawMessage {
	b, err := encodeJSON(v)
	if err != nil {
		panic("apitest: encode seed data: " + err.Error())
	}
	return b
}

// clock formats seed timestamps relative to a fixed instant, truncated to the
// second so that whole-second timestamps look like Stytch's.
type clock struct {
	now time.Time
}

func newClock(now time.Time) clock {
	return clock{now: now.UTC().Truncate(time.Second)}
}

// at returns now+d as RFC 3339 UTC with whole seconds, e.g.
// "2026-06-02T16:20:11Z".
func (c clock) at(d time.Duration) string {
	return c.now.Add(d).Format(time.RFC3339)
}

// atMicro returns now+d plus the given microseconds as RFC 3339 UTC with six
// fractional digits, e.g. "2021-08-28T00:41:58.935673Z", a form Stytch also
// emits.
func (c clock) atMicro(d time.Duration, micros int) string {
	return c.now.Add(d + time.Duration(micros)*time.Microsecond).Format("2006-01-02T15:04:05.000000Z07:00")
}

// factor builds an AuthenticationFactor with Stytch's field order. created_at
// and updated_at equal last_authenticated_at, as in sessions where the factor
// was first used to log in. sub may be nil for factors without a sub-object.
func factor(typ, method, at, subKey string, sub object) object {
	o := object{
		{"type", typ},
		{"delivery_method", method},
		{"last_authenticated_at", at},
		{"created_at", at},
		{"updated_at", at},
	}
	if subKey != "" {
		o = append(o, field{subKey, sub})
	}
	return o
}

// oauthFactor builds an "oauth" factor for a provider, whose sub-object key is
// subKey (e.g. "git_lab_oauth_factor") and delivery method method (e.g.
// "oauth_gitlab").
func oauthFactor(method, subKey, at, registrationID, subject, emailID string) object {
	return factor("oauth", method, at, subKey, object{
		{"id", registrationID},
		{"provider_subject", subject},
		{"email_id", emailID},
	})
}

// emailFactor builds a factor whose sub-object is an email_factor.
func emailFactor(typ, method, at, emailID, address string) object {
	return factor(typ, method, at, "email_factor", object{
		{"email_id", emailID},
		{"email_address", address},
	})
}

// phoneFactor builds a factor whose sub-object is a phone_number_factor.
func phoneFactor(typ, method, at, phoneID, number string) object {
	return factor(typ, method, at, "phone_number_factor", object{
		{"phone_id", phoneID},
		{"phone_number", number},
	})
}

// sessionSpec describes one seeded session. The zero value of each optional
// field produces Stytch's usual shape.
type sessionSpec struct {
	id, userID                     string
	factors                        []object
	roles                          []string
	omitRoles                      bool // leave the roles key out, as a real 2024 capture did
	started, lastAccessed, expires string
	ip, userAgent                  string
	claims                         object  // nil encodes as {}
	extra                          []field // unknown top-level fields, appended last
}

// session encodes s with Stytch's field order.
func session(s sessionSpec) json.RawMessage {
	o := object{
		{"session_id", s.id},
		{"user_id", s.userID},
		{"authentication_factors", s.factors},
	}
	if !s.omitRoles {
		roles := s.roles
		if roles == nil {
			roles = []string{}
		}
		o = append(o, field{"roles", roles})
	}
	claims := s.claims
	if claims == nil {
		claims = object{}
	}
	o = append(o,
		field{"started_at", s.started},
		field{"last_accessed_at", s.lastAccessed},
		field{"expires_at", s.expires},
		field{"attributes", object{{"ip_address", s.ip}, {"user_agent", s.userAgent}}},
		field{"custom_claims", claims},
	)
	o = append(o, s.extra...)
	return mustRaw(o)
}
