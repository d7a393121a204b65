package discord

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ballerina-bot/ballerina/commands"
)

// appCommand is an application command in a bulk overwrite body.
type appCommand struct {
	Type                     int         `json:"type"`
	Name                     string      `json:"name"`
	Description              string      `json:"description"`
	Options                  []appOption `json:"options,omitempty"`
	DefaultMemberPermissions *string     `json:"default_member_permissions,omitempty"`
	DMPermission             *bool       `json:"dm_permission,omitempty"`
	Contexts                 []int       `json:"contexts,omitempty"`
	IntegrationTypes         []int       `json:"integration_types,omitempty"`
}

type appOption struct {
	Type         int         `json:"type"`
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	Required     bool        `json:"required,omitempty"`
	Autocomplete bool        `json:"autocomplete,omitempty"`
	Choices      []choice    `json:"choices,omitempty"`
	Options      []appOption `json:"options,omitempty"`
	ChannelTypes []int       `json:"channel_types,omitempty"`
	MinValue     *int64      `json:"min_value,omitempty"`
	MaxValue     *int64      `json:"max_value,omitempty"`
	MaxLength    int         `json:"max_length,omitempty"`
}

// Interaction contexts and installation types of global commands.
const (
	contextGuild     = 0
	contextBotDM     = 1
	installGuild     = 0
	optSubcommand    = 1
	maxDescription   = 100
	maxOptionLength  = 6000
	channelGuildText = 0
	channelNews      = 5
)

// appCommands builds the bulk overwrite body from the command table. guild
// is true for a guild registration, where DM availability does not apply.
func appCommands(t commands.Table, guild bool) []appCommand {
	out := make([]appCommand, 0, len(t))
	for _, c := range t {
		ac := appCommand{Type: 1, Name: c.Name, Description: description(c.Description, c.Name)}
		if len(c.Subcommands) > 0 {
			for _, s := range c.Subcommands {
				ac.Options = append(ac.Options, appOption{
					Type: optSubcommand, Name: s.Name, Description: description(s.Description, s.Name),
					Options: appOptions(s.Options),
				})
			}
		} else {
			ac.Options = appOptions(c.Options)
		}
		if c.DefaultPermission != 0 {
			p := strconv.FormatInt(int64(c.DefaultPermission), 10)
			ac.DefaultMemberPermissions = &p
		}
		if !guild {
			dm := c.DMs
			ac.DMPermission = &dm
			ac.Contexts = []int{contextGuild}
			if c.DMs {
				ac.Contexts = append(ac.Contexts, contextBotDM)
			}
			ac.IntegrationTypes = []int{installGuild}
		}
		out = append(out, ac)
	}
	return out
}

func appOptions(opts []commands.Option) []appOption {
	out := make([]appOption, 0, len(opts))
	for _, o := range opts {
		ao := appOption{
			Type: int(o.Type), Name: o.Name, Description: description(o.Description, o.Name),
			Required: o.Required, Autocomplete: o.Autocomplete && len(o.Choices) == 0,
		}
		for _, ch := range o.Choices {
			if len(ao.Choices) == maxChoices {
				break
			}
			var v any = ch.Value
			if o.Type == commands.OptionInteger {
				n, err := strconv.ParseInt(ch.Value, 10, 64)
				if err != nil {
					continue
				}
				v = n
			}
			ao.Choices = append(ao.Choices, choice{Name: commands.Clip(ch.Name, maxChoiceName), Value: v})
		}
		switch o.Type {
		case commands.OptionInteger:
			if o.Max > 0 {
				lo, hi := int64(o.Min), int64(o.Max)
				ao.MinValue, ao.MaxValue = &lo, &hi
			}
		case commands.OptionString:
			if o.MaxLength > 0 {
				ao.MaxLength = min(o.MaxLength, maxOptionLength)
			}
		case commands.OptionChannel:
			// The bot posts where it is pointed: text and announcement channels.
			ao.ChannelTypes = []int{channelGuildText, channelNews}
		}
		out = append(out, ao)
	}
	// Discord requires required options before optional ones.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Required && !out[j].Required })
	return out
}

// description keeps a description within Discord's 1–100 characters.
func description(d, name string) string {
	d = strings.TrimSpace(d)
	if d == "" {
		d = name
	}
	return commands.Clip(d, maxDescription)
}
