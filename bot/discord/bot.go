// Package discord runs the command table on Discord through discordgo
// v0.29.0, and owns what that library leaves unsafe: the reconnect policy,
// deadlines on the gateway socket, a watchdog, fatal close codes, REST
// rate limits and retries, bounded rate-limit bucket memory, panic recovery
// and allowed_mentions on every message (see docs/ARCHITECTURE.md, "Known hazards").
//
// Wiring: New(Config) then Run(ctx); Messenger() and CanPost serve features
// that post on their own; Metrics() and HealthHandler() serve /metrics and
// /healthz.
package discord

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// Config configures a Bot. Token and Table are required; zero durations
// take the defaults named in brackets.
type Config struct {
	// Token is the bot token, with or without the "Bot " prefix.
	Token string
	// GuildID, when set, registers the commands in that guild only (they
	// appear at once); otherwise they are registered globally.
	GuildID string
	// APIURL is the origin REST calls and gateway discovery go to
	// [https://discord.com]: a REST proxy in production, a fake in tests.
	APIURL string
	// Log receives the adapter's log lines [discarded].
	Log *slog.Logger
	// Table is the command table: registration and dispatch.
	Table commands.Table
	// Metrics collects counters for /metrics [a new Metrics].
	Metrics *Metrics

	// HandshakeTimeout bounds each read on the gateway socket until READY
	// or RESUMED arrives, the WebSocket handshake included [10s]. A gateway
	// that accepts the socket but never says HELLO fails within it.
	HandshakeTimeout time.Duration
	// OpenTimeout bounds one connection attempt (discovery, dial, HELLO,
	// READY) [40s]. Past it the socket is closed; if discordgo's Open still
	// does not return, Run fails: the session is wedged.
	OpenTimeout time.Duration
	// DeferAfter is how long a handler may run before the interaction is
	// acknowledged with a deferred response [2s]; Discord allows 3s.
	DeferAfter time.Duration
	// HandlerTimeout is the deadline of a handler's context [30s].
	HandlerTimeout time.Duration
	// RESTTimeout bounds one REST attempt [10s].
	RESTTimeout time.Duration
	// ReconnectMin and ReconnectMax bound the reconnect backoff [250ms, 60s].
	ReconnectMin, ReconnectMax time.Duration
	// ShutdownTimeout bounds Run's return after ctx is cancelled [5s].
	ShutdownTimeout time.Duration
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.HandshakeTimeout, 10*time.Second)
	def(&c.OpenTimeout, 40*time.Second)
	def(&c.DeferAfter, 2*time.Second)
	def(&c.HandlerTimeout, 30*time.Second)
	def(&c.RESTTimeout, 10*time.Second)
	def(&c.ReconnectMin, 250*time.Millisecond)
	def(&c.ReconnectMax, 60*time.Second)
	def(&c.ShutdownTimeout, 5*time.Second)
	if c.APIURL == "" {
		c.APIURL = "https://discord.com"
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = NewMetrics()
	}
}

var _ qotd.ChannelChecker = (*Bot)(nil)

// Intents the bot identifies with: messages in guilds (for mentions) and
// DMs. No privileged intent: Discord includes the content of messages that
// mention the bot, and of DMs, without MESSAGE_CONTENT.
const intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// Bot is the Discord adapter. Create it with New, start it with Run.
type Bot struct {
	cfg     Config
	log     *slog.Logger
	metrics *Metrics
	sess    *discordgo.Session
	tr      *transport
	base    *http.Transport
	netDial net.Dialer
	// gatewayTLS overrides the TLS configuration of wss:// gateways (tests).
	gatewayTLS *tls.Config

	running  atomic.Bool
	stopping atomic.Bool
	inflight tracker
	// handlerCtx is the parent of handler contexts, workCtx of the REST
	// calls that deliver answers. Both outlive Run's ctx: at shutdown
	// handlers get a drain period, then handlerCtx is cancelled and their
	// users still get an answer before workCtx is.
	handlerCtx    context.Context
	handlerCancel context.CancelFunc
	workCtx       context.Context
	workCancel    context.CancelFunc

	// kick wakes the supervisor (discordgo's Disconnect event, a killed
	// socket); fatal carries the error that ends Run.
	kick  chan struct{}
	fatal chan error

	mu    sync.Mutex
	appID string
	botID string
	conn  *gwConn // the socket of the latest connection attempt
	connN int
}

