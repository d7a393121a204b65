package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/commands"
)

// IdentifyLeases is what the adapter needs from a database shared by several
// processes to pace IDENTIFYs between them: a named lease that expires by
// itself. bot/store's leases implement it.
type IdentifyLeases interface {
	// AcquireLease takes the lease name for holder until ttl has passed and
	// reports whether it did (false: someone else holds it).
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
}

// gatewayBot is Discord's answer to GET /gateway/bot.
type gatewayBot struct {
	URL               string `json:"url"`
	Shards            int    `json:"shards"`
	SessionStartLimit struct {
		Total          int   `json:"total"`
		Remaining      int   `json:"remaining"`
		ResetAfter     int64 `json:"reset_after"` // milliseconds
		MaxConcurrency int   `json:"max_concurrency"`
	} `json:"session_start_limit"`
}

// gatewayBot asks Discord how many shards it recommends and how many
// sessions the bot may start.
func (b *Bot) gatewayBot(ctx context.Context) (gatewayBot, error) {
	var gb gatewayBot
	body, err := b.call(ctx, http.MethodGet, discordgo.EndpointGatewayBot, nil, discordgo.EndpointGatewayBot)
	if err != nil {
		return gb, fmt.Errorf("discord: read GET /gateway/bot from %s: %w", b.cfg.APIURL, err)
	}
	if err := json.Unmarshal(body, &gb); err != nil {
		return gb, fmt.Errorf("discord: GET /gateway/bot: unexpected answer %.200q", body)
	}
	return gb, nil
}

// Discord's identify rule: within one max_concurrency bucket (shard id
// modulo max_concurrency) at most one IDENTIFY per 5 seconds.
const (
	identifyInterval = 5 * time.Second
	// leaseSlack is added to the lease of a bucket: the IDENTIFY goes out a
	// few round trips after the lease is taken (dial, HELLO), and another
	// process must not identify in the same bucket within 5 s of it.
	leaseSlack = time.Second
	// leasePoll is how often a process retries a bucket's lease another
	// process holds.
	leasePoll = time.Second
)

// identifyPacer paces the IDENTIFYs of every shard of the process: one per
// bucket per identifyInterval, and none when the day's session starts are
// used up (it waits for reset_after and asks Discord again). With leases it
// also takes the bucket's lease in the shared database, so several
// processes together identify no faster than one would. Its clock is
// injected, so tests move time by hand.
type identifyPacer struct {
	clock    commands.Clock
	log      *slog.Logger
	interval time.Duration
	leases   IdentifyLeases
	holder   string
	// refresh reads session_start_limit again once its reset time passed.
	refresh func(ctx context.Context) (gatewayBot, error)

	slots []chan struct{} // one per bucket, held from grant to release

	mu        sync.Mutex
	next      []time.Time // per bucket: the earliest next IDENTIFY
	total     int
	remaining int
	resetAt   time.Time
	seq       int64 // grants, for unique lease holders
}

func newIdentifyPacer(clock commands.Clock, log *slog.Logger, interval time.Duration, gb gatewayBot) *identifyPacer {
	conc := max(gb.SessionStartLimit.MaxConcurrency, 1)
	p := &identifyPacer{clock: clock, log: log, interval: interval, slots: make([]chan struct{}, conc), next: make([]time.Time, conc)}
	for i := range p.slots {
		p.slots[i] = make(chan struct{}, 1)
	}
	p.setBudget(gb)
	return p
}

// setBudget takes session_start_limit; an answer without one (an old proxy)
// leaves the budget unbounded.
func (p *identifyPacer) setBudget(gb gatewayBot) {
	l := gb.SessionStartLimit
	p.mu.Lock()
	defer p.mu.Unlock()
	if l.Total <= 0 && l.Remaining <= 0 && l.ResetAfter <= 0 {
		p.total, p.remaining = -1, -1
		return
	}
	p.total, p.remaining = l.Total, l.Remaining
	p.resetAt = p.clock.Now().Add(time.Duration(l.ResetAfter) * time.Millisecond)
}

