package discord

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// How the adapter keeps discordgo's gateway connection honest:
//
//   - The supervisor is the only caller of Open, one attempt at a time, so
//     there is never more than one socket (discordgo's own reconnect is
//     off). It reconnects on discordgo's Disconnect event, on a socket the
//     watchdog killed, and never after shutdown began.
//   - Every socket is a gwConn: each read has a deadline (HandshakeTimeout
//     until READY/RESUMED, then twice the heartbeat interval), the server's
//     frames are parsed to learn close codes and ops, and op 7 before READY
//     fails the read instead of reaching discordgo (whose Open would
//     deadlock on it).
//   - Write errors are not reported to discordgo: the socket is closed and
//     the reader notices. discordgo's heartbeat goroutine closes whatever
//     connection is current when its write fails, which after a quick
//     reconnect is the new one (the reconnect storm of hazard 1).
//   - Fatal close codes end Run with an error that says what to fix.

// fatalClose explains the gateway close codes after which reconnecting
// cannot help (Discord's documentation: "do not reconnect").
func fatalClose(code int) (string, bool) {
	switch code {
	case 4004:
		return "authentication failed: the bot token is wrong or was reset; check DISCORD_TOKEN", true
	case 4010:
		return "invalid shard sent when identifying", true
	case 4011:
		return "sharding required: the bot is in too many guilds for one connection", true
	case 4012:
		return "invalid gateway API version", true
	case 4013:
		return "invalid intents sent when identifying", true
	case 4014:
		return "disallowed intents: a privileged intent is not enabled for the application in the developer portal", true
	}
	return "", false
}

// errReconnectBeforeReady fails a socket that got op 7 during the handshake.
var errReconnectBeforeReady = errors.New("discord gateway: op 7 (reconnect) arrived before READY/RESUMED; failing the socket so Open returns")

const (
	gatewayWriteTimeout = 10 * time.Second
	// stableAfter is how long a connection must last before the reconnect
	// backoff starts over: a socket that dies right after RESUME must not
	// turn into a tight reconnect loop.
	stableAfter = 10 * time.Second
)

// dial is the gorilla Dialer's NetDialContext: TCP, TLS when gateway
// discovery said wss (see transport.rewriteGateway), then the watch.
func (b *Bot) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	raw, err := b.netDial.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if name, ok := b.tr.tlsServerName(addr); ok {
		conf := &tls.Config{MinVersion: tls.VersionTLS12}
		if b.gatewayTLS != nil { // tests: a local certificate
			conf = b.gatewayTLS.Clone()
		}
		conf.ServerName = name
		tc := tls.Client(raw, conf)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, fmt.Errorf("discord gateway: TLS handshake with %s: %w", addr, err)
		}
		raw = tc
	}
	c := &gwConn{Conn: raw, b: b, handshake: b.cfg.HandshakeTimeout}
	b.mu.Lock()
	b.connN++
	c.id = b.connN
	old := b.conn
	b.conn = c
	b.mu.Unlock()
	if old != nil {
		old.kill(errors.New("superseded by a new connection"))
	}
	return c, nil
}

// gwConn is one gateway socket, watched.
type gwConn struct {
	net.Conn
	b         *Bot
	id        int
	handshake time.Duration

	// parser and evs are used by Read only; gorilla reads from one
	// goroutine at a time (Open's, then discordgo's reader).
	parser frameParser
	evs    []frameEvent

	ready     atomic.Bool
	dead      atomic.Bool
	heartbeat atomic.Int64 // HELLO's interval, ns
	lastAck   atomic.Int64 // unix ns of the last op 11 (or HELLO)
	lastFrame atomic.Int64 // unix ns of the last complete frame

	mu      sync.Mutex
	failure error
}

func (c *gwConn) failed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failure
}

// kill closes the socket; the pending read returns err.
func (c *gwConn) kill(err error) {
	c.mu.Lock()
	if c.failure == nil {
		c.failure = err
	}
	c.mu.Unlock()
	c.dead.Store(true)
	_ = c.Conn.Close()
}

// Close is discordgo closing the socket.
func (c *gwConn) Close() error {
	c.mu.Lock()
	if c.failure == nil {
		c.failure = net.ErrClosed
	}
	c.mu.Unlock()
	c.dead.Store(true)
	return c.Conn.Close()
}

func (c *gwConn) readTimeout() time.Duration {
	if c.ready.Load() {
		if hb := time.Duration(c.heartbeat.Load()); hb > 0 {
			return 2*hb + time.Second
		}
	}
	return c.handshake
}

