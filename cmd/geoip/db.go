// Package geoip answers "where is this IP address?" offline, from MaxMind
// DB (.mmdb) files people already have: the GeoIP2/GeoLite2 City and
// Country schema (MaxMind GeoLite2, DB-IP Lite City and Country), the ASN
// schema (GeoLite2 ASN, DB-IP Lite ASN) and IPinfo's flat mmdb downloads.
// It finds the files (Sources), opens them memory-mapped and checked
// (Open), and answers lookups, each address decoded once (DB.Locate,
// DB.Describe). Only the commands that show locations import it at run
// time; nothing here runs at start-up.
package geoip

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"
)

// schema is what a database's records hold.
type schema int

const (
	// schemaCity is the GeoIP2 City/Country schema: country, subdivisions,
	// city, location.
	schemaCity schema = iota + 1
	// schemaASN is the GeoLite2 ASN schema: autonomous_system_number and
	// autonomous_system_organization.
	schemaASN
	// schemaIPinfo is IPinfo's flat schema: country or country_code, city,
	// region, asn ("AS15169"), as_name, lat and lng.
	schemaIPinfo
)

// FileInfo describes one open database file, as auth doctor reports it.
type FileInfo struct {
	// Path is the file as given or found; for the built-in demo databases
	// it is a name such as "demo-city.mmdb" (and BuiltIn is set).
	Path string
	// BuiltIn is set for the databases built into the binary (the demo's).
	BuiltIn bool
	// Type is the database_type of its metadata ("GeoLite2-City").
	Type string
	// Built is when the database was built (build_epoch).
	Built time.Time
	// Covers says what it answers: "place", "network" or "place, network".
	Covers string
}

// FileError is a database file that cannot be used: missing, not a
// MaxMind DB, truncated, or of a schema stytchctl does not read.
type FileError struct {
	Path    string
	Problem string
}

func (e *FileError) Error() string { return e.Path + ": " + e.Problem }

// dbFile is one open database.
type dbFile struct {
	info   FileInfo
	name   string // the base name, for Location.Source
	schema schema
	r      *maxminddb.Reader
	warned sync.Once // the damage warning is given once per file
}

// DB answers lookups from one or more database files (typically a city
// file and an ASN file). A nil *DB answers nothing. It is safe for
// concurrent use.
type DB struct {
	files []*dbFile
	mu    sync.Mutex
	cache map[netip.Addr]cached
	warn  func(string)
}

// OnDamage sets what is told, once per file, when a lookup finds a file
// damaged (a record that cannot be read): a line naming the file and the
// fault, such as a warning on stderr. Without it damage is silent.
func (db *DB) OnDamage(warn func(string)) {
	if db != nil {
		db.warn = warn
	}
}

// damaged tells OnDamage's function, once for f, that f cannot be read.
func (db *DB) damaged(f *dbFile, err error) {
	f.warned.Do(func() {
		if db.warn != nil {
			db.warn(f.info.Path + " is damaged: " + err.Error() + "; addresses it covers show no location")
		}
	})
}

// cached is one address's answer.
type cached struct {
	loc Location
	ok  bool
}

