package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// messenger posts and edits channel messages for features that post on
// their own (trivia rounds, the quote of the day).
type messenger struct{ b *Bot }

// Messenger returns the commands.Messenger that posts through this bot's
// REST client. It works before Run (REST needs no gateway).
func (b *Bot) Messenger() commands.Messenger { return messenger{b} }

// Send posts m. With m.Nonce set the post is idempotent: Discord returns the
// first message sent with that nonce (enforce_nonce), so a retry after a
// lost answer never posts twice. Errors wrap qotd.ErrUnknownChannel
// (404, code 10003) or qotd.ErrNoAccess (403, codes 50001 and 50013)
// when the channel cannot take the post. The roles of m.MentionRoles may
// ping, nothing else; m.Thread opens a public thread on the post, and a
// thread that cannot be opened is logged without failing the send.
func (m messenger) Send(ctx context.Context, msg commands.Message) (string, error) {
	body := renderMessage(msg.Response, false)
	body.Flags = 0 // ephemeral means nothing in a channel post
	if msg.Nonce != "" {
		body.Nonce, body.EnforceNonce = nonce(msg.Nonce), true
	}
	for _, r := range msg.MentionRoles {
		if commands.IsSnowflake(r) {
			body.AllowedMentions.Roles = append(body.AllowedMentions.Roles, r)
		}
	}
	id, err := m.b.postChannel(ctx, msg.ChannelID, body)
	if err == nil && msg.Thread != "" {
		m.b.openThread(ctx, msg.ChannelID, id, msg.Thread)
	}
	return id, err
}

// openThread opens a public thread on a message (one day's discussion of the
// quote of the day). A message that has one already (a resend with the same
// nonce answered with the first message) keeps it.
func (b *Bot) openThread(ctx context.Context, channelID, messageID, name string) {
	endpoint := discordgo.EndpointChannelMessageThread(channelID, messageID)
	body := map[string]any{"name": commands.Clip(name, maxThreadName), "auto_archive_duration": threadArchiveMinutes}
	_, err := b.call(ctx, http.MethodPost, endpoint, body, discordgo.EndpointChannelMessages(channelID)+"/threads")
	if _, code := restStatus(err); err == nil || code == codeThreadExists {
		return
	}
	b.log.Warn("discord: posted, but could not open the thread on the post; check Create Public Threads",
		"channel", channelID, "message", messageID, "err", err)
}

const (
	maxThreadName        = 100
	threadArchiveMinutes = 1440   // a day: the next post opens the next thread
	codeThreadExists     = 160004 // "A thread has already been created for this message"
)

// Edit replaces an earlier post.
func (m messenger) Edit(ctx context.Context, channelID, messageID string, r commands.Response) error {
	endpoint := discordgo.EndpointChannelMessage(channelID, messageID)
	_, err := m.b.call(ctx, http.MethodPatch, endpoint, renderMessage(r, true), discordgo.EndpointChannelMessages(channelID))
	if err != nil {
		return fmt.Errorf("discord: edit message %s in channel %s: %w", messageID, channelID, channelError(err))
	}
	return nil
}

