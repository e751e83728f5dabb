package api

import (
	"encoding/json"
	"errors"
	"fmt"
)

// objectList checks the list a 200 decoded under key (list is nil when the
// key was missing or null): a list of objects, as raw tells of each
// element. Anything else is a listShapeError, never an empty list: a
// Stytch error body under a 200 has no list, and reading it as one makes
// "No users match" or a clean audit out of a failure.
func objectList[T any](what, key string, body []byte, list *[]T, raw func(T) json.RawMessage) ([]T, error) {
	if list == nil {
		return nil, listShapeError(what, body, fmt.Errorf("%q is missing or null, not an array", key))
	}
	for _, v := range *list {
		if r := raw(v); len(r) == 0 || r[0] != '{' {
			return nil, listShapeError(what, body, fmt.Errorf("an element of %q is not an object", key))
		}
	}
	return *list, nil
}

// shapeReason says in words what json.Unmarshal found wrong, without the
// Go types its errors name.
func shapeReason(err error) string {
	var te *json.UnmarshalTypeError
	switch {
	case !errors.As(err, &te):
		return err.Error()
	case te.Field == "":
		return "the response is a JSON " + te.Value + ", not an object"
	}
	return fmt.Sprintf("%q is a JSON %s, which it cannot be", te.Field, te.Value)
}

// checkAnswerUserID checks a user_id that an answer hands on (to list the
// user's sessions, to audit them): a Stytch user ID, validated as one typed
// on the command line would be. An answer's user_id is never an external
// ID, and one that is empty, a path ("../x") or malformed would be sent on
// as it is.
func checkAnswerUserID(id string) error {
	err := ValidateUserID(id)
	if err == nil && !IsStytchUserID(id) {
		err = fmt.Errorf("%q is not a Stytch user ID", id)
	}
	if err != nil {
		return fmt.Errorf(`its "user_id" is unusable: %w`, err)
	}
	return nil
}

// checkAnswerMemberID is checkAnswerUserID for a member_id.
func checkAnswerMemberID(id string) error {
	if err := CheckPathSegment("member ID", id); err != nil {
		return fmt.Errorf(`its "member_id" is unusable: %w`, err)
	}
	return nil
}
