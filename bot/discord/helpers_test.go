package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
)

// ---- the command table the end-to-end tests run ----

// fixture is a small real command table with handlers for every path the
// adapter has: fast, slow, panicking, failing, buttons, a modal, a huge card.
type fixture struct {
	slowDelay atomic.Int64 // ns; /slow sleeps this long (honouring ctx)
	slowGate  atomic.Value // chan struct{}: when set, /slow waits for it to close instead
	slowSeen  atomic.Int32
}

func (fx *fixture) table() commands.Table {
	answerButtons := func(disabled bool) []commands.Button {
		var bs []commands.Button
		for i := 1; i <= 6; i++ {
			bs = append(bs, commands.Button{CustomID: fmt.Sprintf("trivia:answer:%d", i), Label: fmt.Sprintf("Answer %d", i), Style: commands.ButtonPrimary, Disabled: disabled})
		}
		return append(bs, commands.Button{CustomID: "trivia:form", Label: "Type an answer", Style: commands.ButtonSecondary, Disabled: disabled})
	}
	return commands.Table{
		{
			Name: "ask", Description: "Ask anything about the film Ballerina (2023)", DMs: true,
			Options: []commands.Option{{Name: "question", Description: "Your question", Type: commands.OptionString, Required: true, MaxLength: 300}},
			Handler: func(_ context.Context, req commands.Request) (commands.Response, error) {
				q := req.Option("question")
				return commands.Response{Found: true, Content: "You asked: " + q, Sources: []string{"tudum"},
					Card: &commands.Card{Title: "Ballerina (2023)", Description: "About: " + q, Footer: "Sources: Netflix Tudum"}}, nil
			},
		},
		{
			Name: "cast", Description: "The cast", DMs: true,
			Options: []commands.Option{{Name: "name", Description: "A person or character", Type: commands.OptionString, Autocomplete: true, MaxLength: 100}},
			Handler: func(context.Context, commands.Request) (commands.Response, error) {
				return commands.Response{Found: true, Content: "Jeon Jong-seo plays Ok-ju."}, nil
			},
			Autocomplete: func(_ context.Context, req commands.Request) (commands.Response, error) {
				var cs []commands.Choice
				for i := range 30 {
					cs = append(cs, commands.Choice{Name: fmt.Sprintf("%s %d %s", req.Option("name"), i, strings.Repeat("ā", 95)), Value: fmt.Sprintf("person-%d", i)})
				}
				return commands.Response{Found: true, Choices: cs}, nil
			},
		},
		{
			Name: "slow", Description: "Takes its time",
			Options: []commands.Option{{Name: "private", Description: "Only you see it", Type: commands.OptionString,
				Choices: []commands.Choice{{Name: "yes", Value: "yes"}, {Name: "no", Value: "no"}}}},
			Handler: func(ctx context.Context, req commands.Request) (commands.Response, error) {
				fx.slowSeen.Add(1)
				var wait <-chan time.Time // a nil channel never fires
				gate, gated := fx.slowGate.Load().(chan struct{})
				if !gated {
					wait = time.After(time.Duration(fx.slowDelay.Load()))
				}
				select {
				case <-wait:
				case <-gate:
				case <-ctx.Done():
					return commands.Response{}, ctx.Err()
				}
				return commands.Response{Found: true, Ephemeral: req.Option("private") == "yes", Content: "Finally: the answer."}, nil
			},
		},
		{
			Name: "boom", Description: "Panics",
			Handler: func(context.Context, commands.Request) (commands.Response, error) { panic("kaboom: secret detail") },
		},
		{
			Name: "fail", Description: "Fails",
			Handler: func(context.Context, commands.Request) (commands.Response, error) {
				return commands.Response{}, errors.New("database exploded: secret detail")
			},
		},
		{
			Name: "trivia", Description: "Play trivia",
			Subcommands: []commands.Command{{
				Name: "start", Description: "Start a game",
				Options: []commands.Option{{Name: "rounds", Description: "How many rounds", Type: commands.OptionInteger, Min: 1, Max: 10, Autocomplete: true}},
				Handler: func(context.Context, commands.Request) (commands.Response, error) {
					return commands.Response{Found: true, Content: "Who plays Ok-ju?", Buttons: answerButtons(false)}, nil
				},
				Autocomplete: func(context.Context, commands.Request) (commands.Response, error) {
					return commands.Response{Found: true, Choices: []commands.Choice{{Name: "three", Value: "3"}, {Name: "five", Value: "5"}}}, nil
				},
			}},
			Component: func(_ context.Context, req commands.Request) (commands.Response, error) {
				switch {
				case req.Kind == commands.KindModal:
					return commands.Response{Found: true, Content: "You answered " + req.Fields["answer"]}, nil
				case req.CustomID == "trivia:form":
					return commands.Response{Modal: &commands.Modal{CustomID: "trivia:modal", Title: "Your answer",
						Inputs: []commands.TextInput{{CustomID: "answer", Label: "Who plays Ok-ju?", MaxLength: 100, Required: true}}}}, nil
				default:
					n := strings.TrimPrefix(req.CustomID, "trivia:answer:")
					return commands.Response{Found: true, Update: true, Content: "Locked in answer " + n, Buttons: answerButtons(true)}, nil
				}
			},
		},
		{
			Name: "qotd", Description: "Quote of the day", DefaultPermission: commands.PermManageServer,
			Options: []commands.Option{{Name: "channel", Description: "Where to post", Type: commands.OptionChannel, Required: true}},
			Handler: func(context.Context, commands.Request) (commands.Response, error) {
				return commands.Response{Found: true, Ephemeral: true, Content: "Scheduled."}, nil
			},
		},
		{
			Name: "big", Description: "A very long answer",
			Handler: func(context.Context, commands.Request) (commands.Response, error) {
				c := &commands.Card{Title: strings.Repeat("T", 300), Description: strings.Repeat("d", 5000), Footer: strings.Repeat("f", 2500)}
				for i := range 30 {
					c.Fields = append(c.Fields, commands.Field{Name: fmt.Sprintf("field %d", i), Value: strings.Repeat("v", 1100)})
				}
				return commands.Response{Found: true, Content: strings.Repeat("c", 2100), Card: c}, nil
			},
		},
		{
			Name: "echo", Description: "Answers at once",
			Handler: func(context.Context, commands.Request) (commands.Response, error) {
				return commands.Response{Found: true, Content: "pong"}, nil
			},
		},
	}
}