func (c *gwConn) Read(p []byte) (int, error) {
	if err := c.failed(); err != nil {
		return 0, err
	}
	timeout := c.readTimeout()
	_ = c.Conn.SetReadDeadline(time.Now().Add(timeout))
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.evs = c.parser.feed(p[:n], c.evs[:0])
		for _, ev := range c.evs {
			if ferr := c.onFrame(ev); ferr != nil {
				c.kill(ferr)
				return 0, ferr
			}
		}
	}
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			err = fmt.Errorf("discord gateway: nothing received for %v: %w", timeout, err)
			if !c.ready.Load() {
				err = fmt.Errorf("discord gateway: no HELLO/READY within %v: %w", timeout, err)
			}
		}
		if f := c.failed(); f != nil {
			err = f // killed: report why
		}
		c.kill(err)
	}
	return n, err
}

func (c *gwConn) Write(p []byte) (int, error) {
	if c.dead.Load() {
		return len(p), nil
	}
	_ = c.Conn.SetWriteDeadline(time.Now().Add(gatewayWriteTimeout))
	if _, err := c.Conn.Write(p); err != nil {
		c.kill(fmt.Errorf("discord gateway: write failed: %w", err))
	}
	return len(p), nil
}

// onFrame reacts to one complete server frame; an error fails the socket.
func (c *gwConn) onFrame(ev frameEvent) error {
	now := time.Now().UnixNano()
	c.lastFrame.Store(now)
	switch {
	case ev.Close:
		c.b.onClose(c, ev.Code, ev.Reason)
	case ev.Text:
		switch ev.Op {
		case 10:
			var hello struct {
				HeartbeatInterval int64 `json:"heartbeat_interval"`
			}
			if json.Unmarshal(ev.D, &hello) == nil && hello.HeartbeatInterval > 0 {
				c.heartbeat.Store(int64(time.Duration(hello.HeartbeatInterval) * time.Millisecond))
			}
			c.lastAck.Store(now)
		case 11:
			c.lastAck.Store(now)
		case 7:
			if !c.ready.Load() {
				return errReconnectBeforeReady
			}
		case 0:
			if ev.T == "READY" || ev.T == "RESUMED" {
				c.ready.Store(true)
			}
		}
	}
	return nil
}

// onClose sees every close frame Discord sends, before discordgo does.
func (b *Bot) onClose(c *gwConn, code int, reason string) {
	if why, ok := fatalClose(code); ok {
		err := fmt.Errorf("discord: the gateway closed the connection with code %d (%s): %s; not reconnecting", code, reason, why)
		b.log.Error(err.Error())
		b.setFatal(err)
		return
	}
	level := slog.LevelInfo
	if b.stopping.Load() {
		level = slog.LevelDebug // the echo of our own close
	}
	b.log.Log(context.Background(), level, "discord: gateway closed the connection", "conn", c.id, "code", code, "reason", reason)
}

func (b *Bot) current() *gwConn {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.conn
}

func (b *Bot) killConn(err error) {
	if c := b.current(); c != nil {
		c.kill(err)
	}
}

// supervise keeps one gateway connection open until ctx ends or a fatal
// condition occurs (returned).
func (b *Bot) supervise(ctx context.Context) error {
	failures := 0
	for first := true; ; first = false {
		if !first {
			b.metrics.reconnect()
		}
		err := b.openGateway(ctx)
		if f := b.takeFatal(); f != nil {
			return f
		}
		var fe *fatalError
		if errors.As(err, &fe) {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			// Open finished just as its bound ran out: let go of that socket.
			if err := b.release(ctx); err != nil {
				return err
			}
		}
		if err != nil {
			failures++
			b.metrics.openFailed()
			wait := b.backoff(failures)
			b.log.Warn("discord: gateway connection failed", "err", err, "attempt", failures, "retry_in", wait.Round(time.Millisecond))
			if err := b.pause(ctx, wait); err != nil || ctx.Err() != nil {
				return err
			}
			continue
		}
		up := time.Now()
		b.log.Info("discord: gateway connected", "conn", b.current().id)
		if err := b.watch(ctx); err != nil || ctx.Err() != nil {
			return err
		}
		if time.Since(up) >= stableAfter {
			failures = 0
		} else {
			failures++ // it died young: back off, as after a failure
		}
		wait := time.Duration(0)
		if failures > 0 {
			wait = b.backoff(failures)
		}
		b.log.Warn("discord: gateway connection lost; reconnecting", "after", time.Since(up).Round(time.Millisecond), "retry_in", wait.Round(time.Millisecond))
		if err := b.pause(ctx, wait); err != nil || ctx.Err() != nil {
			return err
		}
	}
}