// New checks cfg and builds a Bot; it does not touch the network.
func New(cfg Config) (*Bot, error) {
	cfg.defaults()
	token := strings.TrimSpace(cfg.Token)
	if rest, ok := strings.CutPrefix(token, "Bot"); ok && (rest == "" || rest[0] == ' ') {
		token = strings.TrimSpace(rest)
	}
	if token == "" {
		return nil, errors.New("discord: no token")
	}
	if len(cfg.Table) == 0 {
		return nil, errors.New("discord: empty command table")
	}
	origin, err := url.Parse(strings.TrimRight(cfg.APIURL, "/"))
	if err != nil || (origin.Scheme != "http" && origin.Scheme != "https") || origin.Host == "" {
		return nil, fmt.Errorf("discord: API URL %q is not an http(s) origin such as https://discord.com", cfg.APIURL)
	}
	sess, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	b := &Bot{
		cfg: cfg, log: cfg.Log, metrics: cfg.Metrics, sess: sess,
		kick: make(chan struct{}, 1), fatal: make(chan error, 1),
		netDial: net.Dialer{KeepAlive: 30 * time.Second},
	}
	b.workCtx, b.workCancel = context.WithCancel(context.Background())
	b.handlerCtx, b.handlerCancel = context.WithCancel(b.workCtx)

	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 32
	b.base = base
	b.tr = newTransport(origin, base, b.metrics)
	// REST: every request through our transport; discordgo's endpoint
	// variables stay untouched. The client timeout is a backstop: each
	// call has its own context deadline.
	sess.Client = &http.Client{Transport: b.tr, Timeout: cfg.RESTTimeout + 5*time.Second}
	sess.ShouldRetryOnRateLimit = false
	sess.MaxRestRetries = 0
	// Gateway: our dialer (deadlines, frame watch, TLS), our reconnects.
	sess.Dialer = &websocket.Dialer{NetDialContext: b.dial, HandshakeTimeout: cfg.HandshakeTimeout}
	sess.ShouldReconnectOnError = false
	sess.ShouldReconnectVoiceOnSessionError = false
	sess.Compress = false
	sess.Identify.Compress = false
	sess.Identify.Intents = intents
	sess.StateEnabled = false
	// Handlers run inline in discordgo's reader; ours only decode and hand
	// off, and recover from panics themselves.
	sess.SyncEvents = true
	sess.LogLevel = -1 // the adapter logs what matters through cfg.Log
	sess.AddHandler(b.onEvent)
	sess.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { b.wake() })

	b.metrics.setHealth(b.Health)
	return b, nil
}

// Metrics returns the adapter's metrics; it serves /metrics as an http.Handler.
func (b *Bot) Metrics() *Metrics { return b.metrics }

// fatalError ends Run: continuing would be worse than exiting.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }

func (b *Bot) setFatal(err error) {
	select {
	case b.fatal <- &fatalError{err}:
	default:
	}
}

func (b *Bot) wake() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// Run registers the commands, connects to the gateway and answers until ctx
// is cancelled (then it returns nil within Config.ShutdownTimeout) or a
// fatal condition occurs (a rejected token, a fatal gateway close code, a
// wedged session): it then returns an error saying what to fix.
func (b *Bot) Run(ctx context.Context) error {
	if !b.running.CompareAndSwap(false, true) {
		return errors.New("discord: Run called twice")
	}
	defer b.workCancel()
	defer b.handlerCancel()
	if err := b.prepare(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	supCtx, supCancel := context.WithCancel(ctx)
	defer supCancel()
	supErr := make(chan error, 1)
	go func() { supErr <- b.supervise(supCtx) }()

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-supErr:
		supErr = nil
	}
	b.shutdown(supCancel, supErr)
	return runErr
}

// Shutdown budget: the end of ShutdownTimeout is kept for closing the
// gateway (discordgo's CloseWithCode sleeps one second), and before that
// for delivering the answers of handlers cut short.
const (
	shutdownCloseReserve  = 1500 * time.Millisecond
	shutdownAnswerReserve = 700 * time.Millisecond
)

