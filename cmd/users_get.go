package cmd

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// usersGetOptions is what `users get` uses.
type usersGetOptions struct {
	id     string // the positional ID, or --user
	user   string // --user
	email  string // --email, or an address given as ID
	output outputOptions
}

func newUsersGetCmd(a *app) *cobra.Command {
	o := &usersGetOptions{}
	c := &cobra.Command{
		Use:   "get (ID | --user ID | --email ADDR)",
		Short: "Show one user: name, emails, phones, status and enrolled factors",
		Long: `Show one user of the project: name, email addresses (verified or not),
phone numbers, status, whether the account is locked, when it was created,
and the factors enrolled (passkeys, TOTP, OAuth providers, crypto wallets,
biometrics, password). ID is a user ID or external ID; an email address
(as ID or with --email) is found with an exact search. The table and
-o json layouts: stytchctl help formatting.`,
		Example: examples(
			"stytchctl users get user-test-b4d2e8f1-6a3c-4e97-8d05-f1c3a7e9b264",
			"stytchctl users get alice-42 -o json | jq -r '.emails[] | select(.verified) | .email'",
			"stytchctl users get 'auth0|64b7f3c2a91e5d0012ab34cd' -o yaml",
			"stytchctl users get --email alice.nakamura@example.com",
		),
		Args: oneUserArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.id = args[0]
			}
			return o.run(c, a)
		},
	}
	bindOneUser(c, &o.user, "User `ID` or external ID of the user to show (as the argument ID)")
	c.Flags().StringVar(&o.email, "email", "", "Email `ADDR` of the user to show, found with an exact search")
	bindDocumentOutput(c, &o.output)
	return c
}

// oneUserArgs is the Args of users get: exactly one user, as the ID
// argument, --user or --email.
func oneUserArgs(c *cobra.Command, args []string) error {
	n := len(args)
	for _, flag := range []string{"user", "email"} {
		if c.Flags().Changed(flag) {
			n++
		}
	}
	switch {
	case n == 0:
		return usageErrorf("users get needs a user: an ID, --user ID or --email ADDR")
	case n > 1:
		return usageErrorf("users get takes one user: an ID, --user or --email")
	}
	return nil
}

func (o *usersGetOptions) run(c *cobra.Command, a *app) error {
	if done, err := o.output.validateDocument(c, a); done || err != nil {
		return err
	}
	if err := o.validateTarget(c); err != nil {
		return err
	}
	s, err := a.connect()
	if err != nil {
		return err
	}
	if o.email != "" {
		if o.id, err = resolveEmail(c.Context(), s.client, o.email); err != nil {
			return err
		}
	}
	resp, err := s.client.GetUser(c.Context(), o.id)
	if err != nil {
		return wrap(err, "getting user %s", o.id)
	}
	if o.output.format.IsDocument() {
		return a.printDocumentOutput(c.Context(), &o.output, resp.Raw)
	}
	return a.printTable(userTable(resp.User, a.deps.StdoutTTY, a.deps.Now()))
}

// validateTarget checks the user asked for before anything is sent: an
// ID argument with an "@" is an email address to resolve, as --email is;
// --user takes a user ID or external ID only, as everywhere.
func (o *usersGetOptions) validateTarget(c *cobra.Command) error {
	if c.Flags().Changed("user") {
		if err := checkOneUser("users get", o.user); err != nil {
			return err
		}
		o.id = o.user
		return nil
	}
	if o.email == "" && strings.Contains(o.id, "@") {
		if err := api.ValidateEmail(o.id); err != nil {
			return usageErrorf("invalid email address: %w", err)
		}
		o.email, o.id = o.id, ""
	}
	if o.email != "" {
		return validateEmailFlag(o.email)
	}
	if err := api.ValidateUserID(o.id); err != nil {
		return usageErrorf("invalid user ID: %w", err)
	}
	return nil
}

