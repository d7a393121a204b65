package httpbot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/discord"
	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
)

// ---- the command table the tests run ----

// fixture is a small real table with every path the endpoint has: a fast
// answer, a handler that waits for the test (deferral), a panic, an error,
// autocomplete, a button that updates its message and one that opens a modal.
type fixture struct {
	gate chan struct{} // /slow waits until it is closed
}

func newFixture() *fixture { return &fixture{gate: make(chan struct{})} }

func (fx *fixture) table() commands.Table {
	buttons := func(disabled bool) []commands.Button {
		return []commands.Button{
			{CustomID: "game:pick:1", Label: "Ok-ju", Style: commands.ButtonPrimary, Disabled: disabled},
			{CustomID: "game:form", Label: "Type an answer", Style: commands.ButtonSecondary, Disabled: disabled},
		}
	}
	return commands.Table{
		{
			Name: "echo", Description: "Answers at once", DMs: true,
			Options: []commands.Option{{Name: "text", Description: "What to say", Type: commands.OptionString, Autocomplete: true, MaxLength: 300}},
			Handler: func(_ context.Context, req commands.Request) (commands.Response, error) {
				return commands.Response{Found: true, Content: "You said: " + commands.Quoted(req.Option("text"), 200)}, nil
			},
			Autocomplete: func(_ context.Context, req commands.Request) (commands.Response, error) {
				return commands.Response{Found: true, Choices: []commands.Choice{{Name: "Ok-ju " + req.Option("text"), Value: "okju"}}}, nil
			},
		},
		{
			Name: "slow", Description: "Waits for the test",
			Options: []commands.Option{{Name: "private", Description: "Only you see it", Type: commands.OptionString}},
			Handler: func(ctx context.Context, req commands.Request) (commands.Response, error) {
				select {
				case <-fx.gate:
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
			Name: "game", Description: "A question with buttons",
			Handler: func(context.Context, commands.Request) (commands.Response, error) {
				return commands.Response{Found: true, Content: "Who plays the lead?", Buttons: buttons(false)}, nil
			},
			Component: func(ctx context.Context, req commands.Request) (commands.Response, error) {
				switch {
				case req.Kind == commands.KindModal:
					return commands.Response{Found: true, Ephemeral: true, Content: "You answered " + req.Fields["answer"]}, nil
				case req.CustomID == "game:form":
					return commands.Response{Modal: &commands.Modal{CustomID: "game:modal", Title: "Your answer",
						Inputs: []commands.TextInput{{CustomID: "answer", Label: "Who plays the lead?", MaxLength: 100, Required: true}}}}, nil
				case req.CustomID == "game:slow":
					select {
					case <-fx.gate:
					case <-ctx.Done():
						return commands.Response{}, ctx.Err()
					}
					return commands.Response{Found: true, Update: true, Content: "Revealed late.", Buttons: buttons(true)}, nil
				}
				return commands.Response{Found: true, Update: true, Content: "Locked in.", Buttons: buttons(true)}, nil
			},
		},
	}
}

// ---- logs ----

// logSink collects log lines for assertions.
type logSink = commandstest.Buffer

// ---- the rig: a fake Discord, the real Endpoint and Server ----

type rig struct {
	t    testing.TB
	srv  *fakediscord.Server
	fx   *fixture
	ep   *discord.Endpoint
	hs   *Server
	url  string // the endpoint's /interactions URL
	logs *logSink

	cancel context.CancelFunc
	done   chan error
}

// settings is what a test may change before the rig starts.
type settings struct {
	fake     fakediscord.Options
	endpoint discord.EndpointConfig
	server   Config
	noToken  bool
}

// startRig starts a fake Discord and the endpoint on a real socket; tweak
// adjusts the settings. Cleanup stops the endpoint.
func startRig(t testing.TB, tweak func(*settings)) *rig {
	t.Helper()
	fx := newFixture()
	s := settings{fake: fakediscord.Options{InteractionDeadline: 3 * time.Second}}
	logs := &logSink{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s.endpoint = discord.EndpointConfig{Config: discord.Config{
		Log: log, Table: fx.table(), RESTTimeout: 3 * time.Second, ShutdownTimeout: 5 * time.Second,
	}}
	s.server = Config{Log: log}
	if tweak != nil {
		tweak(&s)
	}
	srv := fakediscord.Start(t, s.fake)
	s.endpoint.APIURL = srv.URL()
	if s.noToken {
		s.endpoint.ApplicationID = srv.AppID()
	} else {
		s.endpoint.Token = srv.Token()
	}
	ep, err := discord.NewEndpoint(s.endpoint)
	if err != nil {
		t.Fatal(err)
	}
	if err := ep.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.server.PublicKey, s.server.Endpoint = srv.PublicKey(), ep
	hs, err := New(s.server)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{t: t, srv: srv, fx: fx, ep: ep, hs: hs, url: "http://" + ln.Addr().String() + "/interactions",
		logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- hs.Run(ctx, ln) }()
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			t.Logf("endpoint log:\n%s", logs.String())
		}
	})
	return r
}

// stop ends Run as SIGTERM does and returns its error and how long it took.
func (r *rig) stop() (error, time.Duration) {
	start := time.Now()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // for a second stop
		return err, time.Since(start)
	case <-time.After(10 * time.Second):
		r.t.Errorf("Run did not return within 10s of the cancel")
		return nil, 10 * time.Second
	}
}

// deliver sends spec to the endpoint through the fake and fails the test
// unless the answer was accepted as the interaction's first response.
func (r *rig) deliver(spec fakediscord.InteractionSpec) (fakediscord.Delivery, message) {
	r.t.Helper()
	d, err := r.srv.DeliverInteraction(r.url, spec)
	if err != nil {
		r.t.Fatalf("deliver %s%s: %v (status %d, body %s)", spec.Name, spec.CustomID, err, d.Status, d.Body)
	}
	if d.Status != 200 || d.Callback == nil {
		r.t.Fatalf("deliver %s%s: status %d, body %s", spec.Name, spec.CustomID, d.Status, d.Body)
	}
	var m message
	if len(d.Callback.Data) > 0 {
		if err := json.Unmarshal(d.Callback.Data, &m); err != nil {
			r.t.Fatalf("callback data %s: %v", d.Callback.Data, err)
		}
	}
	return d, m
}

// await waits (on the fake's changes, bounded) until cond holds.
func (r *rig) await(what string, cond func() bool) {
	r.t.Helper()
	r.srv.Await(r.t, what, cond)
}

// message decodes the data of a callback: a message, a modal or choices.
type message struct {
	Content    string `json:"content"`
	Flags      int    `json:"flags"`
	CustomID   string `json:"custom_id"`
	Title      string `json:"title"`
	Components []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Disabled bool   `json:"disabled"`
		} `json:"components"`
	} `json:"components"`
	Choices []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
	} `json:"allowed_mentions"`
}

// ---- request bodies against Discord's OpenAPI spec ----

const specPath = "../../testdata/discord-api-spec/openapi.json"

var spec struct {
	once sync.Once
	spec *fakediscord.Spec
	err  error
}

// checkBodies validates every body the endpoint answered and sent (as the
// fake recorded them) against Discord's OpenAPI spec and allowed_mentions.
func checkBodies(t testing.TB, srv *fakediscord.Server) int {
	t.Helper()
	spec.once.Do(func() { spec.spec, spec.err = fakediscord.LoadSpec(specPath) })
	if spec.err != nil {
		t.Fatalf("OpenAPI spec: %v", spec.err)
	}
	n, problems := spec.spec.Check(srv)
	for _, p := range problems {
		t.Error(p)
	}
	return n
}
