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

// Games runs /trivia: one game per channel, many channels at once.
//
// A game belongs to the Store, not to a process. Any process may take a
// click or typed answer for any game: the answer is judged against the round
// the Store says is open and recorded there once per player. One process,
// the owner, advances a game — opens rounds, gives hints, reveals, ends it —
// on Clock timers, renewing its lease in the Store as it goes; when the
// lease lapses (the owner died), a sweep in another process claims the game
// and continues it on time from the Store. Owns limits the games this
// process may claim (a gateway process: the guilds its shards own).
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
	Scores    Store           // nil keeps games and scores in memory (NewMemoryStore)
	Messenger commands.Messenger
	Log       *slog.Logger

	// Instance names this process as a game's owner; "" draws a random one.
	Instance string
	// Owns reports whether this process may take over a guild's games
	// (guildID "" for direct messages); nil means every guild.
	Owns func(guildID string) bool
	// Lease is how long a game stays its owner's without renewal (default
	// 30 s); SweepEvery how often StartSweeping looks for lapsed leases
	// (default 10 s).
	Lease      time.Duration
	SweepEvery time.Duration

	mu       sync.Mutex
	owned    map[string]*ownedGame // the games this process advances, by id
	mem      *MemoryStore          // the Store when Scores is nil
	instance string
	sweep    commands.Timer // the next sweep, while sweeping
	halted   bool
	rngMu    sync.Mutex // Intn need not be safe for concurrent use
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
// begin starts a game with opts in the request's channel, owned by this
// process.
func (t *Games) begin(ctx context.Context, req commands.Request, opts Game) (commands.Response, error) {
	if req.ChannelID == "" {
		return commands.Unknown("Trivia needs a channel to play in."), nil
	}
	if resp, busy, err := t.busy(ctx, req.ChannelID); busy || err != nil {
		return resp, err
	}
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
	now := t.clock().Now()
	g := opts
	g.ID, g.Scope, g.GuildID, g.ChannelID = t.newGameID(now), scopeOf(req), req.GuildID, req.ChannelID
	g.Starter, g.Rounds, g.StartedAt = req.User, len(qs), now
	g.Owner, g.LeaseUntil = t.me(), now.Add(t.lease())
	for _, q := range qs {
		g.Deck = append(g.Deck, q.ID)
	}
	if err := t.scores().StartGame(ctx, g); errors.Is(err, ErrChannelBusy) {
		resp, _, err := t.busy(ctx, req.ChannelID) // another start won the race
		return resp, err
	} else if err != nil {
		return commands.Response{}, fmt.Errorf("trivia: save new game: %w", err)
	}
	t.adopt(g, qs)
	return startCard(g, len(qs), opts.Rounds, now.Add(leadIn)), nil
}

// busy reports whether a game runs in the channel, and the answer to a
// start there if one does.
func (t *Games) busy(ctx context.Context, channelID string) (commands.Response, bool, error) {
	g, running, err := t.scores().RunningGame(ctx, channelID)
	if err != nil {
		return commands.Response{}, false, fmt.Errorf("trivia start: %w", err)
	}
	if !running {
		return commands.Response{}, false, nil
	}
	return commands.Unknown(fmt.Sprintf("A trivia game is already running here (started by %s). Play along, or end it with `/trivia stop`.", commands.Quoted(g.Starter.Name, 40))), true, nil
}

// stop answers /trivia stop: the starter, or anyone with Manage Messages.
// Any process may stop any game: the Store says which one runs here.
func (t *Games) stop(ctx context.Context, req commands.Request) (commands.Response, error) {
	none := commands.Unknown("No trivia game is running in this channel. Start one with `/trivia start`.")
	g, running, err := t.scores().RunningGame(ctx, req.ChannelID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stop: %w", err)
	}
	if !running {
		return none, nil
	}
	if req.User.ID != g.Starter.ID && !req.CanManageMessages {
		return commands.Unknown(fmt.Sprintf("Only %s, who started this game, or someone with Manage Messages can stop it.", commands.Quoted(g.Starter.Name, 40))), nil
	}
	ended, err := t.scores().FinishGame(ctx, g.ID, endStopped, t.clock().Now())
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stop: %w", err)
	}
	if !ended { // its last reveal ended it first
		return none, nil
	}
	t.release(g.ID)
	last, has, err := t.scores().LastRound(ctx, g.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stop: %w", err)
	}
	if has && last.RevealedAt.IsZero() && last.MessageID != "" {
		if q := t.question(last.TriviaID); q != nil {
			t.edit(ctx, g.ChannelID, last.MessageID, roundCard(g, last, questionText(t.Store, q), q, true, false))
		}
	}
	scores, err := t.scores().GameScores(ctx, g.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stop: %w", err)
	}
	return finalCard(g, last.N, fmt.Sprintf("Trivia stopped by %s.", commands.Quoted(req.User.Name, 40)), scores), nil
}

// scopeOf is where scores count: the server, or the DM channel.
func scopeOf(req commands.Request) string {
	if req.GuildID != "" {
		return "g:" + req.GuildID
	}
	return "c:" + req.ChannelID
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
	if t.Scores != nil {
		return t.Scores
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.mem == nil {
		t.mem = NewMemoryStore()
	}
	return t.mem
}

// me is the instance name this process owns games under.
func (t *Games) me() string {
	if t.Instance != "" {
		return t.Instance
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.instance == "" {
		t.instance = "trivia-" + strconv.FormatUint(rand.Uint64(), 36)
	}
	return t.instance
}

func (t *Games) lease() time.Duration {
	if t.Lease <= 0 {
		return defaultLease
	}
	return t.Lease
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