// ---- logs ----

// logSink collects log lines for assertions.
type logSink = commandstest.Buffer

// ---- the rig: a fake Discord and the real Bot ----

type rig struct {
	t    testing.TB
	srv  *fakediscord.Server
	bot  *Bot
	fx   *fixture
	logs *logSink

	cancel  context.CancelFunc
	done    chan error
	stopped atomic.Bool
	runErr  error
	took    time.Duration
}

// fakeOpts are the fake's defaults for these tests. Heartbeats every
// second: the watchdog kills a socket after three intervals without an ACK,
// and a loaded machine (the race detector, a build next door) can starve
// discordgo's heartbeat goroutine for most of a second; a shorter interval
// would make reconnects no test asked for. The first heartbeat goes out at
// once, so waiting for an ACK stays quick.
func fakeOpts() fakediscord.Options {
	return fakediscord.Options{HeartbeatInterval: time.Second}
}

// testConfig is the bot's configuration for srv, with short timeouts.
func testConfig(srv *fakediscord.Server, fx *fixture, logs *logSink) Config {
	return Config{
		Token: srv.Token(), GuildID: fakediscord.DefaultGuildID, APIURL: srv.URL(),
		Log:   slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Table: fx.table(), HandshakeTimeout: 2 * time.Second, OpenTimeout: 6 * time.Second,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 200 * time.Millisecond, RESTTimeout: 3 * time.Second,
		// Discord's 5 s between IDENTIFYs would only slow the tests that
		// make the bot identify again; shard_test.go checks the pacing.
		IdentifyInterval: 10 * time.Millisecond,
	}
}

