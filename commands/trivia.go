package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// Trivia runs /trivia: one game per channel, many channels at once. Rounds
// open and close on Clock timers and are posted through the Messenger;
// answers, finished games and leaderboards go to Scores.
//
// Scope of scores: in a server, leaderboards and stats cover the whole server
// (GuildID). In direct messages (GuildID empty, also the console) they cover
// that one DM channel, so a group DM has its own board and nobody's private
// games leak into a server's board.
//
// The fields must be set before the first request; Messenger may be set
// after Command() is called (the console needs the table before it exists).
type Trivia struct {
	Store     *facts.Store
	Matcher   *facts.Matcher
	Clock     Clock           // nil means SystemClock
	Intn      func(n int) int // random int in [0, n); nil means math/rand/v2
	Scores    TriviaStore     // nil keeps scores in memory for the game only
	Messenger Messenger
	Log       *slog.Logger

	mu    sync.Mutex             // guards games, byID and every game's state
	games map[string]*triviaGame // running games by channel id
	byID  map[string]*triviaGame // running games by game id
	rngMu sync.Mutex             // Intn need not be safe for concurrent use
}

// TriviaStore keeps trivia games, answers and leaderboards. Package
// bot/store implements it over SQLite.
type TriviaStore interface {
	// StartGame records a game as running; UnfinishedGames lists it until
	// FinishGame is called.
	StartGame(ctx context.Context, g TriviaGame) error
	// RecordAnswer records one answer. It reports false, changing nothing,
	// when the user already has an answer for that round of that game.
	RecordAnswer(ctx context.Context, a TriviaAnswer) (bool, error)
	// RecordRound records which question a revealed round asked, so its
	// Explain button keeps working after the game and a restart.
	RecordRound(ctx context.Context, gameID string, round int, triviaID string) error
	// RoundQuestion returns the trivia id a recorded round asked.
	RoundQuestion(ctx context.Context, gameID string, round int) (triviaID string, ok bool, err error)
	// FinishGame marks a game ended; finishing a finished game does nothing.
	FinishGame(ctx context.Context, gameID, reason string, at time.Time) error
	// UnfinishedGames lists games started and never finished, oldest first.
	UnfinishedGames(ctx context.Context) ([]TriviaGame, error)
	// GameScores totals one game's answers per player, best first.
	GameScores(ctx context.Context, gameID string) ([]TriviaStanding, error)
	// Leaderboard totals a scope's answers per player, best first.
	Leaderboard(ctx context.Context, scope string, limit int) ([]TriviaStanding, error)
	// Standing is one player's place in a scope; false when they never played there.
	Standing(ctx context.Context, scope, userID string) (TriviaStanding, bool, error)
	// Stats are one player's numbers in a scope.
	Stats(ctx context.Context, scope, userID string) (TriviaStats, error)
}

// TriviaGame is a game as stored.
type TriviaGame struct {
	ID        string
	Scope     string // "g:<guild id>", or "c:<channel id>" in direct messages
	GuildID   string
	ChannelID string
	Starter   User
	Mode      string // "buttons" or "typed"
	Rounds    int
	Seconds   int
	StartedAt time.Time
}

// TriviaAnswer is one player's answer to one round, scored.
type TriviaAnswer struct {
	GameID  string
	Round   int
	User    User   // the display name at the time of the answer
	Choice  string // "B", or the typed text
	Correct bool
	Points  int
	Streak  int // right answers in a row, this one included; 0 when wrong
	Elapsed time.Duration
	At      time.Time
}

// TriviaStanding is a player's total in a game or a scope. Rank is shared by
// equal points (1, 2, 2, 4).
type TriviaStanding struct {
	Rank     int
	User     User // the latest display name the player used there
	Points   int
	Correct  int
	Answered int
}

// TriviaStats are one player's numbers in a scope.
type TriviaStats struct {
	Games, Answered, Correct, Points, BestStreak int
	Fastest                                      time.Duration // fastest right answer; meaningful when Correct > 0
}

// Limits and defaults of /trivia start.
const (
	triviaMinRounds, triviaMaxRounds, triviaDefRounds    = 1, 20, 5
	triviaMinSeconds, triviaMaxSeconds, triviaDefSeconds = 10, 60, 20
	triviaBoardSize                                      = 10
)

