package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// messageBody is what clients send to create or edit a message (channel
// messages, interaction responses, webhooks).
type messageBody struct {
	Content         *string           `json:"content"`
	Embeds          []json.RawMessage `json:"embeds"`
	Components      []json.RawMessage `json:"components"`
	Attachments     []json.RawMessage `json:"attachments"`
	StickerIDs      []string          `json:"sticker_ids"`
	Poll            json.RawMessage   `json:"poll"`
	TTS             bool              `json:"tts"`
	Flags           int               `json:"flags"`
	AllowedMentions json.RawMessage   `json:"allowed_mentions"`
	Reference       json.RawMessage   `json:"message_reference"`
	Nonce           json.RawMessage   `json:"nonce"`
	EnforceNonce    bool              `json:"enforce_nonce"`
	// Only for modal callbacks:
	CustomID string `json:"custom_id"`
	Title    string `json:"title"`
	// Only for autocomplete callbacks:
	Choices []CommandChoice `json:"choices"`
}

func (m messageBody) content() string {
	if m.Content == nil {
		return ""
	}
	return *m.Content
}

// formError is a 400 Invalid Form Body (50035) with Discord's nested
// "errors" object.
type formError struct {
	path, code, msg string
}

func (e *formError) Error() string { return e.path + ": " + e.msg }

func writeFormError(w http.ResponseWriter, e *formError) {
	var node any = map[string]any{"_errors": []map[string]string{{"code": e.code, "message": e.msg}}}
	parts := strings.Split(e.path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		node = map[string]any{parts[i]: node}
	}
	writeJSON(w, http.StatusBadRequest, map[string]any{"code": 50035, "message": "Invalid Form Body", "errors": node})
}

func tooLong(path string, max int) *formError {
	return &formError{path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", max)}
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// validateMessage enforces Discord's message limits. create requires some
// content (an edit may change only flags or components).
func validateMessage(m messageBody, create bool, files int) (*formError, bool) {
	if runes(m.content()) > 2000 {
		return tooLong("content", 2000), false
	}
	if len(m.Embeds) > 10 {
		return tooLong("embeds", 10), false
	}
	for i, raw := range m.Embeds {
		if err := validateEmbed(fmt.Sprintf("embeds.%d", i), raw); err != nil {
			return err, false
		}
	}
	if len(m.Components) > 5 {
		return tooLong("components", 5), false
	}
	for i, raw := range m.Components {
		if err := validateRow(fmt.Sprintf("components.%d", i), raw); err != nil {
			return err, false
		}
	}
	if create && m.content() == "" && len(m.Embeds) == 0 && len(m.Components) == 0 &&
		len(m.StickerIDs) == 0 && len(m.Poll) == 0 && files == 0 {
		return nil, true // empty message
	}
	return nil, false
}

func validateEmbed(path string, raw json.RawMessage) *formError {
	var e struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Fields      []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"fields"`
		Footer *struct {
			Text string `json:"text"`
		} `json:"footer"`
		Author *struct {
			Name string `json:"name"`
		} `json:"author"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return &formError{path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}
	}
	total := runes(e.Title) + runes(e.Description)
	switch {
	case runes(e.Title) > 256:
		return tooLong(path+".title", 256)
	case runes(e.Description) > 4096:
		return tooLong(path+".description", 4096)
	case len(e.Fields) > 25:
		return tooLong(path+".fields", 25)
	}
	for i, f := range e.Fields {
		fp := fmt.Sprintf("%s.fields.%d", path, i)
		switch {
		case f.Name == "":
			return &formError{fp + ".name", "BASE_TYPE_REQUIRED", "This field is required"}
		case f.Value == "":
			return &formError{fp + ".value", "BASE_TYPE_REQUIRED", "This field is required"}
		case runes(f.Name) > 256:
			return tooLong(fp+".name", 256)
		case runes(f.Value) > 1024:
			return tooLong(fp+".value", 1024)
		}
		total += runes(f.Name) + runes(f.Value)
	}
	if e.Footer != nil {
		if runes(e.Footer.Text) > 2048 {
			return tooLong(path+".footer.text", 2048)
		}
		total += runes(e.Footer.Text)
	}
	if e.Author != nil {
		if runes(e.Author.Name) > 256 {
			return tooLong(path+".author.name", 256)
		}
		total += runes(e.Author.Name)
	}
	if total > 6000 {
		return &formError{path, "BASE_TYPE_MAX_LENGTH", "Embed size exceeds maximum size of 6000"}
	}
	return nil
}

type component struct {
	Type        int               `json:"type"`
	CustomID    string            `json:"custom_id"`
	Label       string            `json:"label"`
	URL         string            `json:"url"`
	Style       int               `json:"style"`
	Options     []json.RawMessage `json:"options"`
	Components  []component       `json:"components"`
	Placeholder string            `json:"placeholder"`
}

func validateRow(path string, raw json.RawMessage) *formError {
	var row component
	if err := json.Unmarshal(raw, &row); err != nil {
		return &formError{path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}
	}
	if row.Type != 1 {
		return &formError{path + ".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,)."}
	}
	if len(row.Components) == 0 || len(row.Components) > 5 {
		return &formError{path + ".components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."}
	}
	for i, c := range row.Components {
		cp := fmt.Sprintf("%s.components.%d", path, i)
		switch {
		case c.Type == 2 && c.Style != 5 && c.CustomID == "":
			return &formError{cp + ".custom_id", "BASE_TYPE_REQUIRED", "This field is required"}
		case runes(c.CustomID) > 100:
			return tooLong(cp+".custom_id", 100)
		case runes(c.Label) > 80:
			return tooLong(cp+".label", 80)
		case len(c.Options) > 25:
			return tooLong(cp+".options", 25)
		}
	}
	return nil
}

var (
	mentionRE     = regexp.MustCompile(`<@!?(\d+)>`)
	roleMentionRE = regexp.MustCompile(`<@&(\d+)>`)
)

// applyMentions fills mention_everyone and mentions the way Discord would
// resolve them given allowed_mentions (absent: everything may ping).
func applyMentions(m *Message, allowed json.RawMessage) {
	m.Mentions, m.MentionEveryone = []User{}, false
	everyone, users, roles := true, true, true
	userIDs, roleIDs := map[string]bool{}, map[string]bool{}
	if len(allowed) > 0 && string(allowed) != "null" {
		var am struct {
			Parse []string `json:"parse"`
			Users []string `json:"users"`
			Roles []string `json:"roles"`
		}
		_ = json.Unmarshal(allowed, &am)
		everyone, users, roles = false, false, false
		for _, p := range am.Parse {
			everyone = everyone || p == "everyone"
			users = users || p == "users"
			roles = roles || p == "roles"
		}
		for _, u := range am.Users {
			userIDs[u] = true
		}
		for _, r := range am.Roles {
			roleIDs[r] = true
		}
	}
	m.MentionRoles = []string{}
	for _, sub := range roleMentionRE.FindAllStringSubmatch(m.Content, -1) {
		if roles || roleIDs[sub[1]] {
			m.MentionRoles = append(m.MentionRoles, sub[1])
		}
	}
	m.MentionEveryone = everyone && (strings.Contains(m.Content, "@everyone") || strings.Contains(m.Content, "@here"))
	for _, sub := range mentionRE.FindAllStringSubmatch(m.Content, -1) {
		if users || userIDs[sub[1]] {
			m.Mentions = append(m.Mentions, User{ID: sub[1], Username: "user" + sub[1], Discriminator: "0"})
		}
	}
}
