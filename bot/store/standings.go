package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// Trivia standings, leaderboards by period, stats, and the questions each
// scope has seen.

// standingsSQL ranks players over the answers a WHERE clause selects (its
// one parameter comes first). The name is the one of the player's latest
// answer, picked by row_number so that the query means the same on SQLite
// and PostgreSQL.
const standingsSQL = `WITH picked AS (
	SELECT a.user_id AS user_id, a.user_name AS user_name, a.points AS points, a.correct AS correct,
	       row_number() OVER (PARTITION BY a.user_id ORDER BY a.answered_at DESC, a.game_id DESC, a.round DESC) AS latest
	FROM trivia_answers a JOIN trivia_games g ON g.id = a.game_id
	WHERE %s
), totals AS (
	SELECT user_id, max(CASE WHEN latest = 1 THEN user_name END) AS user_name,
	       sum(points) AS points, sum(CASE WHEN correct THEN 1 ELSE 0 END) AS correct, count(*) AS answered
	FROM picked
	GROUP BY user_id
), ranked AS (
	SELECT rank() OVER (ORDER BY points DESC) AS rank, user_id, user_name, points, correct, answered FROM totals
)
SELECT rank, user_id, user_name, points, correct, answered FROM ranked %s
ORDER BY rank, correct DESC, user_id`

func (s *Trivia) standings(ctx context.Context, query string, args ...any) ([]trivia.Standing, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []trivia.Standing
	for rows.Next() {
		var r trivia.Standing
		if err := rows.Scan(&r.Rank, &r.User.ID, &r.User.Name, &r.Points, &r.Correct, &r.Answered); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GameScores totals one game's answers per player, best first.
func (s *Trivia) GameScores(ctx context.Context, gameID string) ([]trivia.Standing, error) {
	out, err := s.standings(ctx, fmt.Sprintf(standingsSQL, "g.id = ?", ""), gameID)
	if err != nil {
		return nil, fmt.Errorf("trivia game scores %s: %w", gameID, err)
	}
	return out, nil
}

// Leaderboard totals a scope's answers since a time per player, best first.
func (s *Trivia) Leaderboard(ctx context.Context, scope string, since time.Time, limit int) ([]trivia.Standing, error) {
	out, err := s.standings(ctx, fmt.Sprintf(standingsSQL, inPeriod, "")+" LIMIT ?", scope, sinceMS(since), limit)
	if err != nil {
		return nil, fmt.Errorf("trivia leaderboard %s: %w", scope, err)
	}
	return out, nil
}

// inPeriod selects a scope's answers at or after a time.
const inPeriod = "g.scope = ? AND a.answered_at >= ?"

// sinceMS is the time a period starts, the beginning of time for zero.
func sinceMS(since time.Time) int64 {
	if since.IsZero() {
		return math.MinInt64
	}
	return ms(since)
}

// Standing is one player's place in a scope since a time.
func (s *Trivia) Standing(ctx context.Context, scope, userID string, since time.Time) (trivia.Standing, bool, error) {
	out, err := s.standings(ctx, fmt.Sprintf(standingsSQL, inPeriod, "WHERE user_id = ?"), scope, sinceMS(since), userID)
	if err != nil {
		return trivia.Standing{}, false, fmt.Errorf("trivia standing %s/%s: %w", scope, userID, err)
	}
	if len(out) == 0 {
		return trivia.Standing{}, false, nil
	}
	return out[0], true, nil
}

// Stats are one player's numbers in a scope.
func (s *Trivia) Stats(ctx context.Context, scope, userID string) (trivia.Stats, error) {
	var st trivia.Stats
	var fastest sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT count(DISTINCT a.game_id), count(*), coalesce(sum(CASE WHEN a.correct THEN 1 ELSE 0 END), 0),
		coalesce(sum(a.points), 0), coalesce(max(a.streak), 0), min(CASE WHEN a.correct THEN a.elapsed_ms END)
		FROM trivia_answers a JOIN trivia_games g ON g.id = a.game_id
		WHERE g.scope = ? AND a.user_id = ?`, scope, userID).
		Scan(&st.Games, &st.Answered, &st.Correct, &st.Points, &st.BestStreak, &fastest)
	if err != nil {
		return trivia.Stats{}, fmt.Errorf("trivia stats %s/%s: %w", scope, userID, err)
	}
	st.Fastest = time.Duration(fastest.Int64) * time.Millisecond
	return st, nil
}

// SeenQuestions lists the questions a scope was asked since its pool last
// started over.
func (s *Trivia) SeenQuestions(ctx context.Context, scope string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT trivia_id FROM trivia_seen WHERE scope = ? ORDER BY trivia_id`, scope)
	if err != nil {
		return nil, fmt.Errorf("seen trivia %s: %w", scope, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("seen trivia %s: %w", scope, err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("seen trivia %s: %w", scope, err)
	}
	return out, nil
}

// MarkSeen records that a scope was asked a question.
func (s *Trivia) MarkSeen(ctx context.Context, scope, triviaID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO trivia_seen (scope, trivia_id, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (scope, trivia_id) DO UPDATE SET seen_at = excluded.seen_at`, scope, triviaID, ms(at))
	if err != nil {
		return fmt.Errorf("mark trivia %s seen in %s: %w", triviaID, scope, err)
	}
	return nil
}

// ForgetSeen starts a scope's pool over for the given questions, in one
// transaction.
func (s *Trivia) ForgetSeen(ctx context.Context, scope string, ids []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forget seen trivia in %s: %w", scope, err)
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `DELETE FROM trivia_seen WHERE scope = ? AND trivia_id = ?`, scope, id); err != nil {
			return fmt.Errorf("forget seen trivia in %s: %w", scope, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("forget seen trivia in %s: %w", scope, err)
	}
	return nil
}
