package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/ballerina-bot/ballerina/commands"
)

// The adapter decodes gateway payloads itself, from the raw JSON discordgo
// hands over, instead of using discordgo's typed structs: the mapping is
// then testable on real payloads, and a component type discordgo does not
// know (a modal "label", type 18) cannot break a whole interaction.

// Interaction types.
const (
	ixPing         = 1
	ixCommand      = 2
	ixComponent    = 3
	ixAutocomplete = 4
	ixModal        = 5
)

// Permission bits read from member.permissions.
const (
	permAdministrator  = 1 << 3
	permManageServer   = uint64(commands.PermManageServer)
	permManageMessages = uint64(commands.PermManageMessages)
)

type rawUser struct {
	ID         string  `json:"id"`
	Username   string  `json:"username"`
	GlobalName *string `json:"global_name"`
	Bot        bool    `json:"bot"`
}

type rawMember struct {
	User        *rawUser `json:"user"`
	Nick        *string  `json:"nick"`
	Permissions string   `json:"permissions"`
}

// interaction is an INTERACTION_CREATE payload, the fields the bot uses.
type interaction struct {
	ID            string          `json:"id"`
	ApplicationID string          `json:"application_id"`
	Type          int             `json:"type"`
	Token         string          `json:"token"`
	GuildID       string          `json:"guild_id"`
	ChannelID     string          `json:"channel_id"`
	Member        *rawMember      `json:"member"`
	User          *rawUser        `json:"user"`
	Data          json.RawMessage `json:"data"`
	Message       *struct {
		ID string `json:"id"`
	} `json:"message"`
}

type rawOption struct {
	Name    string          `json:"name"`
	Type    int             `json:"type"`
	Value   json.RawMessage `json:"value"`
	Focused bool            `json:"focused"`
	Options []rawOption     `json:"options"`
}

type rawCommandData struct {
	Name    string      `json:"name"`
	Type    int         `json:"type"`
	Options []rawOption `json:"options"`
}

type rawComponentData struct {
	CustomID      string   `json:"custom_id"`
	ComponentType int      `json:"component_type"`
	Values        []string `json:"values"`
}

// rawComponent covers the shapes a modal submission nests its inputs in:
// action rows (type 1) with text inputs (type 4), and labels (type 18)
// wrapping one component.
type rawComponent struct {
	Type       int             `json:"type"`
	CustomID   string          `json:"custom_id"`
	Value      json.RawMessage `json:"value"`
	Values     []string        `json:"values"`
	Components []rawComponent  `json:"components"`
	Component  *rawComponent   `json:"component"`
}

type rawModalData struct {
	CustomID   string         `json:"custom_id"`
	Components []rawComponent `json:"components"`
}

// parseInteraction decodes an INTERACTION_CREATE payload.
func parseInteraction(raw []byte) (*interaction, error) {
	var ix interaction
	if err := json.Unmarshal(raw, &ix); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	if ix.ID == "" || ix.Token == "" {
		return nil, fmt.Errorf("decode interaction: no id or token")
	}
	return &ix, nil
}

// mapped is a Request plus what the adapter needs to answer it.
type mapped struct {
	Request commands.Request
	// FocusedType is the option type of the focused option (autocomplete).
	FocusedType int
}

// toRequest maps an interaction to a commands.Request.
func toRequest(ix *interaction) (mapped, error) {
	req := commands.Request{GuildID: ix.GuildID, ChannelID: ix.ChannelID}
	req.User, req.CanManageMessages, req.CanManageServer = invoker(ix)
	var m mapped
	switch ix.Type {
	case ixCommand, ixAutocomplete:
		var d rawCommandData
		if err := json.Unmarshal(ix.Data, &d); err != nil {
			return m, fmt.Errorf("decode command data: %w", err)
		}
		req.Kind = commands.KindCommand
		if ix.Type == ixAutocomplete {
			req.Kind = commands.KindAutocomplete
		}
		req.Command = d.Name
		req.Options = map[string]string{}
		opts := d.Options
		// A subcommand (type 1) carries the options; a group (type 2) nests
		// one more level. The table has no groups: "group sub" then routes
		// to Dispatch's clear "needs one of" answer.
		for len(opts) == 1 && (opts[0].Type == 1 || opts[0].Type == 2) {
			if req.Subcommand == "" {
				req.Subcommand = opts[0].Name
			} else {
				req.Subcommand += " " + opts[0].Name
			}
			opts = opts[0].Options
		}
		for _, o := range opts {
			req.Options[o.Name] = optionValue(o.Value)
			if o.Focused {
				req.Focused, m.FocusedType = o.Name, o.Type
			}
		}
	case ixComponent:
		var d rawComponentData
		if err := json.Unmarshal(ix.Data, &d); err != nil {
			return m, fmt.Errorf("decode component data: %w", err)
		}
		req.Kind, req.CustomID = commands.KindComponent, d.CustomID
		if len(d.Values) > 0 {
			req.Options = map[string]string{"values": strings.Join(d.Values, "\n")}
		}
	case ixModal:
		var d rawModalData
		if err := json.Unmarshal(ix.Data, &d); err != nil {
			return m, fmt.Errorf("decode modal data: %w", err)
		}
		req.Kind, req.CustomID = commands.KindModal, d.CustomID
		req.Fields = map[string]string{}
		collectInputs(d.Components, req.Fields)
	default:
		return m, fmt.Errorf("unsupported interaction type %d", ix.Type)
	}
	m.Request = req
	return m, nil
}

