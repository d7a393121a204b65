package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// Trivia keeps trivia games, their rounds and answers, leaderboards and the
// questions each scope has seen (migrations 00002_trivia.sql,
// 00006_trivia_options.sql, 00007_trivia_owned_games.sql). It implements
// trivia.Store: a game's owner and lease, and the state of its rounds, are
// rows every process reads, so any process can judge an answer and a
// successor can continue a game.
type Trivia struct {
	db *handle
}

var _ trivia.Store = (*Trivia)(nil)

// Trivia returns the trivia tables of the database.
func (d *DB) Trivia() *Trivia { return &Trivia{db: d.h} }

func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS reads a millisecond time; 0 (never set) is the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// StartGame records a running game; another unfinished game in the channel
// makes it fail with trivia.ErrChannelBusy (a partial unique index).
func (s *Trivia) StartGame(ctx context.Context, g trivia.Game) error {
	deck, err := json.Marshal(g.Deck)
	if err != nil {
		return fmt.Errorf("start trivia game %s: %w", g.ID, err)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO trivia_games
		(id, scope, guild_id, channel_id, starter_id, starter_name, mode, rounds, seconds, started_at,
		 difficulty, topic, spoilers, target, deck, owner, lease_until)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.ID, g.Scope, g.GuildID, g.ChannelID, g.Starter.ID, g.Starter.Name, g.Mode, g.Rounds, g.Seconds, ms(g.StartedAt),
		g.Difficulty, g.Topic, g.Spoilers, g.Target, string(deck), g.Owner, ms(g.LeaseUntil))
	if err != nil {
		// Which constraint failed is worded differently by each database:
		// ask the table instead.
		if other, running, rerr := s.RunningGame(ctx, g.ChannelID); rerr == nil && running && other.ID != g.ID {
			return trivia.ErrChannelBusy
		}
		return fmt.Errorf("start trivia game %s: %w", g.ID, err)
	}
	return nil
}

// gameColumns are the columns scanGame reads, in its order.
const gameColumns = `id, scope, guild_id, channel_id, starter_id, starter_name, mode, rounds, seconds, started_at,
	difficulty, topic, spoilers, target, deck, owner, lease_until, finished_at IS NOT NULL, end_reason`

func scanGame(sc interface{ Scan(...any) error }) (trivia.Game, error) {
	var g trivia.Game
	var started, lease int64
	var deck string
	err := sc.Scan(&g.ID, &g.Scope, &g.GuildID, &g.ChannelID, &g.Starter.ID, &g.Starter.Name, &g.Mode, &g.Rounds, &g.Seconds, &started,
		&g.Difficulty, &g.Topic, &g.Spoilers, &g.Target, &deck, &g.Owner, &lease, &g.Finished, &g.EndReason)
	if err != nil {
		return g, err
	}
	g.StartedAt, g.LeaseUntil = fromMS(started), fromMS(lease)
	if err := json.Unmarshal([]byte(deck), &g.Deck); err != nil {
		return g, fmt.Errorf("deck of %s: %w", g.ID, err)
	}
	return g, nil
}

func (s *Trivia) games(ctx context.Context, where string, args ...any) ([]trivia.Game, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+gameColumns+` FROM trivia_games WHERE `+where+` ORDER BY started_at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []trivia.Game
	for rows.Next() {
		g, err := scanGame(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Game returns a stored game, finished or not.
func (s *Trivia) Game(ctx context.Context, id string) (trivia.Game, bool, error) {
	gs, err := s.games(ctx, "id = ?", id)
	if err != nil {
		return trivia.Game{}, false, fmt.Errorf("trivia game %s: %w", id, err)
	}
	if len(gs) == 0 {
		return trivia.Game{}, false, nil
	}
	return gs[0], true, nil
}

// RunningGame returns the unfinished game of a channel.
func (s *Trivia) RunningGame(ctx context.Context, channelID string) (trivia.Game, bool, error) {
	gs, err := s.games(ctx, "channel_id = ? AND finished_at IS NULL", channelID)
	if err != nil {
		return trivia.Game{}, false, fmt.Errorf("running trivia game in %s: %w", channelID, err)
	}
	if len(gs) == 0 {
		return trivia.Game{}, false, nil
	}
	return gs[0], true, nil
}

// UnfinishedGames lists the games never finished, oldest first.
func (s *Trivia) UnfinishedGames(ctx context.Context) ([]trivia.Game, error) {
	gs, err := s.games(ctx, "finished_at IS NULL")
	if err != nil {
		return nil, fmt.Errorf("unfinished trivia games: %w", err)
	}
	return gs, nil
}

// ClaimGame renews owner's lease, or takes a game whose lease lapsed.
func (s *Trivia) ClaimGame(ctx context.Context, id, owner string, now, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE trivia_games SET owner = ?, lease_until = ?
		WHERE id = ? AND finished_at IS NULL AND (owner = ? OR lease_until <= ?)`, owner, ms(until), id, owner, ms(now))
	if err != nil {
		return false, fmt.Errorf("claim trivia game %s: %w", id, err)
	}
	return affected(res, "claim trivia game "+id)
}

