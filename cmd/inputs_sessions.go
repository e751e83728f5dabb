package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// maxSessionsFile bounds what --from-file reads: a saved listing of a
// million sessions is far below it, a wrong file (a disk image) is not.
const maxSessionsFile = 1 << 30

// readSessionsFile reads sessions saved by `sessions list -o json` (one
// API response, or the merged {"sessions":[…]} of several users),
// `-o ndjson` (one session per line), or any sequence of those; a bare
// JSON array of sessions is accepted too. path - reads stdin. It needs no
// credentials and sends nothing. Every problem is a usage error naming
// the file (and the value, counted from 1, that is wrong); Ctrl-C or
// SIGTERM while it waits for input ends the command (exit 130).
func readSessionsFile(ctx context.Context, a *app, path string) ([]api.Session, error) {
	name := path
	if path == "-" {
		name = "stdin"
	}
	r, err := openInput(ctx, a.deps.Stdin, path)
	if err != nil {
		return nil, inputError(err, "reading --from-file: %w", err)
	}
	defer r.Close()
	name = render.Sanitize(name)
	dec := json.NewDecoder(bufio.NewReaderSize(io.LimitReader(r, maxSessionsFile), 64<<10))
	var out []api.Session
	values := 0
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		values++
		if err != nil {
			return nil, inputError(err, "reading --from-file %s: value %d is not valid JSON: %w", name, values, err)
		}
		got, err := sessionsIn(raw)
		if err != nil {
			return nil, usageErrorf("reading --from-file %s: value %d: %w", name, values, err)
		}
		out = append(out, got...)
	}
	if values == 0 {
		return nil, usageErrorf("--from-file %s is empty: want the output of 'stytchctl sessions list -o json' or '-o ndjson'", name)
	}
	return out, nil
}

// sessionsIn reads one JSON value of a sessions file: a response or a
// merged document (an object with a "sessions" array), one session (an
// object with a "session_id"), or an array of sessions.
func sessionsIn(raw json.RawMessage) ([]api.Session, error) {
	switch t := firstByte(raw); t {
	case '[':
		var ss []api.Session
		if err := json.Unmarshal(raw, &ss); err != nil {
			return nil, fmt.Errorf("an array that is not of sessions: %w", err)
		}
		return ss, nil
	case '{':
		var probe struct {
			Sessions  *json.RawMessage `json:"sessions"`
			SessionID *string          `json:"session_id"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("an object that is not a sessions listing: %w", err)
		}
		switch {
		case probe.Sessions != nil:
			var ss []api.Session
			if string(*probe.Sessions) == "null" {
				return nil, nil
			}
			if err := json.Unmarshal(*probe.Sessions, &ss); err != nil {
				return nil, fmt.Errorf(`"sessions" is not an array of sessions: %w`, err)
			}
			return ss, nil
		case probe.SessionID != nil:
			var s api.Session
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			return []api.Session{s}, nil
		}
		return nil, errors.New(`an object with neither "sessions" nor "session_id": want the output of 'stytchctl sessions list -o json' or '-o ndjson'`)
	}
	return nil, errors.New("not an object or array: want the output of 'stytchctl sessions list -o json' or '-o ndjson'")
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
