// Package commands holds the command table and its handlers. A handler takes
// our own Request and returns our own Response; adapters in bot/ translate
// Discord interactions and console lines to and from these types. Time,
// randomness and storage are injected through struct fields.
package commands

import "context"

// Kind says what a Request is.
type Kind int

const (
	KindCommand      Kind = iota // a slash command or console line
	KindAutocomplete             // the user is typing into an option with autocomplete
	KindComponent                // a button was clicked
	KindModal                    // a modal was submitted
)

// User is who sent a Request, as Discord or the console names them. Name is the
// display name at the time of the request (there is no Members intent).
type User struct {
	ID   string
	Name string
}

// Request is one thing a user asked of the bot.
type Request struct {
	Kind       Kind
	Command    string            // top-level command name: "ask", "trivia"
	Subcommand string            // "start" for /trivia start; empty when none
	Options    map[string]string // option values as typed; integers in decimal
	Focused    string            // KindAutocomplete: the option being typed into
	CustomID   string            // KindComponent and KindModal: the component's custom id
	Fields     map[string]string // KindModal: text input custom id -> value

	User      User
	GuildID   string // empty in direct messages and the console
	ChannelID string
	// CanManageMessages and CanManageServer are the member's permissions in
	// the channel, as the adapter resolved them; the console grants both.
	CanManageMessages bool
	CanManageServer   bool
}

// Option returns the named option value, or "".
func (r Request) Option(name string) string { return r.Options[name] }

// Response is what a handler answers. Adapters render it: an embed and buttons
// on Discord, plain text in the console. "Nothing found" is a Response with
// Found false, never an error.
type Response struct {
	Found     bool // false when the bot has no answer (drives console --json "found")
	Ephemeral bool // only the requesting user sees it
	Content   string
	Card      *Card
	Buttons   []Button
	Sources   []string // source ids the answer is drawn from
	Choices   []Choice // KindAutocomplete answers; at most 25
	Modal     *Modal   // open this modal instead of replying
	// Update replaces the message the clicked component belongs to instead
	// of sending a new one (KindComponent only).
	Update bool
}

// Card is an embed-like block of text. Spoiler text inside it is already
// wrapped in ||…||.
type Card struct {
	Title       string
	Description string
	Fields      []Field
	Footer      string
	Color       int // 0 means the film's palette default
}

// Field is one name/value pair of a Card.
type Field struct {
	Name   string
	Value  string
	Inline bool
}

// ButtonStyle follows Discord's button styles.
type ButtonStyle int

const (
	ButtonPrimary   ButtonStyle = 1
	ButtonSecondary ButtonStyle = 2
	ButtonSuccess   ButtonStyle = 3
	ButtonDanger    ButtonStyle = 4
)

// Button is a clickable component. CustomID starts with the name of the command
// that handles the click, then a colon: "trivia:answer:…".
type Button struct {
	CustomID string
	Label    string
	Style    ButtonStyle
	Disabled bool
}

// Choice is one autocomplete suggestion.
type Choice struct {
	Name  string // shown to the user, at most 100 characters
	Value string // sent back as the option value
}

// Modal is a form with text inputs, opened in answer to a button.
type Modal struct {
	CustomID string
	Title    string
	Inputs   []TextInput
}

// TextInput is one field of a Modal.
type TextInput struct {
	CustomID    string
	Label       string
	Placeholder string
	MaxLength   int
	Required    bool
}

// Handler answers one Request.
type Handler func(ctx context.Context, req Request) (Response, error)

// Message is a post the bot makes on its own, outside a reply: a trivia
// round's reveal, the quote of the day.
type Message struct {
	ChannelID string
	// Nonce, when set, makes the post idempotent: Discord returns the first
	// message sent with the same nonce instead of posting again.
	Nonce    string
	Response Response
	// MentionRoles are the roles the post may ping; its content mentions
	// them (<@&id>). Nothing else in it pings: not @everyone, not a user.
	MentionRoles []string
	// Thread, when set, opens a public thread of that name on the post.
	// Failing to open it is logged; the post stands.
	Thread string
}

// Messenger posts and edits messages. The Discord adapter and the console
// implement it.
type Messenger interface {
	Send(ctx context.Context, m Message) (messageID string, err error)
	Edit(ctx context.Context, channelID, messageID string, r Response) error
}

// IsSnowflake reports whether s has the shape of a Discord id: 1 to 20
// digits. Options that name a role or a channel are checked with it before
// they reach a message.
func IsSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