// FinishGame marks a game ended; a finished game keeps its first ending.
func (s *Trivia) FinishGame(ctx context.Context, id, reason string, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE trivia_games SET finished_at = ?, end_reason = ?
		WHERE id = ? AND finished_at IS NULL`, ms(at), reason, id)
	if err != nil {
		return false, fmt.Errorf("finish trivia game %s: %w", id, err)
	}
	return affected(res, "finish trivia game "+id)
}

func affected(res sql.Result, what string) (bool, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return n == 1, nil
}

// ownerHolds is the condition under which owner may change game ?: it owns
// the game and the game runs.
const ownerHolds = `EXISTS (SELECT 1 FROM trivia_games g WHERE g.id = ? AND g.owner = ? AND g.finished_at IS NULL)`

// OpenRound records an open round, if owner owns the running game.
func (s *Trivia) OpenRound(ctx context.Context, owner string, r trivia.Round) (bool, error) {
	choices, err := json.Marshal(r.Choices)
	if err != nil {
		return false, fmt.Errorf("open trivia round %s/%d: %w", r.GameID, r.N, err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO trivia_rounds
		(game_id, round, trivia_id, choices, right_choice, opened_at, deadline, hint_at)
		SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE `+ownerHolds+`
		ON CONFLICT (game_id, round) DO NOTHING`,
		r.GameID, r.N, r.TriviaID, string(choices), r.Right, ms(r.OpenedAt), ms(r.Deadline), ms(r.HintAt), r.GameID, owner)
	if err != nil {
		return false, fmt.Errorf("open trivia round %s/%d: %w", r.GameID, r.N, err)
	}
	return affected(res, "open trivia round")
}

// SetRoundMessage records the message a round was posted as.
func (s *Trivia) SetRoundMessage(ctx context.Context, id string, n int, messageID string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE trivia_rounds SET message_id = ? WHERE game_id = ? AND round = ?`, messageID, id, n); err != nil {
		return fmt.Errorf("trivia round message %s/%d: %w", id, n, err)
	}
	return nil
}

// RevealRound closes an open round, if owner owns the running game.
func (s *Trivia) RevealRound(ctx context.Context, owner, id string, n int, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE trivia_rounds SET revealed_at = ?
		WHERE game_id = ? AND round = ? AND revealed_at IS NULL AND `+ownerHolds, ms(at), id, n, id, owner)
	if err != nil {
		return false, fmt.Errorf("reveal trivia round %s/%d: %w", id, n, err)
	}
	return affected(res, "reveal trivia round")
}

const roundColumns = `game_id, round, trivia_id, choices, right_choice, opened_at, deadline, hint_at, revealed_at, message_id`

