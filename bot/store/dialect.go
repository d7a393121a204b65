package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// The dialect layer: the store's queries are written once, with SQLite's "?"
// placeholders, and handle rewrites them to PostgreSQL's "$1, $2…" when the
// backend is PostgreSQL. It is written by hand because the whole need is one
// small, well-tested function: sqlx's Rebind would do the same but bring a
// second query API the store does not use. handle also turns the errors of a
// database that went away into ErrUnreachable.

// ErrUnreachable is wrapped by the errors of a database that cannot be
// reached: PostgreSQL down, restarted, or the network to it cut. Callers log
// it and carry on; the next call reconnects.
var ErrUnreachable = errors.New("the state database is unreachable")

// handle is the store's *sql.DB with its dialect.
type handle struct {
	db *sql.DB
	pg bool
}

// txn is a transaction of a handle.
type txn struct {
	tx *sql.Tx
	pg bool
}

// row is a *sql.Row whose Scan reports ErrUnreachable.
type row struct{ r *sql.Row }

func (r row) Scan(dest ...any) error { return classify(r.r.Scan(dest...)) }

func (h *handle) q(query string) string {
	if h.pg {
		return rebind(query)
	}
	return query
}

func (h *handle) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := h.db.ExecContext(ctx, h.q(query), args...)
	return res, classify(err)
}

func (h *handle) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := h.db.QueryContext(ctx, h.q(query), args...)
	return rows, classify(err)
}

func (h *handle) QueryRowContext(ctx context.Context, query string, args ...any) row {
	return row{h.db.QueryRowContext(ctx, h.q(query), args...)}
}

func (h *handle) BeginTx(ctx context.Context, opts *sql.TxOptions) (*txn, error) {
	tx, err := h.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, classify(err)
	}
	return &txn{tx: tx, pg: h.pg}, nil
}

func (t *txn) q(query string) string {
	if t.pg {
		return rebind(query)
	}
	return query
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(ctx, t.q(query), args...)
	return res, classify(err)
}

func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) row {
	return row{t.tx.QueryRowContext(ctx, t.q(query), args...)}
}

func (t *txn) Commit() error   { return classify(t.tx.Commit()) }
func (t *txn) Rollback() error { return t.tx.Rollback() }

// rebind numbers the "?" placeholders of query as $1, $2… for PostgreSQL,
// leaving quoted strings, quoted identifiers and comments alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+1])
			i += end
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unreachableError marks err as ErrUnreachable while keeping its detail.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string   { return fmt.Sprintf("%v: %v", ErrUnreachable, e.err) }
func (e *unreachableError) Unwrap() []error { return []error{ErrUnreachable, e.err} }

// classify wraps the errors of a database that went away in ErrUnreachable.
func classify(err error) error {
	if err == nil || errors.Is(err, ErrUnreachable) || !unreachable(err) {
		return err
	}
	return &unreachableError{err: err}
}

// unreachable tells a lost or refused connection from a query's own failure.
func unreachable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08 is "connection exception"; 57P01–57P03 are an
		// administrator's or a crash's shutdown and "cannot connect now".
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err)
}