// shutdown stops new work, drains in-flight handlers and closes the gateway,
// all within ShutdownTimeout.
func (b *Bot) shutdown(supCancel context.CancelFunc, supErr chan error) {
	start := time.Now()
	deadline := start.Add(b.cfg.ShutdownTimeout)
	closeAt := deadline.Add(-shutdownCloseReserve)
	b.stopping.Store(true)
	supCancel()
	if supErr != nil { // the supervisor may be inside Open: it kills the socket
		select {
		case <-supErr:
		case <-time.After(time.Until(closeAt)):
			b.log.Error("discord: the gateway supervisor did not stop in time")
		}
	}
	// Let handlers finish; then cut them short, and give their users an
	// answer ("restarting") before the REST context ends too.
	drainCtx, cancel := context.WithDeadline(context.Background(), closeAt.Add(-shutdownAnswerReserve))
	drained := b.inflight.wait(drainCtx)
	cancel()
	if !drained {
		b.log.Warn("discord: shutting down: cutting short the handlers still running", "in_flight", b.inflight.count())
		b.handlerCancel()
		answerCtx, cancel := context.WithDeadline(context.Background(), closeAt)
		if !b.inflight.wait(answerCtx) {
			b.log.Warn("discord: shutting down with work unanswered", "in_flight", b.inflight.count())
		}
		cancel()
	}
	b.handlerCancel()
	b.workCancel()

	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_ = b.sess.CloseWithCode(websocket.CloseNormalClosure)
	}()
	select {
	case <-closed:
	case <-time.After(time.Until(deadline)):
		b.log.Error("discord: closing the gateway did not finish in time; exiting anyway")
		b.killConn(errors.New("shutdown"))
	}
	b.base.CloseIdleConnections()
	b.log.Info("discord: stopped", "took", time.Since(start).Round(time.Millisecond))
}

// prepare learns the application id and registers the commands by one bulk
// overwrite, before the gateway opens (never from the READY handler).
func (b *Bot) prepare(ctx context.Context) error {
	body, err := b.call(ctx, http.MethodGet, discordgo.EndpointOAuth2Application("@me"), nil, discordgo.EndpointOAuth2Applications)
	if err != nil {
		if status, _ := restStatus(err); status == http.StatusUnauthorized {
			return fmt.Errorf("discord: the bot token was rejected (401 Unauthorized); check DISCORD_TOKEN")
		}
		return fmt.Errorf("discord: read the application from %s: %w", b.cfg.APIURL, err)
	}
	var app struct {
		ID  string `json:"id"`
		Bot *struct {
			ID string `json:"id"`
		} `json:"bot"`
	}
	if err := json.Unmarshal(body, &app); err != nil || app.ID == "" {
		return fmt.Errorf("discord: read the application: unexpected answer %.200q", body)
	}
	b.mu.Lock()
	b.appID = app.ID
	if app.Bot != nil && b.botID == "" {
		b.botID = app.Bot.ID
	}
	b.mu.Unlock()
	return b.register(ctx, app.ID)
}

// register overwrites the application's commands with the table. A body
// Discord rejects (400) or a forbidden guild is fatal: the table or the
// configuration must be fixed. A Discord outage is not: the commands
// registered before keep working, so the bot runs on.
func (b *Bot) register(ctx context.Context, appID string) error {
	guild := b.cfg.GuildID != ""
	endpoint := discordgo.EndpointApplicationGlobalCommands(appID)
	scope := "global"
	if guild {
		endpoint = discordgo.EndpointApplicationGuildCommands(appID, b.cfg.GuildID)
		scope = "guild " + b.cfg.GuildID
	}
	cmds := appCommands(b.cfg.Table, guild)
	_, err := b.call(ctx, http.MethodPut, endpoint, cmds, endpoint)
	if err != nil {
		status, _ := restStatus(err)
		if status == http.StatusForbidden && guild {
			return fmt.Errorf("discord: registering commands in guild %s was refused: is the bot in that guild, invited with the applications.commands scope? Check DISCORD_GUILD_ID: %w", b.cfg.GuildID, err)
		}
		if status >= 400 && status < 500 && status != http.StatusTooManyRequests {
			return fmt.Errorf("discord: registering %d commands (%s) was refused: %w", len(cmds), scope, err)
		}
		b.log.Error("discord: could not register commands; running with the previous registration", "scope", scope, "err", err)
		return nil
	}
	b.log.Info("discord: commands registered", "scope", scope, "count", len(cmds))
	return nil
}

