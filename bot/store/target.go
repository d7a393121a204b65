package store

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// SQLitePath returns the SQLite file a target names: a plain file path,
// taken literally ("#", "?" and "%" are parts of the name), or a sqlite:,
// sqlite:// or file: URL, whose path is percent-decoded. Other URLs are
// refused (PostgreSQL's are Open's other branch, see IsPostgresURL).
func SQLitePath(target string) (string, error) {
	lower := strings.ToLower(target)
	var rest string
	switch {
	case strings.HasPrefix(lower, "sqlite://"):
		rest = target[len("sqlite://"):] // sqlite:///data/x.db is absolute, sqlite://x.db relative
	case strings.HasPrefix(lower, "sqlite:"):
		rest = target[len("sqlite:"):]
	case strings.HasPrefix(lower, "file://"):
		rest = target[len("file://"):]
		if r, ok := strings.CutPrefix(rest, "localhost/"); ok {
			rest = "/" + r
		}
		if !strings.HasPrefix(rest, "/") {
			return "", errors.New("a file:// URL needs an absolute path, such as file:///data/ballerina.db")
		}
	case strings.HasPrefix(lower, "file:"):
		rest = target[len("file:"):]
	case urlScheme.MatchString(target):
		return "", errors.New("give a SQLite file path, a sqlite: or file: URL, or a postgres:// URL")
	default:
		return target, nil
	}
	if strings.ContainsAny(rest, "?#") {
		return "", errors.New("a URL here takes no ?query or #fragment; write ? and # in a file name as %3F and %23, or give a plain path")
	}
	path, err := url.PathUnescape(rest)
	if err != nil || path == "" {
		return "", errors.New("it is not a valid sqlite: or file: URL")
	}
	return path, nil
}

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)
