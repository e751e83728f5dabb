package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// maxSessionsFile bounds what --from-file reads: a saved listing of a
// million sessions is far below it, a wrong file (a disk image) is not.
const maxSessionsFile = 1 << 30

// savedSessions is what --from-file read: the sessions, and the users
// saved alongside them (users get or users search -o json in the same
// file), which let --user name a user by external ID.
type savedSessions struct {
	// name is the file as messages name it.
	name     string
	sessions []api.Session
	// externalIDs maps the external ID of each saved user to its user ID.
	externalIDs map[string]string
}

// readSessionsFile reads sessions saved by `sessions list -o json` (one
// API response, or the merged {"sessions":[…]} of several users),
// `-o ndjson` (one session per line), or any sequence of those; a bare
// JSON array of sessions is accepted too, and so are users saved by
// `users get -o json` or `users search -o json` (see savedSessions). path
// - reads stdin. It needs no credentials and sends nothing. Every problem
// is a usage error naming the file (and the value, counted from 1, that
// is wrong); Ctrl-C or SIGTERM while it waits for input ends the command
// (exit 130).
func readSessionsFile(ctx context.Context, a *app, path string) (savedSessions, error) {
	name := path
	if path == "-" {
		name = "stdin"
	}
	r, err := openInput(ctx, a.deps.Stdin, path)
	if err != nil {
		return savedSessions{}, inputError(err, "reading --from-file: %w", err)
	}
	defer r.Close()
	out := savedSessions{name: render.Sanitize(name), externalIDs: make(map[string]string)}
	dec := json.NewDecoder(bufio.NewReaderSize(io.LimitReader(r, maxSessionsFile), 64<<10))
	values, listings := 0, 0
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		values++
		if err != nil {
			return savedSessions{}, inputError(err, "reading --from-file %s: value %d is not valid JSON: %w", out.name, values, err)
		}
		got, users, err := sessionsIn(raw)
		if err != nil {
			return savedSessions{}, usageErrorf("reading --from-file %s: value %d: %w", out.name, values, err)
		}
		if users == nil {
			listings++
		}
		out.sessions = append(out.sessions, got...)
		for _, u := range users {
			if u.ExternalID != "" {
				out.externalIDs[u.ExternalID] = u.UserID
			}
		}
	}
	switch {
	case values == 0:
		return savedSessions{}, usageErrorf("--from-file %s is empty: want the output of 'stytchctl sessions list -o json' or '-o ndjson'", out.name)
	case listings == 0:
		return savedSessions{}, usageErrorf("--from-file %s holds users but no sessions: want the output of 'stytchctl sessions list -o json' or '-o ndjson' (users saved with them name them by external ID)", out.name)
	}
	return out, nil
}

// owner returns the user ID of the user that ref (a user ID, or the
// external ID of a user saved in the file) names, whose sessions the file
// holds. A file that holds no session at all says nothing about whose it
// was: any ref is taken as it is, and has no sessions. Otherwise a user
// whose sessions the file does not hold is a usage error that lists the
// users it does hold: "no active sessions" would be false for a user the
// file names another way, or whose sessions were not saved.
func (f savedSessions) owner(ref string) (string, error) {
	id := ref
	if saved, ok := f.externalIDs[ref]; ok {
		id = saved
	}
	users, byUser := sessionsByUser(f.sessions)
	if len(f.sessions) == 0 || len(byUser[id]) > 0 {
		return id, nil
	}
	const listed = 5
	held := make([]string, 0, listed)
	for _, u := range users[:min(len(users), listed)] {
		held = append(held, fmt.Sprintf("%s (%s)", render.Sanitize(u), count(len(byUser[u]), "sessions")))
	}
	if len(users) > listed {
		held = append(held, fmt.Sprintf("and %d more", len(users)-listed))
	}
	who := fmt.Sprintf("%q", ref)
	if id != ref {
		who += " (" + id + ")"
	}
	hint := "A saved sessions listing names users by user ID only: give --user one of those, or save the user in the same file to name them by external ID: stytchctl users get " + ref + " -o json >> " + f.name
	if id != ref || api.ValidateUserID(ref) == nil && strings.HasPrefix(ref, "user-") {
		hint = "Give --user one of those, or add that user's sessions to the file: stytchctl sessions list -u " + id + " -o json >> " + f.name
	}
	return "", &exitError{code: ExitUsage,
		err:  fmt.Errorf("--from-file %s holds no sessions of user %s: it holds the sessions of %s: %s", f.name, render.Sanitize(who), count(len(users), "users"), strings.Join(held, ", ")),
		hint: render.Sanitize(hint)}
}

