package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Leases are named jobs held by one process at a time (migration
// 00004_leases_claims.sql): a holder takes a free or expired lease for a
// while, renews it as long as it works, and releases it when done; if it
// dies, the lease expires and another process may take it. Times come from
// the store's clock (SetClock). The quote of the day keeps its claims in its
// ledger instead, so that completing a claim and recording the post are one
// write; leases are for jobs without a ledger of their own (trivia games).

// AcquireLease takes the lease name for holder until ttl from now, if nobody holds
// it, its holder let it expire, or holder holds it already (then it is
// renewed). It reports whether holder holds the lease now. One statement
// decides, so of processes acquiring at once exactly one wins.
func (d *DB) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := d.now()
	res, err := d.h.ExecContext(ctx, `INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
			acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END
		WHERE leases.expires_at <= ? OR leases.holder = excluded.holder`,
		name, holder, now.UnixMilli(), now.Add(ttl).UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return n == 1, nil
}

// RenewLease extends holder's unexpired lease to ttl from now; it reports false
// when holder does not hold it any more (it expired, or another took it).
func (d *DB) RenewLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := d.now()
	res, err := d.h.ExecContext(ctx, `UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?`,
		now.Add(ttl).UnixMilli(), name, holder, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("renew lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("renew lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease gives holder's lease up at once; releasing a lease one does not
// hold changes nothing.
func (d *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := d.h.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// LeaseHolder returns who holds the lease name and until when; ok is false when
// nobody does (never taken, released or expired).
func (d *DB) LeaseHolder(ctx context.Context, name string) (holder string, until time.Time, ok bool, err error) {
	var expires int64
	err = d.h.QueryRowContext(ctx, `SELECT holder, expires_at FROM leases WHERE name = ? AND expires_at > ?`,
		name, d.now().UnixMilli()).Scan(&holder, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, fmt.Errorf("lease %s: %w", name, err)
	}
	return holder, time.UnixMilli(expires).UTC(), true, nil
}

// InstanceID names this process in leases and claims: INSTANCE_ID when set
// (give each replica a stable one, and a restart takes its own claims over at
// once), else host name, process id and a random suffix, unique even for two
// processes of one container. getenv is os.Getenv in main.
func InstanceID(getenv func(string) string) string {
	if id := strings.TrimSpace(getenv("INSTANCE_ID")); id != "" {
		return id
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "host"
	}
	b := make([]byte, 4)
	rand.Read(b)
	return host + "-" + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b)
}
