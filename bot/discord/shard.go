package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// ShardOf is the shard that receives a guild's events: Discord's rule
// (guild_id >> 22) % shard_count. Direct messages (no guild) and ids that
// are not snowflakes belong to shard 0.
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

// makeShards builds the sessions of the shards this process runs out of count.
func (b *Bot) makeShards(count int) error {
	ids := b.cfg.ShardIDs
	if len(ids) == 0 {
		ids = allShards(count)
	}
	if err := CheckShardIDs(ids, count); err != nil {
		return fmt.Errorf("discord: SHARD_IDS: %w", err)
	}
	f := &fleet{count: count}
	for _, id := range ids {
		sh, err := b.newShard(id, count)
		if err != nil {
			return err
		}
		f.shards = append(f.shards, sh)
		b.metrics.addShard(id)
	}
	b.fleet.Store(f)
	return nil
}

// fleet is the shards of the process, fixed once made.
type fleet struct {
	count  int      // the deployment's total
	shards []*shard // this process's, by id
}

// shards returns the process's shards (none before they are known).
func (b *Bot) shards() *fleet {
	if f := b.fleet.Load(); f != nil {
		return f
	}
	return &fleet{}
}

// Owns reports whether a guild's events come to this process: the guild
// belongs to one of its shards (DMs belong to shard 0). Before the shard
// count is known (Run asks Discord for it) it owns nothing.
func (b *Bot) Owns(guildID string) bool {
	f := b.shards()
	if f.count == 0 {
		return false
	}
	return f.runs(ShardOf(guildID, f.count))
}

// shard is one gateway session: its own discordgo Session (never used for
// REST), its own supervisor, sockets, watchdog and reconnect policy. Shards
// share the Bot's REST transport, handlers, metrics and identify pacer.
type shard struct {
	b    *Bot
	id   int
	sess *discordgo.Session
	// kick wakes this shard's supervisor (discordgo's Disconnect event, a
	// killed socket).
	kick chan struct{}
	// readySeen is true once discordgo holds a session id: its Open then
	// sends RESUME, not IDENTIFY (discordgo never forgets the id; after op 9
	// it identifies on the same socket, see gwConn.onFrame).
	readySeen atomic.Bool

	mu     sync.Mutex
	conn   *gwConn // the socket of the latest connection attempt
	connN  int
	grant  *identifyGrant // taken before Open; moved onto the socket by dial
	up     bool           // a connection is established (the supervisor says)
	lostAt time.Time      // when the last established connection was lost
	guilds map[string]struct{}
}

// newShard builds shard id of count with a gateway session of its own.
func (b *Bot) newShard(id, count int) (*shard, error) {
	sess, err := b.newSession()
	if err != nil {
		return nil, err
	}
	sh := &shard{b: b, id: id, sess: sess, kick: make(chan struct{}, 1), guilds: map[string]struct{}{}}
	// Gateway: our dialer (deadlines, frame watch, TLS), our reconnects.
	sess.Dialer = &websocket.Dialer{
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return b.dial(ctx, sh, network, addr)
		},
		HandshakeTimeout: b.cfg.HandshakeTimeout,
	}
	// discordgo adds the shard to IDENTIFY only when the count exceeds 1;
	// say it always, so Discord and the logs agree on which shard this is.
	sess.ShardID, sess.ShardCount = id, count
	sess.Identify.Shard = &[2]int{id, count}
	sess.Identify.Intents = intents
	sess.Identify.Compress = false
	sess.Compress = false
	sess.StateEnabled = false
	sess.ShouldReconnectOnError = false
	sess.ShouldReconnectVoiceOnSessionError = false
	// Handlers run inline in discordgo's reader; ours only decode and hand
	// off, and recover from panics themselves.
	sess.SyncEvents = true
	sess.AddHandler(sh.onEvent)
	sess.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { sh.wake() })
	return sh, nil
}

func (sh *shard) wake() {
	select {
	case sh.kick <- struct{}{}:
	default:
	}
}

func (sh *shard) current() *gwConn {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.conn
}

func (sh *shard) killConn(err error) {
	if c := sh.current(); c != nil {
		c.kill(err)
	}
}

// setUp records that the supervisor holds an established connection (or
// lost it), for the health report's grace period.
func (sh *shard) setUp(up bool, now time.Time) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.up && !up {
		sh.lostAt = now
	}
	sh.up = up
}