// Open opens the database files at paths, memory-mapped. Every file must
// be a MaxMind DB of a schema this package reads; the first that is not
// makes a *FileError naming it and what is wrong, and nothing stays open.
func Open(paths ...string) (*DB, error) {
	db := &DB{cache: make(map[netip.Addr]cached)}
	for _, p := range paths {
		r, err := maxminddb.Open(p)
		if err != nil {
			db.Close()
			return nil, &FileError{Path: p, Problem: openProblem(err)}
		}
		if err := db.add(p, filepath.Base(p), r); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// OpenBytes is Open for databases held in memory (the built-in demo
// databases), each named by its key in named order.
func OpenBytes(names []string, data map[string][]byte) (*DB, error) {
	db := &DB{cache: make(map[netip.Addr]cached)}
	for _, n := range names {
		r, err := maxminddb.OpenBytes(data[n])
		if err != nil {
			db.Close()
			return nil, &FileError{Path: n, Problem: openProblem(err)}
		}
		if err := db.add(n, n, r); err != nil {
			db.Close()
			return nil, err
		}
		db.files[len(db.files)-1].info.BuiltIn = true
	}
	return db, nil
}

// openProblem says in words why a file did not open as a MaxMind DB.
func openProblem(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.As(err, &pe):
		return pe.Err.Error()
	case strings.Contains(err.Error(), "empty"):
		return "the file is empty, not a MaxMind DB (.mmdb)"
	case strings.Contains(err.Error(), "invalid MaxMind DB file"):
		return "not a MaxMind DB (.mmdb) file, or truncated: it has no metadata section"
	}
	return "a damaged or truncated MaxMind DB: " + strings.TrimPrefix(err.Error(), "error opening database: ")
}

// add checks a reader's schema and keeps it.
func (db *DB) add(path, name string, r *maxminddb.Reader) error {
	md := r.Metadata
	s, covers := schemaOf(md.DatabaseType)
	if s == 0 {
		_ = r.Close()
		return &FileError{Path: path, Problem: fmt.Sprintf("a %q database, which says nothing about places or networks; "+
			"use a City, Country or ASN database", md.DatabaseType)}
	}
	f := &dbFile{
		info:   FileInfo{Path: path, Type: md.DatabaseType, Built: md.BuildTime().UTC(), Covers: covers},
		name:   name,
		schema: s,
		r:      r,
	}
	if err := probe(f); err != nil {
		_ = r.Close()
		return &FileError{Path: path, Problem: "damaged: " + err.Error()}
	}
	db.files = append(db.files, f)
	return nil
}

// probeAddrs are looked up when a file opens: a few paths through the
// search tree, both families.
func probeAddrs() []netip.Addr {
	return []netip.Addr{netip.MustParseAddr("1.1.1.1"), netip.MustParseAddr("8.8.8.8"),
		netip.MustParseAddr("81.20.3.4"), netip.MustParseAddr("203.0.113.42"),
		netip.MustParseAddr("2001:4860::8888"), netip.MustParseAddr("2a01:4f8::1")}
}

// probe is the cheap check of a file that opened: the first network of
// its search tree and a few addresses are looked up and their records
// decoded, a few hundred node reads whatever the file's size. A file whose
// tree or data section is overwritten fails here; damage elsewhere is
// found by the lookup that meets it (see OnDamage).
func probe(f *dbFile) error {
	var loc Location
	for res := range f.r.Networks() {
		if _, _, err := decodeRecord(f, res, &loc); err != nil {
			return err
		}
		break
	}
	for _, ip := range probeAddrs() {
		if f.r.Metadata.IPVersion == 4 && ip.Is6() {
			continue
		}
		if _, _, err := decodeRecord(f, f.r.Lookup(ip), &loc); err != nil {
			return err
		}
	}
	return nil
}

// decodeRecord decodes a lookup's record of f into loc by f's schema: no
// entry is nothing, a lookup or record that cannot be read an error.
func decodeRecord(f *dbFile, res maxminddb.Result, loc *Location) (place, network bool, err error) {
	if err := res.Err(); err != nil || !res.Found() {
		return false, false, err
	}
	switch f.schema {
	case schemaCity:
		place, err = decodeCity(res, loc)
	case schemaASN:
		network, err = decodeASN(res, loc)
	case schemaIPinfo:
		place, network, err = decodeIPinfo(res, loc, false, false)
	}
	return place, network, err
}

// schemaOf recognises a database_type: GeoIP2-City, GeoLite2-Country,
// DBIP-City-Lite, GeoIP2-Enterprise … are the City schema; GeoLite2-ASN,
// DBIP-ASN-Lite, GeoIP2-ISP the ASN schema; IPinfo's types the flat one.
func schemaOf(databaseType string) (schema, string) {
	t := strings.ToLower(databaseType)
	switch {
	case strings.Contains(t, "ipinfo"):
		return schemaIPinfo, "place, network"
	case strings.Contains(t, "asn") || strings.Contains(t, "isp"):
		return schemaASN, "network"
	case strings.Contains(t, "city") || strings.Contains(t, "country") || strings.Contains(t, "enterprise"):
		return schemaCity, "place"
	}
	return 0, ""
}

// Files describes the open database files, in the order given.
func (db *DB) Files() []FileInfo {
	if db == nil {
		return nil
	}
	out := make([]FileInfo, len(db.files))
	for i, f := range db.files {
		out[i] = f.info
	}
	return out
}

// Close unmaps the files. A closed DB must not be used again.
func (db *DB) Close() {
	if db == nil {
		return
	}
	for _, f := range db.files {
		_ = f.r.Close()
	}
	db.files = nil
}

// Locate returns what the databases say about ip, and whether any of them
// has an entry for it. Place fields come from the first file that places
// it, network fields from the first that names its network. An
// IPv4-mapped IPv6 address is looked up as its IPv4 address. Each address
// is decoded once; later calls are answered from a cache. A record that
// cannot be decoded (a damaged file) counts as no entry, and is told to
// OnDamage's function once per file.
func (db *DB) Locate(ip netip.Addr) (Location, bool) {
	if db == nil || !ip.IsValid() {
		return Location{}, false
	}
	ip = ip.Unmap().WithZone("")
	db.mu.Lock()
	c, hit := db.cache[ip]
	db.mu.Unlock()
	if hit {
		return c.loc, c.ok
	}
	loc, ok := db.lookup(ip)
	db.mu.Lock()
	db.cache[ip] = cached{loc, ok}
	db.mu.Unlock()
	return loc, ok
}

// lookup asks every file about ip.
func (db *DB) lookup(ip netip.Addr) (Location, bool) {
	var loc Location
	var sources []string
	placed, named := false, false
	for _, f := range db.files {
		if (f.schema == schemaCity && placed) || (f.schema == schemaASN && named) {
			continue
		}
		p, n, err := db.decode(f, ip, &loc, placed, named)
		if err != nil {
			db.damaged(f, err)
			continue
		}
		if p || n {
			sources = append(sources, f.name)
		}
		placed, named = placed || p, named || n
	}
	loc.Source = strings.Join(sources, ",")
	return loc, placed || named
}

// decode looks ip up in f and fills what loc still lacks.
func (db *DB) decode(f *dbFile, ip netip.Addr, loc *Location, placed, named bool) (p, n bool, err error) {
	res := f.r.Lookup(ip)
	if err := res.Err(); err != nil || !res.Found() {
		return false, false, err
	}
	if f.schema == schemaIPinfo {
		return decodeIPinfo(res, loc, placed, named)
	}
	return decodeRecord(f, res, loc)
}
