// Package trivia is the /trivia game: decks of questions drawn from the fact
// store, timed rounds answered with buttons or typed answers, scoring, and
// leaderboards kept through a Store that bot/store implements. Games is the
// feature; main wires its fields and puts Command() in the command table.
package trivia

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

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// Games runs /trivia: one game per channel, many channels at once. Rounds
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
type Games struct {
	Store     *facts.Store
	Matcher   *facts.Matcher
	Clock     commands.Clock  // nil means SystemClock
	Intn      func(n int) int // random int in [0, n); nil means math/rand/v2
	Scores    Store           // nil keeps scores in memory for the game only
	Messenger commands.Messenger
	Log       *slog.Logger

	mu    sync.Mutex              // guards games, byID and every game's state
	games map[string]*runningGame // running games by channel id
	byID  map[string]*runningGame // running games by game id
	rngMu sync.Mutex              // Intn need not be safe for concurrent use
}

// Limits and defaults of /trivia start.
const (
	minRounds, maxRounds, defRounds    = 1, 20, 5
	minSeconds, maxSeconds, defSeconds = 10, 60, 20
	boardSize                          = 10
)

// Command is the /trivia table entry; add it with commands.Config.Extra.
func (t *Games) Command() commands.Command {
	return commands.Command{
		Name:        "trivia",
		Description: "Trivia about the film Ballerina (2023): race each other to answer",
		DMs:         true,
		Subcommands: []commands.Command{
			{
				Name: "start", Description: "Start a trivia game in this channel",
				Options: []commands.Option{
					{Name: "rounds", Description: "How many questions (1–20, default 5)", Type: commands.OptionInteger, Min: minRounds, Max: maxRounds},
					{Name: "seconds", Description: "Seconds per question (10–60, default 20)", Type: commands.OptionInteger, Min: minSeconds, Max: maxSeconds},
					{Name: "mode", Description: "Answer with buttons A–D, or type the answer", Type: commands.OptionString, Choices: []commands.Choice{
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
func (t *Games) start(ctx context.Context, req commands.Request) (commands.Response, error) {
	rounds, bad1 := intOption(req, "rounds", defRounds, minRounds, maxRounds)
	seconds, bad2 := intOption(req, "seconds", defSeconds, minSeconds, maxSeconds)
	if bad := strings.TrimSpace(bad1 + " " + bad2); bad != "" {
		return commands.Unknown(bad), nil
	}
	mode := strings.ToLower(strings.TrimSpace(req.Option("mode")))
	switch mode {
	case "":
		mode = "buttons"
	case "buttons", "typed":
	default:
		return commands.Unknown("mode must be buttons or typed."), nil
	}
	if req.ChannelID == "" {
		return commands.Unknown("Trivia needs a channel to play in."), nil
	}
	var qs []*facts.Trivia
	if t.Store != nil {
		qs = t.pick(rounds)
	}
	if len(qs) == 0 {
		return commands.Unknown("I have no trivia questions yet."), nil
	}
	now := t.clock().Now()
	t.mu.Lock()
	if g := t.games[req.ChannelID]; g != nil {
		t.mu.Unlock()
		return commands.Unknown(fmt.Sprintf("A trivia game is already running here (started by %s). Play along, or end it with `/trivia stop`.", commands.Quoted(g.rec.Starter.Name, 40))), nil
	}
	g := t.newGameLocked(req, mode, qs, seconds, now)
	t.mu.Unlock()

	if err := t.scores().StartGame(ctx, g.rec); err != nil {
		t.mu.Lock()
		t.endLocked(g)
		t.mu.Unlock()
		return commands.Response{}, fmt.Errorf("trivia: save new game: %w", err)
	}
	first := now.Add(leadIn)
	t.mu.Lock()
	stopped := g.phase == phaseOver
	if !stopped {
		g.timer = t.clock().AfterFunc(leadIn, func() { t.openRound(g, 1) })
	}
	t.mu.Unlock()
	if stopped { // /trivia stop came while the game was being saved
		t.finishStored(ctx, g.rec.ID, endStopped, now)
		return commands.Unknown("That game was stopped before it began."), nil
	}
	return startCard(g.rec, len(qs), rounds, first), nil
}

// stop answers /trivia stop: the starter, or anyone with Manage Messages.
func (t *Games) stop(ctx context.Context, req commands.Request) (commands.Response, error) {
	now := t.clock().Now()
	t.mu.Lock()
	g := t.games[req.ChannelID]
	if g == nil {
		t.mu.Unlock()
		return commands.Unknown("No trivia game is running in this channel. Start one with `/trivia start`."), nil
	}
	if req.User.ID != g.rec.Starter.ID && !req.CanManageMessages {
		t.mu.Unlock()
		return commands.Unknown(fmt.Sprintf("Only %s, who started this game, or someone with Manage Messages can stop it.", commands.Quoted(g.rec.Starter.Name, 40))), nil
	}
	var closed commands.Response
	msgID := ""
	if g.phase == phaseOpen {
		closed, msgID = g.roundCard(true), g.messageID
	}
	t.endLocked(g)
	final := g.finalCard(fmt.Sprintf("Trivia stopped by %s.", commands.Quoted(req.User.Name, 40)))
	t.mu.Unlock()

	if msgID != "" {
		t.edit(ctx, g.rec.ChannelID, msgID, closed)
	}
	t.finishStored(ctx, g.rec.ID, endStopped, now)
	return final, nil
}

// leaderboard answers /trivia leaderboard: the top 10 of this server (or DM
// channel) and the requester's own rank.
func (t *Games) leaderboard(ctx context.Context, req commands.Request) (commands.Response, error) {
	scope := scopeOf(req)
	top, err := t.scores().Leaderboard(ctx, scope, boardSize)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia leaderboard: %w", err)
	}
	me, played, err := t.scores().Standing(ctx, scope, req.User.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia standing: %w", err)
	}
	return boardCard(req, top, me, played), nil
}

// stats answers /trivia stats: the requester's own numbers here.
func (t *Games) stats(ctx context.Context, req commands.Request) (commands.Response, error) {
	st, err := t.scores().Stats(ctx, scopeOf(req), req.User.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stats: %w", err)
	}
	return statsCard(req, st), nil
}

// Recover ends the games a previous run left unfinished (it stopped or
// crashed mid-game): each is announced in its channel as ended, with the
// scores so far, which stay on the leaderboard. The adapter calls it once at
// start-up, after the Messenger can post.
func (t *Games) Recover(ctx context.Context) error {
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
		t.send(ctx, commands.Message{ChannelID: g.ChannelID, Nonce: "trivia:end:" + g.ID, Response: recoveredCard(g, scores)})
		if err := t.scores().FinishGame(ctx, g.ID, endRestart, t.clock().Now()); err != nil {
			errs = append(errs, fmt.Errorf("trivia recover %s: %w", g.ID, err))
		}
	}
	return errors.Join(errs...)
}

// scopeOf is where scores count: the server, or the DM channel.
func scopeOf(req commands.Request) string {
	if req.GuildID != "" {
		return "g:" + req.GuildID
	}
	return "c:" + req.ChannelID
}

// intOption reads an integer option, or says what is wrong with it.
func intOption(req commands.Request, name string, def, lo, hi int) (int, string) {
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

func (t *Games) clock() commands.Clock {
	if t.Clock == nil {
		return commands.SystemClock{}
	}
	return t.Clock
}

// intn draws from the injected randomness, one caller at a time.
func (t *Games) intn(n int) int {
	if t.Intn == nil {
		return rand.IntN(n)
	}
	t.rngMu.Lock()
	defer t.rngMu.Unlock()
	return t.Intn(n)
}

func (t *Games) log() *slog.Logger {
	if t.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return t.Log
}

func (t *Games) scores() Store {
	if t.Scores == nil {
		return noScores{}
	}
	return t.Scores
}

// send posts a message; a failure is logged, as the game goes on without it.
func (t *Games) send(ctx context.Context, m commands.Message) string {
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

func (t *Games) edit(ctx context.Context, channelID, messageID string, r commands.Response) {
	if t.Messenger == nil {
		return
	}
	if err := t.Messenger.Edit(ctx, channelID, messageID, r); err != nil {
		t.log().Error("trivia: edit failed", "channel", channelID, "message", messageID, "err", err)
	}
}

func (t *Games) finishStored(ctx context.Context, gameID, reason string, at time.Time) {
	if err := t.scores().FinishGame(ctx, gameID, reason, at); err != nil {
		t.log().Error("trivia: finish game", "game", gameID, "err", err)
	}
}
