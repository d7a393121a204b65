package fakediscord

import (
	"encoding/json"
	"strings"
	"time"
)

// IDENTIFY (op 2) and RESUME (op 6), and the session's dispatch log.

// handshakeFault applies the connection's IDENTIFY/RESUME fault, if any.
// It returns (keepReading, handled).
func (c *gwConn) handshakeFault() (bool, bool) {
	switch {
	case c.fault.CloseOnHandshake != 0:
		c.closeWith(c.fault.CloseOnHandshake, "")
		return false, true
	case c.fault.ReconnectOnHandshake:
		c.s.logf("conn %d: op 7 instead of READY/RESUMED", c.info.ID)
		return c.send(opReconnect, nil) == nil, true
	}
	return true, false
}

func (c *gwConn) onIdentify(d json.RawMessage) bool {
	s := c.s
	var id Identify
	if err := json.Unmarshal(d, &id); err != nil {
		c.closeWith(4002, "")
		return false
	}
	id.At = s.now()
	s.mu.Lock()
	authed := c.authed
	s.mu.Unlock()
	switch {
	case authed:
		c.closeWith(4005, "")
		return false
	case !s.validToken(id.Token, true):
		c.recordIdentify(id)
		c.closeWith(4004, "")
		return false
	case id.Intents&privilegedIntents&s.opts.DisallowedIntents != 0:
		c.recordIdentify(id)
		c.closeWith(4014, "")
		return false
	case id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]):
		c.recordIdentify(id)
		c.closeWith(4010, "")
		return false
	}
	if keep, handled := c.handshakeFault(); handled {
		c.recordIdentify(id)
		return keep
	}
	shard, count := 0, 1
	if id.Shard != nil {
		shard, count = id.Shard[0], id.Shard[1]
	}
	s.mu.Lock()
	violation := s.checkIdentifyLocked(shard)
	s.mu.Unlock()
	if violation != "" {
		c.recordIdentify(id)
		s.logf("conn %d: %s", c.info.ID, violation)
		if s.tb != nil {
			s.tb.Errorf("fakediscord: the bot over-identified: %s", violation)
		}
		return c.send(opInvalidSession, false) == nil
	}
	sess := &gwSession{id: newSessionID(), intents: id.Intents, conn: c, shard: shard, count: count, created: time.Now()}
	ready, guilds := s.readyPayload(sess.id, shard, count), s.guildCreatePayloads(shard, count)
	// Publish the session before READY, holding its lock so that no
	// Dispatch can slip in ahead of READY. (Lock order: session, then server.)
	sess.mu.Lock()
	s.mu.Lock()
	s.gw.sessions[sess.id] = sess
	s.gw.current = sess
	s.gw.latest[shardKey{shard, count}] = sess
	old := c.sess
	c.sess, c.authed, c.info.SessionID, c.info.Shard = sess, true, sess.id, sess.shard
	s.mu.Unlock()
	c.recordIdentify(id)
	err := sess.dispatchLocked("READY", ready)
	if sess.intents&IntentGuilds != 0 || s.opts.IgnoreIntents {
		for _, g := range guilds {
			if err == nil {
				err = sess.dispatchLocked("GUILD_CREATE", g)
			}
		}
	}
	sess.mu.Unlock()
	if old != nil { // identified again after op 9: the old session loses this socket
		old.mu.Lock()
		if old.conn == c {
			old.conn = nil
		}
		old.mu.Unlock()
	}
	return err == nil
}

func (c *gwConn) recordIdentify(id Identify) {
	c.s.mu.Lock()
	c.s.gw.identifies = append(c.s.gw.identifies, id)
	c.s.notifyLocked()
	c.s.mu.Unlock()
}

