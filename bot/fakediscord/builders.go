package fakediscord

import (
	"encoding/json"
	"time"
)

// Application command option types.
const (
	OptSubcommand      = 1
	OptSubcommandGroup = 2
	OptString          = 3
	OptInteger         = 4
	OptBoolean         = 5
	OptUser            = 6
	OptChannel         = 7
	OptRole            = 8
	OptNumber          = 10
)

// Option is an option value of a command interaction.
type Option struct {
	Name    string
	Type    int
	Value   any
	Focused bool
	Options []Option
}

// Str is a string option value.
func Str(name, v string) Option { return Option{Name: name, Type: OptString, Value: v} }

// Int is an integer option value.
func Int(name string, v int) Option { return Option{Name: name, Type: OptInteger, Value: v} }

// Num is a number option value.
func Num(name string, v float64) Option { return Option{Name: name, Type: OptNumber, Value: v} }

// Bool is a boolean option value.
func Bool(name string, v bool) Option { return Option{Name: name, Type: OptBoolean, Value: v} }

// UserOpt is a user option value (a user id).
func UserOpt(name, userID string) Option { return Option{Name: name, Type: OptUser, Value: userID} }

// ChannelOpt is a channel option value (a channel id).
func ChannelOpt(name, id string) Option { return Option{Name: name, Type: OptChannel, Value: id} }

// RoleOpt is a role option (its value is the role's id).
func RoleOpt(name, id string) Option { return Option{Name: name, Type: OptRole, Value: id} }

// Sub is a subcommand with its options.
func Sub(name string, opts ...Option) Option {
	return Option{Name: name, Type: OptSubcommand, Options: opts}
}

// Group is a subcommand group with its subcommands.
func Group(name string, subs ...Option) Option {
	return Option{Name: name, Type: OptSubcommandGroup, Options: subs}
}

// Focused marks the option the user is typing in (autocomplete). Discord
// sends its partial value as a string whatever the option type.
func Focused(o Option) Option {
	o.Focused = true
	o.Value = toString(o.Value)
	return o
}

// ModalField is one submitted text input of a modal.
type ModalField struct{ CustomID, Value string }

// Field is a ModalField.
func Field(customID, value string) ModalField { return ModalField{customID, value} }

// InteractionSpec describes an INTERACTION_CREATE; build one with
// SlashCommand, Autocomplete, Button, SelectMenu or ModalSubmit, adjust it
// with the methods, send it with Server.DispatchInteraction. By default it
// happens in the default guild channel, by DefaultUser with permissions
// "2248473465835073" (no administrator).
type InteractionSpec struct {
	Type          int
	Name          string // command name
	Options       []Option
	CustomID      string // component or modal custom_id
	ComponentType int    // 2 button, 3 string select
	Values        []string
	Fields        []ModalField
	GuildID       string // "" in a DM
	ChannelID     string
	User          User
	Permissions   string
	Roles         []string
	MessageID     string // the message carrying the component
	Locale        string
}

func newSpec(typ int) InteractionSpec {
	return InteractionSpec{Type: typ, GuildID: DefaultGuildID, ChannelID: DefaultChannelID, User: DefaultUser(),
		Permissions: "2248473465835073", Roles: []string{}, Locale: "en-US"}
}

// SlashCommand is a chat-input command: SlashCommand("trivia", Sub("start", Int("rounds", 3))).
func SlashCommand(name string, opts ...Option) InteractionSpec {
	s := newSpec(InteractionApplicationCommand)
	s.Name, s.Options = name, opts
	return s
}

// Autocomplete is an autocomplete request; mark one option with Focused.
func Autocomplete(name string, opts ...Option) InteractionSpec {
	s := SlashCommand(name, opts...)
	s.Type = InteractionAutocomplete
	return s
}

// Button is a click on a button with customID.
func Button(customID string) InteractionSpec {
	s := newSpec(InteractionMessageComponent)
	s.CustomID, s.ComponentType = customID, 2
	return s
}

