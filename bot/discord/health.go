package discord

import (
	"encoding/json"
	"net/http"
	"time"
)

// ShardHealth is one shard's gateway state.
type ShardHealth struct {
	ID int
	// Connected is true when the shard's socket is up and saw READY or RESUMED.
	Connected bool
	// LastHeartbeatAck is when Discord last acknowledged a heartbeat on the
	// current socket; AckAge is how long ago.
	LastHeartbeatAck time.Time
	AckAge           time.Duration
	// HeartbeatInterval is what Discord asked for in HELLO; Latency is the
	// time between the last heartbeat and its ACK.
	HeartbeatInterval time.Duration
	Latency           time.Duration
	// Guilds counts the guilds the shard serves (READY's list, then joins
	// and leaves as they arrive).
	Guilds int
	// DownFor is how long ago the shard lost its last established
	// connection, while it reconnects (0 when connected or never connected).
	DownFor time.Duration
}

// healthy is today's single-session rule per shard: connected with
// heartbeats acknowledged within three intervals, or reconnecting after a
// loss for no longer than one connection attempt may take (grace).
func (s ShardHealth) healthy(grace time.Duration) bool {
	if !s.Connected {
		return s.DownFor > 0 && s.DownFor <= grace
	}
	return s.HeartbeatInterval <= 0 || s.AckAge <= 3*s.HeartbeatInterval
}

// Health is the state /healthz reports.
type Health struct {
	// Connected is true when every shard of the process is connected.
	Connected bool
	// LastHeartbeatAck, AckAge and HeartbeatInterval are those of the shard
	// whose last ACK is oldest.
	LastHeartbeatAck  time.Time
	AckAge            time.Duration
	HeartbeatInterval time.Duration
	// InFlight counts interactions and mentions being handled.
	InFlight int
	// Stopping is true once shutdown began.
	Stopping bool
	// ShardCount is the deployment's total; Shards are this process's.
	ShardCount int
	Shards     []ShardHealth
	// Grace is how long a shard may reconnect and still count as healthy.
	Grace time.Duration
}

// Healthy reports whether every shard of the process is healthy: connected
// with heartbeats acknowledged in time (three intervals), or reconnecting
// within one bounded connection attempt (Config.OpenTimeout).
func (h Health) Healthy() bool {
	if h.Stopping || len(h.Shards) == 0 {
		return false
	}
	for _, s := range h.Shards {
		if !s.healthy(h.Grace) {
			return false
		}
	}
	return true
}

// Health reports the gateway's state, shard by shard.
func (b *Bot) Health() Health {
	f := b.shards()
	h := Health{InFlight: b.inflight.count(), Stopping: b.stopping.Load(), ShardCount: f.count, Grace: b.cfg.OpenTimeout}
	now := time.Now()
	h.Connected = len(f.shards) > 0
	for _, sh := range f.shards {
		s := sh.health(now)
		h.Shards = append(h.Shards, s)
		h.Connected = h.Connected && s.Connected
		if !s.LastHeartbeatAck.IsZero() && (h.LastHeartbeatAck.IsZero() || s.LastHeartbeatAck.Before(h.LastHeartbeatAck)) {
			h.LastHeartbeatAck, h.AckAge, h.HeartbeatInterval = s.LastHeartbeatAck, s.AckAge, s.HeartbeatInterval
		}
	}
	return h
}

func (sh *shard) health(now time.Time) ShardHealth {
	sh.mu.Lock()
	c, up, lost, guilds := sh.conn, sh.up, sh.lostAt, len(sh.guilds)
	sh.mu.Unlock()
	s := ShardHealth{ID: sh.id, Guilds: guilds}
	if c != nil {
		s.Connected = c.ready.Load() && !c.dead.Load()
		s.HeartbeatInterval = time.Duration(c.heartbeat.Load())
		s.Latency = time.Duration(c.latency.Load())
		if ack := c.lastAck.Load(); ack != 0 {
			s.LastHeartbeatAck = time.Unix(0, ack)
			s.AckAge = now.Sub(s.LastHeartbeatAck)
		}
	}
	if !s.Connected && !up && !lost.IsZero() {
		s.DownFor = max(now.Sub(lost), time.Nanosecond)
	}
	return s
}

// HealthHandler serves /healthz: 200 when Health().Healthy(), else 503,
// with the details as JSON, shard by shard.
func (b *Bot) HealthHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := b.Health()
		status, code := "ok", http.StatusOK
		if !h.Healthy() {
			status, code = "unavailable", http.StatusServiceUnavailable
		}
		type shardJSON struct {
			ID                int     `json:"id"`
			Connected         bool    `json:"connected"`
			Healthy           bool    `json:"healthy"`
			AckAgeSeconds     float64 `json:"heartbeat_ack_age_seconds"`
			LatencySeconds    float64 `json:"latency_seconds"`
			Guilds            int     `json:"guilds"`
			ReconnectingForS  float64 `json:"reconnecting_for_seconds,omitempty"`
			LastHeartbeatAck  string  `json:"last_heartbeat_ack,omitempty"`
			HeartbeatInterval float64 `json:"heartbeat_interval_seconds"`
		}
		shards := make([]shardJSON, 0, len(h.Shards))
		for _, s := range h.Shards {
			j := shardJSON{ID: s.ID, Connected: s.Connected, Healthy: s.healthy(h.Grace), AckAgeSeconds: ackAge(s.LastHeartbeatAck, s.AckAge),
				LatencySeconds: s.Latency.Seconds(), Guilds: s.Guilds, ReconnectingForS: s.DownFor.Seconds(), HeartbeatInterval: s.HeartbeatInterval.Seconds()}
			if !s.LastHeartbeatAck.IsZero() {
				j.LastHeartbeatAck = s.LastHeartbeatAck.UTC().Format(time.RFC3339Nano)
			}
			shards = append(shards, j)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"status": status, "gateway_connected": h.Connected, "heartbeat_ack_age_seconds": ackAge(h.LastHeartbeatAck, h.AckAge),
			"heartbeat_interval_seconds": h.HeartbeatInterval.Seconds(), "in_flight": h.InFlight, "stopping": h.Stopping,
			"shard_count": h.ShardCount, "shards": shards,
		})
	})
}

// ackAge is the age in seconds, -1 when no ACK came yet.
func ackAge(at time.Time, age time.Duration) float64 {
	if at.IsZero() {
		return -1
	}
	return age.Seconds()
}