func (c *gwConn) onResume(d json.RawMessage) bool {
	s := c.s
	var rp struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &rp); err != nil {
		c.closeWith(4002, "")
		return false
	}
	rec := Resume{SessionID: rp.SessionID, Seq: rp.Seq, At: time.Now()}
	s.mu.Lock()
	authed := c.authed
	sess := s.gw.sessions[rp.SessionID]
	s.mu.Unlock()
	switch {
	case authed:
		c.closeWith(4005, "")
		return false
	case !s.validToken(rp.Token, true):
		c.recordResume(rec)
		c.closeWith(4004, "")
		return false
	}
	if keep, handled := c.handshakeFault(); handled {
		c.recordResume(rec)
		return keep
	}
	if sess == nil {
		c.recordResume(rec)
		return c.send(opInvalidSession, false) == nil
	}
	sess.mu.Lock()
	if sess.invalid {
		sess.mu.Unlock()
		c.recordResume(rec)
		return c.send(opInvalidSession, false) == nil
	}
	if rp.Seq > sess.seq {
		sess.mu.Unlock()
		c.recordResume(rec)
		c.closeWith(4007, "")
		return false
	}
	prev := sess.conn
	sess.conn = c
	var replay [][]byte
	for _, l := range sess.log {
		if l.seq > rp.Seq {
			replay = append(replay, l.frame)
		}
	}
	rec.Accepted, rec.Replayed = true, len(replay)
	s.mu.Lock()
	c.sess, c.authed, c.info.SessionID, c.info.Shard = sess, true, sess.id, sess.shard
	s.gw.current = sess
	s.gw.latest[shardKey{sess.shard, sess.count}] = sess
	s.mu.Unlock()
	c.recordResume(rec)
	var err error
	for _, f := range replay {
		if err == nil {
			err = c.sendRaw(f)
		}
	}
	if err == nil {
		b, _ := json.Marshal(frame{Op: opDispatch, D: map[string]any{}, S: &sess.seq, T: ptr("RESUMED")})
		err = c.sendRaw(b)
	}
	sess.mu.Unlock()
	if prev != nil && prev != c {
		prev.drop() // Discord closes the superseded connection
	}
	if c.fault.DropAfterResume {
		s.logf("conn %d: dropping right after RESUMED", c.info.ID)
		c.drop()
		return false
	}
	return err == nil
}

func (c *gwConn) recordResume(r Resume) {
	c.s.mu.Lock()
	c.s.gw.resumes = append(c.s.gw.resumes, r)
	c.s.notifyLocked()
	c.s.mu.Unlock()
}

// dispatchLocked sends one dispatch with the next sequence number and logs
// it for RESUME. A failed write is not an error for the session: the event
// stays in the log and is replayed on RESUME. Callers hold ss.mu.
func (ss *gwSession) dispatchLocked(t string, d any) error {
	ss.seq++
	seq := ss.seq
	b, err := json.Marshal(frame{Op: opDispatch, D: d, S: &seq, T: &t})
	if err != nil {
		ss.seq--
		return err
	}
	ss.log = append(ss.log, logged{seq: seq, frame: b})
	if ss.conn != nil {
		_ = ss.conn.sendRaw(b)
	}
	return nil
}

func (ss *gwSession) markInvalid() {
	ss.mu.Lock()
	ss.invalid = true
	ss.mu.Unlock()
}

// invalidateLocked forgets a session so that RESUME gets op 9. Callers hold
// Server.mu and must call sess.markInvalid() after releasing it.
func (g *gatewayState) invalidateLocked(sess *gwSession) {
	if sess == nil {
		return
	}
	delete(g.sessions, sess.id)
	if g.current == sess {
		g.current = nil
	}
	if k := (shardKey{sess.shard, sess.count}); g.latest[k] == sess {
		delete(g.latest, k)
	}
}

func (s *Server) validToken(tok string, gateway bool) bool {
	if gateway {
		tok = strings.TrimPrefix(tok, "Bot ")
	} else if t, ok := strings.CutPrefix(tok, "Bot "); ok {
		tok = t
	} else {
		return false
	}
	for _, v := range s.opts.Tokens {
		if tok == v {
			return true
		}
	}
	return false
}
