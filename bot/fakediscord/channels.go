package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

type nonceEntry struct {
	msgID string
	at    time.Time
}

// AddChannel registers (or replaces) a channel. Channels referenced by
// dispatched interactions and messages are registered automatically.
func (s *Server) AddChannel(ch Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := ch
	s.rest.channels[ch.ID] = &c
}

// Channel returns a registered channel.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.rest.channels[id]
	if !ok {
		return Channel{}, false
	}
	return *c, true
}

// SetChannelError makes every request about channelID (GET the channel,
// create/get/edit/delete its messages) fail with e, e.g. ErrUnknownChannel,
// ErrMissingAccess or ErrMissingPermissions.
func (s *Server) SetChannelError(channelID string, e APIError) {
	s.mu.Lock()
	s.rest.channelErrs[channelID] = e
	s.mu.Unlock()
}

// ClearChannelError undoes SetChannelError.
func (s *Server) ClearChannelError(channelID string) {
	s.mu.Lock()
	delete(s.rest.channelErrs, channelID)
	s.mu.Unlock()
}

// Messages returns the messages of a channel that are not deleted, oldest
// first: the bot's messages, interaction responses and dispatched user messages.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, id := range s.rest.chanMsgs[channelID] {
		if m := s.rest.messages[id]; m != nil && !m.Deleted {
			out = append(out, *m)
		}
	}
	return out
}