// userTable lays a user out as field/value rows. Lists get one row per
// entry (emails, phones, passkeys, wallets) or one joined row (OAuth
// providers, roles); an empty value is "" (shown as "-" on a terminal).
func userTable(u api.User, tty bool, now time.Time) render.TableData {
	t := render.TableData{Columns: []render.Column{{Header: "Field", Fixed: true}, {Header: "Value"}}}
	add := func(field string, value any) { t.Rows = append(t.Rows, []any{field, value}) }

	add("User ID", u.UserID)
	add("External ID", u.ExternalID)
	add("Name", u.Name.Full())
	add("Status", u.Status)
	add("Locked", lockText(u, tty, now))
	add("Created", u.CreatedAt)
	if len(u.Emails) == 0 {
		add("Email", "")
	}
	for _, e := range u.Emails {
		add("Email", e.Email+verifiedSuffix(e.Verified))
	}
	if len(u.PhoneNumbers) == 0 {
		add("Phone", "")
	}
	for _, p := range u.PhoneNumbers {
		add("Phone", p.PhoneNumber+verifiedSuffix(p.Verified))
	}
	add("Password", passwordText(u.Password))
	if len(u.WebAuthnRegistrations) == 0 {
		add("Passkey", "")
	}
	for _, w := range u.WebAuthnRegistrations {
		add("Passkey", passkeyText(w))
	}
	add("TOTP", countVerified(len(u.TOTPs), func(i int) bool { return u.TOTPs[i].Verified }))
	var providers []string
	for _, p := range u.Providers {
		providers = append(providers, p.ProviderType)
	}
	add("OAuth", strings.Join(providers, ", "))
	if len(u.CryptoWallets) == 0 {
		add("Wallet", "")
	}
	for _, w := range u.CryptoWallets {
		add("Wallet", strings.TrimSpace(w.CryptoWalletType+" "+w.CryptoWalletAddress)+verifiedSuffix(w.Verified))
	}
	add("Biometric", countVerified(len(u.BiometricRegistrations), func(i int) bool { return u.BiometricRegistrations[i].Verified }))
	add("Roles", strings.Join(u.Roles, ", "))
	return t
}

func verifiedSuffix(v bool) string {
	if v {
		return " (verified)"
	}
	return " (unverified)"
}

// lockText says whether the user is locked and until when: relative on a
// terminal, RFC 3339 UTC when piped.
func lockText(u api.User, tty bool, now time.Time) string {
	switch {
	case !u.IsLocked:
		return "no"
	case u.LockExpiresAt.IsZero():
		return "yes"
	case tty:
		return "yes, unlocks " + render.Relative(u.LockExpiresAt, now)
	}
	return "yes, until " + u.LockExpiresAt.UTC().Format(time.RFC3339)
}

func passwordText(p *api.Password) string {
	switch {
	case p == nil:
		return "no"
	case p.RequiresReset:
		return "yes (reset required)"
	}
	return "yes"
}

func passkeyText(w api.WebAuthnRegistration) string {
	name := w.Name
	if name == "" {
		name = "unnamed"
	}
	var details []string
	for _, d := range []string{w.AuthenticatorType, w.Domain} {
		if d != "" {
			details = append(details, d)
		}
	}
	if !w.Verified {
		details = append(details, "unverified")
	}
	if len(details) == 0 {
		return name
	}
	return name + " (" + strings.Join(details, ", ") + ")"
}

// countVerified is "2 verified", "1 verified, 1 unverified" or "" for none.
func countVerified(n int, verified func(int) bool) string {
	if n == 0 {
		return ""
	}
	v := 0
	for i := range n {
		if verified(i) {
			v++
		}
	}
	switch {
	case v == n:
		return fmt.Sprintf("%d verified", v)
	case v == 0:
		return fmt.Sprintf("%d unverified", n)
	}
	return fmt.Sprintf("%d verified, %d unverified", v, n-v)
}
