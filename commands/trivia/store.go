package trivia

import (
	"context"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// Store keeps trivia games, answers and leaderboards. Package
// bot/store implements it over SQLite.
type Store interface {
	// StartGame records a game as running; UnfinishedGames lists it until
	// FinishGame is called.
	StartGame(ctx context.Context, g Game) error
	// RecordAnswer records one answer. It reports false, changing nothing,
	// when the user already has an answer for that round of that game.
	RecordAnswer(ctx context.Context, a Answer) (bool, error)
	// RecordRound records which question a revealed round asked, so its
	// Explain button keeps working after the game and a restart.
	RecordRound(ctx context.Context, gameID string, round int, customID string) error
	// RoundQuestion returns the trivia id a recorded round asked.
	RoundQuestion(ctx context.Context, gameID string, round int) (customID string, ok bool, err error)
	// FinishGame marks a game ended; finishing a finished game does nothing.
	FinishGame(ctx context.Context, gameID, reason string, at time.Time) error
	// UnfinishedGames lists games started and never finished, oldest first.
	UnfinishedGames(ctx context.Context) ([]Game, error)
	// GameScores totals one game's answers per player, best first.
	GameScores(ctx context.Context, gameID string) ([]Standing, error)
	// Leaderboard totals a scope's answers per player, best first.
	Leaderboard(ctx context.Context, scope string, limit int) ([]Standing, error)
	// Standing is one player's place in a scope; false when they never played there.
	Standing(ctx context.Context, scope, userID string) (Standing, bool, error)
	// Stats are one player's numbers in a scope.
	Stats(ctx context.Context, scope, userID string) (Stats, error)
}

// Game is a game as stored.
type Game struct {
	ID        string
	Scope     string // "g:<guild id>", or "c:<channel id>" in direct messages
	GuildID   string
	ChannelID string
	Starter   commands.User
	Mode      string // "buttons" or "typed"
	Rounds    int
	Seconds   int
	StartedAt time.Time
}

// Answer is one player's answer to one round, scored.
type Answer struct {
	GameID  string
	Round   int
	User    commands.User // the display name at the time of the answer
	Choice  string        // "B", or the typed text
	Correct bool
	Points  int
	Streak  int // right answers in a row, this one included; 0 when wrong
	Elapsed time.Duration
	At      time.Time
}

// Standing is a player's total in a game or a scope. Rank is shared by
// equal points (1, 2, 2, 4).
type Standing struct {
	Rank     int
	User     commands.User // the latest display name the player used there
	Points   int
	Correct  int
	Answered int
}

// Stats are one player's numbers in a scope.
type Stats struct {
	Games, Answered, Correct, Points, BestStreak int
	Fastest                                      time.Duration // fastest right answer; meaningful when Correct > 0
}

// noScores is the Store when none is wired: games run, nothing lasts.
type noScores struct{}

func (noScores) StartGame(context.Context, Game) error                  { return nil }
func (noScores) RecordAnswer(context.Context, Answer) (bool, error)     { return true, nil }
func (noScores) RecordRound(context.Context, string, int, string) error { return nil }
func (noScores) RoundQuestion(context.Context, string, int) (string, bool, error) {
	return "", false, nil
}
func (noScores) FinishGame(context.Context, string, string, time.Time) error { return nil }
func (noScores) UnfinishedGames(context.Context) ([]Game, error)             { return nil, nil }
func (noScores) GameScores(context.Context, string) ([]Standing, error) {
	return nil, nil
}
func (noScores) Leaderboard(context.Context, string, int) ([]Standing, error) {
	return nil, nil
}
func (noScores) Standing(context.Context, string, string) (Standing, bool, error) {
	return Standing{}, false, nil
}
func (noScores) Stats(context.Context, string, string) (Stats, error) {
	return Stats{}, nil
}
