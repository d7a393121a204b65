package fakediscord

import (
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// The JSON files in testdata/ are real-shaped gateway payloads (ids
// replaced). The fake uses them as templates: it decodes one and overwrites
// the fields that vary.
//
//go:embed testdata/*.json
var templates embed.FS

// ErrIntentMissing is returned by DispatchMessage when the live session did
// not identify with the intent Discord requires to deliver the event
// (GUILD_MESSAGES in a guild, DIRECT_MESSAGES in a DM). The event is not sent.
var ErrIntentMissing = errors.New("fakediscord: the session's intents exclude this event")

// Template returns a fresh decoded copy of testdata/<name>, e.g.
// Template("interaction_guild.json").
func Template(name string) map[string]any {
	b, err := templates.ReadFile("testdata/" + name)
	if err != nil {
		panic("fakediscord: no template " + name)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic("fakediscord: bad template " + name + ": " + err.Error())
	}
	return m
}

// DefaultUser is the human user the builders use unless told otherwise.
func DefaultUser() User {
	return User{ID: DefaultUserID, Username: DefaultUserName, Discriminator: "0", GlobalName: ptr("Okjoo Fan")}
}

// userMap renders a user with the fields Discord sends.
func userMap(u User) map[string]any {
	disc := u.Discriminator
	if disc == "" {
		disc = "0"
	}
	m := map[string]any{"id": u.ID, "username": u.Username, "discriminator": disc, "global_name": u.GlobalName,
		"avatar": u.Avatar, "avatar_decoration_data": nil, "clan": nil, "public_flags": 0}
	if u.Bot {
		m["bot"] = true
	}
	return m
}

func memberMap(joined string) map[string]any {
	return map[string]any{"avatar": nil, "banner": nil, "communication_disabled_until": nil, "deaf": false,
		"flags": 0, "joined_at": joined, "mute": false, "nick": nil, "pending": false, "premium_since": nil, "roles": []any{}}
}

func (s *Server) readyPayload(sessionID string, shard, count int) map[string]any {
	m := Template("ready.json")
	m["session_id"] = sessionID
	m["resume_gateway_url"] = s.GatewayURL()
	u := m["user"].(map[string]any)
	u["id"], u["username"] = s.opts.BotID, s.opts.BotName
	m["application"].(map[string]any)["id"] = s.opts.AppID
	guilds := []any{}
	for _, g := range s.shardGuilds(shard, count) {
		guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
	}
	m["guilds"] = guilds
	m["shard"] = []int{shard, count}
	return m
}

func (s *Server) guildCreatePayloads(shard, count int) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for i, g := range s.opts.GuildIDs {
		if ShardOf(g, count) != shard {
			continue
		}
		m := Template("guild_create.json")
		m["id"], m["system_channel_id"] = g, nil
		if i > 0 {
			m["name"] = fmt.Sprintf("Ballerina Fans %d", i+1)
		}
		channels := []any{}
		for _, c := range s.rest.channels {
			if c.GuildID == g {
				channels = append(channels, map[string]any{"id": c.ID, "type": c.Type, "name": c.Name,
					"position": c.Position, "flags": 0, "nsfw": false, "parent_id": nil, "topic": nil,
					"last_message_id": nil, "permission_overwrites": []any{}, "rate_limit_per_user": 0})
				m["system_channel_id"] = c.ID
			}
		}
		m["channels"] = channels
		member := m["members"].([]any)[0].(map[string]any)
		bu := member["user"].(map[string]any)
		bu["id"], bu["username"] = s.opts.BotID, s.opts.BotName
		m["roles"].([]any)[0].(map[string]any)["id"] = g
		out = append(out, m)
	}
	return out
}

// MessageSpec describes a user's message to dispatch as MESSAGE_CREATE.
// Build one with UserMessage or Mention, adjust it with the methods.
type MessageSpec struct {
	Content   string
	GuildID   string // "" with DM
	ChannelID string
	DM        bool
	Author    User
	// MentionBot prefixes the content with "<@BOT_ID> " and lists the bot
	// in mentions.
	MentionBot bool
	// ReplyTo is the id of a stored message this one replies to.
	ReplyTo string
}

// UserMessage is a plain message from DefaultUser in the default guild
// channel. Without the MESSAGE_CONTENT intent the bot receives it with an
// empty content, as on Discord.
func UserMessage(content string) MessageSpec {
	return MessageSpec{Content: content, GuildID: DefaultGuildID, ChannelID: DefaultChannelID, Author: DefaultUser()}
}

// Mention is a message mentioning the bot ("<@BOT_ID> text").
func Mention(text string) MessageSpec {
	m := UserMessage(text)
	m.MentionBot = true
	return m
}

// InDM moves the message to the default DM channel with its author.
func (m MessageSpec) InDM() MessageSpec {
	m.DM, m.GuildID, m.ChannelID = true, "", DefaultDMChannelID
	return m
}

