package discord

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// mentionHelp answers a mention with no question.
const mentionHelp = "Hi! I know the film *Ballerina* (2023). Mention me with a question, " +
	"for example “who plays the villain?”, or use /ask. /help lists every command."

// onMessage answers messages that mention the bot, and DMs, as /ask.
func (b *Bot) onMessage(raw []byte) {
	var m rawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		b.log.Warn("discord: ignoring a message", "err", err)
		return
	}
	_, botID := b.ids()
	question, ok := mentionQuestion(&m, botID)
	if !ok {
		return
	}
	b.spawn("mention", func() { b.handleMention(&m, question) })
}

func (b *Bot) handleMention(m *rawMessage, question string) {
	if b.stopping.Load() {
		b.metrics.mention(OutcomeRestarting)
		return // nobody waits on a mention: ignore it rather than answer "restarting"
	}
	ctx, cancel := context.WithTimeout(b.handlerCtx, b.cfg.HandlerTimeout)
	defer cancel()
	resp := commands.Response{Content: mentionHelp}
	outcome := OutcomeOK
	if req, ok := messageRequest(b.cfg.Table, m, question); ok && question != "" {
		r := b.settle(req.Command, await(ctx, b.dispatch(ctx, req, req.Command)))
		outcome = r.outcome()
		switch {
		case r.cutShort:
			resp = commands.Response{Content: restartingText}
		case r.timedOut:
			resp = commands.Response{Content: tooSlowText}
		case r.err != nil:
			resp = commands.Response{Content: apologyText}
		default:
			resp = r.resp
			if resp.Modal != nil && resp.Content == "" && resp.Card == nil {
				resp = commands.Response{Content: "That needs a form: use the slash command instead."}
			}
		}
	}
	body := renderMessage(resp, false)
	body.Flags = 0 // a reply in a channel cannot be ephemeral
	body.Reference = &messageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	pctx, pcancel := context.WithTimeout(b.workCtx, 3*b.cfg.RESTTimeout+time.Second)
	defer pcancel()
	if _, err := b.postChannel(pctx, m.ChannelID, body); err != nil {
		b.log.Error("discord: could not reply to a mention", "channel", m.ChannelID, "err", err)
		b.metrics.mention(OutcomeFailed)
		return
	}
	b.metrics.mention(outcome)
}
