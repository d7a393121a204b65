package fakediscord

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// Interaction types.
const (
	InteractionPing               = 1
	InteractionApplicationCommand = 2
	InteractionMessageComponent   = 3
	InteractionAutocomplete       = 4
	InteractionModalSubmit        = 5
)

// allowedCallbacks lists the callback types Discord accepts per interaction type.
var allowedCallbacks = map[int][]int{
	InteractionPing:               {1},
	InteractionApplicationCommand: {4, 5, 9},
	InteractionMessageComponent:   {4, 5, 6, 7, 9},
	InteractionAutocomplete:       {8},
	InteractionModalSubmit:        {4, 5, 6, 7},
}

type interactionState struct {
	Interaction
	messageID string // the message a component was on
	deferred  bool   // type 5 and no follow-up yet: the original is "thinking"
}

// Interaction returns the fake's record of a dispatched interaction.
func (s *Server) Interaction(id string) (Interaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.rest.interactions[id]
	if !ok {
		return Interaction{}, false
	}
	return st.copy(), true
}

// AwaitCallback waits (DefaultWaitTimeout) until the interaction was
// acknowledged and returns its callback.
func (s *Server) AwaitCallback(tb testing.TB, id string) Callback {
	tb.Helper()
	var cb *Callback
	s.Await(tb, "the callback of interaction "+id, func() bool {
		ix, _ := s.Interaction(id)
		cb = ix.Callback
		return cb != nil
	})
	return *cb
}

// Original returns the @original response message of an interaction.
func (s *Server) Original(id string) (Message, bool) {
	ix, ok := s.Interaction(id)
	if !ok || ix.OriginalID == "" {
		return Message{}, false
	}
	return s.Message(ix.OriginalID)
}

// Followups returns the follow-up messages of an interaction, oldest first.
func (s *Server) Followups(id string) []Message {
	ix, _ := s.Interaction(id)
	var out []Message
	for _, mid := range ix.FollowupIDs {
		if m, ok := s.Message(mid); ok {
			out = append(out, m)
		}
	}
	return out
}

func (st *interactionState) copy() Interaction {
	ix := st.Interaction
	if st.Callback != nil {
		cb := *st.Callback
		ix.Callback = &cb
	}
	ix.FollowupIDs = append([]string(nil), st.FollowupIDs...)
	ix.Sessions = append([]string(nil), st.Sessions...)
	return ix
}