func (b *Bot) ids() (appID, botID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.appID, b.botID
}

// onEvent receives every gateway dispatch, raw, inline in discordgo's
// reader: it decodes and hands off, never blocks.
func (b *Bot) onEvent(_ *discordgo.Session, e *discordgo.Event) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("discord: panic while reading an event", "event", e.Type, "panic", p)
		}
	}()
	switch e.Type {
	case "INTERACTION_CREATE":
		b.onInteraction(e.RawData)
	case "MESSAGE_CREATE":
		b.onMessage(e.RawData)
	case "READY":
		var r struct {
			SessionID string `json:"session_id"`
			User      struct {
				ID string `json:"id"`
			} `json:"user"`
			Application struct {
				ID string `json:"id"`
			} `json:"application"`
		}
		if json.Unmarshal(e.RawData, &r) == nil {
			b.mu.Lock()
			if r.User.ID != "" {
				b.botID = r.User.ID
			}
			if r.Application.ID != "" {
				b.appID = r.Application.ID
			}
			b.mu.Unlock()
		}
		b.log.Info("discord: gateway READY", "session", r.SessionID)
	case "RESUMED":
		b.log.Info("discord: gateway RESUMED")
	}
}

// Health is the state /healthz reports.
type Health struct {
	// Connected is true when the gateway socket is up and saw READY or RESUMED.
	Connected bool
	// LastHeartbeatAck is when Discord last acknowledged a heartbeat on
	// the current socket; AckAge is how long ago.
	LastHeartbeatAck time.Time
	AckAge           time.Duration
	// HeartbeatInterval is what Discord asked for in HELLO.
	HeartbeatInterval time.Duration
	// InFlight counts interactions and mentions being handled.
	InFlight int
	// Stopping is true once shutdown began.
	Stopping bool
}

// Healthy reports whether the gateway is connected and heartbeats are
// acknowledged in time (three intervals).
func (h Health) Healthy() bool {
	if !h.Connected || h.Stopping {
		return false
	}
	return h.HeartbeatInterval <= 0 || h.AckAge <= 3*h.HeartbeatInterval
}

// Health reports the gateway's state.
func (b *Bot) Health() Health {
	h := Health{InFlight: b.inflight.count(), Stopping: b.stopping.Load()}
	b.mu.Lock()
	c := b.conn
	b.mu.Unlock()
	if c != nil {
		h.Connected = c.ready.Load() && !c.dead.Load()
		h.HeartbeatInterval = time.Duration(c.heartbeat.Load())
		if ack := c.lastAck.Load(); ack != 0 {
			h.LastHeartbeatAck = time.Unix(0, ack)
			h.AckAge = time.Since(h.LastHeartbeatAck)
		}
	}
	return h
}

// HealthHandler serves /healthz: 200 when Health().Healthy(), else 503,
// with the details as JSON.
func (b *Bot) HealthHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := b.Health()
		status, code := "ok", http.StatusOK
		if !h.Healthy() {
			status, code = "unavailable", http.StatusServiceUnavailable
		}
		age := -1.0
		if !h.LastHeartbeatAck.IsZero() {
			age = h.AckAge.Seconds()
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"status": status, "gateway_connected": h.Connected, "heartbeat_ack_age_seconds": age,
			"heartbeat_interval_seconds": h.HeartbeatInterval.Seconds(), "in_flight": h.InFlight, "stopping": h.Stopping,
		})
	})
}

// tracker counts in-flight work and lets shutdown wait for it. (A
// WaitGroup must not see Add concurrently with Wait at zero, which a late
// gateway event could cause.)
type tracker struct {
	mu   sync.Mutex
	n    int
	zero chan struct{}
}

func (t *tracker) add() {
	t.mu.Lock()
	if t.n == 0 {
		t.zero = make(chan struct{})
	}
	t.n++
	t.mu.Unlock()
}

func (t *tracker) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 {
		close(t.zero)
	}
	t.mu.Unlock()
}

func (t *tracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// wait returns true when nothing is in flight, false when ctx ended first.
func (t *tracker) wait(ctx context.Context) bool {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return true
	}
	ch := t.zero
	t.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	}
}
