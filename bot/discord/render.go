package discord

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
)

// Discord's limits, in characters (runes).
const (
	maxContent       = 2000
	maxEmbedTitle    = 256
	maxEmbedDesc     = 4096
	maxEmbedFields   = 25
	maxFieldName     = 256
	maxFieldValue    = 1024
	maxFooter        = 2048
	maxEmbedTotal    = 6000
	maxChoices       = 25
	maxChoiceName    = 100
	maxChoiceValue   = 100
	maxCustomID      = 100
	maxButtonLabel   = 80
	maxButtonsPerRow = 5
	maxRows          = 5
	maxModalTitle    = 45
	maxInputLabel    = 45
	maxPlaceholder   = 100
	maxInputLength   = 4000
	maxModalInputs   = 5
	maxNonce         = 25
)

// Message flags and component types.
const (
	flagEphemeral      = 1 << 6
	componentActionRow = 1
	componentButton    = 2
	componentTextInput = 4
	textInputShort     = 1
	textInputParagraph = 2
)

// allowedMentions is sent with every message the bot writes: nothing the
// bot echoes (a user's question, a name) can ping @everyone, a role or a
// user (hazard 8). Roles lists the roles a post may ping by name, when a
// feature asks (commands.Message.MentionRoles); parse stays empty.
type allowedMentions struct {
	Parse []string `json:"parse"`
	Roles []string `json:"roles,omitempty"`
}

func noMentions() allowedMentions { return allowedMentions{Parse: []string{}} }

type embed struct {
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Color       int          `json:"color"`
	Fields      []embedField `json:"fields,omitempty"`
	Footer      *embedFooter `json:"footer,omitempty"`
}

type embedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

type embedFooter struct {
	Text string `json:"text"`
}

type actionRow struct {
	Type       int   `json:"type"`
	Components []any `json:"components"`
}

type buttonComponent struct {
	Type     int    `json:"type"`
	Style    int    `json:"style"`
	Label    string `json:"label,omitempty"`
	CustomID string `json:"custom_id"`
	Disabled bool   `json:"disabled,omitempty"`
}

type textInputComponent struct {
	Type        int    `json:"type"`
	CustomID    string `json:"custom_id"`
	Style       int    `json:"style"`
	Label       string `json:"label"`
	Placeholder string `json:"placeholder,omitempty"`
	MaxLength   int    `json:"max_length,omitempty"`
	Required    bool   `json:"required"`
}

type messageReference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id,omitempty"`
	GuildID         string `json:"guild_id,omitempty"`
	FailIfNotExists bool   `json:"fail_if_not_exists"`
}

// messageBody is the JSON of every message the bot creates or edits:
// interaction responses, follow-ups, webhook edits and channel messages.
// Embeds and Components are pointers so an edit can send [] to clear them.
type messageBody struct {
	Content         *string           `json:"content,omitempty"`
	Embeds          *[]embed          `json:"embeds,omitempty"`
	Components      *[]actionRow      `json:"components,omitempty"`
	Flags           int               `json:"flags,omitempty"`
	AllowedMentions allowedMentions   `json:"allowed_mentions"`
	Reference       *messageReference `json:"message_reference,omitempty"`
	Nonce           string            `json:"nonce,omitempty"`
	EnforceNonce    bool              `json:"enforce_nonce,omitempty"`
}

type modalData struct {
	CustomID   string      `json:"custom_id"`
	Title      string      `json:"title"`
	Components []actionRow `json:"components"`
}

type choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

type choicesData struct {
	Choices []choice `json:"choices"`
}

// callback is the body of POST /interactions/{id}/{token}/callback.
type callback struct {
	Type int `json:"type"`
	Data any `json:"data,omitempty"`
}

// Interaction callback types.
const (
	cbMessage      = 4
	cbDeferMessage = 5
	cbDeferUpdate  = 6
	cbUpdate       = 7
	cbAutocomplete = 8
	cbModal        = 9
)

// emptyAnswer stands in when a handler returned nothing to show: Discord
// refuses an empty message.
const emptyAnswer = "I have nothing to show for that."

// renderMessage turns a Response into a message body. edit makes every
// field explicit (content, embeds, components), so an edit replaces the
// whole message instead of merging with what was there.
func renderMessage(r commands.Response, edit bool) messageBody {
	b := messageBody{AllowedMentions: noMentions()}
	content := commands.Clip(r.Content, maxContent)
	var embeds []embed
	if r.Card != nil {
		embeds = []embed{renderCard(r)}
	}
	rows := renderButtons(r.Buttons)
	if content == "" && len(embeds) == 0 && len(rows) == 0 && !edit {
		content = emptyAnswer
	}
	if content != "" || edit {
		b.Content = &content
	}
	if len(embeds) > 0 || edit {
		if embeds == nil {
			embeds = []embed{}
		}
		b.Embeds = &embeds
	}
	if len(rows) > 0 || edit {
		if rows == nil {
			rows = []actionRow{}
		}
		b.Components = &rows
	}
	if r.Ephemeral && !edit {
		b.Flags = flagEphemeral
	}
	return b
}

