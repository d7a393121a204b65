package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// Trivia keeps trivia games, answers and leaderboards (migration
// 010_trivia.sql). It implements trivia.Store.
type Trivia struct {
	db *handle
}

var _ trivia.Store = (*Trivia)(nil)

// Trivia returns the trivia tables of the database.
func (d *DB) Trivia() *Trivia { return &Trivia{db: d.h} }

func ms(t time.Time) int64 { return t.UnixMilli() }

// StartGame records a running game.
func (s *Trivia) StartGame(ctx context.Context, g trivia.Game) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO trivia_games
		(id, scope, guild_id, channel_id, starter_id, starter_name, mode, rounds, seconds, started_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.ID, g.Scope, g.GuildID, g.ChannelID, g.Starter.ID, g.Starter.Name, g.Mode, g.Rounds, g.Seconds, ms(g.StartedAt))
	if err != nil {
		return fmt.Errorf("start trivia game %s: %w", g.ID, err)
	}
	return nil
}

// RecordAnswer records an answer unless the player already answered that
// round; it reports whether the answer was recorded.
func (s *Trivia) RecordAnswer(ctx context.Context, a trivia.Answer) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO trivia_answers
		(game_id, round, user_id, user_name, choice, correct, points, streak, elapsed_ms, answered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (game_id, round, user_id) DO NOTHING`,
		a.GameID, a.Round, a.User.ID, a.User.Name, a.Choice, a.Correct, a.Points, a.Streak, a.Elapsed.Milliseconds(), ms(a.At))
	if err != nil {
		return false, fmt.Errorf("record trivia answer %s/%d/%s: %w", a.GameID, a.Round, a.User.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record trivia answer: %w", err)
	}
	return n == 1, nil
}

// RecordRound records the question a revealed round asked.
func (s *Trivia) RecordRound(ctx context.Context, gameID string, round int, triviaID string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO trivia_rounds (game_id, round, trivia_id) VALUES (?, ?, ?)
		ON CONFLICT (game_id, round) DO NOTHING`, gameID, round, triviaID)
	if err != nil {
		return fmt.Errorf("record trivia round %s/%d: %w", gameID, round, err)
	}
	return nil
}

// RoundQuestion returns the question a recorded round asked.
func (s *Trivia) RoundQuestion(ctx context.Context, gameID string, round int) (string, bool, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT trivia_id FROM trivia_rounds WHERE game_id = ? AND round = ?`, gameID, round).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("trivia round %s/%d: %w", gameID, round, err)
	}
	return id, true, nil
}

// FinishGame marks a game ended; a finished game keeps its first ending.
func (s *Trivia) FinishGame(ctx context.Context, gameID, reason string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE trivia_games SET finished_at = ?, end_reason = ?
		WHERE id = ? AND finished_at IS NULL`, ms(at), reason, gameID)
	if err != nil {
		return fmt.Errorf("finish trivia game %s: %w", gameID, err)
	}
	return nil
}

// UnfinishedGames lists the games never finished, oldest first.
func (s *Trivia) UnfinishedGames(ctx context.Context) ([]trivia.Game, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, scope, guild_id, channel_id, starter_id, starter_name,
		mode, rounds, seconds, started_at FROM trivia_games WHERE finished_at IS NULL ORDER BY started_at, id`)
	if err != nil {
		return nil, fmt.Errorf("unfinished trivia games: %w", err)
	}
	defer rows.Close()
	var out []trivia.Game
	for rows.Next() {
		var g trivia.Game
		var started int64
		if err := rows.Scan(&g.ID, &g.Scope, &g.GuildID, &g.ChannelID, &g.Starter.ID, &g.Starter.Name,
			&g.Mode, &g.Rounds, &g.Seconds, &started); err != nil {
			return nil, fmt.Errorf("unfinished trivia games: %w", err)
		}
		g.StartedAt = time.UnixMilli(started).UTC()
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unfinished trivia games: %w", err)
	}
	return out, nil
}

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

// Leaderboard totals a scope's answers per player, best first.
func (s *Trivia) Leaderboard(ctx context.Context, scope string, limit int) ([]trivia.Standing, error) {
	out, err := s.standings(ctx, fmt.Sprintf(standingsSQL, "g.scope = ?", "")+" LIMIT ?", scope, limit)
	if err != nil {
		return nil, fmt.Errorf("trivia leaderboard %s: %w", scope, err)
	}
	return out, nil
}

// Standing is one player's place in a scope.
func (s *Trivia) Standing(ctx context.Context, scope, userID string) (trivia.Standing, bool, error) {
	out, err := s.standings(ctx, fmt.Sprintf(standingsSQL, "g.scope = ?", "WHERE user_id = ?"), scope, userID)
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