// InChannel moves the message to a guild channel.
func (m MessageSpec) InChannel(guildID, channelID string) MessageSpec {
	m.DM, m.GuildID, m.ChannelID = false, guildID, channelID
	return m
}

// From sets the author.
func (m MessageSpec) From(u User) MessageSpec { m.Author = u; return m }

// Replying makes the message a reply to a stored message.
func (m MessageSpec) Replying(messageID string) MessageSpec { m.ReplyTo = messageID; return m }

// DispatchMessage stores the message and dispatches MESSAGE_CREATE to the
// live session, honouring its intents (see ErrIntentMissing and
// Options.IgnoreIntents). The stored message always has the full content.
func (s *Server) DispatchMessage(spec MessageSpec) (Message, error) {
	m := Message{ChannelID: spec.ChannelID, GuildID: spec.GuildID, Author: spec.Author, Content: spec.Content}
	if spec.MentionBot {
		m.Content = "<@" + s.opts.BotID + "> " + m.Content
	}
	s.mu.Lock()
	if _, ok := s.rest.channels[m.ChannelID]; !ok {
		ch := &Channel{ID: m.ChannelID, GuildID: m.GuildID, Name: "channel-" + m.ChannelID}
		if spec.DM {
			ch.Type, ch.Recipients = 1, []User{spec.Author}
		}
		s.rest.channels[ch.ID] = ch
	}
	m.Nonce, _ = json.Marshal(s.newIDLocked())
	if spec.ReplyTo != "" {
		m.Type = 19
		m.Reference, _ = json.Marshal(map[string]any{"type": 0, "message_id": spec.ReplyTo, "channel_id": m.ChannelID, "guild_id": m.GuildID})
	}
	applyMentions(&m, nil)
	for i, u := range m.Mentions {
		if u.ID == s.opts.BotID {
			m.Mentions[i] = s.BotUser()
		}
	}
	s.storeLocked(&m)
	s.mu.Unlock()
	_, err := s.dispatchMessage(m)
	return m, err
}

// dispatchMessage sends MESSAGE_CREATE for a stored message to the
// sessions of its guild's shard, applying each session's intent rules.
func (s *Server) dispatchMessage(m Message) (int64, error) {
	dm := m.GuildID == ""
	mentioned := false
	for _, u := range m.Mentions {
		mentioned = mentioned || u.ID == s.opts.BotID
	}
	seq, _, err := s.dispatchGuild(m.GuildID, "MESSAGE_CREATE", func(intents int) (any, error) {
		m := m
		if !s.opts.IgnoreIntents {
			need := IntentGuildMessages
			if dm {
				need = IntentDirectMessages
			}
			if intents&need == 0 {
				return nil, ErrIntentMissing
			}
			if intents&IntentMessageContent == 0 && !dm && !mentioned && m.Author.ID != s.opts.BotID {
				m.Content, m.Embeds, m.Attachments, m.Components = "", nil, nil, nil
			}
		}
		return s.messagePayload(m), nil
	})
	return seq, err
}

func (s *Server) messagePayload(m Message) map[string]any {
	name := "message_create_guild.json"
	if m.GuildID == "" {
		name = "message_create_dm.json"
	}
	p := Template(name)
	p["id"], p["channel_id"], p["content"], p["type"], p["flags"] = m.ID, m.ChannelID, m.Content, m.Type, m.Flags
	p["author"] = userMap(m.Author)
	p["timestamp"] = m.Timestamp.Format("2006-01-02T15:04:05.000000+00:00")
	p["mention_everyone"] = m.MentionEveryone
	p["embeds"], p["components"], p["attachments"] = orEmpty(m.Embeds), orEmpty(m.Components), orEmpty(m.Attachments)
	mentions := []any{}
	for _, u := range m.Mentions {
		um := userMap(u)
		if m.GuildID != "" {
			um["member"] = memberMap("2023-10-01T00:00:00.000000+00:00")
		}
		mentions = append(mentions, um)
	}
	p["mentions"] = mentions
	if len(m.Nonce) > 0 {
		p["nonce"] = m.Nonce
	} else {
		delete(p, "nonce")
	}
	if m.GuildID != "" {
		p["guild_id"] = m.GuildID
	}
	if len(m.Reference) > 0 {
		p["message_reference"] = m.Reference
	}
	if m.WebhookID != "" {
		p["webhook_id"], p["application_id"] = m.WebhookID, m.ApplicationID
	}
	if m.Author.ID == s.opts.BotID {
		delete(p, "member")
	}
	return p
}

func orEmpty(v []json.RawMessage) []json.RawMessage {
	if v == nil {
		return []json.RawMessage{}
	}
	return v
}

// interactionToken makes a unique token shaped like Discord's.
func interactionToken(id string) string {
	return "aW50ZXJhY3Rpb246" + hex.EncodeToString([]byte(id)) + "_" + newSessionID() + newSessionID()
}