// bucket is Discord's: shard id modulo max_concurrency.
func (p *identifyPacer) bucket(shard int) int { return shard % len(p.slots) }

// identifyGrant is permission for one IDENTIFY. Release it exactly once:
// sent says whether the IDENTIFY went out (the bucket's next slot counts
// from then); an attempt that ended before it frees the bucket at once.
type identifyGrant struct {
	p      *identifyPacer
	bucket int
	once   sync.Once
}

func (g *identifyGrant) release(sent bool) {
	if g == nil {
		return
	}
	g.once.Do(func() {
		if sent {
			g.p.mu.Lock()
			g.p.next[g.bucket] = g.p.clock.Now().Add(g.p.interval)
			g.p.mu.Unlock()
		}
		<-g.p.slots[g.bucket]
	})
}

// wait blocks until shard may identify, or ctx ends.
func (p *identifyPacer) wait(ctx context.Context, shard int) (*identifyGrant, error) {
	bucket := p.bucket(shard)
	select {
	case p.slots[bucket] <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	g := &identifyGrant{p: p, bucket: bucket}
	if err := p.waitBudget(ctx, shard); err != nil {
		g.release(false)
		return nil, err
	}
	p.mu.Lock()
	d := p.next[bucket].Sub(p.clock.Now())
	p.mu.Unlock()
	if d > 0 {
		p.log.Debug("discord: waiting to identify", "shard", shard, "bucket", bucket, "wait", d)
	}
	if err := p.sleep(ctx, d); err != nil {
		g.release(false)
		return nil, err
	}
	if err := p.lease(ctx, shard, bucket); err != nil {
		g.release(false)
		return nil, err
	}
	return g, nil
}

// waitBudget takes one session start, waiting for the reset when none is left.
func (p *identifyPacer) waitBudget(ctx context.Context, shard int) error {
	for {
		p.mu.Lock()
		if p.remaining != 0 { // -1: unbounded
			if p.remaining > 0 {
				p.remaining--
			}
			p.mu.Unlock()
			return nil
		}
		d := p.resetAt.Sub(p.clock.Now())
		p.mu.Unlock()
		p.log.Warn("discord: the session start limit is used up; waiting for Discord to reset it before identifying",
			"shard", shard, "reset_in", d.Round(time.Second))
		if err := p.sleep(ctx, d); err != nil {
			return err
		}
		gb, err := p.refresh(ctx)
		if err != nil || gb.SessionStartLimit.Remaining <= 0 && gb.SessionStartLimit.ResetAfter <= 0 {
			if err != nil {
				p.log.Warn("discord: could not read the session start limit again; assuming it was reset", "err", err)
			}
			p.mu.Lock()
			p.remaining, p.resetAt = p.total, p.clock.Now().Add(24*time.Hour)
			p.mu.Unlock()
			continue
		}
		p.setBudget(gb)
	}
}

// lease takes the bucket's lease in the shared database. A database that
// does not answer is logged and the process identifies on its own pacing:
// a refused IDENTIFY (op 9) costs less than a bot that stays offline.
func (p *identifyPacer) lease(ctx context.Context, shard, bucket int) error {
	if p.leases == nil {
		return nil
	}
	name := fmt.Sprintf("discord-identify-bucket-%d", bucket)
	for {
		p.mu.Lock()
		p.seq++
		holder := fmt.Sprintf("%s/shard-%d/%d", p.holder, shard, p.seq)
		p.mu.Unlock()
		ok, err := p.leases.AcquireLease(ctx, name, holder, p.interval+leaseSlack)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			p.log.Warn("discord: could not take the identify lease; identifying on this process's pacing only", "shard", shard, "bucket", bucket, "err", err)
			return nil
		case ok:
			return nil
		}
		if err := p.sleep(ctx, leasePoll); err != nil {
			return err
		}
	}
}

// sleep waits d on the pacer's clock, or less when ctx ends (its error).
func (p *identifyPacer) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	done := make(chan struct{})
	t := p.clock.AfterFunc(d, func() { close(done) })
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}
