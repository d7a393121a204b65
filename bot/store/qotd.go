package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// QOTD keeps quote-of-the-day schedules, the ledger of posts and each
// server's rotation (migrations 00003_qotd.sql and 00004_leases_claims.sql).
// It implements qotd.Store.
type QOTD struct {
	db *handle
	d  *DB
}

var _ qotd.Store = (*QOTD)(nil)

// QOTD returns the quote-of-the-day tables of the database.
func (d *DB) QOTD() *QOTD { return &QOTD{db: d.h, d: d} }

// qotdLedgerDays is how long ledger rows are kept; only today's row matters
// for posting once, the rest serve /qotd status and the curious.
const qotdLedgerDays = 90

func qotdMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func qotdTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

const qotdScheduleColumns = `s.guild_id, s.channel_id, s.hour, s.minute, s.zone, s.paused, s.since,
	s.disabled, s.disabled_at, s.updated_by,
	coalesce((SELECT max(l.local_date) FROM qotd_ledger l WHERE l.guild_id = s.guild_id AND l.posted_at > 0), '')`

type qotdScanner interface{ Scan(dest ...any) error }

func scanQOTDSchedule(row qotdScanner) (qotd.Schedule, error) {
	var s qotd.Schedule
	var since, disabledAt int64
	err := row.Scan(&s.GuildID, &s.ChannelID, &s.Hour, &s.Minute, &s.Zone, &s.Paused, &since,
		&s.Disabled, &disabledAt, &s.UpdatedBy, &s.LastDate)
	s.Since, s.DisabledAt = qotdTime(since), qotdTime(disabledAt)
	return s, err
}

// Schedules returns every schedule with the date of its last post.
func (q *QOTD) Schedules(ctx context.Context) ([]qotd.Schedule, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+qotdScheduleColumns+` FROM qotd_schedules s ORDER BY s.guild_id`)
	if err != nil {
		return nil, fmt.Errorf("list qotd schedules: %w", err)
	}
	defer rows.Close()
	var out []qotd.Schedule
	for rows.Next() {
		s, err := scanQOTDSchedule(rows)
		if err != nil {
			return nil, fmt.Errorf("list qotd schedules: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list qotd schedules: %w", err)
	}
	return out, nil
}

// Schedule returns a server's schedule.
func (q *QOTD) Schedule(ctx context.Context, guildID string) (qotd.Schedule, bool, error) {
	s, err := scanQOTDSchedule(q.db.QueryRowContext(ctx,
		`SELECT `+qotdScheduleColumns+` FROM qotd_schedules s WHERE s.guild_id = ?`, guildID))
	if errors.Is(err, sql.ErrNoRows) {
		return qotd.Schedule{}, false, nil
	}
	if err != nil {
		return qotd.Schedule{}, false, fmt.Errorf("read qotd schedule of %s: %w", guildID, err)
	}
	return s, true, nil
}

// SaveSchedule inserts or replaces a schedule (LastDate is ignored).
func (q *QOTD) SaveSchedule(ctx context.Context, s qotd.Schedule) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO qotd_schedules
		(guild_id, channel_id, hour, minute, zone, paused, since, disabled, disabled_at, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, hour = excluded.hour,
			minute = excluded.minute, zone = excluded.zone, paused = excluded.paused, since = excluded.since,
			disabled = excluded.disabled, disabled_at = excluded.disabled_at,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		s.GuildID, s.ChannelID, s.Hour, s.Minute, s.Zone, s.Paused, qotdMillis(s.Since),
		s.Disabled, qotdMillis(s.DisabledAt), s.UpdatedBy, q.d.now().UnixMilli())
	if err != nil {
		return fmt.Errorf("save qotd schedule of %s: %w", s.GuildID, err)
	}
	return nil
}