// SelectMenu is a string select with the chosen values.
func SelectMenu(customID string, values ...string) InteractionSpec {
	s := newSpec(InteractionMessageComponent)
	s.CustomID, s.ComponentType, s.Values = customID, 3, values
	return s
}

// ModalSubmit is the submission of a modal with its text inputs.
func ModalSubmit(customID string, fields ...ModalField) InteractionSpec {
	s := newSpec(InteractionModalSubmit)
	s.CustomID, s.Fields = customID, fields
	return s
}

// InDM moves the interaction to the default DM channel (user, no member).
func (s InteractionSpec) InDM() InteractionSpec {
	s.GuildID, s.ChannelID = "", DefaultDMChannelID
	return s
}

// InGuild moves the interaction to a guild channel.
func (s InteractionSpec) InGuild(guildID, channelID string) InteractionSpec {
	s.GuildID, s.ChannelID = guildID, channelID
	return s
}

// By sets the invoking user.
func (s InteractionSpec) By(u User) InteractionSpec { s.User = u; return s }

// WithPermissions sets member.permissions (a decimal bit set, e.g. "8" for
// administrator, "32" for manage guild).
func (s InteractionSpec) WithPermissions(p string) InteractionSpec { s.Permissions = p; return s }

// WithRoles sets member.roles.
func (s InteractionSpec) WithRoles(ids ...string) InteractionSpec { s.Roles = ids; return s }

// OnMessage sets the message the component is on (a stored message, e.g.
// one the bot sent; otherwise a bot message with that id is synthesised).
func (s InteractionSpec) OnMessage(id string) InteractionSpec { s.MessageID = id; return s }

// WithLocale sets the user's locale.
func (s InteractionSpec) WithLocale(l string) InteractionSpec { s.Locale = l; return s }

func optionsJSON(opts []Option) []any {
	out := []any{}
	for _, o := range opts {
		m := map[string]any{"name": o.Name, "type": o.Type}
		if o.Type == OptSubcommand || o.Type == OptSubcommandGroup {
			m["options"] = optionsJSON(o.Options)
		} else {
			m["value"] = o.Value
		}
		if o.Focused {
			m["focused"] = true
		}
		out = append(out, m)
	}
	return out
}

