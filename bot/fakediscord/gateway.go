package fakediscord

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresence       = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// closeReasons are Discord's texts for its gateway close codes.
var closeReasons = map[int]string{
	4000: "Unknown error.", 4001: "Unknown opcode.", 4002: "Decode error.",
	4003: "Not authenticated.", 4004: "Authentication failed.", 4005: "Already authenticated.",
	4007: "Invalid seq.", 4008: "Rate limited.", 4009: "Session timed out.",
	4010: "Invalid shard.", 4011: "Sharding required.", 4012: "Invalid API version.",
	4013: "Invalid intent(s).", 4014: "Disallowed intent(s).",
}

// gatewayState is guarded by Server.mu.
type gatewayState struct {
	nextConnID    int
	conns         map[int]*gwConn // open connections
	infos         []*ConnInfo     // every connection ever accepted
	sessions      map[string]*gwSession
	current       *gwSession // the session Dispatch targets: the latest identified or resumed
	latest        map[shardKey]*gwSession
	lastIdentify  map[int]time.Time // per max_concurrency bucket
	violations    []string
	identifies    []Identify
	resumes       []Resume
	faults        []queuedFault
	noAcks        bool
	startsLeft    int
	startsResetAt time.Time
}

func (g *gatewayState) init() {
	g.conns = map[int]*gwConn{}
	g.sessions = map[string]*gwSession{}
	g.latest = map[shardKey]*gwSession{}
	g.lastIdentify = map[int]time.Time{}
}

func (g *gatewayState) openConns() []*gwConn {
	out := make([]*gwConn, 0, len(g.conns))
	for _, c := range g.conns {
		out = append(out, c)
	}
	return out
}

// gwConn is one accepted gateway WebSocket.
type gwConn struct {
	s       *Server
	ws      *websocket.Conn
	fault   GatewayFault
	closing atomic.Bool // the server started closing: the client's reply close frame does not count
	wmu     sync.Mutex
	// Guarded by Server.mu:
	info   *ConnInfo
	sess   *gwSession
	authed bool
}

// gwSession is a gateway session: its sequence and the log used to replay
// dispatches on RESUME. Its mu orders sequence numbers and socket writes.
type gwSession struct {
	id      string
	intents int
	shard   int // [shard, count] of its IDENTIFY ([0, 1] without one)
	count   int
	created time.Time
	mu      sync.Mutex
	seq     int64
	log     []logged
	conn    *gwConn
	invalid bool
}

type logged struct {
	seq   int64
	frame []byte
}

type frame struct {
	Op int     `json:"op"`
	D  any     `json:"d"`
	S  *int64  `json:"s"`
	T  *string `json:"t"`
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade already answered with an HTTP error
	}
	c := &gwConn{s: s, ws: ws}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.UnderlyingConn().Close()
		return
	}
	c.fault = s.gw.takeFault()
	s.gw.nextConnID++
	c.info = &ConnInfo{ID: s.gw.nextConnID, Query: r.URL.Query(), OpenedAt: time.Now()}
	s.gw.conns[c.info.ID] = c
	s.gw.infos = append(s.gw.infos, c.info)
	s.notifyLocked()
	s.mu.Unlock()
	defer c.finish()

	ws.SetCloseHandler(c.onClientClose)
	if c.fault.NoHello {
		s.logf("conn %d: not sending HELLO", c.info.ID)
	} else if c.send(opHello, map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}) != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil || !c.handle(data) {
			return
		}
	}
}

// finish runs when the read loop ends: the connection is gone for good.
func (c *gwConn) finish() {
	c.drop()
	s := c.s
	s.mu.Lock()
	c.info.ClosedAt = time.Now()
	delete(s.gw.conns, c.info.ID)
	sess := c.sess
	s.notifyLocked()
	s.mu.Unlock()
	if sess != nil {
		sess.mu.Lock()
		if sess.conn == c {
			sess.conn = nil
		}
		sess.mu.Unlock()
	}
}

// onClientClose records the client's close frame. Discord invalidates the
// session when a client closes with 1000 or 1001 (unless it is answering
// the server's own close frame).
func (c *gwConn) onClientClose(code int, _ string) error {
	s := c.s
	s.mu.Lock()
	c.info.ClientCloseCode = code
	sess := c.sess
	if !c.closing.Load() && (code == websocket.CloseNormalClosure || code == websocket.CloseGoingAway) {
		s.gw.invalidateLocked(sess)
	} else {
		sess = nil
	}
	s.mu.Unlock()
	if sess != nil {
		sess.markInvalid()
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), time.Now().Add(time.Second))
	return nil
}

func (c *gwConn) send(op int, d any) error {
	b, err := json.Marshal(frame{Op: op, D: d})
	if err != nil {
		return err
	}
	return c.sendRaw(b)
}

func (c *gwConn) sendRaw(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

// closeWith sends a close frame with code, then closes the TCP connection.
func (c *gwConn) closeWith(code int, reason string) {
	if reason == "" {
		reason = closeReasons[code]
	}
	c.s.logf("conn %d: closing with %d %s", c.info.ID, code, reason)
	c.closing.Store(true)
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	c.wmu.Unlock()
	c.drop()
}

// drop closes the TCP connection without a close frame.
func (c *gwConn) drop() {
	c.closing.Store(true)
	_ = c.ws.UnderlyingConn().Close()
}

// handle processes one client payload; false ends the connection.
func (c *gwConn) handle(data []byte) bool {
	var p struct {
		Op *int            `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := json.Unmarshal(data, &p); err != nil || p.Op == nil {
		c.closeWith(4002, "")
		return false
	}
	switch *p.Op {
	case opHeartbeat:
		return c.onHeartbeat()
	case opIdentify:
		return c.onIdentify(p.D)
	case opResume:
		return c.onResume(p.D)
	case opPresence, opVoiceState, opRequestMembers:
		c.s.mu.Lock()
		authed := c.authed
		c.s.mu.Unlock()
		if !authed {
			c.closeWith(4003, "")
			return false
		}
		return true
	default:
		c.closeWith(4001, "")
		return false
	}
}

func (c *gwConn) onHeartbeat() bool {
	s := c.s
	s.mu.Lock()
	c.info.LastHeartbeat = time.Now()
	c.info.Heartbeats++
	ack := !s.gw.noAcks && !c.fault.NoHeartbeatAck
	s.notifyLocked()
	s.mu.Unlock()
	if !ack {
		return true
	}
	return c.send(opHeartbeatACK, nil) == nil
}

func newSessionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func ptr[T any](v T) *T { return &v }