// Message returns a stored message by id (deleted ones included).
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.rest.messages[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

func (s *Server) channelLocked(id string) (*Channel, *APIError) {
	if e, ok := s.rest.channelErrs[id]; ok {
		return nil, &e
	}
	if c, ok := s.rest.channels[id]; ok {
		return c, nil
	}
	return nil, &ErrUnknownChannel
}

// storeLocked assigns an id and timestamp if missing and stores m.
func (s *Server) storeLocked(m *Message) {
	if m.ID == "" {
		m.ID = s.newIDLocked()
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = time.Now().UTC()
	}
	for _, sl := range []*[]json.RawMessage{&m.Embeds, &m.Components, &m.Attachments} {
		if *sl == nil {
			*sl = []json.RawMessage{}
		}
	}
	if m.Mentions == nil {
		m.Mentions = []User{}
	}
	if m.MentionRoles == nil {
		m.MentionRoles = []string{}
	}
	if _, exists := s.rest.messages[m.ID]; !exists {
		s.rest.chanMsgs[m.ChannelID] = append(s.rest.chanMsgs[m.ChannelID], m.ID)
	}
	s.rest.messages[m.ID] = m
	s.notifyLocked()
}

// botMessageLocked builds a message authored by the bot from a request body.
func (s *Server) botMessageLocked(ch *Channel, mb messageBody, files []upload) *Message {
	m := &Message{ChannelID: ch.ID, GuildID: ch.GuildID, Author: s.BotUser(), Content: mb.content(),
		Embeds: mb.Embeds, Components: mb.Components, TTS: mb.TTS, Flags: mb.Flags, Nonce: mb.Nonce,
		Reference: mb.Reference, AllowedMentions: mb.AllowedMentions}
	if len(mb.Reference) > 0 {
		m.Type = 19 // REPLY
	}
	for _, f := range files {
		a, _ := json.Marshal(map[string]any{"id": s.newIDLocked(), "filename": f.name, "size": f.size,
			"content_type": f.contentType, "url": s.origin + "/attachments/" + f.name})
		m.Attachments = append(m.Attachments, a)
	}
	applyMentions(m, mb.AllowedMentions)
	s.storeLocked(m)
	return m
}

// editLocked applies the fields present in raw to m.
func (s *Server) editLocked(m *Message, raw []byte) *formError {
	var mb messageBody
	var present map[string]json.RawMessage
	if err := json.Unmarshal(raw, &present); err != nil {
		return &formError{"_", "MODEL_TYPE_CONVERT", "Invalid JSON"}
	}
	_ = json.Unmarshal(raw, &mb)
	if fe, _ := validateMessage(mb, false, 0); fe != nil {
		return fe
	}
	if _, ok := present["content"]; ok {
		m.Content = mb.content()
	}
	if _, ok := present["embeds"]; ok {
		m.Embeds = mb.Embeds
	}
	if _, ok := present["components"]; ok {
		m.Components = mb.Components
	}
	if _, ok := present["flags"]; ok {
		m.Flags = mb.Flags | m.Flags&ephemeralFlag // ephemeral cannot be toggled
	}
	if _, ok := present["allowed_mentions"]; ok {
		m.AllowedMentions = mb.AllowedMentions
	}
	m.Flags &^= loadingFlag
	now := time.Now().UTC()
	m.EditedTimestamp = &now
	applyMentions(m, m.AllowedMentions)
	s.storeLocked(m)
	return nil
}

func (s *Server) getChannel(w http.ResponseWriter, _ *http.Request, p []string, _ []byte) {
	s.mu.Lock()
	ch, e := s.channelLocked(p[0])
	var out Channel
	if ch != nil {
		out = *ch
	}
	s.mu.Unlock()
	if e != nil {
		writeAPIError(w, *e)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) postTyping(w http.ResponseWriter, _ *http.Request, p []string, _ []byte) {
	s.mu.Lock()
	_, e := s.channelLocked(p[0])
	s.mu.Unlock()
	if e != nil {
		writeAPIError(w, *e)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// readMessage decodes and validates a message body as Discord does before
// creating a message; when it fails it has written the error response.
func readMessage(w http.ResponseWriter, r *http.Request, body []byte) (raw []byte, mb messageBody, files []upload, ok bool) {
	raw, files, err := jsonPayload(r, body)
	if err == nil {
		err = json.Unmarshal(raw, &mb)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return nil, mb, nil, false
	}
	if fe, empty := validateMessage(mb, true, len(files)); fe != nil || empty {
		if fe != nil {
			writeFormError(w, fe)
		} else {
			writeAPIError(w, ErrEmptyMessage)
		}
		return nil, mb, nil, false
	}
	return raw, mb, files, true
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request, p []string, body []byte) {
	_, mb, files, ok := readMessage(w, r, body)
	if !ok {
		return
	}
	s.mu.Lock()
	ch, e := s.channelLocked(p[0])
	if e != nil {
		s.mu.Unlock()
		writeAPIError(w, *e)
		return
	}
	key := ""
	if mb.EnforceNonce && len(mb.Nonce) > 0 {
		key = ch.ID + "\x00" + nonceKey(mb.Nonce)
		if prev, ok := s.rest.nonces[key]; ok && time.Since(prev.at) < s.opts.NonceWindow {
			orig := *s.rest.messages[prev.msgID]
			s.mu.Unlock()
			writeJSON(w, http.StatusOK, orig)
			return
		}
	}
	m := s.botMessageLocked(ch, mb, files)
	if key != "" {
		s.rest.nonces[key] = nonceEntry{msgID: m.ID, at: time.Now()}
	}
	out := *m
	s.mu.Unlock()
	if s.opts.EchoOwnMessages {
		_, _ = s.dispatchMessage(out)
	}
	writeJSON(w, http.StatusOK, out)
}

func nonceKey(raw json.RawMessage) string {
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str
	}
	return string(raw)
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request, p []string, _ []byte) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 50
	}
	s.mu.Lock()
	_, e := s.channelLocked(p[0])
	out := []Message{}
	ids := s.rest.chanMsgs[p[0]]
	for i := len(ids) - 1; i >= 0 && len(out) < limit && e == nil; i-- {
		if m := s.rest.messages[ids[i]]; !m.Deleted {
			out = append(out, *m)
		}
	}
	s.mu.Unlock()
	if e != nil {
		writeAPIError(w, *e)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) channelMessage(w http.ResponseWriter, r *http.Request, p []string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, e := s.channelMessageLocked(p[0], p[1])
	if e != nil {
		writeAPIError(w, *e)
		return
	}
	if r.Method == http.MethodPatch && m.Author.ID != s.opts.BotID {
		writeAPIError(w, ErrNotAuthor)
		return
	}
	s.serveMessageLocked(w, r, m, body)
}

// channelMessageLocked finds a live message of a channel: Unknown Channel
// or Unknown Message otherwise.
func (s *Server) channelMessageLocked(channelID, messageID string) (*Channel, *Message, *APIError) {
	ch, e := s.channelLocked(channelID)
	if e != nil {
		return nil, nil, e
	}
	m, ok := s.rest.messages[messageID]
	if !ok || m.Deleted || m.ChannelID != channelID {
		return nil, nil, &ErrUnknownMessage
	}
	return ch, m, nil
}

// serveMessageLocked answers GET, DELETE and PATCH on one message, for the
// channel and the webhook routes alike. It reports whether a PATCH edited it.
func (s *Server) serveMessageLocked(w http.ResponseWriter, r *http.Request, m *Message, body []byte) bool {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, *m)
	case http.MethodDelete:
		m.Deleted = true
		s.notifyLocked()
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPatch:
		raw, _, _ := jsonPayload(r, body)
		if fe := s.editLocked(m, raw); fe != nil {
			writeFormError(w, fe)
			return false
		}
		writeJSON(w, http.StatusOK, *m)
		return true
	}
	return false
}

func (s *Server) createDM(w http.ResponseWriter, _ *http.Request, _ []string, body []byte) {
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if json.Unmarshal(body, &req) != nil || req.RecipientID == "" {
		writeFormError(w, &formError{"recipient_id", "BASE_TYPE_REQUIRED", "This field is required"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.rest.channels {
		if c.Type == 1 && len(c.Recipients) == 1 && c.Recipients[0].ID == req.RecipientID {
			writeJSON(w, http.StatusOK, *c)
			return
		}
	}
	u := User{ID: req.RecipientID, Username: "user" + req.RecipientID, Discriminator: "0"}
	if req.RecipientID == DefaultUserID {
		u = DefaultUser()
	}
	c := &Channel{ID: s.newIDLocked(), Type: 1, Recipients: []User{u}}
	s.rest.channels[c.ID] = c
	writeJSON(w, http.StatusOK, *c)
}