func (b *Bot) takeFatal() error {
	select {
	case err := <-b.fatal:
		return err
	default:
		return nil
	}
}

// pause waits d, or less when ctx ends (nil) or a fatal error arrives.
func (b *Bot) pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return b.takeFatal()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return nil
	case err := <-b.fatal:
		return err
	}
}

// backoff is exponential from ReconnectMin to ReconnectMax, with jitter.
func (b *Bot) backoff(failures int) time.Duration {
	d := b.cfg.ReconnectMin
	for i := 1; i < failures && d < b.cfg.ReconnectMax; i++ {
		d *= 2
	}
	if d > b.cfg.ReconnectMax {
		d = b.cfg.ReconnectMax
	}
	return d/2 + rand.N(d/2+1)
}

// openGateway runs discordgo's Open with a bound. Open holds the session
// lock while it reads; when it overruns, its socket is closed, which makes
// the read fail. If Open still does not return, the session is wedged for
// good and the error is fatal.
func (b *Bot) openGateway(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- b.sess.Open() }()
	timer := time.NewTimer(b.cfg.OpenTimeout)
	defer timer.Stop()
	var why string
	select {
	case err := <-done:
		return b.scrub(err) // gateway discovery is a REST call
	case <-timer.C:
		why = fmt.Sprintf("did not complete within %v", b.cfg.OpenTimeout)
	case <-ctx.Done():
		select {
		case err := <-done: // Open finished as shutdown began: close that socket cleanly
			return b.scrub(err)
		default:
		}
		why = "interrupted by shutdown"
	}
	b.killConn(errors.New("discord gateway: connection attempt " + why))
	// Open may be in a step the socket kill does not reach: gateway
	// discovery (bounded by the REST client's timeout) or the WebSocket
	// upgrade (bounded by HandshakeTimeout). Past those, it is wedged.
	openGrace := max(3*time.Second, b.cfg.HandshakeTimeout+time.Second, b.sess.Client.Timeout+time.Second)
	select {
	case err := <-done:
		if err == nil {
			err = errors.New("connection attempt " + why)
		}
		return fmt.Errorf("discord gateway: open %s: %w", why, b.scrub(err))
	case <-time.After(openGrace):
		err := fmt.Errorf("discord: gateway Open %s and is still blocked %v after its socket was closed: the session is wedged (discordgo holds its lock); exiting so the process can be restarted", why, openGrace)
		b.log.Error(err.Error())
		return &fatalError{err}
	}
}

// watch waits while the connection is healthy. It returns nil when the
// connection is lost (after making sure discordgo let go of it), or a
// fatal error.
func (b *Bot) watch(ctx context.Context) error {
	c := b.current()
	tick := b.cfg.HandshakeTimeout / 4
	if hb := time.Duration(c.heartbeat.Load()); hb > 0 && hb/2 < tick {
		tick = hb / 2
	}
	tick = max(tick, 10*time.Millisecond)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-b.fatal:
			return err
		case <-b.kick:
		case <-ticker.C:
		}
		if !c.dead.Load() {
			b.checkHeartbeat(c)
		}
		if c.dead.Load() {
			if err := b.release(ctx); err != nil {
				return err
			}
			return b.takeFatal()
		}
	}
}

// checkHeartbeat kills a socket whose heartbeats go unacknowledged for
// three intervals: a zombie connection. discordgo itself waits five and
// then closes with 1000, which ends the session; killing the socket first
// keeps the session resumable.
func (b *Bot) checkHeartbeat(c *gwConn) {
	hb := time.Duration(c.heartbeat.Load())
	last := c.lastAck.Load()
	if hb <= 0 || last == 0 || !c.ready.Load() {
		return
	}
	if age := time.Since(time.Unix(0, last)); age > 3*hb {
		b.log.Warn("discord: no heartbeat ACK; closing the socket to resume", "conn", c.id, "ack_age", age.Round(time.Millisecond))
		c.kill(fmt.Errorf("discord gateway: no heartbeat ACK for %v", age.Round(time.Millisecond)))
	}
}

// release makes sure discordgo has dropped the dead socket, so the next
// Open does not fail with "already open". Its reader may be closing it
// already (CloseWithCode sleeps a second); taking the session lock waits
// for that.
func (b *Bot) release(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = b.sess.CloseWithCode(4000) // not 1000: keep the session resumable
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return nil
	case <-time.After(b.cfg.OpenTimeout):
		err := errors.New("discord: closing the dead gateway socket is blocked (discordgo holds its lock); exiting so the process can be restarted")
		b.log.Error(err.Error())
		return &fatalError{err}
	}
}