// savedOwners returns the user IDs of the users refs name in saved, each
// once (see savedSessions.owner).
func savedOwners(saved savedSessions, refs []string) ([]string, error) {
	var ids []string
	for _, ref := range refs {
		id, err := saved.owner(ref)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// savedUser is what a user document in a sessions file tells: its IDs.
type savedUser struct {
	UserID     string `json:"user_id"`
	ExternalID string `json:"external_id"`
}

// sessionsIn reads one JSON value of a sessions file: a response or a
// merged document (an object with a "sessions" array), one session (an
// object with a "session_id"), or an array of sessions; or users: one (an
// object with a "user_id" and no "session_id", as users get prints it) or
// a users search document (a "results" array).
func sessionsIn(raw json.RawMessage) ([]api.Session, []savedUser, error) {
	switch t := firstByte(raw); t {
	case '[':
		var ss []api.Session
		if err := json.Unmarshal(raw, &ss); err != nil {
			return nil, nil, fmt.Errorf("an array that is not of sessions: %w", err)
		}
		return ss, nil, nil
	case '{':
		return objectIn(raw)
	}
	return nil, nil, errors.New("not an object or array: want the output of 'stytchctl sessions list -o json' or '-o ndjson'")
}

// objectIn is sessionsIn for an object.
func objectIn(raw json.RawMessage) ([]api.Session, []savedUser, error) {
	var probe struct {
		Sessions  *json.RawMessage `json:"sessions"`
		SessionID *string          `json:"session_id"`
		UserID    *string          `json:"user_id"`
		Results   *json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, nil, fmt.Errorf("an object that is not a sessions listing: %w", err)
	}
	switch {
	case probe.Sessions != nil:
		var ss []api.Session
		if string(*probe.Sessions) == "null" {
			return nil, nil, nil
		}
		if err := json.Unmarshal(*probe.Sessions, &ss); err != nil {
			return nil, nil, fmt.Errorf(`"sessions" is not an array of sessions: %w`, err)
		}
		return ss, nil, nil
	case probe.SessionID != nil:
		var s api.Session
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, nil, err
		}
		return []api.Session{s}, nil, nil
	case probe.UserID != nil:
		var u savedUser
		if err := json.Unmarshal(raw, &u); err != nil {
			return nil, nil, fmt.Errorf("an object that is not a user: %w", err)
		}
		return nil, []savedUser{u}, nil
	case probe.Results != nil:
		us := []savedUser{} // not nil: users, not a listing
		if err := json.Unmarshal(*probe.Results, &us); err != nil {
			return nil, nil, fmt.Errorf(`"results" is not an array of users: %w`, err)
		}
		return nil, us, nil
	}
	return nil, nil, errors.New(`an object with neither "sessions" nor "session_id": want the output of 'stytchctl sessions list -o json' or '-o ndjson'`)
}

func firstByte(raw []byte) byte {
	b := bytes.TrimLeft(raw, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// sessionsByUser splits sessions by user_id, users in the order they first
// appear, each user's sessions in file order.
func sessionsByUser(sessions []api.Session) (users []string, byUser map[string][]api.Session) {
	byUser = make(map[string][]api.Session)
	for _, s := range sessions {
		if _, ok := byUser[s.UserID]; !ok {
			users = append(users, s.UserID)
		}
		byUser[s.UserID] = append(byUser[s.UserID], s)
	}
	return users, byUser
}
