package trivia

import (
	"context"
	"errors"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// Store keeps trivia games, their rounds, answers and leaderboards. A game
// belongs to the Store, not to a process: any process may take an answer
// for any game, and only the owner holding the game's lease advances it.
// Package bot/store implements it over SQL; MemoryStore keeps it in memory.
type Store interface {
	// StartGame records a running game, owned by g.Owner until
	// g.LeaseUntil. It fails with ErrChannelBusy, changing nothing, while
	// another unfinished game holds the channel.
	StartGame(ctx context.Context, g Game) error
	// Game returns a stored game, finished or not.
	Game(ctx context.Context, gameID string) (Game, bool, error)
	// RunningGame returns the unfinished game of a channel, if any.
	RunningGame(ctx context.Context, channelID string) (Game, bool, error)
	// UnfinishedGames lists games started and never finished, oldest first.
	UnfinishedGames(ctx context.Context) ([]Game, error)
	// ClaimGame makes owner the owner of an unfinished game until `until`
	// when owner already owns it (a renewal) or its lease lapsed at or
	// before now (a takeover). It reports whether owner holds it now.
	ClaimGame(ctx context.Context, gameID, owner string, now, until time.Time) (bool, error)
	// FinishGame marks a game ended; it reports false, changing nothing,
	// when the game had already ended.
	FinishGame(ctx context.Context, gameID, reason string, at time.Time) (bool, error)

	// OpenRound records a round as open, if owner owns the unfinished game
	// and the round is not recorded yet; it reports whether it did.
	OpenRound(ctx context.Context, owner string, r Round) (bool, error)
	// SetRoundMessage records the message that shows a round.
	SetRoundMessage(ctx context.Context, gameID string, round int, messageID string) error
	// RevealRound closes an open round at `at`, if owner owns the
	// unfinished game; it reports whether it did. No answer is recorded
	// for a round after it closed.
	RevealRound(ctx context.Context, owner, gameID string, round int, at time.Time) (bool, error)
	// Round returns a recorded round; LastRound the latest of a game.
	Round(ctx context.Context, gameID string, round int) (Round, bool, error)
	LastRound(ctx context.Context, gameID string) (Round, bool, error)

	// RecordAnswer records one answer to an open round. It reports false,
	// changing nothing, when the user already answered that round or the
	// round is not open.
	RecordAnswer(ctx context.Context, a Answer) (bool, error)
	// Answer returns a player's answer to a round.
	Answer(ctx context.Context, gameID string, round int, userID string) (Answer, bool, error)
	// RoundAnswers lists a round's answers in the order they came.
	RoundAnswers(ctx context.Context, gameID string, round int) ([]Answer, error)

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

	// SeenQuestions lists the trivia ids a scope has been asked since its
	// pool last started over.
	SeenQuestions(ctx context.Context, scope string) ([]string, error)
	// MarkSeen records that a scope was asked a question.
	MarkSeen(ctx context.Context, scope, triviaID string, at time.Time) error
	// ForgetSeen starts a scope's pool over for the given questions.
	ForgetSeen(ctx context.Context, scope string, triviaIDs []string) error
}

// ErrChannelBusy is StartGame's answer while a channel has a game running.
var ErrChannelBusy = errors.New("a trivia game is already running in this channel")

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
	// Deck is the trivia ids the game asks, in order.
	Deck []string
	// Owner is the instance that advances the game while LeaseUntil is
	// ahead; after it, another may claim it.
	Owner      string
	LeaseUntil time.Time
	Finished   bool
	EndReason  string // why it ended, once Finished
}

// Round is a round as stored: what it asked and how, so any process can
// judge an answer to it and a successor can reveal it.
type Round struct {
	GameID     string
	N          int // from 1
	TriviaID   string
	Choices    []string // as shown, A first
	Right      int      // index of the right one in Choices
	OpenedAt   time.Time
	Deadline   time.Time
	HintAt     time.Time // typed games: when the hint shows; zero for none
	RevealedAt time.Time // zero while the round is open
	MessageID  string    // the question's message, once posted
}

// Open reports whether the round takes answers at now.
func (r Round) Open(now time.Time) bool { return r.RevealedAt.IsZero() && !now.After(r.Deadline) }

// Answer is one player's answer to one round, scored.
type Answer struct {
	GameID  string
	Round   int
	User    commands.User // the display name at the time of the answer
	Choice  string        // "B", or the typed text
	Correct bool
	Points  int
	Streak  int // right answers in a row, this one included; 0 when wrong
	Hinted  bool
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