// DeleteSchedule removes a schedule; the ledger and rotation stay, so a
// later /qotd set neither posts twice on a day nor restarts the rotation.
func (q *QOTD) DeleteSchedule(ctx context.Context, guildID string) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM qotd_schedules WHERE guild_id = ?`, guildID); err != nil {
		return fmt.Errorf("delete qotd schedule of %s: %w", guildID, err)
	}
	return nil
}

// DisableSchedule marks a schedule disabled by a failure, if it still posts in
// channelID.
func (q *QOTD) DisableSchedule(ctx context.Context, guildID, channelID, reason string, at time.Time) error {
	_, err := q.db.ExecContext(ctx, `UPDATE qotd_schedules SET disabled = ?, disabled_at = ?
		WHERE guild_id = ? AND channel_id = ?`, reason, qotdMillis(at), guildID, channelID)
	if err != nil {
		return fmt.Errorf("disable qotd schedule of %s: %w", guildID, err)
	}
	return nil
}

const qotdPostColumns = `guild_id, local_date, channel_id, message_id, quote_id, cycle, nonce, posted_at`

func scanQOTDPost(row qotdScanner) (qotd.Post, bool, error) {
	var p qotd.Post
	var at int64
	err := row.Scan(&p.GuildID, &p.Date, &p.ChannelID, &p.MessageID, &p.QuoteID, &p.Cycle, &p.Nonce, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return qotd.Post{}, false, nil
	}
	if err != nil {
		return qotd.Post{}, false, fmt.Errorf("read qotd ledger: %w", err)
	}
	p.PostedAt = qotdTime(at)
	return p, true, nil
}

// Post returns the ledger row of a server for a local date.
func (q *QOTD) Post(ctx context.Context, guildID, date string) (qotd.Post, bool, error) {
	return scanQOTDPost(q.db.QueryRowContext(ctx, `SELECT `+qotdPostColumns+`
		FROM qotd_ledger WHERE guild_id = ? AND local_date = ? AND posted_at > 0`, guildID, date))
}

// LastPost returns the latest ledger row of a server.
func (q *QOTD) LastPost(ctx context.Context, guildID string) (qotd.Post, bool, error) {
	return scanQOTDPost(q.db.QueryRowContext(ctx, `SELECT `+qotdPostColumns+`
		FROM qotd_ledger WHERE guild_id = ? AND posted_at > 0 ORDER BY local_date DESC LIMIT 1`, guildID))
}

// ClaimPost claims a server's post for a local date before it is sent: the
// ledger row goes in with posted_at 0 and the claimant as holder. The primary
// key (guild_id, local_date) lets exactly one INSERT win, on SQLite as on
// PostgreSQL; a losing claimant reads the row to learn whether the post is
// done, is its own (a retry, or a restart with the same INSTANCE_ID), or may
// be taken over because it is older than qotd.ClaimTimeout. The takeover is
// an UPDATE that names the old holder and claim time, so of two processes
// taking over the same stale claim, one wins.
func (q *QOTD) ClaimPost(ctx context.Context, guildID, date, instance string) (qotd.Claim, error) {
	return q.claim(ctx, guildID, date, instance, 3)
}

// claim is ClaimPost with a bound on the rounds a changing row may cost.
func (q *QOTD) claim(ctx context.Context, guildID, date, instance string, tries int) (qotd.Claim, error) {
	if tries == 0 {
		return qotd.Claim{}, fmt.Errorf("claim qotd post of %s on %s: the claim kept changing hands", guildID, date)
	}
	now := q.d.now().UnixMilli()
	res, err := q.db.ExecContext(ctx, `INSERT INTO qotd_ledger
		(guild_id, local_date, channel_id, message_id, quote_id, cycle, posted_at, holder, claimed_at, nonce)
		VALUES (?, ?, '', '', '', 0, 0, ?, ?, '') ON CONFLICT (guild_id, local_date) DO NOTHING`,
		guildID, date, instance, now)
	if err != nil {
		return qotd.Claim{}, fmt.Errorf("claim qotd post of %s on %s: %w", guildID, date, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return qotd.Claim{Won: err == nil}, err
	}
	var holder string
	var postedAt, claimedAt int64
	err = q.db.QueryRowContext(ctx, `SELECT holder, claimed_at, posted_at FROM qotd_ledger
		WHERE guild_id = ? AND local_date = ?`, guildID, date).Scan(&holder, &claimedAt, &postedAt)
	if errors.Is(err, sql.ErrNoRows) { // released meanwhile: try again
		return q.claim(ctx, guildID, date, instance, tries-1)
	}
	if err != nil {
		return qotd.Claim{}, fmt.Errorf("claim qotd post of %s on %s: %w", guildID, date, err)
	}
	if postedAt > 0 {
		return qotd.Claim{Posted: true}, nil
	}
	until := time.UnixMilli(claimedAt).Add(qotd.ClaimTimeout)
	if holder != instance && now < until.UnixMilli() {
		return qotd.Claim{Holder: holder, Until: until.UTC()}, nil
	}
	res, err = q.db.ExecContext(ctx, `UPDATE qotd_ledger SET holder = ?, claimed_at = ?
		WHERE guild_id = ? AND local_date = ? AND posted_at = 0 AND holder = ? AND claimed_at = ?`,
		instance, now, guildID, date, holder, claimedAt)
	if err != nil {
		return qotd.Claim{}, fmt.Errorf("take over qotd claim of %s on %s: %w", guildID, date, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return qotd.Claim{Won: err == nil}, err
	}
	// Another process took it over (or completed it) first: ask again.
	return q.claim(ctx, guildID, date, instance, tries-1)
}

// CompletePost records the sent post on instance's claim and advances the
// rotation in one transaction; it reports false, changing nothing, when the
// claim is not instance's any more.
func (q *QOTD) CompletePost(ctx context.Context, p qotd.Post, instance string) (done bool, err error) {
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("complete qotd post: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			err = fmt.Errorf("complete qotd post of %s on %s: %w", p.GuildID, p.Date, err)
		}
	}()
	postedAt := qotdMillis(p.PostedAt)
	if postedAt <= 0 { // 0 means "not posted yet"
		postedAt = q.d.now().UnixMilli()
	}
	res, err := tx.ExecContext(ctx, `UPDATE qotd_ledger SET channel_id = ?, message_id = ?, quote_id = ?,
		cycle = ?, nonce = ?, posted_at = ?
		WHERE guild_id = ? AND local_date = ? AND holder = ? AND posted_at = 0`,
		p.ChannelID, p.MessageID, p.QuoteID, p.Cycle, p.Nonce, postedAt, p.GuildID, p.Date, instance)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, errors.Join(err, tx.Rollback())
	}
	cycle := -1
	if err := tx.QueryRowContext(ctx, `SELECT cycle FROM qotd_rotation WHERE guild_id = ?`, p.GuildID).Scan(&cycle); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if p.Cycle > cycle { // a new cycle starts with no quote used
		if _, err := tx.ExecContext(ctx, `DELETE FROM qotd_used WHERE guild_id = ?`, p.GuildID); err != nil {
			return false, err
		}
		cycle = p.Cycle
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO qotd_rotation (guild_id, cycle, last_quote) VALUES (?, ?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET cycle = excluded.cycle, last_quote = excluded.last_quote`,
		p.GuildID, cycle, p.QuoteID); err != nil {
		return false, err
	}
	if p.Cycle == cycle {
		if _, err := tx.ExecContext(ctx, `INSERT INTO qotd_used (guild_id, quote_id) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, p.GuildID, p.QuoteID); err != nil {
			return false, err
		}
	}
	if day, perr := time.Parse("2006-01-02", p.Date); perr == nil {
		cutoff := day.AddDate(0, 0, -qotdLedgerDays).Format("2006-01-02")
		if _, err := tx.ExecContext(ctx, `DELETE FROM qotd_ledger WHERE guild_id = ? AND local_date < ?`, p.GuildID, cutoff); err != nil {
			return false, err
		}
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	return true, nil
}

// ReleaseClaim drops instance's unfinished claim on a server's date.
func (q *QOTD) ReleaseClaim(ctx context.Context, guildID, date, instance string) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM qotd_ledger
		WHERE guild_id = ? AND local_date = ? AND holder = ? AND posted_at = 0`, guildID, date, instance); err != nil {
		return fmt.Errorf("release qotd claim of %s on %s: %w", guildID, date, err)
	}
	return nil
}

// Rotation returns a server's place in its rotation.
func (q *QOTD) Rotation(ctx context.Context, guildID string) (qotd.Rotation, error) {
	var r qotd.Rotation
	err := q.db.QueryRowContext(ctx, `SELECT cycle, last_quote FROM qotd_rotation WHERE guild_id = ?`, guildID).Scan(&r.Cycle, &r.Last)
	if errors.Is(err, sql.ErrNoRows) {
		return qotd.Rotation{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("read qotd rotation of %s: %w", guildID, err)
	}
	rows, err := q.db.QueryContext(ctx, `SELECT quote_id FROM qotd_used WHERE guild_id = ? ORDER BY quote_id`, guildID)
	if err != nil {
		return r, fmt.Errorf("read qotd rotation of %s: %w", guildID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return r, fmt.Errorf("read qotd rotation of %s: %w", guildID, err)
		}
		r.Used = append(r.Used, id)
	}
	return r, rows.Err()
}