// collectInputs gathers the values of a modal's inputs, however nested.
func collectInputs(cs []rawComponent, into map[string]string) {
	for _, c := range cs {
		if c.CustomID != "" {
			switch {
			case len(c.Value) > 0:
				into[c.CustomID] = optionValue(c.Value)
			case c.Values != nil:
				into[c.CustomID] = strings.Join(c.Values, "\n")
			}
		}
		collectInputs(c.Components, into)
		if c.Component != nil {
			collectInputs([]rawComponent{*c.Component}, into)
		}
	}
}

// optionValue renders an option value as the handlers expect it: strings as
// typed, integers in decimal, booleans as true/false, ids as ids.
func optionValue(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if i, err := n.Int64(); err == nil {
			return strconv.FormatInt(i, 10)
		}
		if f, err := n.Float64(); err == nil {
			if f == float64(int64(f)) && f < 1<<53 && f > -(1<<53) {
				return strconv.FormatInt(int64(f), 10)
			}
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return n.String()
	}
	return string(raw) // true, false
}

// invoker returns who sent an interaction and what they may do in the
// channel. In DMs there is no member: both permissions are false.
func invoker(ix *interaction) (commands.User, bool, bool) {
	if ix.Member != nil {
		u := commands.User{}
		if ix.Member.User != nil {
			u = commands.User{ID: ix.Member.User.ID, Name: displayName(ix.Member.User, ix.Member.Nick)}
		}
		perms, _ := strconv.ParseUint(ix.Member.Permissions, 10, 64)
		admin := perms&permAdministrator != 0
		return u, admin || perms&permManageMessages != 0, admin || perms&permManageServer != 0
	}
	if ix.User != nil {
		return commands.User{ID: ix.User.ID, Name: displayName(ix.User, nil)}, false, false
	}
	return commands.User{}, false, false
}

// displayName is what Discord shows for a user: the server nickname, else
// the global display name, else the username.
func displayName(u *rawUser, nick *string) string {
	switch {
	case nick != nil && *nick != "":
		return *nick
	case u.GlobalName != nil && *u.GlobalName != "":
		return *u.GlobalName
	}
	return u.Username
}

// rawMessage is a MESSAGE_CREATE payload, the fields the bot uses.
type rawMessage struct {
	ID        string     `json:"id"`
	ChannelID string     `json:"channel_id"`
	GuildID   string     `json:"guild_id"`
	Author    rawUser    `json:"author"`
	Member    *rawMember `json:"member"`
	Content   string     `json:"content"`
	Mentions  []rawUser  `json:"mentions"`
	WebhookID string     `json:"webhook_id"`
}

// mentionQuestion decides whether a message is addressed to the bot and
// returns the text with the bot's mention removed. A message is for the bot
// when it mentions the bot, or when it is a DM; bots (this one included)
// and webhooks are never answered.
func mentionQuestion(m *rawMessage, botID string) (string, bool) {
	if m.Author.Bot || m.WebhookID != "" || m.Author.ID == "" || m.Author.ID == botID || botID == "" {
		return "", false
	}
	mentioned := false
	for _, u := range m.Mentions {
		mentioned = mentioned || u.ID == botID
	}
	tagged := strings.Contains(m.Content, "<@"+botID+">") || strings.Contains(m.Content, "<@!"+botID+">")
	if m.GuildID != "" && !mentioned && !tagged {
		return "", false
	}
	text := strings.NewReplacer("<@"+botID+">", " ", "<@!"+botID+">", " ").Replace(m.Content)
	return strings.Join(strings.Fields(text), " "), true
}

// messageRequest builds the /ask Request for a mention or DM. It uses the
// table's /ask command and its first string option, so the table stays the
// single source of names.
func messageRequest(t commands.Table, m *rawMessage, question string) (commands.Request, bool) {
	cmd, ok := t.Lookup("ask")
	if !ok {
		return commands.Request{}, false
	}
	opt := "question"
	for _, o := range cmd.Options {
		if o.Type == commands.OptionString {
			opt = o.Name
			if o.MaxLength > 0 {
				question = commands.Clip(question, o.MaxLength)
			}
			break
		}
	}
	name := displayName(&m.Author, nil)
	if m.Member != nil {
		name = displayName(&m.Author, m.Member.Nick)
	}
	return commands.Request{
		Kind:      commands.KindCommand,
		Command:   cmd.Name,
		Options:   map[string]string{opt: question},
		User:      commands.User{ID: m.Author.ID, Name: name},
		GuildID:   m.GuildID,
		ChannelID: m.ChannelID,
	}, true
}
