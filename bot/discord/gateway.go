package discord

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// supervise keeps the shard's gateway connection open until ctx ends or a
// fatal condition occurs (returned).
func (sh *shard) supervise(ctx context.Context) error {
	b := sh.b
	failures := 0
	for first := true; ; first = false {
		if !first {
			b.metrics.reconnect(sh.id)
		}
		if err := sh.awaitIdentify(ctx); err != nil {
			return nil // ctx ended
		}
		err := sh.openGateway(ctx)
		sh.mu.Lock()
		leftover := sh.grant // the attempt never reached the socket
		sh.grant = nil
		sh.mu.Unlock()
		leftover.release(false)
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
			if err := sh.release(ctx); err != nil {
				return err
			}
		}
		if err != nil {
			failures++
			b.metrics.openFailed(sh.id)
			wait := b.backoff(failures)
			b.log.Warn("discord: gateway connection failed", "shard", sh.id, "err", err, "attempt", failures, "retry_in", wait.Round(time.Millisecond))
			if err := b.pause(ctx, wait); err != nil || ctx.Err() != nil {
				return err
			}
			continue
		}
		up := time.Now()
		sh.setUp(true, up)
		b.log.Info("discord: gateway connected", "shard", sh.id, "conn", sh.current().id)
		err = sh.watch(ctx)
		sh.setUp(false, time.Now())
		if err != nil || ctx.Err() != nil {
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
		b.log.Warn("discord: gateway connection lost; reconnecting", "shard", sh.id, "after", time.Since(up).Round(time.Millisecond), "retry_in", wait.Round(time.Millisecond))
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
func (sh *shard) openGateway(ctx context.Context) error {
	b := sh.b
	done := make(chan error, 1)
	go func() { done <- sh.sess.Open() }()
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
	sh.killConn(errors.New("discord gateway: connection attempt " + why))
	// Open may be in a step the socket kill does not reach: gateway
	// discovery (bounded by the REST client's timeout) or the WebSocket
	// upgrade (bounded by HandshakeTimeout). Past those, it is wedged.
	openGrace := max(3*time.Second, b.cfg.HandshakeTimeout+time.Second, sh.sess.Client.Timeout+time.Second)
	select {
	case err := <-done:
		if err == nil {
			err = errors.New("connection attempt " + why)
		}
		return fmt.Errorf("discord gateway: open %s: %w", why, b.scrub(err))
	case <-time.After(openGrace):
		err := fmt.Errorf("discord: shard %d's gateway Open %s and is still blocked %v after its socket was closed: the session is wedged (discordgo holds its lock); exiting so the process can be restarted", sh.id, why, openGrace)
		b.log.Error(err.Error())
		return &fatalError{err}
	}
}

// watch waits while the connection is healthy. It returns nil when the
// connection is lost (after making sure discordgo let go of it), or a
// fatal error.
func (sh *shard) watch(ctx context.Context) error {
	b := sh.b
	c := sh.current()
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
		case <-sh.kick:
		case <-ticker.C:
		}
		if !c.dead.Load() {
			sh.checkHeartbeat(c)
		}
		if c.dead.Load() {
			if err := sh.release(ctx); err != nil {
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
func (sh *shard) checkHeartbeat(c *gwConn) {
	hb := time.Duration(c.heartbeat.Load())
	last := c.lastAck.Load()
	if hb <= 0 || last == 0 || !c.ready.Load() {
		return
	}
	if age := time.Since(time.Unix(0, last)); age > 3*hb {
		sh.b.log.Warn("discord: no heartbeat ACK; closing the socket to resume", "shard", sh.id, "conn", c.id, "ack_age", age.Round(time.Millisecond))
		c.kill(fmt.Errorf("discord gateway: no heartbeat ACK for %v", age.Round(time.Millisecond)))
	}
}

// release makes sure discordgo has dropped the dead socket, so the next
// Open does not fail with "already open". Its reader may be closing it
// already (CloseWithCode sleeps a second); taking the session lock waits
// for that.
func (sh *shard) release(ctx context.Context) error {
	b := sh.b
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = sh.sess.CloseWithCode(4000) // not 1000: keep the session resumable
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return nil
	case <-time.After(b.cfg.OpenTimeout):
		err := fmt.Errorf("discord: closing shard %d's dead gateway socket is blocked (discordgo holds its lock); exiting so the process can be restarted", sh.id)
		b.log.Error(err.Error())
		return &fatalError{err}
	}
}

// awaitIdentify takes the identify slot before an Open that will IDENTIFY
// (discordgo resumes once it has seen READY), so that waiting for the
// bucket does not eat into OpenTimeout. The grant goes with the socket.
func (sh *shard) awaitIdentify(ctx context.Context) error {
	p := sh.b.pacer
	if p == nil || sh.readySeen.Load() {
		return nil
	}
	g, err := p.wait(ctx, sh.id)
	if err != nil {
		return err
	}
	sh.mu.Lock()
	sh.grant = g
	sh.mu.Unlock()
	return nil
}
