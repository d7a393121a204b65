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
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

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

	// ShardCount is the total number of shards [Discord's recommendation,
	// the "shards" of GET /gateway/bot]. ShardIDs are the shards this
	// process runs, each below ShardCount [all]. Only the process that runs
	// shard 0 registers the commands.
	ShardCount int
	ShardIDs   []int
	// IdentifyInterval is Discord's pacing of IDENTIFYs per max_concurrency
	// bucket [5s]. Tests shorten it (and Clock makes it manual).
	IdentifyInterval time.Duration
	// Clock paces IDENTIFYs [the system clock].
	Clock commands.Clock
	// IdentifyLeases, when set, is a database shared with the other
	// processes of the deployment: a process takes a bucket's lease before
	// it identifies, so that all of them together respect max_concurrency.
	// Without it the pacing is this process's alone.
	IdentifyLeases IdentifyLeases
	// Instance names this process in leases [hostname-pid].
	Instance string
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
	def(&c.IdentifyInterval, identifyInterval)
	if c.Clock == nil {
		c.Clock = commands.SystemClock{}
	}
	if c.Instance == "" {
		host, _ := os.Hostname()
		c.Instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
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
	// sess is the REST session; it never opens a gateway (shards do).
	sess    *discordgo.Session
	token   string
	tr      *transport
	base    *http.Transport
	netDial net.Dialer
	// gatewayTLS overrides the TLS configuration of wss:// gateways (tests).
	gatewayTLS *tls.Config

	running  atomic.Bool
	stopping atomic.Bool
	prepOnce sync.Once
	prepErr  error
	client   *http.Client // the REST client every session shares
	inflight tracker
	// handlerCtx is the parent of handler contexts, workCtx of the REST
	// calls that deliver answers. Both outlive Run's ctx: at shutdown
	// handlers get a drain period, then handlerCtx is cancelled and their
	// users still get an answer before workCtx is.
	handlerCtx    context.Context
	handlerCancel context.CancelFunc
	workCtx       context.Context
	workCancel    context.CancelFunc

	// fatal carries the error that ends Run (any shard's).
	fatal chan error

	// fleet is this process's shards, set by New when the count is
	// configured and by prepare when Discord recommends it (read at any
	// time by Health and Owns); pacer paces their IDENTIFYs, set by prepare
	// before any shard runs.
	fleet atomic.Pointer[fleet]
	pacer *identifyPacer

	mu    sync.Mutex
	appID string
	botID string
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
	if cfg.ShardCount < 0 || cfg.ShardCount > maxShards {
		return nil, fmt.Errorf("discord: %d shards: the count must be between 1 and %d", cfg.ShardCount, maxShards)
	}
	b := &Bot{
		cfg: cfg, log: cfg.Log, metrics: cfg.Metrics, token: token,
		fatal:   make(chan error, 1),
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
	b.client = &http.Client{Transport: b.tr, Timeout: cfg.RESTTimeout + 5*time.Second}
	if b.sess, err = b.newSession(); err != nil {
		return nil, err
	}
	b.sess.Identify.Intents = intents // what a shard identifies with (the REST session never does)
	if cfg.ShardCount > 0 {
		if err := b.makeShards(cfg.ShardCount); err != nil {
			return nil, err
		}
	}
	b.metrics.setHealth(b.Health)
	return b, nil
}

// newSession is a discordgo session on the adapter's REST transport, with
// discordgo's own retries off.
func (b *Bot) newSession() (*discordgo.Session, error) {
	sess, err := discordgo.New("Bot " + b.token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	sess.Client = b.client
	sess.ShouldRetryOnRateLimit = false
	sess.MaxRestRetries = 0
	sess.ShouldReconnectOnError = false
	sess.LogLevel = -1 // the adapter logs what matters through cfg.Log
	return sess, nil
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
	if err := b.Prepare(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	supCtx, supCancel := context.WithCancel(ctx)
	defer supCancel()
	// One supervisor per shard; the first to end with an error ends Run.
	shards := b.shards().shards
	supErr := make(chan error, len(shards))
	var sups sync.WaitGroup
	for _, sh := range shards {
		sups.Add(1)
		go func() {
			defer sups.Done()
			if err := sh.supervise(supCtx); err != nil {
				supErr <- err
			}
		}()
	}
	supsDone := make(chan struct{})
	go func() { sups.Wait(); close(supsDone) }()

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-supErr:
	case <-supsDone: // every supervisor returned without an error: ctx ended
	}
	b.shutdown(supCancel, supsDone)
	return runErr
}

func (b *Bot) ids() (appID, botID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.appID, b.botID
}

// learnIDs keeps the application and bot user ids READY reports.
func (b *Bot) learnIDs(appID, botID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if botID != "" {
		b.botID = botID
	}
	if appID != "" {
		b.appID = appID
	}
}