// DispatchInteraction registers the interaction (so its callback and
// webhook routes work) and dispatches INTERACTION_CREATE to the sessions
// of its guild's shard (see shards.go). The returned record carries the id, token and sequence number.
func (s *Server) DispatchInteraction(spec InteractionSpec) (Interaction, error) {
	s.mu.Lock()
	st := s.registerInteractionLocked(spec)
	id := st.ID
	s.mu.Unlock()

	seq, sessions, err := s.dispatchGuild(spec.GuildID, "INTERACTION_CREATE", func(int) (any, error) {
		return json.RawMessage(st.Payload), nil
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		delete(s.rest.interactions, id)
		delete(s.rest.byToken, st.Token)
		return Interaction{}, err
	}
	st.Seq, st.Sessions = seq, sessions
	return st.copy(), nil
}

// registerInteractionLocked creates an interaction from spec, with its
// payload, so that its callback and webhook routes work.
func (s *Server) registerInteractionLocked(spec InteractionSpec) *interactionState {
	id := s.newIDLocked()
	st := &interactionState{Interaction: Interaction{ID: id, Token: interactionToken(id), AppID: s.opts.AppID,
		Type: spec.Type, ChannelID: spec.ChannelID, GuildID: spec.GuildID}}
	if _, ok := s.rest.channels[spec.ChannelID]; !ok {
		ch := &Channel{ID: spec.ChannelID, GuildID: spec.GuildID, Name: "channel-" + spec.ChannelID}
		if spec.GuildID == "" {
			ch.Type, ch.Recipients = 1, []User{spec.User}
		}
		s.rest.channels[ch.ID] = ch
	}
	p := s.interactionPayloadLocked(spec, st)
	st.Payload, _ = json.Marshal(p)
	st.DispatchedAt = time.Now()
	s.rest.interactions[id] = st
	s.rest.byToken[st.Token] = st
	return st
}

func (s *Server) interactionPayloadLocked(spec InteractionSpec, st *interactionState) map[string]any {
	var p map[string]any
	if spec.GuildID == "" {
		p = Template("interaction_dm.json")
		p["user"] = userMap(spec.User)
		ch := p["channel"].(map[string]any)
		ch["id"], ch["recipients"] = spec.ChannelID, []any{userMap(spec.User)}
	} else {
		p = Template("interaction_guild.json")
		p["guild_id"], p["guild_locale"] = spec.GuildID, "en-US"
		p["guild"].(map[string]any)["id"] = spec.GuildID
		p["authorizing_integration_owners"] = map[string]any{"0": spec.GuildID}
		ch := p["channel"].(map[string]any)
		ch["id"], ch["guild_id"] = spec.ChannelID, spec.GuildID
		if c := s.rest.channels[spec.ChannelID]; c != nil && c.Name != "" {
			ch["name"] = c.Name
		}
		mem := p["member"].(map[string]any)
		mem["user"], mem["permissions"], mem["roles"] = userMap(spec.User), spec.Permissions, spec.Roles
	}
	p["id"], p["token"], p["application_id"], p["type"] = st.ID, st.Token, st.AppID, spec.Type
	p["channel_id"], p["locale"] = spec.ChannelID, spec.Locale
	switch spec.Type {
	case InteractionApplicationCommand, InteractionAutocomplete:
		data := map[string]any{"id": s.commandIDLocked(spec.GuildID, spec.Name), "name": spec.Name, "type": 1,
			"options": optionsJSON(spec.Options)}
		if data["id"] == "" {
			data["id"] = s.newIDLocked()
		}
		for _, c := range s.rest.commands[spec.GuildID] {
			if c.Name == spec.Name && spec.GuildID != "" {
				data["guild_id"] = spec.GuildID
			}
		}
		p["data"] = data
	case InteractionMessageComponent:
		data := map[string]any{"custom_id": spec.CustomID, "component_type": spec.ComponentType}
		if spec.ComponentType == 3 {
			data["values"] = append([]string{}, spec.Values...)
		}
		p["data"] = data
		p["message"] = s.componentMessageLocked(spec, st)
	case InteractionModalSubmit:
		rows := []any{}
		for _, f := range spec.Fields {
			rows = append(rows, map[string]any{"type": 1, "id": len(rows) + 1, "components": []any{
				map[string]any{"type": 4, "id": len(rows) + 2, "custom_id": f.CustomID, "value": f.Value}}})
		}
		p["data"] = map[string]any{"custom_id": spec.CustomID, "components": rows}
		if spec.MessageID != "" {
			p["message"] = s.componentMessageLocked(spec, st)
		}
	}
	return p
}

// componentMessageLocked returns the message a component is on: the stored
// message spec.MessageID, or a synthesised bot message (then stored).
func (s *Server) componentMessageLocked(spec InteractionSpec, st *interactionState) any {
	if m := s.rest.messages[spec.MessageID]; m != nil {
		st.messageID = m.ID
		return m
	}
	t := Template("component_message.json")
	m := Message{ID: spec.MessageID, ChannelID: spec.ChannelID, GuildID: spec.GuildID, Author: s.BotUser(),
		Content: t["content"].(string), Type: 20, WebhookID: s.opts.AppID, ApplicationID: s.opts.AppID}
	for _, row := range t["components"].([]any) {
		b, _ := json.Marshal(row)
		m.Components = append(m.Components, b)
	}
	s.storeLocked(&m)
	st.messageID = m.ID
	return m
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}