// startRig starts a fake Discord and runs the Bot on it. tweak adjusts the
// configuration; before runs after the fake started and before the bot
// does (to queue faults). Cleanup stops the bot and checks every request
// body the bot sent against Discord's OpenAPI spec.
func startRig(t testing.TB, opts fakediscord.Options, tweak func(*Config), before func(*fakediscord.Server)) *rig {
	t.Helper()
	srv := fakediscord.Start(t, opts)
	r := &rig{t: t, srv: srv, fx: &fixture{}, logs: &logSink{}, done: make(chan error, 1)}
	cfg := testConfig(srv, r.fx, r.logs)
	if tweak != nil {
		tweak(&cfg)
	}
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.bot = b
	if before != nil {
		before(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			lines := strings.Split(r.logs.String(), "\n")
			if len(lines) > 60 {
				lines = append([]string{"…"}, lines[len(lines)-60:]...)
			}
			t.Logf("bot log:\n%s", strings.Join(lines, "\n"))
		}
		checkBodies(t, srv)
	})
	return r
}

// connected waits until the bot is connected and the fake agrees.
func (r *rig) connected() {
	r.t.Helper()
	r.srv.Await(r.t, "the bot to connect", func() bool { return r.bot.Health().Connected && r.srv.Connected() })
}

// stop cancels Run and waits for it (bounded); it returns how long Run
// took to return and its error.
func (r *rig) stop() (time.Duration, error) {
	if r.stopped.Swap(true) {
		return r.took, r.runErr
	}
	start := time.Now()
	r.cancel()
	select {
	case r.runErr = <-r.done:
	case <-time.After(10 * time.Second):
		r.t.Errorf("Run did not return within 10s of cancel")
	}
	r.took = time.Since(start)
	return r.took, r.runErr
}

// waitRun waits for Run to return on its own (a fatal error).
func (r *rig) waitRun(within time.Duration) (error, time.Duration) {
	r.t.Helper()
	start := time.Now()
	select {
	case err := <-r.done:
		r.stopped.Store(true)
		r.runErr = err
		return err, time.Since(start)
	case <-time.After(within):
		r.t.Fatalf("Run did not return within %v", within)
		return nil, 0
	}
}

// dispatch sends an interaction and fails the test if the fake cannot.
func (r *rig) dispatch(spec fakediscord.InteractionSpec) fakediscord.Interaction {
	r.t.Helper()
	ix, err := r.srv.DispatchInteraction(spec)
	if err != nil {
		r.t.Fatalf("dispatch %s: %v", spec.Name+spec.CustomID, err)
	}
	return ix
}

// callbackMessage decodes a callback's data object.
func callbackMessage(t testing.TB, cb fakediscord.Callback) map[string]any {
	t.Helper()
	var m map[string]any
	if err := cb.Decode(&m); err != nil {
		t.Fatalf("callback data %s: %v", cb.Data, err)
	}
	return m
}

// bucketCount is the number of rate-limit buckets discordgo holds (an
// unexported map; read with reflection under the limiter's lock).
func bucketCount(b *Bot) int {
	rl := b.sess.Ratelimiter
	rl.Lock()
	defer rl.Unlock()
	return reflect.ValueOf(rl).Elem().FieldByName("buckets").Len()
}

// ---- request bodies against Discord's OpenAPI spec ----

// specPath is the pinned copy of Discord's OpenAPI spec (see its README).
const specPath = "../../testdata/discord-api-spec/openapi.json"

var spec struct {
	once sync.Once
	spec *fakediscord.Spec
	err  error
}

// loadSpec compiles the spec once per test binary.
func loadSpec(t testing.TB) *fakediscord.Spec {
	t.Helper()
	spec.once.Do(func() { spec.spec, spec.err = fakediscord.LoadSpec(specPath) })
	if spec.err != nil {
		t.Fatalf("OpenAPI spec: %v", spec.err)
	}
	return spec.spec
}

// checkBodies validates every request body the bot sent to srv against the
// OpenAPI spec, allowed_mentions and the embed total, and returns how many
// it validated.
func checkBodies(t testing.TB, srv *fakediscord.Server) int {
	t.Helper()
	n, problems := loadSpec(t).Check(srv)
	for _, p := range problems {
		t.Error(p)
	}
	return n
}
