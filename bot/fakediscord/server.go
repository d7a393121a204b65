package fakediscord

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Tokens are the valid bot tokens, without the "Bot " prefix.
	// Default: []string{DefaultToken}.
	Tokens []string
	// BotID, BotName and AppID identify the bot user and its application.
	BotID, BotName, AppID string
	// GuildIDs are the guilds the bot is in (sent in READY and as GUILD_CREATE).
	// Default: []string{DefaultGuildID}.
	GuildIDs []string
	// HeartbeatInterval is sent in HELLO. Default 1s. discordgo gives up on a
	// connection after 5 intervals without an ACK.
	HeartbeatInterval time.Duration
	// InteractionDeadline, when positive, makes interaction callbacks arriving
	// later than this after the dispatch fail with 404 Unknown interaction
	// (10062), as Discord does after 3s. Zero: not enforced.
	InteractionDeadline time.Duration
	// NonceWindow is how long an enforce_nonce message nonce is remembered
	// per channel. Default 3 minutes.
	NonceWindow time.Duration
	// DisallowedIntents are privileged intents NOT enabled for the application
	// (e.g. IntentMessageContent): an IDENTIFY asking for them is closed with
	// 4014. Default: every privileged intent is allowed.
	DisallowedIntents int
	// IgnoreIntents delivers MESSAGE_CREATE and GUILD_CREATE whatever the
	// identified intents are, and never blanks message content.
	IgnoreIntents bool
	// EchoOwnMessages dispatches MESSAGE_CREATE for every message the bot
	// creates through REST, as Discord does (bots must ignore their own).
	EchoOwnMessages bool
	// Logf, when set, receives a line for every fault the fake injects.
	Logf func(format string, args ...any)
	// SigningKey signs the interactions DeliverInteraction POSTs to an
	// endpoint. Default: a key generated for this server.
	SigningKey ed25519.PrivateKey

	// Shards is the shard count GET /gateway/bot recommends. Default 1.
	Shards int
	// SessionStartLimit is GET /gateway/bot's session_start_limit; each
	// IDENTIFY uses one start. Default: 1000 a day, max_concurrency 1.
	SessionStartLimit SessionStartLimit
	// IdentifyInterval, when positive, is the least time between two
	// IDENTIFYs of one max_concurrency bucket (Discord: 5s); a faster one
	// is a violation (see IdentifyViolations). Zero: not checked.
	IdentifyInterval time.Duration
	// Now is the clock of the identify pacing check [time.Now]: give the
	// bot's injected clock to test its pacing without waiting.
	Now func() time.Time
}

// Server is a fake Discord: REST under /api/v{N}/ and a JSON gateway at
// /gateway, both on one 127.0.0.1 listener. All methods are safe for
// concurrent use.
type Server struct {
	opts   Options
	tb     testing.TB // set by Start: identify violations fail the test
	ln     net.Listener
	hs     *http.Server
	origin string
	done   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup // every goroutine and handler the server runs

	mu      sync.Mutex
	closed  bool
	changed chan struct{}
	lastID  int64
	gw      gatewayState
	rest    restState

	key    ed25519.PrivateKey
	client *http.Client // POSTs interactions to endpoints
}

// Start starts a Server for a test and closes it in tb.Cleanup.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s, err := NewServer(opts)
	if err != nil {
		tb.Fatalf("fakediscord: %v", err)
	}
	s.tb = tb
	tb.Cleanup(s.Close)
	return s
}

