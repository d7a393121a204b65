package discord

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// dial is the gorilla Dialer's NetDialContext of one shard: TCP, TLS when
// gateway discovery said wss (see transport.rewriteGateway), then the watch.
func (b *Bot) dial(ctx context.Context, sh *shard, network, addr string) (net.Conn, error) {
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
	c := newGWConn(raw, sh, b.cfg.HandshakeTimeout)
	sh.mu.Lock()
	sh.connN++
	c.id = sh.connN
	old := sh.conn
	sh.conn = c
	// The grant the supervisor took for this attempt's IDENTIFY goes with
	// the socket: released when the IDENTIFY is written or the socket dies.
	c.grant.Store(sh.grant)
	sh.grant = nil
	sh.mu.Unlock()
	if old != nil {
		old.kill(errors.New("superseded by a new connection"))
	}
	return c, nil
}

// gwConn is one gateway socket, watched.
type gwConn struct {
	net.Conn
	sh        *shard
	id        int
	handshake time.Duration
	// ctx ends when the socket dies: it bounds a wait for an identify slot.
	ctx    context.Context
	cancel context.CancelFunc

	// parser and evs are used by Read only; gorilla reads from one
	// goroutine at a time (Open's, then discordgo's reader).
	parser frameParser
	evs    []frameEvent
	// out and outEvs parse what the client writes (gorilla serialises
	// writes): the IDENTIFY going out, and heartbeats for the latency.
	out    frameParser
	outEvs []frameEvent

	ready     atomic.Bool
	dead      atomic.Bool
	heartbeat atomic.Int64 // HELLO's interval, ns
	lastAck   atomic.Int64 // unix ns of the last op 11 (or HELLO)
	lastFrame atomic.Int64 // unix ns of the last complete frame
	hbSent    atomic.Int64 // unix ns of the last heartbeat written
	latency   atomic.Int64 // ns between the last heartbeat and its ACK
	grant     atomic.Pointer[identifyGrant]

	mu      sync.Mutex
	failure error
}

func newGWConn(raw net.Conn, sh *shard, handshake time.Duration) *gwConn {
	c := &gwConn{Conn: raw, sh: sh, handshake: handshake}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c
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
	c.die()
}

// Close is discordgo closing the socket.
func (c *gwConn) Close() error {
	c.mu.Lock()
	if c.failure == nil {
		c.failure = net.ErrClosed
	}
	c.mu.Unlock()
	c.die()
	return c.Conn.Close()
}

func (c *gwConn) die() {
	c.dead.Store(true)
	c.cancel()
	c.grant.Swap(nil).release(false)
	_ = c.Conn.Close()
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
		return len(p), nil
	}
	c.outEvs = c.out.feed(p, c.outEvs[:0])
	for _, ev := range c.outEvs {
		switch {
		case ev.Text && ev.Op == 1:
			c.hbSent.Store(time.Now().UnixNano())
		case ev.Text && ev.Op == 2:
			c.grant.Swap(nil).release(true)
			c.sh.b.log.Debug("discord: IDENTIFY sent", "shard", c.sh.id, "conn", c.id)
		}
	}
	return len(p), nil
}

// onFrame reacts to one complete server frame; an error fails the socket.
func (c *gwConn) onFrame(ev frameEvent) error {
	now := time.Now().UnixNano()
	c.lastFrame.Store(now)
	switch {
	case ev.Close:
		c.sh.onClose(c, ev.Code, ev.Reason)
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
			if sent := c.hbSent.Load(); sent > 0 && now >= sent {
				c.latency.Store(now - sent)
			}
		case 7:
			if !c.ready.Load() {
				return errReconnectBeforeReady
			}
		case 9:
			// Invalid session: discordgo answers with an IDENTIFY on this
			// socket as soon as it reads this frame, so the frame waits
			// here for the shard's identify slot.
			return c.awaitIdentifySlot()
		case 0:
			switch ev.T {
			case "READY":
				c.ready.Store(true)
				c.grant.Swap(nil).release(true)
			case "RESUMED":
				c.ready.Store(true)
				c.grant.Swap(nil).release(false) // it resumed: no IDENTIFY was needed
			}
		}
	}
	return nil
}

// awaitIdentifySlot holds an op 9 until the pacer lets this shard identify
// (or the socket dies, which fails the read).
func (c *gwConn) awaitIdentifySlot() error {
	p := c.sh.b.pacer
	if p == nil || c.grant.Load() != nil {
		return nil
	}
	g, err := p.wait(c.ctx, c.sh.id)
	if err != nil {
		return fmt.Errorf("discord gateway: invalid session; socket closed while waiting to identify: %w", err)
	}
	if old := c.grant.Swap(g); old != nil {
		old.release(false)
	}
	return nil
}

// onClose sees every close frame Discord sends, before discordgo does.
func (sh *shard) onClose(c *gwConn, code int, reason string) {
	b := sh.b
	if why, ok := fatalClose(code); ok {
		err := fmt.Errorf("discord: the gateway closed shard %d's connection with code %d (%s): %s; not reconnecting", sh.id, code, reason, why)
		b.log.Error(err.Error())
		b.setFatal(err)
		return
	}
	level := slog.LevelInfo
	if b.stopping.Load() {
		level = slog.LevelDebug // the echo of our own close
	}
	b.log.Log(context.Background(), level, "discord: gateway closed the connection", "shard", sh.id, "conn", c.id, "code", code, "reason", reason)
}