// postChannel creates a channel message. discordgo's MessageSend has no
// nonce field, so the body is ours, sent with RequestWithBucketID.
func (b *Bot) postChannel(ctx context.Context, channelID string, body messageBody) (string, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	resp, err := b.call(ctx, http.MethodPost, endpoint, body, endpoint)
	if err != nil {
		return "", fmt.Errorf("discord: post in channel %s: %w", channelID, channelError(err))
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(resp, &out); err != nil || out.ID == "" {
		return "", fmt.Errorf("discord: post in channel %s: unexpected answer %.200q", channelID, resp)
	}
	return out.ID, nil
}

// nonce fits a caller's nonce into Discord's 25 characters.
func nonce(s string) string {
	if len(s) <= maxNonce {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:maxNonce]
}

// channelError maps Discord's channel errors to the commands sentinels.
func channelError(err error) error {
	status, code := restStatus(err)
	switch {
	case status == http.StatusNotFound && code == 10003:
		return fmt.Errorf("%w (Discord code %d): %v", qotd.ErrUnknownChannel, code, err)
	case status == http.StatusForbidden && (code == 50001 || code == 50013):
		return fmt.Errorf("%w (Discord code %d): %v", qotd.ErrNoAccess, code, err)
	}
	return err
}

// Permission bits CanPost checks.
const (
	permViewChannel          = 1 << 10
	permSendMessages         = 1 << 11
	permEmbedLinks           = 1 << 14
	permMentionEveryone      = 1 << 17 // also lets the bot ping roles not mentionable by anyone
	permCreatePublicThreads  = 1 << 35
	permSendMessagesInThread = 1 << 38
)

type rawOverwrite struct {
	ID    string `json:"id"`
	Type  int    `json:"type"` // 0 role, 1 member
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

type rawRole struct {
	ID          string `json:"id"`
	Permissions string `json:"permissions"`
	Mentionable bool   `json:"mentionable"`
}

type rawChannel struct {
	ID         string         `json:"id"`
	Type       int            `json:"type"`
	GuildID    string         `json:"guild_id"`
	ParentID   string         `json:"parent_id"`
	Overwrites []rawOverwrite `json:"permission_overwrites"`
}

// CanPost checks that the bot can post in a channel: that the channel
// exists and the bot may view it, send messages (in threads: send messages
// in threads) and embed links, computed from the guild's roles, the bot's
// roles and the channel's overwrites; with needs, that the role to ping
// exists (and, unless anyone may mention it, that the bot may mention all
// roles) and that it may create public threads. It returns nil, an error
// wrapping qotd.ErrUnknownChannel, qotd.ErrNoAccess or qotd.ErrUnknownRole,
// or another error when Discord could not be asked (qotd.ChannelChecker).
func (b *Bot) CanPost(ctx context.Context, guildID, channelID string, needs qotd.PostNeeds) error {
	ch, err := b.channel(ctx, channelID)
	if err != nil {
		return err
	}
	if ch.GuildID == "" || ch.GuildID != guildID {
		// A DM, or another server's channel: not a channel of this server.
		return fmt.Errorf("%w: channel %s is not in server %s", qotd.ErrUnknownChannel, channelID, guildID)
	}
	need := uint64(permViewChannel | permSendMessages | permEmbedLinks)
	overwrites := ch.Overwrites
	if ch.Type == 10 || ch.Type == 11 || ch.Type == 12 { // threads take their parent's overwrites
		need = permViewChannel | permSendMessagesInThread | permEmbedLinks
		parent, err := b.channel(ctx, ch.ParentID)
		if err != nil {
			return err
		}
		overwrites = parent.Overwrites
	}
	_, botID := b.ids()
	if botID == "" {
		body, err := b.call(ctx, http.MethodGet, discordgo.EndpointUser("@me"), nil, discordgo.EndpointUsers)
		if err != nil {
			return fmt.Errorf("discord: who am I: %w", err)
		}
		var me struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(body, &me); err != nil || me.ID == "" {
			return fmt.Errorf("discord: who am I: unexpected answer %.200q", body)
		}
		botID = me.ID
	}
	rolesURL := discordgo.EndpointGuildRoles(ch.GuildID)
	body, err := b.call(ctx, http.MethodGet, rolesURL, nil, rolesURL)
	if err != nil {
		return fmt.Errorf("discord: read the roles of guild %s: %w", ch.GuildID, channelError(err))
	}
	var roles []rawRole
	if err := json.Unmarshal(body, &roles); err != nil {
		return fmt.Errorf("discord: read the roles of guild %s: %w", ch.GuildID, err)
	}
	memberURL := discordgo.EndpointGuildMember(ch.GuildID, botID)
	body, err = b.call(ctx, http.MethodGet, memberURL, nil, discordgo.EndpointGuildMembers(ch.GuildID))
	if err != nil {
		return fmt.Errorf("discord: read the bot's membership of guild %s: %w", ch.GuildID, channelError(err))
	}
	var member struct {
		Roles []string `json:"roles"`
	}
	if err := json.Unmarshal(body, &member); err != nil {
		return fmt.Errorf("discord: read the bot's membership of guild %s: %w", ch.GuildID, err)
	}
	rolePerms := map[string]uint64{}
	for _, r := range roles {
		rolePerms[r.ID], _ = strconv.ParseUint(r.Permissions, 10, 64)
	}
	if needs.Thread {
		need |= permCreatePublicThreads
	}
	if needs.Role != "" {
		i := slices.IndexFunc(roles, func(r rawRole) bool { return r.ID == needs.Role })
		if i < 0 || needs.Role == ch.GuildID {
			return fmt.Errorf("%w: role %s is not a role of server %s", qotd.ErrUnknownRole, needs.Role, ch.GuildID)
		}
		if !roles[i].Mentionable {
			need |= permMentionEveryone
		}
	}
	have := channelPermissions(ch.GuildID, botID, member.Roles, rolePerms, overwrites)
	if missing := need &^ have; missing != 0 {
		var names []string
		for _, p := range []struct {
			bit  uint64
			name string
		}{
			{permViewChannel, "View Channel"},
			{permSendMessages, "Send Messages"},
			{permSendMessagesInThread, "Send Messages in Threads"},
			{permEmbedLinks, "Embed Links"},
			{permCreatePublicThreads, "Create Public Threads"},
			{permMentionEveryone, "Mention Everyone (the role is not mentionable by anyone)"},
		} {
			if missing&p.bit != 0 {
				names = append(names, p.name)
			}
		}
		return fmt.Errorf("%w: the bot lacks %s in channel %s", qotd.ErrNoAccess, strings.Join(names, ", "), channelID)
	}
	return nil
}

func (b *Bot) channel(ctx context.Context, id string) (rawChannel, error) {
	endpoint := discordgo.EndpointChannel(id)
	body, err := b.call(ctx, http.MethodGet, endpoint, nil, endpoint)
	if err != nil {
		return rawChannel{}, fmt.Errorf("discord: read channel %s: %w", id, channelError(err))
	}
	var ch rawChannel
	if err := json.Unmarshal(body, &ch); err != nil {
		return rawChannel{}, fmt.Errorf("discord: read channel %s: %w", id, err)
	}
	return ch, nil
}

// channelPermissions computes a member's permissions in a channel,
// following Discord's documented algorithm: @everyone and the member's
// roles, administrator short-cut, then the @everyone, role and member
// overwrites of the channel.
func channelPermissions(guildID, userID string, memberRoles []string, rolePerms map[string]uint64, ows []rawOverwrite) uint64 {
	perms := rolePerms[guildID] // @everyone has the guild's id
	for _, r := range memberRoles {
		perms |= rolePerms[r]
	}
	if perms&permAdministrator != 0 {
		return ^uint64(0)
	}
	parse := func(s string) uint64 { v, _ := strconv.ParseUint(s, 10, 64); return v }
	for _, ow := range ows {
		if ow.Type == 0 && ow.ID == guildID {
			perms = perms&^parse(ow.Deny) | parse(ow.Allow)
		}
	}
	var allow, deny uint64
	for _, ow := range ows {
		if ow.Type != 0 || ow.ID == guildID {
			continue
		}
		for _, r := range memberRoles {
			if r == ow.ID {
				allow |= parse(ow.Allow)
				deny |= parse(ow.Deny)
			}
		}
	}
	perms = perms&^deny | allow
	for _, ow := range ows {
		if ow.Type == 1 && ow.ID == userID {
			perms = perms&^parse(ow.Deny) | parse(ow.Allow)
		}
	}
	return perms
}