// NewServer starts a Server listening on 127.0.0.1 on a free port.
// Call Close when done.
func NewServer(opts Options) (*Server, error) {
	if len(opts.Tokens) == 0 {
		opts.Tokens = []string{DefaultToken}
	}
	opts.BotID = orDefault(opts.BotID, DefaultBotID)
	opts.BotName = orDefault(opts.BotName, DefaultBotName)
	opts.AppID = orDefault(opts.AppID, DefaultAppID)
	if len(opts.GuildIDs) == 0 {
		opts.GuildIDs = []string{DefaultGuildID}
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = defaultHeartbeat
	}
	opts.HeartbeatInterval = max(opts.HeartbeatInterval, 10*time.Millisecond) // discordgo needs whole milliseconds
	opts.Shards = max(opts.Shards, 1)
	if opts.SessionStartLimit == (SessionStartLimit{}) {
		opts.SessionStartLimit = SessionStartLimit{Total: 1000, Remaining: 1000, ResetAfter: 24 * time.Hour}
	}
	opts.SessionStartLimit.MaxConcurrency = max(opts.SessionStartLimit.MaxConcurrency, 1)
	if opts.NonceWindow <= 0 {
		opts.NonceWindow = defaultNonceWindow
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{
		opts:    opts,
		ln:      ln,
		origin:  "http://" + ln.Addr().String(),
		done:    make(chan struct{}),
		changed: make(chan struct{}),
	}
	if s.key = opts.SigningKey; s.key == nil {
		if _, s.key, err = ed25519.GenerateKey(nil); err != nil {
			ln.Close()
			return nil, fmt.Errorf("signing key: %w", err)
		}
	}
	s.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	s.gw.init()
	s.gw.startsLeft = opts.SessionStartLimit.Remaining
	s.rest.init(s)
	s.hs = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.hs.Serve(ln)
	}()
	return s, nil
}

// URL is the origin of the fake, e.g. "http://127.0.0.1:43121". Point the
// bot's DISCORD_API_URL at it.
func (s *Server) URL() string { return s.origin }

// GatewayURL is the WebSocket URL returned by GET /gateway and /gateway/bot.
func (s *Server) GatewayURL() string {
	return "ws://" + strings.TrimPrefix(s.origin, "http://") + "/gateway"
}

// Token returns the first valid bot token (without "Bot ").
func (s *Server) Token() string { return s.opts.Tokens[0] }

// BotUser is the bot's user object as the fake reports it.
func (s *Server) BotUser() User {
	return User{ID: s.opts.BotID, Username: s.opts.BotName, Discriminator: "0", Bot: true}
}

// AppID is the bot's application id.
func (s *Server) AppID() string { return s.opts.AppID }

// Close stops the server: it closes the listener, every HTTP and gateway
// connection (abruptly, without a close frame), aborts injected delays and
// waits until every goroutine of the server has returned. Idempotent.
func (s *Server) Close() {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		conns := s.gw.openConns()
		s.notifyLocked()
		s.mu.Unlock()
		close(s.done)
		_ = s.hs.Close()
		s.client.CloseIdleConnections()
		for _, c := range conns {
			c.drop()
		}
		s.wg.Wait()
	})
}

// enter registers a running handler; it returns false once the server is closed.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	switch {
	case r.URL.Path == "/gateway" || r.URL.Path == "/gateway/":
		s.serveGateway(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.serveREST(w, r)
	default:
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

// notifyLocked wakes every WaitFor. Callers hold s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) notify() {
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
}

// WaitFor blocks until cond returns true or ctx ends. cond is re-evaluated
// whenever the server's state changes (a request, a gateway message, a
// connection opening or closing…) and at least every 20ms, so it may also
// look at client-side state. cond must not block.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Await is WaitFor with DefaultWaitTimeout for tests: it fails tb with
// "timed out waiting for <what>". Call it from the test goroutine.
func (s *Server) Await(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), DefaultWaitTimeout)
	defer cancel()
	if err := s.WaitFor(ctx, cond); err != nil {
		tb.Fatalf("fakediscord: timed out after %v waiting for %s", DefaultWaitTimeout, what)
	}
}

// NewID returns a fresh snowflake (unique within this server, increasing).
func (s *Server) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	id := (time.Now().UnixMilli()-discordEpochMillis)<<22 | 1<<17
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return fmt.Sprint(id)
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf("fakediscord: "+format, args...)
	}
}

// sleep waits d, or less if the server closes or ctx ends; it reports
// whether the full delay elapsed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
	case <-ctx.Done():
	}
	return false
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
