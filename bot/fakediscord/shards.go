package fakediscord

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Sharding, as Discord does it: a session identifies as shard [id, count];
// a guild belongs to shard (guild_id >> 22) % count, direct messages to
// shard 0; READY lists and GUILD_CREATE sends only the shard's guilds, and
// each guild's events go to the sessions of its shard (to every live one:
// two processes running the same shard both receive them, as on Discord).
// IDENTIFYs are paced per max_concurrency bucket (shard id modulo
// max_concurrency) when Options.IdentifyInterval is set: one sooner than
// that after the previous one of its bucket, or one past the session start
// budget, is a violation — recorded, answered with op 9 (invalid session)
// as Discord does, and reported with tb.Errorf when the server was started
// with Start.

// SessionStartLimit is GET /gateway/bot's session_start_limit.
type SessionStartLimit struct {
	Total, Remaining int
	ResetAfter       time.Duration
	MaxConcurrency   int
}

// ShardOf is the shard of a guild among count shards (0 for a DM or a
// count of 0 or 1). The fake keeps its own copy of Discord's rule rather
// than importing the adapter it is there to test.
func ShardOf(guildID string, count int) int {
	if count <= 1 || guildID == "" {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// GuildIDs returns n guild snowflakes spread round-robin over count shards:
// guild i belongs to shard i % count.
func GuildIDs(n, count int) []string {
	count = max(count, 1)
	out := make([]string, n)
	for i := range out {
		// A snowflake whose timestamp part (above bit 22) picks the shard.
		base := uint64(1_000_000_000 - 1_000_000_000%count)
		out[i] = strconv.FormatUint((base+uint64(i))<<22|uint64(i&0xfff), 10)
	}
	return out
}

type shardKey struct{ id, count int }

// owns reports whether the session receives the guild's events.
func (ss *gwSession) owns(guildID string) bool {
	return ShardOf(guildID, ss.count) == ss.shard
}

// targetsLocked are the sessions a guild's event goes to: every session of
// its shard with an authenticated socket, or else the latest session of the
// shard (which logs the event for its RESUME). Callers hold s.mu.
func (g *gatewayState) targetsLocked(guildID string) []*gwSession {
	var out []*gwSession
	for _, c := range g.conns {
		if c.authed && c.sess != nil && c.sess.owns(guildID) && !slices.Contains(out, c.sess) {
			out = append(out, c.sess)
		}
	}
	if len(out) == 0 {
		for _, ss := range g.latest {
			if ss.owns(guildID) {
				out = append(out, ss)
			}
		}
	}
	slices.SortFunc(out, func(a, b *gwSession) int { return a.created.Compare(b.created) })
	return out
}

// dispatchGuild sends an event of a guild ("" for a DM) to the sessions of
// its shard and returns the sequence number of the first.
func (s *Server) dispatchGuild(guildID, t string, d func(intents int) (any, error)) (int64, []string, error) {
	s.mu.Lock()
	targets := s.gw.targetsLocked(guildID)
	s.mu.Unlock()
	var (
		first    int64
		sessions []string
		firstErr error
	)
	for _, sess := range targets {
		sess.mu.Lock()
		if sess.invalid {
			sess.mu.Unlock()
			continue
		}
		payload, err := d(sess.intents)
		if err == nil {
			err = sess.dispatchLocked(t, payload)
		}
		seq := sess.seq
		sess.mu.Unlock()
		if err != nil {
			firstErr = cmpErr(firstErr, err)
			continue
		}
		if len(sessions) == 0 {
			first = seq
		}
		sessions = append(sessions, sess.id)
	}
	s.notify()
	if len(sessions) == 0 {
		if firstErr != nil {
			return 0, nil, firstErr
		}
		return 0, nil, ErrNoSession
	}
	return first, sessions, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// checkIdentifyLocked enforces the session start limit and the pacing of
// IDENTIFYs per bucket. It returns a violation, or "". Callers hold s.mu.
func (s *Server) checkIdentifyLocked(shard int) string {
	now := s.now()
	s.refreshStartsLocked(now)
	conc := max(s.opts.SessionStartLimit.MaxConcurrency, 1)
	bucket := shard % conc
	var why string
	switch last, ok := s.gw.lastIdentify[bucket]; {
	case s.gw.startsLeft <= 0:
		why = fmt.Sprintf("IDENTIFY of shard %d past the session start limit (%d a day)", shard, s.opts.SessionStartLimit.Total)
	case s.opts.IdentifyInterval > 0 && ok && now.Sub(last) < s.opts.IdentifyInterval:
		why = fmt.Sprintf("IDENTIFY of shard %d only %v after the previous one of bucket %d (max_concurrency %d): Discord allows one per %v",
			shard, now.Sub(last), bucket, conc, s.opts.IdentifyInterval)
	}
	s.gw.lastIdentify[bucket] = now
	s.gw.startsLeft--
	if why != "" {
		s.gw.violations = append(s.gw.violations, why)
	}
	return why
}

// refreshStartsLocked renews the session start budget once its reset time
// has passed, and reports how long until the next reset. Callers hold s.mu.
func (s *Server) refreshStartsLocked(now time.Time) time.Duration {
	l := s.opts.SessionStartLimit
	if s.gw.startsResetAt.IsZero() {
		s.gw.startsResetAt = now.Add(l.ResetAfter)
	}
	for l.ResetAfter > 0 && !now.Before(s.gw.startsResetAt) {
		s.gw.startsLeft = l.Total
		s.gw.startsResetAt = s.gw.startsResetAt.Add(l.ResetAfter)
	}
	return s.gw.startsResetAt.Sub(now)
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// IdentifyViolations lists the IDENTIFYs that broke Discord's pacing or
// session start limit, oldest first.
func (s *Server) IdentifyViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.gw.violations...)
}

// ShardConnected reports whether some session of shard id has an open,
// authenticated connection.
func (s *Server) ShardConnected(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.gw.conns {
		if c.authed && c.sess != nil && c.sess.shard == id {
			return true
		}
	}
	return false
}

// ConnectedShards counts the authenticated connections per shard id.
func (s *Server) ConnectedShards() map[int]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int]int{}
	for _, c := range s.gw.conns {
		if c.authed && c.sess != nil {
			out[c.sess.shard]++
		}
	}
	return out
}

// DropShard closes the open connections of shard id abruptly (no close
// frame), as a network failure would; the sessions stay resumable. It
// returns how many it dropped.
func (s *Server) DropShard(id int) int {
	s.mu.Lock()
	var conns []*gwConn
	for _, c := range s.gw.conns {
		if c.sess != nil && c.sess.shard == id {
			conns = append(conns, c)
		}
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
	return len(conns)
}

// shardGuilds are the configured guilds of shard id of count.
func (s *Server) shardGuilds(id, count int) []string {
	var out []string
	for _, g := range s.opts.GuildIDs {
		if ShardOf(g, count) == id {
			out = append(out, g)
		}
	}
	return out
}