// onEvent receives every gateway dispatch of this shard, raw, inline in
// discordgo's reader: it decodes and hands off, never blocks.
func (sh *shard) onEvent(_ *discordgo.Session, e *discordgo.Event) {
	b := sh.b
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("discord: panic while reading an event", "shard", sh.id, "event", e.Type, "panic", p)
		}
	}()
	switch e.Type {
	case "INTERACTION_CREATE":
		b.onInteraction(e.RawData)
	case "MESSAGE_CREATE":
		b.onMessage(e.RawData)
	case "GUILD_CREATE", "GUILD_DELETE":
		var g struct {
			ID          string `json:"id"`
			Unavailable bool   `json:"unavailable"`
		}
		if json.Unmarshal(e.RawData, &g) == nil && g.ID != "" {
			sh.mu.Lock()
			if e.Type == "GUILD_CREATE" || g.Unavailable { // an outage keeps the guild on the shard
				sh.guilds[g.ID] = struct{}{}
			} else {
				delete(sh.guilds, g.ID)
			}
			sh.mu.Unlock()
		}
	case "READY":
		var r struct {
			SessionID string `json:"session_id"`
			User      struct {
				ID string `json:"id"`
			} `json:"user"`
			Application struct {
				ID string `json:"id"`
			} `json:"application"`
			Guilds []struct {
				ID string `json:"id"`
			} `json:"guilds"`
		}
		if json.Unmarshal(e.RawData, &r) == nil {
			b.learnIDs(r.Application.ID, r.User.ID)
			sh.mu.Lock()
			clear(sh.guilds)
			for _, g := range r.Guilds {
				sh.guilds[g.ID] = struct{}{}
			}
			sh.mu.Unlock()
		}
		sh.readySeen.Store(true)
		b.log.Info("discord: gateway READY", "shard", sh.id, "session", r.SessionID, "guilds", len(r.Guilds))
	case "RESUMED":
		b.log.Info("discord: gateway RESUMED", "shard", sh.id)
	}
}

// ParseShardIDs reads a shard list (SHARD_IDS): ids and ranges separated
// by commas, such as "0-3", "4,5" or "0-1,6". The result is sorted and
// without duplicates; whether each id exists is CheckShardIDs's business.
func ParseShardIDs(spec string) ([]int, error) {
	var ids []int
	for part := range strings.SplitSeq(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("%q: an empty item; write ids and ranges separated by commas, such as 0-3 or 4,5", spec)
		}
		lo, hi, isRange := strings.Cut(part, "-")
		first, err1 := strconv.Atoi(strings.TrimSpace(lo))
		last, err2 := first, error(nil)
		if isRange {
			last, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		switch {
		case err1 != nil || err2 != nil || first < 0 || last < 0:
			return nil, fmt.Errorf("%q: %q is not a shard id or a range such as 0-3", spec, part)
		case last < first:
			return nil, fmt.Errorf("%q: the range %q runs backwards", spec, part)
		case last-first >= maxShards:
			return nil, fmt.Errorf("%q: the range %q is longer than %d shards", spec, part, maxShards)
		}
		for id := first; id <= last; id++ {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// maxShards bounds SHARD_COUNT and lists: far above any bot's needs (one
// shard serves up to 2 500 guilds), low enough that a typo cannot make the
// process open a million sockets.
const maxShards = 4096

// CheckShardIDs reports the first id that is not a shard of count.
func CheckShardIDs(ids []int, count int) error {
	if count < 1 || count > maxShards {
		return fmt.Errorf("%d shards: the count must be between 1 and %d", count, maxShards)
	}
	if len(ids) == 0 {
		return errors.New("no shard to run")
	}
	for _, id := range ids {
		if id >= count {
			return fmt.Errorf("shard %d does not exist: with %d shards the ids are 0-%d", id, count, count-1)
		}
	}
	return nil
}

// allShards is 0..count-1.
func allShards(count int) []int {
	ids := make([]int, count)
	for i := range ids {
		ids[i] = i
	}
	return ids
}

// runs reports whether the fleet has shard id.
func (f *fleet) runs(id int) bool {
	return slices.ContainsFunc(f.shards, func(sh *shard) bool { return sh.id == id })
}