func (s *Trivia) round(ctx context.Context, query string, args ...any) (trivia.Round, bool, error) {
	var r trivia.Round
	var choices string
	var opened, deadline, hint int64
	var revealed sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM trivia_rounds `+query, args...).
		Scan(&r.GameID, &r.N, &r.TriviaID, &choices, &r.Right, &opened, &deadline, &hint, &revealed, &r.MessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return trivia.Round{}, false, nil
	}
	if err != nil {
		return trivia.Round{}, false, err
	}
	if err := json.Unmarshal([]byte(choices), &r.Choices); err != nil {
		return trivia.Round{}, false, err
	}
	r.OpenedAt, r.Deadline, r.HintAt = fromMS(opened), fromMS(deadline), fromMS(hint)
	if revealed.Valid {
		r.RevealedAt = time.UnixMilli(revealed.Int64).UTC() // 0 too: a round stored at its reveal
	}
	return r, true, nil
}

// Round returns a recorded round.
func (s *Trivia) Round(ctx context.Context, id string, n int) (trivia.Round, bool, error) {
	r, ok, err := s.round(ctx, `WHERE game_id = ? AND round = ?`, id, n)
	if err != nil {
		return r, false, fmt.Errorf("trivia round %s/%d: %w", id, n, err)
	}
	return r, ok, nil
}

// LastRound returns a game's latest round.
func (s *Trivia) LastRound(ctx context.Context, id string) (trivia.Round, bool, error) {
	r, ok, err := s.round(ctx, `WHERE game_id = ? ORDER BY round DESC LIMIT 1`, id)
	if err != nil {
		return r, false, fmt.Errorf("last trivia round of %s: %w", id, err)
	}
	return r, ok, nil
}

// RecordAnswer records an answer to an open round unless the player
// already answered it: the primary key settles simultaneous clicks. The
// round is read and locked in the answer's transaction, so an answer racing
// the reveal either lands before the reveal reads the round's answers or not
// at all: on PostgreSQL the row lock (FOR SHARE) makes the reveal's UPDATE
// wait for the answer, and the answer wait for the reveal and see it;
// SQLite runs one statement at a time on its single connection.
func (s *Trivia) RecordAnswer(ctx context.Context, a trivia.Answer) (bool, error) {
	fail := func(err error) (bool, error) {
		return false, fmt.Errorf("record trivia answer %s/%d/%s: %w", a.GameID, a.Round, a.User.ID, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	lock := ""
	if s.db.pg {
		lock = " FOR SHARE"
	}
	var seq int
	err = tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM trivia_answers WHERE game_id = ? AND round = ?)
		FROM trivia_rounds WHERE game_id = ? AND round = ? AND revealed_at IS NULL`+lock,
		a.GameID, a.Round, a.GameID, a.Round).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // no such round, or it closed
	}
	if err != nil {
		return fail(err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO trivia_answers
		(game_id, round, user_id, user_name, choice, correct, points, streak, hinted, elapsed_ms, answered_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (game_id, round, user_id) DO NOTHING`,
		a.GameID, a.Round, a.User.ID, a.User.Name, a.Choice, a.Correct, a.Points, a.Streak, a.Hinted, a.Elapsed.Milliseconds(), ms(a.At), seq)
	if err != nil {
		return fail(err)
	}
	stored, err := affected(res, "record trivia answer")
	if err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return stored, nil
}

const answerColumns = `game_id, round, user_id, user_name, choice, correct, points, streak, hinted, elapsed_ms, answered_at`

func (s *Trivia) answers(ctx context.Context, where string, args ...any) ([]trivia.Answer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+answerColumns+` FROM trivia_answers WHERE `+where+` ORDER BY seq, answered_at, user_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []trivia.Answer
	for rows.Next() {
		var a trivia.Answer
		var elapsed, at int64
		if err := rows.Scan(&a.GameID, &a.Round, &a.User.ID, &a.User.Name, &a.Choice, &a.Correct, &a.Points, &a.Streak, &a.Hinted, &elapsed, &at); err != nil {
			return nil, err
		}
		a.Elapsed, a.At = time.Duration(elapsed)*time.Millisecond, fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Answer returns a player's answer to a round.
func (s *Trivia) Answer(ctx context.Context, id string, n int, userID string) (trivia.Answer, bool, error) {
	as, err := s.answers(ctx, "game_id = ? AND round = ? AND user_id = ?", id, n, userID)
	if err != nil {
		return trivia.Answer{}, false, fmt.Errorf("trivia answer %s/%d/%s: %w", id, n, userID, err)
	}
	if len(as) == 0 {
		return trivia.Answer{}, false, nil
	}
	return as[0], true, nil
}

// RoundAnswers lists a round's answers in the order they came.
func (s *Trivia) RoundAnswers(ctx context.Context, id string, n int) ([]trivia.Answer, error) {
	as, err := s.answers(ctx, "game_id = ? AND round = ?", id, n)
	if err != nil {
		return nil, fmt.Errorf("trivia answers %s/%d: %w", id, n, err)
	}
	return as, nil
}
