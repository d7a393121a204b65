package fakediscord

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Default identities used when Options leaves them empty. Tests can refer to
// them directly, e.g. to build the expected "<@BotID>" mention.
const (
	DefaultToken        = "test-token"
	DefaultBotID        = "1100000000000000001"
	DefaultBotName      = "ballerina"
	DefaultAppID        = "1100000000000000001" // a bot's application id equals its user id
	DefaultGuildID      = "1200000000000000001"
	DefaultChannelID    = "1300000000000000001"
	DefaultDMChannelID  = "1300000000000000002"
	DefaultUserID       = "1400000000000000001"
	DefaultUserName     = "okjoo_fan"
	DefaultWaitTimeout  = 5 * time.Second
	defaultHeartbeat    = time.Second
	defaultNonceWindow  = 3 * time.Minute
	discordEpochMillis  = 1420070400000
	ephemeralFlag       = 1 << 6
	loadingFlag         = 1 << 7
	maxRecordedRequests = 10000
)

// Gateway intents the fake understands (same bit values as Discord's).
const (
	IntentGuilds         = 1 << 0
	IntentGuildMembers   = 1 << 1
	IntentGuildPresences = 1 << 8
	IntentGuildMessages  = 1 << 9
	IntentDirectMessages = 1 << 12
	IntentMessageContent = 1 << 15
	privilegedIntents    = IntentGuildMembers | IntentGuildPresences | IntentMessageContent
)

// User is a Discord user object (the subset the fake produces).
type User struct {
	ID            string  `json:"id"`
	Username      string  `json:"username"`
	Discriminator string  `json:"discriminator"`
	GlobalName    *string `json:"global_name"`
	Avatar        *string `json:"avatar"`
	Bot           bool    `json:"bot,omitempty"`
}

// Member is a guild member as sent inside interactions (with user and
// permissions) and messages (without user).
type Member struct {
	User        *User     `json:"user,omitempty"`
	Nick        *string   `json:"nick"`
	Roles       []string  `json:"roles"`
	JoinedAt    time.Time `json:"joined_at"`
	Deaf        bool      `json:"deaf"`
	Mute        bool      `json:"mute"`
	Flags       int       `json:"flags"`
	Permissions string    `json:"permissions,omitempty"`
}

// Channel is a channel object. Type 0 is a guild text channel, 1 a DM.
type Channel struct {
	ID         string `json:"id"`
	Type       int    `json:"type"`
	GuildID    string `json:"guild_id,omitempty"`
	Name       string `json:"name,omitempty"`
	ParentID   string `json:"parent_id,omitempty"` // a thread's channel
	Position   int    `json:"position"`
	Recipients []User `json:"recipients,omitempty"`
	// Overwrites are the channel's permission overwrites.
	Overwrites []Overwrite `json:"permission_overwrites,omitempty"`
}

// Message is a message stored by the fake: sent through REST by the bot
// (channel messages, interaction responses, follow-ups) or dispatched to the
// bot with DispatchMessage.
type Message struct {
	ID              string            `json:"id"`
	Type            int               `json:"type"`
	ChannelID       string            `json:"channel_id"`
	GuildID         string            `json:"guild_id,omitempty"`
	Author          User              `json:"author"`
	Member          *Member           `json:"member,omitempty"`
	Content         string            `json:"content"`
	Timestamp       time.Time         `json:"timestamp"`
	EditedTimestamp *time.Time        `json:"edited_timestamp"`
	TTS             bool              `json:"tts"`
	MentionEveryone bool              `json:"mention_everyone"`
	Mentions        []User            `json:"mentions"`
	MentionRoles    []string          `json:"mention_roles"`
	Attachments     []json.RawMessage `json:"attachments"`
	Embeds          []json.RawMessage `json:"embeds"`
	Components      []json.RawMessage `json:"components"`
	Pinned          bool              `json:"pinned"`
	Flags           int               `json:"flags"`
	Nonce           json.RawMessage   `json:"nonce,omitempty"`
	WebhookID       string            `json:"webhook_id,omitempty"`
	ApplicationID   string            `json:"application_id,omitempty"`
	Reference       json.RawMessage   `json:"message_reference,omitempty"`

	// AllowedMentions is the allowed_mentions object the client sent with the
	// last create/edit (nil when it sent none). It is not echoed to clients.
	AllowedMentions json.RawMessage `json:"-"`
	// InteractionID is set on interaction responses and follow-ups.
	InteractionID string `json:"-"`
	// Deleted is true after a DELETE.
	Deleted bool `json:"-"`
}

// Ephemeral reports whether the message carries the EPHEMERAL flag (64).
func (m Message) Ephemeral() bool { return m.Flags&ephemeralFlag != 0 }

// Request is one recorded REST request.
type Request struct {
	Method string
	// Path is the full URL path, e.g. "/api/v9/channels/1/messages".
	Path string
	// Route is Path without the "/api/vN" prefix, e.g. "/channels/1/messages".
	Route  string
	Query  url.Values
	Header http.Header
	Body   []byte
	Time   time.Time
	// Status is the HTTP status the fake answered with.
	Status int
}

