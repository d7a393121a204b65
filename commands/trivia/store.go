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
	// Game returns a stored game, finished or not (Play again reads its options).
	Game(ctx context.Context, gameID string) (Game, bool, error)
	// SeenQuestions lists the trivia ids a scope has been asked since its
	// pool last started over.
	SeenQuestions(ctx context.Context, scope string) ([]string, error)
	// MarkSeen records that a scope was asked a question.
	MarkSeen(ctx context.Context, scope, triviaID string, at time.Time) error
	// ForgetSeen starts a scope's pool over for the given questions.
	ForgetSeen(ctx context.Context, scope string, triviaIDs []string) error
	// GameScores totals one game's answers per player, best first.
	GameScores(ctx context.Context, gameID string) ([]Standing, error)
	// Leaderboard totals a scope's answers given at or after since (zero:
	// all) per player, best first.
	Leaderboard(ctx context.Context, scope string, since time.Time, limit int) ([]Standing, error)
	// Standing is one player's place in a scope since a time; false when
	// they never played there in that time.
	Standing(ctx context.Context, scope, userID string, since time.Time) (Standing, bool, error)
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
	// The filters and goal the game was started with; Play again reuses them.
	Difficulty string // easy, medium, hard or mixed
	Topic      string // a facts.TriviaTopics id, or mixed
	Spoilers   bool   // spoiler questions may be asked
	Target     int    // first to this many points wins; 0 for none
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
func (noScores) Game(context.Context, string) (Game, bool, error)            { return Game{}, false, nil }
func (noScores) SeenQuestions(context.Context, string) ([]string, error)     { return nil, nil }
func (noScores) MarkSeen(context.Context, string, string, time.Time) error   { return nil }
func (noScores) ForgetSeen(context.Context, string, []string) error          { return nil }
func (noScores) GameScores(context.Context, string) ([]Standing, error) {
	return nil, nil
}
func (noScores) Leaderboard(context.Context, string, time.Time, int) ([]Standing, error) {
	return nil, nil
}
func (noScores) Standing(context.Context, string, string, time.Time) (Standing, bool, error) {
	return Standing{}, false, nil
}
func (noScores) Stats(context.Context, string, string) (Stats, error) {
	return Stats{}, nil
}
