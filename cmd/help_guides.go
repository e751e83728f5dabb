package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stytchctl/stytchctl/cmd/sessionaudit"
	"github.com/stytchctl/stytchctl/config"
)

// Guides are the help topics that hold what a command's help has no room
// for: a command's Long says what it does and its contract in at most
// maxLongLines lines and names the guide with the rest (rules, document
// shapes, retry arithmetic, the reasons behind a behaviour). Each is also
// a man page (stytchctl-revoking(1), …), written by completions/gen.

// Names of the guide topics.
const (
	topicDemo          = "demo"
	topicUsers         = "selecting-users"
	topicSearching     = "searching"
	topicRevoking      = "revoking"
	topicJournal       = "journal"
	topicAuditRules    = "audit-rules"
	topicJWT           = "jwt"
	topicRetries       = "retries"
	topicCredentials   = "credentials"
	topicCompletionSet = "completion-setup"
)

// demoMarker heads the demo tour: what follows runs offline on the built-in
// demo profile. TestExamplesAreForRealUse looks for it.
const demoMarker = "Try it offline on the built-in demo:"

// newGuideTopicCmds returns the guide topic commands with their text.
func newGuideTopicCmds() []*cobra.Command {
	guide := func(name, short, long string) *cobra.Command {
		return &cobra.Command{Use: name, Short: short, Long: long, Example: examples("stytchctl help " + name)}
	}
	return []*cobra.Command{
		guide(topicDemo, "The built-in demo profile, and a tour on it", ""), // fillHelpTopics
		guide(topicUsers, "Naming users: IDs, emails, files, several at once", selectingUsersHelp),
		guide(topicSearching, "How user and member searches match and page", searchingHelp),
		guide(topicRevoking, "What the revoke commands check, ask, send, report", revokingHelp),
		guide(topicJournal, "The local journal of revoked sessions", journalHelp),
		guide(topicAuditRules, "The rules of sessions audit, and its exit status", ""), // fillHelpTopics
		guide(topicJWT, "How sessions decode reads and verifies a JWT", jwtHelp),
		guide(topicRetries, "Retries, rate limits, and sessions watch's polling", retriesHelp),
		guide(topicCredentials, "Profiles, the OS keyring and the auth commands", credentialsHelp),
		guide(topicCompletionSet, "Installing shell completion", completionSetupHelp),
	}
}

// demoTour is the tour of `help demo`: one invocation per line, each run
// offline on the built-in demo profile by TestExamplesRunCleanly.
func demoTour() []string {
	return []string{
		"stytchctl inspect --profile demo alice.nakamura@example.com",
		"stytchctl sessions list --profile demo -u alice-42",
		"stytchctl sessions list --profile demo -u alice-42,emp-00417 -o wide",
		"stytchctl sessions show --profile demo 4e9b2d7a -u alice-42",
		"stytchctl sessions devices --profile demo --email alice.nakamura@example.com",
		"stytchctl sessions audit --profile demo --all-users",
		"stytchctl sessions watch --profile demo -u alice-42",
		"stytchctl sessions revoke --profile demo -u alice-42 --idle-for 1h --dry-run",
		"stytchctl sessions decode --profile demo --demo-jwt --verify",
		"stytchctl users get --profile demo alice-42",
		"stytchctl users search --profile demo --email-contains example.com",
		"stytchctl b2b orgs get --profile demo northwind-traders",
		"stytchctl b2b orgs search --profile demo --name-contains north -o wide",
		"stytchctl b2b members search --profile demo --org northwind-traders",
		"stytchctl b2b members get --profile demo emp-7731 --org nw-001",
		"stytchctl b2b sessions list --profile demo --org northwind-traders --email priya.natarajan@northwind.example",
		"stytchctl b2b sessions audit --profile demo --org northwind-traders --all-members",
		"stytchctl b2b sessions watch --profile demo --org northwind-traders --member emp-8812",
		"stytchctl auth status --profile demo",
	}
}

