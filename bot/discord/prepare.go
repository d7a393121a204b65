package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Prepare learns the application id, the shard count (when not configured)
// and the session start limit from Discord, and registers the commands by
// one bulk overwrite when this process runs shard 0 — before any gateway
// opens (never from the READY handler). Run calls it; call it first when
// something must know the shards before the gateway opens (Owns). It runs
// once; later calls return its first result.
func (b *Bot) Prepare(ctx context.Context) error {
	b.prepOnce.Do(func() { b.prepErr = b.prepare(ctx) })
	return b.prepErr
}

func (b *Bot) prepare(ctx context.Context) error {
	body, err := b.call(ctx, http.MethodGet, discordgo.EndpointOAuth2Application("@me"), nil, discordgo.EndpointOAuth2Applications)
	if err != nil {
		if status, _ := restStatus(err); status == http.StatusUnauthorized {
			return fmt.Errorf("discord: the bot token was rejected (401 Unauthorized); check DISCORD_TOKEN")
		}
		return fmt.Errorf("discord: read the application from %s: %w", b.cfg.APIURL, err)
	}
	var app struct {
		ID  string `json:"id"`
		Bot *struct {
			ID string `json:"id"`
		} `json:"bot"`
	}
	if err := json.Unmarshal(body, &app); err != nil || app.ID == "" {
		return fmt.Errorf("discord: read the application: unexpected answer %.200q", body)
	}
	b.mu.Lock()
	b.appID = app.ID
	if app.Bot != nil && b.botID == "" {
		b.botID = app.Bot.ID
	}
	b.mu.Unlock()
	if err := b.planShards(ctx); err != nil {
		return err
	}
	if !b.shards().runs(0) {
		b.log.Info("discord: not registering commands: the process that runs shard 0 does", "shards", b.shardIDs())
		return nil
	}
	return b.register(ctx, app.ID)
}

// planShards reads GET /gateway/bot: the recommended shard count when none
// is configured, and the session start limit the identify pacer honours.
// Without an answer (an outage, a proxy that lacks the route) the bot runs
// SHARD_COUNT shards, or one, paced by Discord's defaults.
func (b *Bot) planShards(ctx context.Context) error {
	gb, err := b.gatewayBot(ctx)
	if err != nil {
		if status, _ := restStatus(err); status == http.StatusUnauthorized {
			return fmt.Errorf("discord: the bot token was rejected (401 Unauthorized); check DISCORD_TOKEN")
		}
		b.log.Warn("discord: no shard recommendation or session start limit from Discord; one shard unless SHARD_COUNT says otherwise, IDENTIFYs paced by Discord's defaults", "err", err)
		gb = gatewayBot{}
	}
	if b.shards().count == 0 {
		if err := b.makeShards(max(gb.Shards, 1)); err != nil {
			return err
		}
		b.log.Info("discord: shard count from Discord's recommendation", "shard_count", b.shards().count)
	} else if gb.Shards > b.shards().count {
		b.log.Warn("discord: Discord recommends more shards than SHARD_COUNT", "shard_count", b.shards().count, "recommended", gb.Shards)
	}
	l := gb.SessionStartLimit
	b.log.Info("discord: shards", "shard_count", b.shards().count, "shard_ids", b.shardIDs(),
		"max_concurrency", max(l.MaxConcurrency, 1), "session_starts_remaining", l.Remaining)
	p := newIdentifyPacer(b.cfg.Clock, b.log, b.cfg.IdentifyInterval, gb)
	p.leases, p.holder, p.refresh = b.cfg.IdentifyLeases, b.cfg.Instance, b.gatewayBot
	b.pacer = p
	return nil
}

// shardIDs lists this process's shards, for logs.
func (b *Bot) shardIDs() string {
	var sb strings.Builder
	for i, sh := range b.shards().shards {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(sh.id))
	}
	return sb.String()
}

// register overwrites the application's commands with the table. A body
// Discord rejects (400) or a forbidden guild is fatal: the table or the
// configuration must be fixed. A Discord outage is not: the commands
// registered before keep working, so the bot runs on.
func (b *Bot) register(ctx context.Context, appID string) error {
	guild := b.cfg.GuildID != ""
	endpoint := discordgo.EndpointApplicationGlobalCommands(appID)
	scope := "global"
	if guild {
		endpoint = discordgo.EndpointApplicationGuildCommands(appID, b.cfg.GuildID)
		scope = "guild " + b.cfg.GuildID
	}
	cmds := appCommands(b.cfg.Table, guild)
	_, err := b.call(ctx, http.MethodPut, endpoint, cmds, endpoint)
	if err != nil {
		status, _ := restStatus(err)
		if status == http.StatusForbidden && guild {
			return fmt.Errorf("discord: registering commands in guild %s was refused: is the bot in that guild, invited with the applications.commands scope? Check DISCORD_GUILD_ID: %w", b.cfg.GuildID, err)
		}
		if status >= 400 && status < 500 && status != http.StatusTooManyRequests {
			return fmt.Errorf("discord: registering %d commands (%s) was refused: %w", len(cmds), scope, err)
		}
		b.log.Error("discord: could not register commands; running with the previous registration", "scope", scope, "err", err)
		return nil
	}
	b.log.Info("discord: commands registered", "scope", scope, "count", len(cmds))
	return nil
}
