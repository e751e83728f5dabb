package cmd

import (
	"context"
	"slices"

	"github.com/stytchctl/stytchctl/api"
)

// userLabels names users in a terminal table of several users the way the
// person named them: the external ID or email address they typed, by
// user ID. A user named by user ID, or not named at all, keeps the user
// ID, whole. Piped and machine output always carry the user ID itself.
type userLabels map[string]string

// note records that userID was asked for as typed. The first name given
// for a user stays; an empty one is ignored.
func (l userLabels) note(userID, typed string) {
	if l == nil || userID == "" || typed == "" {
		return
	}
	if _, ok := l[userID]; !ok {
		l[userID] = typed
	}
}

// label is the name of userID in a terminal table.
func (l userLabels) label(userID string) string {
	if s, ok := l[userID]; ok {
		return s
	}
	return userID
}

// searchLabel is how a user the person did not name by external ID or
// email is named in a terminal table (audit --all-users, or a user typed
// by user ID): the user's full name, else the external ID, else the
// address a person would recognise (primaryEmail), else "" (the user ID
// stays).
func searchLabel(u api.User) string {
	if n := u.Name.Full(); n != "" {
		return n
	}
	if u.ExternalID != "" {
		return u.ExternalID
	}
	return primaryEmail(u)
}

// maxNamedUsers bounds the users fetched only to be named in a terminal
// table: beyond it, users named by user ID keep it, rather than a table
// of many users costing as many more requests.
const maxNamedUsers = 20

// byUserID returns the users of l that the person named by user ID (the
// label is the ID itself), at most maxNamedUsers of them, in ID order.
func (l userLabels) byUserID() []string {
	var ids []string
	for id, typed := range l {
		if typed == id && api.IsStytchUserID(id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids[:min(len(ids), maxNamedUsers)]
}

// nameUsers fetches the users ids, workers at a time, and returns a name
// for each a person would recognise (searchLabel).
// A user that cannot be fetched or has no such name is left out: it keeps
// its ID. A cancelled ctx ends it early with what was named.
func nameUsers(ctx context.Context, client *api.Client, ids []string, workers int) map[string]string {
	names := make(map[string]string, len(ids))
	fan := fanOut[string]{
		Workers: workers,
		Fetch: func(ctx context.Context, i int) (string, error) {
			resp, err := client.GetUser(ctx, ids[i])
			if err != nil {
				return "", err
			}
			return searchLabel(resp.User), nil
		},
		Emit: func(i int, name string, err error) error {
			if err == nil && name != "" {
				names[ids[i]] = name
			}
			return nil
		},
	}
	_ = fan.run(ctx, len(ids)) // naming is a courtesy: a failure keeps the IDs
	return names
}

// labelCell is a USER cell of a terminal table, read when the table is
// drawn (fmt.Sprint), so that names fetched after the row was added show.
type labelCell struct {
	labels userLabels
	userID string
}

func (c labelCell) String() string { return c.labels.label(c.userID) }
