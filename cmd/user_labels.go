package cmd

import "github.com/stytchctl/stytchctl/api"

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

// searchLabel is how a user found by a search (audit --all-users), which
// nobody typed, is named: the external ID, else the address a person
// would recognise (primaryEmail), else nothing (the user ID stays).
func searchLabel(u api.User) string {
	if u.ExternalID != "" {
		return u.ExternalID
	}
	return primaryEmail(u)
}