// renderCard turns the Response's card into an embed within every limit,
// the 6000-character total included.
func renderCard(r commands.Response) embed {
	c := r.Card
	e := embed{
		Title:       commands.Clip(c.Title, maxEmbedTitle),
		Description: commands.Clip(c.Description, maxEmbedDesc),
		Color:       c.Color,
	}
	if e.Color <= 0 || e.Color > 0xFFFFFF {
		e.Color = commands.ColorPink
		if !r.Found {
			e.Color = commands.ColorRed
		}
	}
	for _, f := range c.Fields {
		if len(e.Fields) == maxEmbedFields {
			break
		}
		name, value := commands.Clip(f.Name, maxFieldName), commands.Clip(f.Value, maxFieldValue)
		if strings.TrimSpace(name) == "" {
			name = "\u200b" // Discord requires a non-empty name and value
		}
		if strings.TrimSpace(value) == "" {
			value = "\u200b"
		}
		e.Fields = append(e.Fields, embedField{Name: name, Value: value, Inline: f.Inline})
	}
	footer := c.Footer
	if footer == "" && len(r.Sources) > 0 {
		footer = "Sources: " + strings.Join(r.Sources, " · ")
	}
	if footer = commands.Clip(footer, maxFooter); footer != "" {
		e.Footer = &embedFooter{Text: footer}
	}
	fitEmbed(&e)
	return e
}

// embedSize is what Discord counts toward the 6000-character total.
func embedSize(e embed) int {
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	return n
}

// fitEmbed shortens an embed to the 6000-character total: the description
// first (it is the long part), then trailing fields, then the footer.
func fitEmbed(e *embed) {
	over := embedSize(*e) - maxEmbedTotal
	if over <= 0 {
		return
	}
	if d := runes(e.Description); d > 0 {
		keep := d - over
		if keep < 1 {
			keep = 0
		}
		e.Description = commands.Clip(e.Description, keep)
		over = embedSize(*e) - maxEmbedTotal
	}
	for over > 0 && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
		over = embedSize(*e) - maxEmbedTotal
	}
	if over > 0 && e.Footer != nil {
		keep := runes(e.Footer.Text) - over
		if keep < 1 {
			e.Footer = nil
		} else {
			e.Footer.Text = commands.Clip(e.Footer.Text, keep)
		}
		over = embedSize(*e) - maxEmbedTotal
	}
	if over > 0 {
		e.Title = commands.Clip(e.Title, runes(e.Title)-over)
	}
}

// renderButtons lays buttons out in action rows of five. A button whose
// custom id does not fit Discord's limit is dropped rather than cut, since
// a cut id would route the click elsewhere.
func renderButtons(bs []commands.Button) []actionRow {
	var rows []actionRow
	for _, b := range bs {
		if b.CustomID == "" || runes(b.CustomID) > maxCustomID {
			continue
		}
		if len(rows) == 0 || len(rows[len(rows)-1].Components) == maxButtonsPerRow {
			if len(rows) == maxRows {
				break
			}
			rows = append(rows, actionRow{Type: componentActionRow})
		}
		style := int(b.Style)
		if style < int(commands.ButtonPrimary) || style > int(commands.ButtonDanger) {
			style = int(commands.ButtonSecondary)
		}
		label := commands.Clip(b.Label, maxButtonLabel)
		if strings.TrimSpace(label) == "" {
			label = "…"
		}
		row := &rows[len(rows)-1]
		row.Components = append(row.Components, buttonComponent{
			Type: componentButton, Style: style, Label: label, CustomID: b.CustomID, Disabled: b.Disabled,
		})
	}
	return rows
}

// renderModal turns a Modal into the data of a type 9 callback.
func renderModal(m commands.Modal) (modalData, bool) {
	if m.CustomID == "" || runes(m.CustomID) > maxCustomID || len(m.Inputs) == 0 {
		return modalData{}, false
	}
	title := commands.Clip(m.Title, maxModalTitle)
	if strings.TrimSpace(title) == "" {
		title = "Ballerina"
	}
	d := modalData{CustomID: m.CustomID, Title: title}
	for _, in := range m.Inputs {
		if len(d.Components) == maxModalInputs {
			break
		}
		if in.CustomID == "" || runes(in.CustomID) > maxCustomID {
			return modalData{}, false
		}
		style := textInputShort
		if in.MaxLength == 0 || in.MaxLength > 200 {
			style = textInputParagraph
		}
		max := in.MaxLength
		if max > maxInputLength {
			max = maxInputLength
		}
		label := commands.Clip(in.Label, maxInputLabel)
		if strings.TrimSpace(label) == "" {
			label = in.CustomID
			label = commands.Clip(label, maxInputLabel)
		}
		d.Components = append(d.Components, actionRow{Type: componentActionRow, Components: []any{
			textInputComponent{
				Type: componentTextInput, CustomID: in.CustomID, Style: style, Label: label,
				Placeholder: commands.Clip(in.Placeholder, maxPlaceholder), MaxLength: max, Required: in.Required,
			},
		}})
	}
	return d, true
}

// renderChoices turns autocomplete choices into a type 8 callback's data.
// numeric makes values numbers, for integer options.
func renderChoices(cs []commands.Choice, numeric bool) choicesData {
	d := choicesData{Choices: []choice{}}
	for _, c := range cs {
		if len(d.Choices) == maxChoices {
			break
		}
		name := commands.Clip(c.Name, maxChoiceName)
		if strings.TrimSpace(name) == "" {
			continue
		}
		var v any = c.Value
		if numeric {
			n, err := strconv.ParseInt(c.Value, 10, 64)
			if err != nil {
				continue
			}
			v = n
		} else if runes(c.Value) > maxChoiceValue {
			continue // a cut value would be a different answer
		}
		d.Choices = append(d.Choices, choice{Name: name, Value: v})
	}
	return d
}

func runes(s string) int { return utf8.RuneCountInString(s) }