func (s *Server) postCallback(w http.ResponseWriter, r *http.Request, p []string, body []byte) {
	raw, files, err := jsonPayload(r, body)
	var cb struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &cb)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.rest.interactions[p[0]]
	if !ok || st.Token != p[1] {
		writeAPIError(w, ErrUnknownInteraction)
		return
	}
	if problem := s.acceptCallbackLocked(st, cb.Type, cb.Data, files, time.Now()); problem != nil {
		problem(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// acceptCallbackLocked records the first response to an interaction, as a
// callback request or an endpoint's HTTP answer: it checks what Discord
// checks and creates or edits the message the response makes. It returns
// nil when accepted, else what to answer.
func (s *Server) acceptCallbackLocked(st *interactionState, typ int, data json.RawMessage, files []upload, now time.Time) func(http.ResponseWriter) {
	switch {
	case s.opts.InteractionDeadline > 0 && now.Sub(st.DispatchedAt) > s.opts.InteractionDeadline:
		st.Rejected++
		s.notifyLocked()
		return func(w http.ResponseWriter) { writeAPIError(w, ErrUnknownInteraction) }
	case st.Callback != nil:
		st.Rejected++
		s.notifyLocked()
		return func(w http.ResponseWriter) { writeAPIError(w, ErrAlreadyAcknowledged) }
	case !contains(allowedCallbacks[st.Type], typ):
		return func(w http.ResponseWriter) {
			writeFormError(w, &formError{"type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction"})
		}
	}
	var mb messageBody
	if len(data) > 0 {
		_ = json.Unmarshal(data, &mb)
	}
	if fe := validateCallback(typ, mb, len(files)); fe != nil {
		return func(w http.ResponseWriter) { writeFormError(w, fe) }
	}
	st.Callback = &Callback{Type: typ, Data: data, At: now, Latency: now.Sub(st.DispatchedAt)}
	ch := s.interactionChannelLocked(st)
	switch typ {
	case 4, 5:
		m := s.botMessageLocked(ch, mb, files)
		m.Type, m.WebhookID, m.ApplicationID, m.InteractionID = 20, st.AppID, st.AppID, st.ID
		if typ == 5 {
			m.Content, m.Flags, st.deferred = "", mb.Flags&ephemeralFlag|loadingFlag, true
		}
		st.OriginalID = m.ID
	case 6, 7:
		st.OriginalID = st.messageID
		if m := s.rest.messages[st.messageID]; typ == 7 && m != nil {
			_ = s.editLocked(m, data)
		}
	}
	s.notifyLocked()
	return nil
}

func validateCallback(typ int, mb messageBody, files int) *formError {
	switch typ {
	case 4:
		fe, empty := validateMessage(mb, true, files)
		if empty {
			return &formError{"data", "BASE_TYPE_REQUIRED", "Cannot send an empty message"}
		}
		return fe
	case 7:
		fe, _ := validateMessage(mb, false, files)
		return fe
	case 8:
		if len(mb.Choices) > 25 {
			return tooLong("data.choices", 25)
		}
		for _, c := range mb.Choices {
			if runes(c.Name) < 1 || runes(c.Name) > 100 {
				return &formError{"data.choices", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."}
			}
			if v, ok := c.Value.(string); ok && runes(v) > 100 {
				return tooLong("data.choices.value", 100)
			}
		}
	case 9:
		switch {
		case mb.CustomID == "":
			return &formError{"data.custom_id", "BASE_TYPE_REQUIRED", "This field is required"}
		case mb.Title == "" || runes(mb.Title) > 45:
			return &formError{"data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."}
		case len(mb.Components) < 1 || len(mb.Components) > 5:
			return &formError{"data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."}
		}
	}
	return nil
}

// webhookLocked resolves /webhooks/{app}/{token} to an interaction.
func (s *Server) webhookLocked(app, token string) (*interactionState, *APIError) {
	st, ok := s.rest.byToken[token]
	if !ok {
		return nil, &ErrInvalidWebhookToken
	}
	if app != st.AppID {
		return nil, &ErrUnknownWebhook
	}
	return st, nil
}

// postFollowup creates a follow-up message (POST /webhooks/{app}/{token}).
// The first follow-up after a deferred (type 5) response fills in the
// "thinking" original message, as Discord does.
func (s *Server) postFollowup(w http.ResponseWriter, r *http.Request, p []string, body []byte) {
	raw, mb, files, ok := readMessage(w, r, body)
	if !ok {
		return
	}
	s.mu.Lock()
	st, e := s.webhookLocked(p[0], p[1])
	if e == nil && st.Callback == nil {
		e = &ErrUnknownWebhook // no follow-up before the initial response
	}
	if e != nil {
		s.mu.Unlock()
		writeAPIError(w, *e)
		return
	}
	var m *Message
	if orig := s.rest.messages[st.OriginalID]; st.deferred && orig != nil {
		st.deferred = false
		_ = s.editLocked(orig, raw)
		m = orig
	} else {
		m = s.botMessageLocked(s.interactionChannelLocked(st), mb, files)
		m.WebhookID, m.ApplicationID, m.InteractionID = st.AppID, st.AppID, st.ID
	}
	st.FollowupIDs = append(st.FollowupIDs, m.ID)
	out := *m
	s.notifyLocked()
	s.mu.Unlock()
	if r.URL.Query().Get("wait") == "true" {
		writeJSON(w, http.StatusOK, out)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// webhookMessage serves GET/PATCH/DELETE /webhooks/{app}/{token}/messages/{id|@original}.
func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request, p []string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.webhookLocked(p[0], p[1])
	if e != nil {
		writeAPIError(w, *e)
		return
	}
	id := p[2]
	if id == "@original" {
		id = st.OriginalID
	} else if id != st.OriginalID && !contains(st.FollowupIDs, id) {
		id = ""
	}
	m := s.rest.messages[id]
	if id == "" || m == nil || m.Deleted {
		writeAPIError(w, ErrUnknownMessage)
		return
	}
	if s.serveMessageLocked(w, r, m, body) && id == st.OriginalID {
		st.deferred = false // the "thinking" message now holds the answer
	}
}

func (s *Server) interactionChannelLocked(st *interactionState) *Channel {
	if ch := s.rest.channels[st.ChannelID]; ch != nil {
		return ch
	}
	return &Channel{ID: st.ChannelID, GuildID: st.GuildID}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
