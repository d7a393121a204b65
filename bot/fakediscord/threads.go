package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"
	"unicode/utf8"
)

// postThread serves POST /channels/{id}/messages/{id}/threads: a public
// thread on a message of a text or announcement channel. As on Discord, the
// thread's id is the message's, a message holds one thread (160004 for a
// second), and the name is 1–100 characters.
func (s *Server) postThread(w http.ResponseWriter, _ *http.Request, p []string, body []byte) {
	var req struct {
		Name                string `json:"name"`
		AutoArchiveDuration *int   `json:"auto_archive_duration"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeFormError(w, &formError{"_", "MODEL_TYPE_CONVERT", "Invalid JSON"})
		return
	}
	if n := utf8.RuneCountInString(req.Name); n < 1 || n > 100 {
		writeFormError(w, &formError{"name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."})
		return
	}
	if d := req.AutoArchiveDuration; d != nil && !slices.Contains([]int{60, 1440, 4320, 10080}, *d) {
		writeFormError(w, &formError{"auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}."})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, e := s.channelMessageLocked(p[0], p[1])
	if e != nil {
		writeAPIError(w, *e)
		return
	}
	threadType := 11 // PUBLIC_THREAD
	switch ch.Type {
	case 0:
	case 5:
		threadType = 10 // ANNOUNCEMENT_THREAD
	default:
		writeAPIError(w, ErrWrongChannelType)
		return
	}
	if _, exists := s.rest.channels[m.ID]; exists {
		writeAPIError(w, ErrThreadExists)
		return
	}
	th := &Channel{ID: m.ID, Type: threadType, GuildID: ch.GuildID, Name: req.Name, ParentID: ch.ID}
	s.rest.channels[th.ID] = th
	writeJSON(w, http.StatusCreated, *th)
}
