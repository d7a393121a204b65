package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// Endpoint answers interactions that Discord POSTs to an HTTP endpoint (the
// application's Interactions Endpoint URL) instead of sending them over the
// gateway. It is the same adapter without the gateway: the same decoding
// (request.go), dispatch and deferral (interactions.go), rendering
// (render.go) and REST client (rest.go, transport.go) for deferred answers
// and channel posts. Only the first response differs: it is the HTTP
// answer, not a callback request. bot/http serves it over HTTP.
type Endpoint struct {
	b     *Bot
	token bool // a bot token was given: commands registered, channel posts work
}

// EndpointConfig configures an Endpoint: the adapter's Config, where Token
// is optional, and the application id.
type EndpointConfig struct {
	Config
	// ApplicationID is the application the endpoint answers for. Without a
	// token it is required; with one it is read from Discord at Start and,
	// when also given, must match.
	ApplicationID string
}

// ErrBadInteraction is returned by Answer for a body that is not an
// interaction; the HTTP answer is 400.
var ErrBadInteraction = errors.New("not an interaction")

// noToken stands in for the token New requires when the endpoint runs
// without one; it is removed from the session at once, so no request
// carries an Authorization header (the webhook routes of interactions are
// authorised by the interaction's token in the URL).
const noToken = "endpoint-without-token"

// NewEndpoint checks cfg and builds an Endpoint; it does not touch the
// network.
func NewEndpoint(cfg EndpointConfig) (*Endpoint, error) {
	hasToken := cfg.Token != ""
	if !hasToken {
		if !isDigits(cfg.ApplicationID) {
			return nil, errors.New("discord: the endpoint needs an application id or a bot token to read it with")
		}
		cfg.Token = noToken
	}
	b, err := New(cfg.Config)
	if err != nil {
		return nil, err
	}
	if !hasToken {
		b.sess.Token = ""
	}
	b.appID = cfg.ApplicationID
	return &Endpoint{b: b, token: hasToken}, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Start prepares the endpoint. With a token it reads the application and
// registers the commands (as the gateway adapter does before it connects);
// a configured application id that differs is an error. Without a token it
// does nothing.
func (e *Endpoint) Start(ctx context.Context) error {
	if !e.token {
		return nil
	}
	want := e.ApplicationID()
	if err := e.b.prepare(ctx); err != nil {
		return err
	}
	if got := e.ApplicationID(); want != "" && got != want {
		return fmt.Errorf("discord: the bot token belongs to application %s, not to the configured %s; check DISCORD_APPLICATION_ID", got, want)
	}
	return nil
}

// ApplicationID is the application the endpoint answers for ("" before
// Start when only a token was given).
func (e *Endpoint) ApplicationID() string {
	app, _ := e.b.ids()
	return app
}

// CanPostChannels reports whether the endpoint has a token to post in
// channels with (trivia rounds, the quote of the day).
func (e *Endpoint) CanPostChannels() bool { return e.token }

// Messenger posts in channels through the REST client; nil without a token.
func (e *Endpoint) Messenger() commands.Messenger {
	if !e.token {
		return nil
	}
	return e.b.Messenger()
}

// Channels checks that the bot may post in a channel, for /qotd set; it
// needs a token.
func (e *Endpoint) Channels() qotd.ChannelChecker { return e.b }

// Metrics returns the adapter's metrics (interactions by command and
// outcome, latency, REST), served on /metrics.
func (e *Endpoint) Metrics() *Metrics { return e.b.metrics }

// InFlight counts the interactions being handled, deferred answers included.
func (e *Endpoint) InFlight() int { return e.b.inflight.count() }

// Answer handles one interaction body, already authenticated by its
// signature. It writes the first response with write: PONG for a PING, or
// whatever the handler produced within Config.DeferAfter, else a deferred
// response, the answer following as a webhook edit or follow-up in the
// background. It returns ErrBadInteraction for a body that is not an
// interaction (write is not called), the error of write, or ctx's error
// when the caller gave up before a response was ready.
func (e *Endpoint) Answer(ctx context.Context, body []byte, received time.Time, write func(response []byte) error) error {
	ix, err := parseInteraction(body)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadInteraction, err)
	}
	if ix.Type == ixPing {
		return write([]byte(`{"type":1}`))
	}
	if app := e.ApplicationID(); app != "" && ix.ApplicationID != app {
		return fmt.Errorf("%w: for application %q, not this one", ErrBadInteraction, ix.ApplicationID)
	}
	// The handler goroutine hands its first response over and waits until
	// it is written, so a lost answer counts as send_failed and a deferred
	// answer is never sent after a deferral Discord did not get.
	first := make(chan []byte)
	written := make(chan error, 1)
	reply := func(rctx context.Context, cb callback) error {
		raw, err := json.Marshal(cb)
		if err != nil {
			return fmt.Errorf("encode the response: %w", err)
		}
		select {
		case first <- raw:
		case <-rctx.Done():
			return rctx.Err()
		case <-ctx.Done():
			return fmt.Errorf("the request ended before the response: %w", ctx.Err())
		}
		return <-written
	}
	e.b.spawn("interaction", func() { e.b.handleInteraction(ix, received, reply) })
	select {
	case raw := <-first:
		err := write(raw)
		written <- err
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops taking interactions (those still arriving are told to
// retry), lets the ones in flight finish and deliver their answers, and
// cuts short what is left, all within Config.ShutdownTimeout.
func (e *Endpoint) Shutdown() {
	// No gateway supervisors run here: report them stopped at once.
	none := make(chan struct{})
	close(none)
	e.b.shutdown(func() {}, none)
}

// Register adds collectors to the registry /metrics serves, so the HTTP
// server's metrics appear beside the adapter's.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return fmt.Errorf("register metrics: %w", err)
		}
	}
	return nil
}
