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
	"slices"
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
	last  map[string]Game         // the last game that ended, by channel id
	rngMu sync.Mutex              // Intn need not be safe for concurrent use
}

// Limits and defaults of /trivia start.
const (
	minRounds, maxRounds, defRounds    = 1, 20, 5
	minSeconds, maxSeconds, defSeconds = 10, 60, 20
	minTarget, maxTarget               = 100, 10000
	boardSize                          = 10
)

// mixed is the value of the difficulty and topic options that filters nothing.
const mixed = "mixed"

// Command is the /trivia table entry; add it with commands.Config.Extra.
func (t *Games) Command() commands.Command {
	difficulties := []commands.Choice{}
	for _, d := range facts.Difficulties {
		difficulties = append(difficulties, commands.Choice{Name: d, Value: d})
	}
	difficulties = append(difficulties, commands.Choice{Name: "mixed (default)", Value: mixed})
	topics := []commands.Choice{}
	for _, tp := range facts.TriviaTopics {
		topics = append(topics, commands.Choice{Name: tp.Name, Value: tp.ID})
	}
	topics = append(topics, commands.Choice{Name: "Mixed (default)", Value: mixed})
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
					{Name: "difficulty", Description: "easy, medium, hard, or mixed (default)", Type: commands.OptionString, Choices: difficulties},
					{Name: "topic", Description: "What the questions are about (default mixed)", Type: commands.OptionString, Choices: topics},
					{Name: "spoilers", Description: "Allow questions that give the story away (default false)", Type: commands.OptionBoolean},
					{Name: "target", Description: fmt.Sprintf("First to this many points wins (%d–%d; default: play every round)", minTarget, maxTarget), Type: commands.OptionInteger, Min: minTarget, Max: maxTarget},
				},
				DMs: true, Handler: t.start,
			},
			{Name: "stop", Description: "Stop the game in this channel (its starter or a moderator)", DMs: true, Handler: t.stop},
			{Name: "leaderboard", Description: "The top 10 players here, and your rank", DMs: true, Handler: t.leaderboard,
				Options: []commands.Option{{Name: "period", Description: "This week, this month (UTC) or all time (default)", Type: commands.OptionString, Choices: []commands.Choice{
					{Name: "this week (from Monday, UTC)", Value: periodWeek}, {Name: "this month (UTC)", Value: periodMonth}, {Name: "all time", Value: periodAll},
				}}}},
			{Name: "stats", Description: "Trivia numbers here: yours, or another player's", DMs: true, Handler: t.stats,
				Options: []commands.Option{{Name: "user", Description: "Whose numbers (default: yours)", Type: commands.OptionUser}}},
		},
		Component: t.component,
	}
}

// start answers /trivia start.
func (t *Games) start(ctx context.Context, req commands.Request) (commands.Response, error) {
	g, bad := gameOptions(req)
	if bad != "" {
		return commands.Unknown(bad), nil
	}
	return t.begin(ctx, req, g)
}

// gameOptions reads /trivia start's options into a Game, or says what is
// wrong with them.
func gameOptions(req commands.Request) (Game, string) {
	rounds, bad1 := intOption(req, "rounds", defRounds, minRounds, maxRounds)
	seconds, bad2 := intOption(req, "seconds", defSeconds, minSeconds, maxSeconds)
	target, bad3 := intOption(req, "target", 0, minTarget, maxTarget)
	if bad := strings.TrimSpace(strings.Join([]string{bad1, bad2, bad3}, " ")); bad != "" {
		return Game{}, bad
	}
	g := Game{Rounds: rounds, Seconds: seconds, Target: target}
	var ok bool
	if g.Mode, ok = choiceOption(req, "mode", "buttons", "buttons", "typed"); !ok {
		return Game{}, "mode must be buttons or typed."
	}
	if g.Difficulty, ok = choiceOption(req, "difficulty", mixed, append(slices.Clone(facts.Difficulties), mixed)...); !ok {
		return Game{}, "difficulty must be easy, medium, hard or mixed."
	}
	topics := []string{mixed}
	for _, tp := range facts.TriviaTopics {
		topics = append(topics, tp.ID)
	}
	if g.Topic, ok = choiceOption(req, "topic", mixed, topics...); !ok {
		return Game{}, "topic must be one of: " + strings.Join(topics, ", ") + "."
	}
	switch strings.ToLower(strings.TrimSpace(req.Option("spoilers"))) {
	case "", "false":
	case "true":
		g.Spoilers = true
	default:
		return Game{}, "spoilers must be true or false."
	}
	return g, ""
}

// begin starts a game with opts in the request's channel.
func (t *Games) begin(ctx context.Context, req commands.Request, opts Game) (commands.Response, error) {
	if req.ChannelID == "" {
		return commands.Unknown("Trivia needs a channel to play in."), nil
	}
	t.mu.Lock()
	if g := t.games[req.ChannelID]; g != nil {
		t.mu.Unlock()
		return commands.Unknown(fmt.Sprintf("A trivia game is already running here (started by %s). Play along, or end it with `/trivia stop`.", commands.Quoted(g.rec.Starter.Name, 40))), nil
	}
	t.mu.Unlock()
	var qs []*facts.Trivia
	if t.Store != nil {
		var err error
		if qs, err = t.deal(ctx, scopeOf(req), filterOf(opts), opts.Rounds); err != nil {
			return commands.Response{}, fmt.Errorf("trivia deal: %w", err)
		}
	}
	if len(qs) == 0 {
		return commands.Unknown(noQuestions(opts)), nil
	}
	asked := opts.Rounds
	now := t.clock().Now()
	t.mu.Lock()
	if g := t.games[req.ChannelID]; g != nil { // started while we dealt
		t.mu.Unlock()
		return commands.Unknown(fmt.Sprintf("A trivia game is already running here (started by %s). Play along, or end it with `/trivia stop`.", commands.Quoted(g.rec.Starter.Name, 40))), nil
	}
	g := t.newGameLocked(req, opts, qs, now)
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
	return startCard(g.rec, len(qs), asked, first), nil
}

