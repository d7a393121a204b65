package main

import (
	"context"
	"fmt"
	"net"

	"github.com/ballerina-bot/ballerina/bot/discord"
	httpbot "github.com/ballerina-bot/ballerina/bot/http"
	"github.com/ballerina-bot/ballerina/commands"
)

// checkHTTP checks what `ballerina http` needs before anything starts, so
// a bad key is one clear line at startup.
func (c config) checkHTTP() error {
	if c.PublicKey == "" {
		return fmt.Errorf("%w: DISCORD_PUBLIC_KEY is not set; copy the application's Public Key from the developer portal (General Information)", errConfig)
	}
	if _, err := httpbot.ParsePublicKey(c.PublicKey); err != nil {
		return fmt.Errorf("%w: DISCORD_PUBLIC_KEY: %w", errConfig, err)
	}
	if c.ApplicationID == "" && c.Token == "" {
		return fmt.Errorf("%w: set DISCORD_APPLICATION_ID (the developer portal's Application ID), or DISCORD_TOKEN to read it with", errConfig)
	}
	return nil
}

// cannotPostText answers the commands that post in channels on their own
// when the endpoint runs without a bot token.
const cannotPostText = "This deployment answers through Discord's interactions endpoint without a bot token, " +
	"so it cannot post in channels: trivia rounds and the quote of the day need one. " +
	"Ask whoever runs the bot to set DISCORD_TOKEN."

// withoutChannelPosts returns a copy of t whose posting subcommands answer
// cannotPostText instead of starting something that could never post.
func withoutChannelPosts(t commands.Table) commands.Table {
	// The subcommands that make the bot post in channels later, on its own.
	postingCommands := [][2]string{{"trivia", "start"}, {"qotd", "set"}}
	out := make(commands.Table, len(t))
	copy(out, t)
	for i := range out {
		for _, p := range postingCommands {
			if out[i].Name != p[0] {
				continue
			}
			subs := make([]commands.Command, len(out[i].Subcommands))
			copy(subs, out[i].Subcommands)
			for j := range subs {
				if subs[j].Name == p[1] {
					subs[j].Handler = func(context.Context, commands.Request) (commands.Response, error) {
						return commands.Response{Ephemeral: true, Content: cannotPostText}, nil
					}
				}
			}
			out[i].Subcommands = subs
		}
	}
	return out
}

// http serves Discord's interactions endpoint until ctx is cancelled
// (SIGINT/SIGTERM): then it stops accepting, finishes the requests in
// flight and their deferred answers, and exits within 5 s.
func (a *app) http(ctx context.Context) int {
	key, err := httpbot.ParsePublicKey(a.cfg.PublicKey)
	if err != nil { // checked in run; kept for callers that skip it
		a.log.Error("http: DISCORD_PUBLIC_KEY", "err", err)
		return exitUsage
	}
	db, err := a.openState(ctx)
	if err != nil {
		return exitFailed
	}
	defer db.Close()
	table := a.table
	if a.cfg.Token == "" {
		table = withoutChannelPosts(table)
	}
	ep, err := discord.NewEndpoint(discord.EndpointConfig{
		Config: discord.Config{
			Token: a.cfg.Token, GuildID: a.cfg.GuildID, APIURL: a.cfg.APIURL,
			Log: a.log, Table: table,
		},
		ApplicationID: a.cfg.ApplicationID,
	})
	if err != nil {
		a.log.Error("cannot start the interactions endpoint", "err", err)
		return exitUsage
	}
	if err := ep.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return exitOK
		}
		a.log.Error("cannot start the interactions endpoint", "err", err)
		return exitFailed
	}
	if ep.CanPostChannels() {
		stopPosting, ok := a.startPosting(ctx, ep.Messenger(), ep.Channels())
		if !ok {
			return exitFailed
		}
		defer stopPosting()
	} else {
		a.log.Warn("http: no DISCORD_TOKEN: commands are not registered and nothing is posted in channels (trivia, quote of the day)")
	}
	srv, err := httpbot.New(httpbot.Config{PublicKey: key, Endpoint: ep, Log: a.log})
	if err != nil {
		a.log.Error("cannot start the interactions endpoint", "err", err)
		return exitFailed
	}
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		a.log.Error("cannot listen for interactions", "addr", a.cfg.HTTPAddr, "err", err)
		return exitUsage
	}
	if a.cfg.MetricsAddr != "" {
		msrv, err := serveMetrics(a.cfg.MetricsAddr, ep.Metrics(), srv.HealthHandler(), a.log)
		if err != nil {
			ln.Close()
			a.log.Error("cannot serve metrics", "addr", a.cfg.MetricsAddr, "err", err)
			return exitUsage
		}
		defer msrv.Close()
	}
	if err := srv.Run(ctx, ln); err != nil {
		a.log.Error("http: stopped", "err", err)
		return exitFailed
	}
	return exitOK
}