func demoHelp() string {
	var b strings.Builder
	fmt.Fprintf(&b, `The built-in %[1]q profile needs no credentials and never touches the
network: an in-process fake of the Stytch API answers, with users whose
sessions show every case (several devices, every factor type, an
impersonation, hostile user agents, expired sessions) and a B2B
organization, northwind-traders. Revokes on it reach only that fake, which
starts afresh on every run.

The users: alice-42 (Alice Nakamura, alice.nakamura@example.com, six
sessions on six devices: one impersonated, one idle for weeks, one whose
passkey was used on another device), emp-00417 (Kenji, a passkey and SSO),
auth0|64b7f3c2a91e5d0012ab34cd (Priya Raman, every factor), dmitri.volkov
(no active session), mallory_h (escape sequences in her user agent).
Start with the first line of the tour: one screen on Alice, what is wrong
and the commands to act on it.

The B2B organization: Northwind Traders, slug northwind-traders, external
ID nw-001 (taken where Stytch accepts one), with an active SAML connection.
Its members: emp-7731 (Priya Natarajan, SAML SSO and TOTP, an admin),
emp-8812 (Dana Whitfield, one session started by impersonation), emp-6604
(Kenji Watanabe, 12 sessions), emp-5120 (Oskar Lindqvist, idle for weeks,
password only). b2b sessions audit --all-members finds them all.

Every command's examples are for real use; add --profile %[1]s to any of
them, or make it active (stytchctl auth switch %[1]s), to try it here.

%[2]s
`, config.DemoProfile, demoMarker)
	for _, l := range demoTour() {
		b.WriteString("  " + wrapExample(l) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

const selectingUsersHelp = `How the sessions commands (list, show, devices, audit, revoke, watch) take
the users they work on.

A user is -u/--user ID, where ID is a Stytch user ID (user-test-…,
user-live-…) or the user's external ID, or --email ADDR, the user with that
exact address, found first with a user search (no such user is exit 3
naming the address; a malformed address is exit 2 before anything is
sent). Commands that take several users (list, audit) take --user a,b or
--user a --user b, one per line in a file with --users-file (- reads stdin;
blank lines and # comments are ignored), and --email repeated and mixed
with --user. Users named by --email come after those of --user and
--users-file.

Users are fetched --concurrency at a time; a rate limit (429) pauses every
request, honouring Retry-After. Output keeps the order the users were given
in. Expired and revoked sessions are never listed: Stytch returns only
active ones.

A user named more than once (by user ID, external ID or email) is listed
once, where first named: the answers are matched by the user_id their
sessions carry, and one note on stderr says which inputs were the same
user. A user without sessions cannot be matched, but prints nothing.

With several users the table on a terminal starts with a USER column that
names each user as you did: the external ID or email address you typed; a
user typed by user ID is shown by name (one more request per user, for up
to 20 users; past that, or without a name, the ID stays). Piped tables and
machine formats carry the user ID.

If some users fail, the sessions of the others are still printed, each
failure is one line on stderr, and the exit code is the first failure's (3
not found, 4 authentication, 5 rate limited, 1 otherwise). A 401 stops the
whole run at once.

--from-file (sessions devices, sessions audit) reads what
'sessions list -o json' or '-o ndjson' saved (- for stdin) and needs no
credentials and no network; when the file holds several users' sessions,
sessions devices picks one with --user.

sessions show and sessions revoke take a session as the short ID a table
shows on a terminal (4e9b2d7a, the start of the ID's UUID part, at least 4
characters) when --user or --email says whose session it is: it is looked
up among that user's active sessions (one request). A short ID that starts
none of them, or several, is exit 2 listing the candidates. Stytch cannot
look a session up by its ID alone, so sessions show always lists the
user's sessions and picks from them: a whole ID that is not an active
session of the user (expired, revoked, someone else's) is exit 3, and the
error lists the user's sessions.

users get takes a user ID or external ID; an email address (as ID or with
--email) is found with an exact search.

B2B: b2b sessions list, revoke and watch name the organization by its
ID, slug or external ID, and a member by --member (member ID or external
ID) or --email, looked up in that organization first
(GET /v1/b2b/organizations/ORG/member, which takes the ID or slug only).
inspect --org takes the ID or slug. Whatever the command, an organization
or member Stytch does not know is exit 3: "unknown organization ORG" or
"unknown member M in organization ORG".`

const searchingHelp = `users search (POST /v1/users/search) and b2b members search
(POST /v1/b2b/organizations/members/search) find people before you list
their sessions.

Filters combine with AND; with none, every user (or member) matches: the
documented way to export users. --email and --phone match exactly and may
be repeated (a user with any of them matches); so may --member and
--status for members. --email-contains matches the start of an address or
of its domain, as Stytch's email_address_fuzzy does: a prefix match, not a
substring (alice.n and example.c find alice.nakamura@example.com; amura,
from the middle of it, finds no one); at least 3 characters.
--created-after and --created-before take an RFC 3339 time, a date (read in
--tz), or a duration ago such as 7d. users search --user takes user IDs
or external IDs, not both kinds at once.

b2b members search's organization is the organization ID
(organization-test-…): that endpoint takes IDs only. Its --email-contains
matches part of an address (at least 3 characters).

--limit N (default 100) fetches at most N results; --all walks every page.
Pages hold up to 1000 (--page-size). User searches share Stytch's limit of
150 requests per minute, member searches 100, which stytchctl keeps to. On
a terminal, stderr shows a progress bar while several pages arrive. When
--limit leaves matching users out, a terminal says so on stderr, whatever
the format: "Showing 100 of 4,213 users; --limit 0 for all".

The users search table shows the user ID, external ID, name, primary email
(the first verified one), status, creation time and the factors enrolled;
-o wide and -o csv add every email, phones, lock state and roles.

-o json prints Stytch's response as sent when one page holds the answer,
and {"results":[…],"results_metadata":{"total":N}} (every user exactly as
sent) when pages were merged, so jq '.results[]' works for both; for
members, {"members":[…],"results_metadata":{"total":N}} and
jq '.members[]'. -o ndjson streams one user (or member) per line as pages
arrive.`

const revokingHelp = `What sessions revoke and b2b sessions revoke do, in order.

Revoking makes a session's tokens stop working at once; JWTs already issued
still verify locally until they expire, at most 5 minutes later.

What to revoke. Name sessions by ID, or pick them from a user's active
sessions with --user or --email and the same filters as sessions list
(--factor, --ip, --user-agent, --started-before, --idle-for, …), minus
--except. Revoking every session of a user must be said with --all: a user
without --all or a filter is refused, except on a terminal (stdin and
stderr), where a picker lists the user's sessions to choose from: arrows
to move, space to choose, a for all shown, / to filter, Enter to go on to
the preview; Esc or q is exit 1 and Ctrl-C exit 130, nothing revoked. A
script never sees the picker. b2b sessions revoke --member does the same
for a member's sessions. A short session ID (4e9b2d7a) needs
--user or --email and is looked up among that user's active sessions (one
request): one that starts none of them, or several, is exit 2 listing the
candidates, and nothing is revoked. Whole IDs need no user; with one, they
too must be active sessions of that user. What is asked for is checked
before how it is confirmed: a missing selection, --all or a bad ID is
reported before a missing --yes.

B2B. --member (or --email, the member with that address in the
organization) lists the member's active sessions, previews them and
revokes exactly those, one request per session (by member_session_id), so
that what was previewed is what is revoked and journalled. A session the
member starts after the listing is not touched: run the command again to
end it. Session IDs given as arguments end the named member sessions, one
request each, in whichever organization they are: Stytch revokes a member
session by its ID alone and cannot look one up, so --org is refused with
them alone (it could not be checked), and the journal records no member or
organization for them. With --org and --member or --email, the session
arguments pick among that member's sessions and may be the short ID a
table shows (4e9b2d7a): one that starts none of them, or several, is exit 2
listing the candidates, and nothing is revoked. A short ID needs --org and
--member or --email. Member sessions carry no IP address or user agent, so
the preview shows neither.

Preview and confirmation. Before anything is revoked the sessions are
shown on stderr with the project and whether it is LIVE. On a terminal you
are asked to confirm (any answer but y or yes declines: exit 1, "not
confirmed: nothing was revoked"); without a terminal --yes is required
(exit 2 without it). --dry-run prints the sessions that would be revoked
(in any -o format) and sends nothing.

Sending. Each session is revoked with its own request, --concurrency at a
time. A revoke retried after a timeout or 5xx that then answers
session_not_found counts as revoked: the first try did it. A 401 or 403,
whatever its body, stops the run (exit 4) and sends no further revoke;
Ctrl-C sends no new revoke, waits for those in flight, and prints and
journals what happened (exit 130). The sessions not yet sent are
"not sent" rows, still active, and stderr says why.

The report. One row per session: revoked, not found, failed or not sent,
with Stytch's request_id and the error; -o json prints {"results":[…]}.
Not found is only Stytch's 404 session_not_found: any other 404 (a wrong
base path, a proxy) is failed. Every outcome is appended to the revoke
journal with --reason (see stytchctl help journal).

Exit status: 0 when every session was revoked, 3 when one was not found,
1, 4 or 5 when one failed (the output still lists every outcome), 130 when
interrupted.`

const journalHelp = `The revoke journal is revoke-journal.jsonl in the config directory
(STYTCHCTL_CONFIG_DIR), mode 0600, JSON lines, append-only. sessions revoke
and b2b sessions revoke add one line per session they tried to end: time,
OS user (operator), profile, project, environment, user or member, session,
result, Stytch's request_id, the error and --reason (these two cut to 4 KiB,
ending in "… [cut]"). Nothing in it is sent to Stytch.

sessions journal prints the newest first, --limit at a time (default 100;
--all for every entry). Its filters: --user (a user or member ID: the
journal keeps IDs, not external IDs or emails), --session (a whole or short
ID), --operator, --since, and the profile: --profile NAME, else
STYTCHCTL_PROFILE. Times are absolute, in --tz; piped, RFC 3339 UTC.

Revokes made on the built-in demo profile carry "demo":true and are left
out unless --profile demo is given, which shows only them (older lines
without the tag count by their profile "demo").

-o json prints {"entries":[…]}, each entry exactly as stored; -o ndjson
prints the lines themselves. A line that is not an entry (torn by a crash
or a full disk, edited by hand, longer than 1 MiB) is skipped with one
warning on stderr naming the file and line; the rest is printed and the
exit status stays 0: the journal is append-only, so failing on a torn line
would hide the good entries for good.

The journal must be a regular file of its own: a symbolic link, a hard
link, a FIFO or a device in its place is refused (exit 1) before anything
is revoked.`

// auditRulesHelp documents sessionaudit's rules from the rules themselves.
func auditRulesHelp() string {
	var rules strings.Builder
	for _, r := range sessionaudit.Rules() {
		fmt.Fprintf(&rules, "  %s (%s)\n%s\n", r.Name, r.Severity, indentWrap(r.Checks, 6, 78))
	}
	return `sessions audit prints one finding per problem, each with a severity
(info, warning, critical), the rule that found it and the reason.

Rules (name, severity, what it checks):
` + rules.String() + `
Device families: a family is the operating system (without its version)
plus the device type, as parsed from a user agent ("Android phone", "macOS
desktop"). device-mismatch compares the family of attributes.user_agent
with that of each user agent a factor recorded (webauthn_factor.user_agent):
a browser or OS update keeps the family; a passkey used from an Android
phone in a session whose agent is a Windows desktop does not. Agents whose
OS cannot be told never count as a mismatch.

Places: impossible-travel and many-countries need a GeoIP database (see
stytchctl help geoip); without one they do not run. Stytch records a
session's IP address when it starts, so its place is where it started and
its activity window, started_at to last_accessed_at, is taken to be spent
there. Each session is compared with those that started before it: the
great-circle distance less both accuracy radii (whole km), over the time
from the other's last activity to this start; none when it started while
the other was in use, which no speed explains. Faster than --max-speed is
a finding, exactly --max-speed is not. A laptop that travels with a
session open while a new one starts at the destination is flagged too.

non-browser-agent goes by what the user-agent parser (mssola/useragent)
names: an HTTP library, tool or runtime (curl, python-requests, urllib3,
aiohttp, Go-http-client, okhttp, ReactorNetty, PostmanRuntime, Ruby,
Deno, Bun, …) in an agent that does not claim to be a browser, a
headless browser, or a bot. An app that names itself first
("BankApp/4.12 (iOS 17.5) okhttp/4.12") is an app; an app that sends only
its library's default agent cannot be told from a script.

Which users: --user and --users-file as in sessions list (see stytchctl
help selecting-users); --all-users walks every user of the project with
users search (--page-size users per page, at most 150 searches a minute, a
progress bar on a terminal) and audits --concurrency users at once,
streaming: it holds one page of users and a few responses at a time,
however many users there are. --from-file reads what
'sessions list -o json' or '-o ndjson' saved (- for stdin) and needs no
credentials and no network. A user named twice (user ID and external ID)
is audited once, with a note on stderr; findings always carry the user_id
of the sessions.

Filters (--factor, --ip, --user-agent, --started-after, --idle-for, …)
choose which sessions the per-session rules look at, as in sessions list;
too-many-sessions and many-countries still count all of a user's
sessions, and impossible-travel compares a session with any of them.

Order: the table on a terminal lists critical findings first, then
warning, then info (in the order found within each). Machine formats and
piped tables are written as findings are found, so that --all-users holds
none; --sort-by severity orders them too (-severity: info first).
--sort-by started, last-active, expires or user orders findings by their
session's times (or user). Any --sort-by holds every finding until the
end. --limit N (default 100, 0 for no limit) prints at most N findings,
the first N of the order; a terminal says on stderr how many were left out.
--limit caps what is printed, never what is audited: every user is still
audited, and the summary and --fail-on count every finding.

On a colour terminal the severity is red (critical), yellow (warning) or
dim (info); NO_COLOR turns colour off. The USER column of the terminal
table names users as you did: the external ID you typed, or the user's
name for a user ID (one more request each, up to 20 users) and with
--all-users. Machine formats carry the user_id.

Exit status: with --fail-on LEVEL (info, warning or warn, critical), 6
when a finding at or above LEVEL was found, else 0; without it, 0.
Findings are printed either way. A finding --limit left unprinted still
counts: --limit 5 --fail-on critical exits 6 for a 6th, critical finding.
When some users could not be fetched, the others are still audited, each
failure is a line on stderr, and the exit code is the first failure's
(3, 4, 5 or 1).

-o json prints {"findings":[{"severity","rule","reason","user_id",
"session_id","device","ip_address","factors","started_at",
"last_accessed_at","expires_at","location","other_session","distance_km",
"speed_kmh","countries"}]}: session fields are null in a user's finding
(too-many-sessions, many-countries); location is the session IP's
{"country","region","city","latitude","longitude","accuracy_km","asn",
"network","source"} (each unknown field null) or null; other_session
({"session_id","ip_address","location","started_at","last_accessed_at"}),
distance_km and speed_kmh are impossible-travel's (speed_kmh null: both
in use at once), countries many-countries'. Piped, it is written as
findings are found.
-o ndjson prints one finding per line.

b2b sessions audit --org ORG applies to member sessions the rules that
need no IP address or user agent, which member sessions lack:
impersonated, idle, long-lifetime, too-many-sessions and weak-factor
(inspect --org uses the same ones). Members come from --member (ID or
external ID), --email (looked up in ORG), --all-members (member search,
at most 100 searches a minute; a slug is turned into the ID it needs) or
--from-file (saved 'b2b sessions list -o json'). Its findings carry
"member_id" in place of "user_id", and no device, IP or place fields.`
}

const jwtHelp = `sessions decode reads a Stytch session JWT locally and shows the header,
the standard claims, the session (ID, user, factors in words, device,
started, last active, expires), the organization of a B2B token, roles
and custom claims. Nothing is sent to decode.

Input. The JWT comes from the argument, or from standard input with "-"
or when no argument is given; on a terminal it is asked for with echo off.
Prefer standard input or the prompt: an argument is kept in shell history
and shown by ps. A "Bearer " prefix is ignored. The JWT itself is never
printed.

--verify checks the token as Stytch's SDKs do, with no credentials: it
fetches the project's public keys (GET /v1/sessions/jwks/{project_id}, or
/v1/b2b/sessions/jwks/{project_id} for a token with an organization
claim), picks the key by kid, builds it from its n and e (the x5c
certificate chain is not used) and checks the RS256 signature, the
audience, the issuer, and exp, nbf and iat with no clock skew allowed
unless --leeway gives some, as in the SDKs. The checks run in this order
and stop at the first failure: algorithm (only RS256), key ID present,
audience, key ID known, signature, issuer, times. Exit 6 names the failure
(for example "expired at …", "bad signature", "unknown key ID", "wrong
audience") and still prints the decoded token, marked as not verified.
Exit 0 means the token is valid; exit 2 means the input is not a JWT at
all; failing to fetch the keys exits as any API error does.

Which project and keys. The project is --project, else the configured one
(--profile, STYTCH_PROJECT_ID, the active profile; no secret is read),
else the project in the token's aud. Keys come from --api-url,
STYTCHCTL_API_URL or the profile's api_url, else from Stytch's API for
that project (test or live by its ID); they are never fetched from a URL
the token names. The issuer must be stytch.com/<project_id> or that base
URL (Stytch names a custom domain as the issuer of tokens issued through
it); any other fails.

Why no authenticate. sessions decode never calls
POST /v1/sessions/authenticate: that would touch the session (its last
activity). So a valid JWT proves that Stytch issued it within its
five-minute life, not that the session is still active: the JWT of a
revoked session keeps verifying until it expires. sessions list shows the
active sessions.

-o json prints {"header":…,"claims":…,"session":…,"verification":…}:
header and claims exactly as in the token (every claim, lossless); session
a summary (session_id, user_id or member_id, organization_id and
organization_slug for B2B, factors in words, roles, started_at,
last_accessed_at, expires_at, ip_address, user_agent, device,
custom_claims, jwt_issued_at, jwt_not_before, jwt_expires_at, jwt_expired;
null when the token lacks it); verification {"checked":false} without
--verify, else checked, valid, and either the key_id, jwks_url, project_id
and issuer that passed or the failed check and its reason.`

const retriesHelp = `Every request has the --timeout limit (default 30s). GETs and revokes are
retried on 429, 5xx, timeouts and connection errors, with exponential
backoff and jitter, honouring Retry-After, within a bound on attempts and
on total wait. The exit status is decided after the last retry: 5 means
Stytch was still rate limiting (see stytchctl help exit-codes).

Many users. sessions list and sessions audit fetch --concurrency users at
once; a rate limit (429) pauses every request, honouring Retry-After.

Searches. users search shares Stytch's limit of 150 requests per minute
and b2b members search its limit of 100, which stytchctl keeps to;
sessions audit --all-users makes at most 150 searches a minute.

sessions watch polls politely: every --interval (at least 5s, default 30s)
with ±10% jitter; a rate limit (429) waits out Retry-After; any other
failure is a warning line on stderr and the next poll waits twice as long
as the last (up to 10 minutes), back to --interval after a success. An
unknown user (3) or bad credentials (4) end the watch at once. Ctrl-C (or
SIGTERM) ends the watch cleanly: everything seen has been printed, and the
exit code is 130, as for every interrupted command. b2b sessions watch
polls a member's sessions the same way; an unknown organization or member
(3) ends it.`

const credentialsHelp = `Profiles. Save the project ID and secret of each Stytch project you work on
as a named profile (stytchctl auth login), see which one commands use (auth
status) and switch between them (auth switch). Profiles live in
STYTCHCTL_CONFIG_DIR (default: the OS user config directory + /stytchctl),
in config.yaml, mode 0600. Secrets are never in that file: they go to the
OS keyring (Keychain, Credential Manager, or the Secret Service over
D-Bus), or, only with --insecure-storage, to a 0600 file. A secret is never
accepted as a flag value, which would land in shell history and in ps.
Which credentials a command uses is in stytchctl help environment; the
built-in "demo" profile needs nothing (stytchctl help demo).

auth login saves a profile (default name: "default"). The secret is asked
for on the terminal without echo, or read from stdin with --with-secret
(for scripts). Before saving, the credentials are checked against the API
with one read-only request (skip with --no-verify); if Stytch rejects
them, nothing is saved. The profile (project ID, test or live, --api-url
if given) goes to the config file; the secret goes to the OS keyring. The
first profile saved becomes the active one. Replacing a saved profile asks
first (and says when it switches between test and LIVE); without a
terminal it takes --force. A test secret for a live project, or the
reverse, is refused before anything is saved or sent.

No keyring. Where no keyring can be reached (a server over SSH, a
container, CI, WSL), login stops within seconds and says so; stytchctl
never starts a D-Bus bus. Then either export STYTCH_PROJECT_ID and
STYTCH_SECRET instead of saving a profile, or pass --insecure-storage to
keep the secret in a file only you can read (mode 0600, NOT encrypted);
stytchctl warns each time it is used. auth doctor says which keyring
backend this OS has, whether D-Bus and a Secret Service (Linux), the
Keychain (macOS) or the Credential Manager (Windows) answer, gives hints
for WSL, SSH and containers, checks the config directory and files with
their permissions, lists the environment variables that override the
profiles, and gives each problem its fix. It reads and shows no secret and
exits 6 when it found a problem.

auth logout removes a profile's secret from wherever it is kept and the
profile from the config file. Without --profile, the profile that
STYTCHCTL_PROFILE names, else the active one, is removed. When the removed
profile was active, no profile is active afterwards: choose one with
stytchctl auth switch NAME. Logging out of the active profile asks first
on a terminal and needs --yes without one. If the keyring cannot be
reached the secret cannot be removed, so the profile is kept and nothing
changes.

auth status shows every saved profile (or only the one named with
--profile): whether it is active, its project ID, test or LIVE, the API
URL, where its secret is kept (keyring, insecure file, environment) in
masked form, and whether Stytch accepts the credentials now (one read-only
request per profile; skip with --offline). When STYTCH_PROJECT_ID and
STYTCH_SECRET are set they are shown first: they win over every profile
except an explicit --profile. It exits 4 when the credentials that
commands would use are missing or rejected, so scripts can check before
they start.

auth switch makes a saved profile (or "demo") the active one: commands use
it when neither --profile, STYTCH_PROJECT_ID+STYTCH_SECRET nor
STYTCHCTL_PROFILE says otherwise. Only the config file changes; no secret
is read.`

const completionSetupHelp = `stytchctl completion SHELL prints the script that makes Tab complete
stytchctl's commands, flags and values (output formats, profile names,
time zones, --factor and --sort-by values). Only flags that read a file
offer file names. Completing never sends a request and never opens the
keyring. The deb, rpm, Homebrew and Scoop packages install the script for
you; the release archives carry it in completions/.

Bash (needs the bash-completion package):
  # in the current shell
  source <(stytchctl completion bash)
  # for every new shell, one of
  stytchctl completion bash \
    > ~/.local/share/bash-completion/completions/stytchctl
  stytchctl completion bash \
    | sudo tee /etc/bash_completion.d/stytchctl >/dev/null
  # macOS with Homebrew's bash-completion@2
  stytchctl completion bash > "$(brew --prefix)/etc/bash_completion.d/stytchctl"

Zsh:
  # once, if completion is not yet enabled in ~/.zshrc
  echo 'autoload -U compinit; compinit' >> ~/.zshrc
  # then put the script in a directory of $fpath, e.g.
  stytchctl completion zsh > "${fpath[1]}/_stytchctl"
  # and start a new shell

Fish:
  stytchctl completion fish > ~/.config/fish/completions/stytchctl.fish

PowerShell:
  # in the current session
  stytchctl completion powershell | Out-String | Invoke-Expression
  # for every new session, add that line to your profile ($PROFILE)`

// commandFormats documents, command by command, what a command's output
// looks like beyond the rules every table and document follows: its
// document shapes and its own layout. `help formatting` prints it.
var commandFormats = []struct{ command, text string }{
	{"sessions list", `-o json prints Stytch's response exactly as sent for one user (also when named several ways), and {"sessions":[…]} (every session exactly as sent) for several, or when --limit (default 100) cut the list, so jq '.sessions[]' works for all. -o ndjson streams one session per line.`},
	{"sessions show", `One field per line: the session and user IDs, every authentication factor with when it was last used and the fields of its sub-object (the email, the OAuth provider's subject, the impersonator, …), the device and the whole user agent, the IP, when it started, was last active and expires (each absolute and relative), roles and custom claims. Piped, each field is one "key<TAB>value" line (keys as in the JSON, with authentication_factors.N. in front of a factor's), RFC 3339 UTC times. -o json and -o yaml print the session exactly as Stytch sent it.`},
	{"sessions devices", `A device is the browser and major version, the operating system and version, and the device type (desktop, phone, tablet, bot, unknown). On a terminal each session gets a timeline from its start to its expiry, with its last activity (●) and now (│) marked: ━ active, ┄ idle since the last activity, ─ still to come. Piped, the table is tab-separated values, one device per line. -o json prints {"devices":[{"device", "browser", "browser_version", "os", "os_version", "type", "user_agents", "sessions", "ip_addresses", "first_started_at", "last_active_at", "factors"}]}; unknown parts are null. With an IP location database (stytchctl help geoip) each device also has "locations":[{"ip_address", "location", "label"}]: location is {"country", "region", "city", "latitude", "longitude", "accuracy_km", "asn", "network", "source"}, each field the database did not give null, or null with label "private" or "reserved".`},
	{"sessions watch", `The sessions active when watching starts are printed first, as ADDED. -o table (the default) prints one line per event: time, ADDED or REMOVED, session ID, device, IP and factors, continued on indented lines when wider than the terminal; piped, tab-separated with RFC 3339 UTC times. -o ndjson prints {"event":"added","at":…,"user_id":…,"session":{…}} lines, the session exactly as Stytch sent it (for REMOVED, as last seen) and user_id the user's Stytch user ID (also when --user is an external ID).`},
	{"b2b sessions watch", `As sessions watch, for one organization member: the table shows time, ADDED or REMOVED, session ID, factors and roles (member sessions carry no device or IP); -o ndjson prints {"event":…,"at":…,"member_id":…,"organization_id":…,"session":{…}} lines, the member session exactly as Stytch sent it.`},
	{"sessions revoke, b2b sessions revoke", `-o json prints {"results":[…]}, one result per session (see stytchctl help revoking); with --dry-run, the sessions that would be revoked, in any format.`},
	{"sessions audit", `see stytchctl help audit-rules.`},
	{"sessions decode", `see stytchctl help jwt.`},
	{"sessions journal", `-o json prints {"entries":[…]}, each entry exactly as stored; -o ndjson prints the journal's lines themselves (stytchctl help journal).`},
	{"users get", `The table has one line per field (one per email, phone and passkey); piped, it is tab-separated "field<TAB>value" lines with RFC 3339 UTC times. -o json prints Stytch's response exactly as sent: the user's fields at the top level next to request_id and status_code.`},
	{"users search, b2b members search", `see stytchctl help searching.`},
	{"b2b sessions list", `-o json prints Stytch's response exactly as sent ({"member_sessions":[…]}). -o ndjson streams one member session per line. Member sessions carry no IP address or user agent, so the table has no device or IP columns.`},
}

// commandFormatsHelp is commandFormats as help text.
func commandFormatsHelp() string {
	var b strings.Builder
	b.WriteString("Command by command:\n")
	for _, c := range commandFormats {
		fmt.Fprintf(&b, "  %s\n%s\n", c.command, strings.Join(wrapWordsIndented(c.text, 6), "\n"))
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrapWordsIndented wraps s to the help's width, every line indented by
// indent spaces.
func wrapWordsIndented(s string, indent int) []string {
	lines := wrapWords(s, helpWidth-2-indent)
	for i, l := range lines {
		lines[i] = strings.Repeat(" ", indent) + l
	}
	return lines
}