// Decode unmarshals the JSON request body into v.
func (r Request) Decode(v any) error { return json.Unmarshal(r.Body, v) }

// Callback is one accepted POST /interactions/{id}/{token}/callback.
type Callback struct {
	// Type is the interaction callback type: 1 PONG, 4 CHANNEL_MESSAGE_WITH_SOURCE,
	// 5 DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, 6 DEFERRED_UPDATE_MESSAGE,
	// 7 UPDATE_MESSAGE, 8 APPLICATION_COMMAND_AUTOCOMPLETE_RESULT, 9 MODAL.
	Type int
	// Data is the raw "data" object of the callback (may be nil).
	Data json.RawMessage
	// At is when the fake received it; Latency is At minus the dispatch time.
	At      time.Time
	Latency time.Duration
}

// Decode unmarshals the callback's data object into v.
func (c Callback) Decode(v any) error { return json.Unmarshal(c.Data, v) }

// Interaction is the fake's record of one dispatched interaction.
type Interaction struct {
	ID           string
	Token        string
	AppID        string
	Type         int
	ChannelID    string
	GuildID      string
	DispatchedAt time.Time
	// Seq is the gateway sequence number of the INTERACTION_CREATE dispatch.
	Seq int64
	// Sessions are the gateway sessions it was dispatched to: those of the
	// guild's shard (more than one when processes run the same shard).
	Sessions []string
	// Payload is the exact JSON of the INTERACTION_CREATE "d" object.
	Payload json.RawMessage
	// Callback is the accepted callback, nil until the bot responded.
	Callback *Callback
	// Rejected counts callbacks refused (second acknowledgement, past deadline…).
	Rejected int
	// OriginalID is the id of the @original response message ("" until one exists).
	OriginalID string
	// FollowupIDs are the ids of follow-up messages, oldest first.
	FollowupIDs []string
}

// Command is an application command as stored after a bulk overwrite.
type Command struct {
	ID                       string          `json:"id"`
	ApplicationID            string          `json:"application_id"`
	GuildID                  string          `json:"guild_id,omitempty"`
	Version                  string          `json:"version"`
	Type                     int             `json:"type"`
	Name                     string          `json:"name"`
	Description              string          `json:"description"`
	Options                  []CommandOption `json:"options,omitempty"`
	DefaultMemberPermissions *string         `json:"default_member_permissions"`
	DMPermission             *bool           `json:"dm_permission,omitempty"`
	Contexts                 []int           `json:"contexts,omitempty"`
	IntegrationTypes         []int           `json:"integration_types,omitempty"`
	NSFW                     bool            `json:"nsfw"`
}

// CommandOption is an application command option (or subcommand).
type CommandOption struct {
	Type         int             `json:"type"`
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	Required     bool            `json:"required,omitempty"`
	Autocomplete bool            `json:"autocomplete,omitempty"`
	Choices      []CommandChoice `json:"choices,omitempty"`
	Options      []CommandOption `json:"options,omitempty"`
	ChannelTypes []int           `json:"channel_types,omitempty"`
	MinValue     *float64        `json:"min_value,omitempty"`
	MaxValue     *float64        `json:"max_value,omitempty"`
	MinLength    *int            `json:"min_length,omitempty"`
	MaxLength    *int            `json:"max_length,omitempty"`
}

// CommandChoice is a fixed choice of a command option.
type CommandChoice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Identify is a recorded IDENTIFY (op 2) payload.
type Identify struct {
	Token          string          `json:"token"`
	Intents        int             `json:"intents"`
	Compress       bool            `json:"compress"`
	LargeThreshold int             `json:"large_threshold"`
	Shard          *[2]int         `json:"shard"`
	Properties     json.RawMessage `json:"properties"`
	Presence       json.RawMessage `json:"presence"`
	At             time.Time       `json:"-"` // on Options.Now's clock
}

// ConnInfo describes one gateway connection (open or closed).
type ConnInfo struct {
	ID            int
	SessionID     string
	Query         url.Values
	OpenedAt      time.Time
	ClosedAt      time.Time // zero while open
	LastHeartbeat time.Time // zero before the first op 1
	Heartbeats    int
	// ClientCloseCode is the close code the client sent (0 if it sent none).
	ClientCloseCode int
	// Shard is the shard the connection identified or resumed as.
	Shard int
}

// Open reports whether the connection is still open.
func (c ConnInfo) Open() bool { return c.ClosedAt.IsZero() }

// Resume is a recorded RESUME (op 6).
type Resume struct {
	SessionID string
	Seq       int64 // the client's last sequence number
	// Accepted is false when the fake answered op 9 (unknown or invalidated
	// session) or closed the connection instead of resuming.
	Accepted bool
	// Replayed is the number of dispatches re-sent because the client had
	// not seen them.
	Replayed int
	At       time.Time
}