// noQuestions says which choice left no question to ask.
func noQuestions(g Game) string {
	var what []string
	if g.Difficulty != mixed {
		what = append(what, g.Difficulty)
	}
	if g.Mode == "buttons" {
		what = append(what, "multiple-choice")
	}
	desc := strings.Join(append(what, "questions"), " ")
	if g.Topic != mixed {
		desc += " about " + facts.TopicName(g.Topic)
	}
	if !g.Spoilers {
		desc += " without spoilers"
	}
	return fmt.Sprintf("I have no %s. Try difficulty:mixed, topic:mixed, spoilers:true or mode:typed.", desc)
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
		t.editQuestion(ctx, g, msgID, closed)
	}
	t.finishStored(ctx, g.rec.ID, endStopped, now)
	return final, nil
}

// playAgain answers the Play again button of a finished game: a new game in
// the same channel with the same options, started by whoever clicked.
func (t *Games) playAgain(ctx context.Context, req commands.Request, id customID) (commands.Response, error) {
	t.mu.Lock()
	_, running := t.byID[id.game]
	old, ok := t.last[req.ChannelID]
	t.mu.Unlock()
	if running {
		return commands.Unknown("That game is still running."), nil
	}
	if !ok || old.ID != id.game {
		var err error
		if old, ok, err = t.scores().Game(ctx, id.game); err != nil {
			return commands.Response{}, fmt.Errorf("trivia play again: %w", err)
		}
	}
	switch {
	case !ok:
		return commands.Unknown("I no longer have that game. Start a new one with `/trivia start`."), nil
	case req.ChannelID != "" && req.ChannelID != old.ChannelID:
		return commands.Unknown("That button belongs to a game in another channel."), nil
	}
	opts := Game{Mode: old.Mode, Rounds: old.Rounds, Seconds: old.Seconds,
		Difficulty: old.Difficulty, Topic: old.Topic, Spoilers: old.Spoilers, Target: old.Target}
	return t.begin(ctx, req, opts)
}

// The periods of /trivia leaderboard.
const (
	periodWeek  = "week"
	periodMonth = "month"
	periodAll   = "all"
)

// periodStart is when a leaderboard period began: the week from Monday
// 00:00 UTC, the month from its first day 00:00 UTC; zero for all time.
func periodStart(period string, now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch period {
	case periodWeek:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case periodMonth:
		return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// leaderboard answers /trivia leaderboard: the top 10 of this server (or DM
// channel) over a period, and the requester's own rank.
func (t *Games) leaderboard(ctx context.Context, req commands.Request) (commands.Response, error) {
	period, ok := choiceOption(req, "period", periodAll, periodWeek, periodMonth, periodAll)
	if !ok {
		return commands.Unknown("period must be week, month or all."), nil
	}
	since := periodStart(period, t.clock().Now())
	scope := scopeOf(req)
	top, err := t.scores().Leaderboard(ctx, scope, since, boardSize)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia leaderboard: %w", err)
	}
	me, played, err := t.scores().Standing(ctx, scope, req.User.ID, since)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia standing: %w", err)
	}
	return boardCard(req, period, since, top, me, played), nil
}

// stats answers /trivia stats: the numbers here of the requester, or of the
// player the user option names.
func (t *Games) stats(ctx context.Context, req commands.Request) (commands.Response, error) {
	scope := scopeOf(req)
	who := req.User
	if v := strings.TrimSpace(req.Option("user")); v != "" {
		u, found, err := t.player(ctx, scope, v)
		if err != nil {
			return commands.Response{}, fmt.Errorf("trivia stats: %w", err)
		}
		if !found {
			return commands.Unknown(fmt.Sprintf("%s has not played trivia in %s.", commands.Quoted(v, 40), scopeName(req))), nil
		}
		who = u
	}
	st, err := t.scores().Stats(ctx, scope, who.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stats: %w", err)
	}
	return statsCard(req, who, st), nil
}

// player finds a player of scope by id, or — as the console sends names —
// by the name they last played under.
func (t *Games) player(ctx context.Context, scope, v string) (commands.User, bool, error) {
	if v != "" && strings.Trim(v, "0123456789") == "" {
		st, ok, err := t.scores().Standing(ctx, scope, v, time.Time{})
		if err != nil || ok {
			return st.User, ok, err
		}
	}
	all, err := t.scores().Leaderboard(ctx, scope, time.Time{}, maxPlayerLookup)
	if err != nil {
		return commands.User{}, false, err
	}
	for _, st := range all {
		if strings.EqualFold(st.User.Name, v) || st.User.ID == v {
			return st.User, true, nil
		}
	}
	return commands.User{}, false, nil
}

// maxPlayerLookup bounds the players a name is looked for among.
const maxPlayerLookup = 1000

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

// choiceOption reads an option with fixed values, case-insensitively.
func choiceOption(req commands.Request, name, def string, values ...string) (string, bool) {
	v := strings.ToLower(strings.TrimSpace(req.Option(name)))
	if v == "" {
		return def, true
	}
	return v, slices.Contains(values, v)
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