// Command is the /trivia table entry; add it with Config.Extra.
func (t *Trivia) Command() Command {
	return Command{
		Name:        "trivia",
		Description: "Trivia about the film Ballerina (2023): race each other to answer",
		DMs:         true,
		Subcommands: []Command{
			{
				Name: "start", Description: "Start a trivia game in this channel",
				Options: []Option{
					{Name: "rounds", Description: "How many questions (1–20, default 5)", Type: OptionInteger, Min: triviaMinRounds, Max: triviaMaxRounds},
					{Name: "seconds", Description: "Seconds per question (10–60, default 20)", Type: OptionInteger, Min: triviaMinSeconds, Max: triviaMaxSeconds},
					{Name: "mode", Description: "Answer with buttons A–D, or type the answer", Type: OptionString, Choices: []Choice{
						{Name: "buttons (A–D)", Value: "buttons"}, {Name: "typed answers", Value: "typed"},
					}},
				},
				DMs: true, Handler: t.start,
			},
			{Name: "stop", Description: "Stop the game in this channel (its starter or a moderator)", DMs: true, Handler: t.stop},
			{Name: "leaderboard", Description: "The top 10 players here, and your rank", DMs: true, Handler: t.leaderboard},
			{Name: "stats", Description: "Your own trivia numbers here", DMs: true, Handler: t.stats},
		},
		Component: t.component,
	}
}

// start answers /trivia start.
func (t *Trivia) start(ctx context.Context, req Request) (Response, error) {
	rounds, bad1 := triviaIntOption(req, "rounds", triviaDefRounds, triviaMinRounds, triviaMaxRounds)
	seconds, bad2 := triviaIntOption(req, "seconds", triviaDefSeconds, triviaMinSeconds, triviaMaxSeconds)
	if bad := strings.TrimSpace(bad1 + " " + bad2); bad != "" {
		return Unknown(bad), nil
	}
	mode := strings.ToLower(strings.TrimSpace(req.Option("mode")))
	switch mode {
	case "":
		mode = "buttons"
	case "buttons", "typed":
	default:
		return Unknown("mode must be buttons or typed."), nil
	}
	if req.ChannelID == "" {
		return Unknown("Trivia needs a channel to play in."), nil
	}
	var qs []*facts.Trivia
	if t.Store != nil {
		qs = t.pick(rounds)
	}
	if len(qs) == 0 {
		return Unknown("I have no trivia questions yet."), nil
	}
	now := t.clock().Now()
	t.mu.Lock()
	if g := t.games[req.ChannelID]; g != nil {
		t.mu.Unlock()
		return Unknown(fmt.Sprintf("A trivia game is already running here (started by %s). Play along, or end it with `/trivia stop`.", quoted(g.rec.Starter.Name, 40))), nil
	}
	g := t.newGameLocked(req, mode, qs, seconds, now)
	t.mu.Unlock()

	if err := t.scores().StartGame(ctx, g.rec); err != nil {
		t.mu.Lock()
		t.endLocked(g)
		t.mu.Unlock()
		return Response{}, fmt.Errorf("trivia: save new game: %w", err)
	}
	first := now.Add(triviaLeadIn)
	t.mu.Lock()
	stopped := g.phase == phaseOver
	if !stopped {
		g.timer = t.clock().AfterFunc(triviaLeadIn, func() { t.openRound(g, 1) })
	}
	t.mu.Unlock()
	if stopped { // /trivia stop came while the game was being saved
		t.finishStored(ctx, g.rec.ID, endStopped, now)
		return Unknown("That game was stopped before it began."), nil
	}
	return triviaStartCard(g.rec, len(qs), rounds, first), nil
}

// stop answers /trivia stop: the starter, or anyone with Manage Messages.
func (t *Trivia) stop(ctx context.Context, req Request) (Response, error) {
	now := t.clock().Now()
	t.mu.Lock()
	g := t.games[req.ChannelID]
	if g == nil {
		t.mu.Unlock()
		return Unknown("No trivia game is running in this channel. Start one with `/trivia start`."), nil
	}
	if req.User.ID != g.rec.Starter.ID && !req.CanManageMessages {
		t.mu.Unlock()
		return Unknown(fmt.Sprintf("Only %s, who started this game, or someone with Manage Messages can stop it.", quoted(g.rec.Starter.Name, 40))), nil
	}
	var closed Response
	msgID := ""
	if g.phase == phaseOpen {
		closed, msgID = g.roundCard(true), g.messageID
	}
	t.endLocked(g)
	final := g.finalCard(fmt.Sprintf("Trivia stopped by %s.", quoted(req.User.Name, 40)))
	t.mu.Unlock()

	if msgID != "" {
		t.edit(ctx, g.rec.ChannelID, msgID, closed)
	}
	t.finishStored(ctx, g.rec.ID, endStopped, now)
	return final, nil
}

// leaderboard answers /trivia leaderboard: the top 10 of this server (or DM
// channel) and the requester's own rank.
func (t *Trivia) leaderboard(ctx context.Context, req Request) (Response, error) {
	scope := triviaScope(req)
	top, err := t.scores().Leaderboard(ctx, scope, triviaBoardSize)
	if err != nil {
		return Response{}, fmt.Errorf("trivia leaderboard: %w", err)
	}
	me, played, err := t.scores().Standing(ctx, scope, req.User.ID)
	if err != nil {
		return Response{}, fmt.Errorf("trivia standing: %w", err)
	}
	return triviaBoardCard(req, top, me, played), nil
}

