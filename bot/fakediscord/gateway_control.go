package fakediscord

import (
	"errors"
	"time"
)

// ErrNoSession is returned by Dispatch when no gateway session is live
// (nobody identified yet, or the session was invalidated).
var ErrNoSession = errors.New("fakediscord: no live gateway session")

// GatewayFault is a misbehaviour of the gateway for one future connection;
// queue it with FaultNextConnections. Several fields may be combined.
type GatewayFault struct {
	// NoHello accepts the WebSocket but never sends HELLO. discordgo's Open
	// then blocks (holding the session lock) until the socket dies.
	NoHello bool
	// ReconnectOnHandshake answers IDENTIFY or RESUME with op 7 (reconnect)
	// instead of READY/RESUMED, i.e. op 7 arrives before READY.
	ReconnectOnHandshake bool
	// CloseOnHandshake, when non-zero, answers IDENTIFY or RESUME by closing
	// with this close code (e.g. 4000, 4009, 4011).
	CloseOnHandshake int
	// DropAfterResume sends the replay and RESUMED, then drops the TCP
	// connection without a close frame.
	DropAfterResume bool
	// NoHeartbeatAck never answers op 1 with op 11 on this connection.
	NoHeartbeatAck bool
}

type queuedFault struct {
	f GatewayFault
	n int // remaining connections; negative: forever
}

// FaultNextConnections applies f to the next n accepted gateway connections
// (n < 0: to every future connection until ClearGatewayFaults). Faults
// queued earlier are used first.
func (s *Server) FaultNextConnections(n int, f GatewayFault) {
	if n == 0 {
		return
	}
	s.mu.Lock()
	s.gw.faults = append(s.gw.faults, queuedFault{f: f, n: n})
	s.mu.Unlock()
}

// ClearGatewayFaults forgets the queued connection faults and turns
// heartbeat ACKs back on.
func (s *Server) ClearGatewayFaults() {
	s.mu.Lock()
	s.gw.faults, s.gw.noAcks = nil, false
	s.notifyLocked()
	s.mu.Unlock()
}

func (g *gatewayState) takeFault() GatewayFault {
	if len(g.faults) == 0 {
		return GatewayFault{}
	}
	q := &g.faults[0]
	f := q.f
	if q.n > 0 {
		q.n--
		if q.n == 0 {
			g.faults = g.faults[1:]
		}
	}
	return f
}

// SetHeartbeatAcks turns heartbeat ACKs (op 11) on or off for every
// connection, open or future. discordgo reconnects when no ACK arrived for
// five heartbeat intervals.
func (s *Server) SetHeartbeatAcks(on bool) {
	s.mu.Lock()
	s.gw.noAcks = !on
	s.notifyLocked()
	s.mu.Unlock()
}

// DropConnections closes every open gateway connection abruptly (TCP close,
// no close frame), as a network failure would. Sessions stay resumable.
// It returns how many connections were dropped.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := s.gw.openConns()
	s.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
	return len(conns)
}

// CloseConnections closes every open gateway connection with a close frame
// carrying code (reason "" uses Discord's text). Codes after which Discord
// does not allow a RESUME (4004, 4007, 4009, 4010–4014) also invalidate the
// sessions; others (1000, 4000, …) leave them resumable.
func (s *Server) CloseConnections(code int, reason string) int {
	invalidates := code == 4004 || code == 4007 || code == 4009 || (code >= 4010 && code <= 4014)
	s.mu.Lock()
	conns := s.gw.openConns()
	var dead []*gwSession
	if invalidates {
		for _, c := range conns {
			if c.sess != nil {
				s.gw.invalidateLocked(c.sess)
				dead = append(dead, c.sess)
			}
		}
	}
	s.mu.Unlock()
	for _, ss := range dead {
		ss.markInvalid()
	}
	for _, c := range conns {
		c.closeWith(code, reason)
	}
	return len(conns)
}

// SendReconnect sends op 7 (reconnect) on every open connection and
// returns how many got it. The sessions stay resumable.
func (s *Server) SendReconnect() int {
	return s.broadcast(opReconnect, nil)
}

// SendInvalidSession sends op 9 with d = resumable on every open
// connection. With resumable false the sessions are also forgotten, so a
// later RESUME gets op 9 again. Either way the connections are no longer
// authenticated and expect a new IDENTIFY (discordgo sends one at once on
// the same socket, whatever d says).
func (s *Server) SendInvalidSession(resumable bool) int {
	s.mu.Lock()
	conns := s.gw.openConns()
	var dead []*gwSession
	for _, c := range conns {
		c.authed = false
		if !resumable && c.sess != nil {
			s.gw.invalidateLocked(c.sess)
			dead = append(dead, c.sess)
		}
	}
	s.mu.Unlock()
	for _, ss := range dead {
		ss.markInvalid()
	}
	n := 0
	for _, c := range conns {
		if c.send(opInvalidSession, resumable) == nil {
			n++
		}
	}
	return n
}

func (s *Server) broadcast(op int, d any) int {
	s.mu.Lock()
	conns := s.gw.openConns()
	s.mu.Unlock()
	n := 0
	for _, c := range conns {
		if c.send(op, d) == nil {
			n++
		}
	}
	return n
}

// Dispatch sends a raw dispatch (op 0) with event type t and data d to the
// live session and returns its sequence number. d is marshalled with
// encoding/json (json.RawMessage is sent as is). When the session has no
// open connection the event is only logged, and replayed on RESUME.
func (s *Server) Dispatch(t string, d any) (int64, error) {
	s.mu.Lock()
	sess := s.gw.current
	s.mu.Unlock()
	if sess == nil {
		return 0, ErrNoSession
	}
	sess.mu.Lock()
	if sess.invalid {
		sess.mu.Unlock()
		return 0, ErrNoSession
	}
	err := sess.dispatchLocked(t, d)
	seq := sess.seq
	sess.mu.Unlock()
	s.notify()
	if err != nil {
		return 0, err
	}
	return seq, nil
}

// SessionID is the id of the live session ("" when none).
func (s *Server) SessionID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gw.current == nil {
		return ""
	}
	return s.gw.current.id
}

// Seq is the last sequence number dispatched in the live session.
func (s *Server) Seq() int64 {
	s.mu.Lock()
	sess := s.gw.current
	s.mu.Unlock()
	if sess == nil {
		return 0
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.seq
}

// Connected reports whether the live session has an open, authenticated
// connection (READY or RESUMED was sent on it).
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.gw.conns {
		if c.authed && c.sess == s.gw.current && c.sess != nil {
			return true
		}
	}
	return false
}

// OpenConnections is the number of currently open gateway connections.
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.gw.conns)
}

// Connections describes every gateway connection ever accepted, oldest first.
func (s *Server) Connections() []ConnInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ConnInfo, len(s.gw.infos))
	for i, c := range s.gw.infos {
		out[i] = *c
	}
	return out
}

// LastHeartbeat is the time of the latest op 1 on any connection (zero if none).
func (s *Server) LastHeartbeat() time.Time {
	var last time.Time
	for _, c := range s.Connections() {
		if c.LastHeartbeat.After(last) {
			last = c.LastHeartbeat
		}
	}
	return last
}

// Identifies returns every IDENTIFY received, oldest first (rejected ones included).
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.gw.identifies...)
}

// IdentifyCount is len(Identifies()).
func (s *Server) IdentifyCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.gw.identifies)
}

// Resumes returns every RESUME received, oldest first.
func (s *Server) Resumes() []Resume {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Resume(nil), s.gw.resumes...)
}

// ResumeCount is len(Resumes()).
func (s *Server) ResumeCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.gw.resumes)
}