// stats answers /trivia stats: the requester's own numbers here.
func (t *Trivia) stats(ctx context.Context, req Request) (Response, error) {
	st, err := t.scores().Stats(ctx, triviaScope(req), req.User.ID)
	if err != nil {
		return Response{}, fmt.Errorf("trivia stats: %w", err)
	}
	return triviaStatsCard(req, st), nil
}

// Recover ends the games a previous run left unfinished (it stopped or
// crashed mid-game): each is announced in its channel as ended, with the
// scores so far, which stay on the leaderboard. The adapter calls it once at
// start-up, after the Messenger can post.
func (t *Trivia) Recover(ctx context.Context) error {
	games, err := t.scores().UnfinishedGames(ctx)
	if err != nil {
		return fmt.Errorf("trivia recover: %w", err)
	}
	var errs []error
	for _, g := range games {
		t.mu.Lock()
		_, running := t.byID[g.ID]
		t.mu.Unlock()
		if running {
			continue
		}
		scores, err := t.scores().GameScores(ctx, g.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("trivia recover %s: %w", g.ID, err))
			continue
		}
		// The nonce makes the notice idempotent if we crash again before
		// FinishGame below.
		t.send(ctx, Message{ChannelID: g.ChannelID, Nonce: "trivia:end:" + g.ID, Response: triviaRecoveredCard(g, scores)})
		if err := t.scores().FinishGame(ctx, g.ID, endRestart, t.clock().Now()); err != nil {
			errs = append(errs, fmt.Errorf("trivia recover %s: %w", g.ID, err))
		}
	}
	return errors.Join(errs...)
}

// triviaScope is where scores count: the server, or the DM channel.
func triviaScope(req Request) string {
	if req.GuildID != "" {
		return "g:" + req.GuildID
	}
	return "c:" + req.ChannelID
}

// triviaIntOption reads an integer option, or says what is wrong with it.
func triviaIntOption(req Request, name string, def, lo, hi int) (int, string) {
	v := strings.TrimSpace(req.Option(name))
	if v == "" {
		return def, ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Sprintf("%s must be a whole number from %d to %d.", name, lo, hi)
	}
	return n, ""
}

func (t *Trivia) clock() Clock {
	if t.Clock == nil {
		return SystemClock{}
	}
	return t.Clock
}

// intn draws from the injected randomness, one caller at a time.
func (t *Trivia) intn(n int) int {
	if t.Intn == nil {
		return rand.IntN(n)
	}
	t.rngMu.Lock()
	defer t.rngMu.Unlock()
	return t.Intn(n)
}

func (t *Trivia) log() *slog.Logger {
	if t.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return t.Log
}

func (t *Trivia) scores() TriviaStore {
	if t.Scores == nil {
		return noScores{}
	}
	return t.Scores
}

// send posts a message; a failure is logged, as the game goes on without it.
func (t *Trivia) send(ctx context.Context, m Message) string {
	if t.Messenger == nil {
		t.log().Error("trivia: no messenger to post with", "channel", m.ChannelID)
		return ""
	}
	id, err := t.Messenger.Send(ctx, m)
	if err != nil {
		t.log().Error("trivia: post failed", "channel", m.ChannelID, "err", err)
	}
	return id
}

func (t *Trivia) edit(ctx context.Context, channelID, messageID string, r Response) {
	if t.Messenger == nil {
		return
	}
	if err := t.Messenger.Edit(ctx, channelID, messageID, r); err != nil {
		t.log().Error("trivia: edit failed", "channel", channelID, "message", messageID, "err", err)
	}
}

func (t *Trivia) finishStored(ctx context.Context, gameID, reason string, at time.Time) {
	if err := t.scores().FinishGame(ctx, gameID, reason, at); err != nil {
		t.log().Error("trivia: finish game", "game", gameID, "err", err)
	}
}

// noScores is the TriviaStore when none is wired: games run, nothing lasts.
type noScores struct{}

func (noScores) StartGame(context.Context, TriviaGame) error              { return nil }
func (noScores) RecordAnswer(context.Context, TriviaAnswer) (bool, error) { return true, nil }
func (noScores) RecordRound(context.Context, string, int, string) error   { return nil }
func (noScores) RoundQuestion(context.Context, string, int) (string, bool, error) {
	return "", false, nil
}
func (noScores) FinishGame(context.Context, string, string, time.Time) error { return nil }
func (noScores) UnfinishedGames(context.Context) ([]TriviaGame, error)       { return nil, nil }
func (noScores) GameScores(context.Context, string) ([]TriviaStanding, error) {
	return nil, nil
}
func (noScores) Leaderboard(context.Context, string, int) ([]TriviaStanding, error) {
	return nil, nil
}
func (noScores) Standing(context.Context, string, string) (TriviaStanding, bool, error) {
	return TriviaStanding{}, false, nil
}
func (noScores) Stats(context.Context, string, string) (TriviaStats, error) {
	return TriviaStats{}, nil
}
