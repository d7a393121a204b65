package fakediscord

import (
	"net/http"
	"strconv"
)

// Role is a guild role as the fake serves it. Permissions is a decimal
// bit set, as Discord sends it.
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Permissions string `json:"permissions"`
	Position    int    `json:"position"`
	Mentionable bool   `json:"mentionable"`
}

// Overwrite is a channel permission overwrite (type 0 role, 1 member).
type Overwrite struct {
	ID    string `json:"id"`
	Type  int    `json:"type"`
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

// DefaultBotPermissions are what @everyone grants in the fake's guilds
// unless a test sets roles: View Channel, Send Messages, Embed Links and
// Read Message History, the bot's invite permissions.
const DefaultBotPermissions = 1<<10 | 1<<11 | 1<<14 | 1<<16

// SetRoles replaces a guild's roles; the bot's member holds botRoles.
func (s *Server) SetRoles(guildID string, roles []Role, botRoles []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rest.roles[guildID] = append([]Role(nil), roles...)
	s.rest.botRoles[guildID] = append([]string(nil), botRoles...)
	s.notifyLocked()
}

func (s *Server) knowsGuild(id string) bool {
	for _, g := range s.opts.GuildIDs {
		if g == id {
			return true
		}
	}
	return false
}

// getRoles serves GET /guilds/{id}/roles: @everyone with the default
// permissions unless SetRoles said otherwise.
func (s *Server) getRoles(w http.ResponseWriter, _ *http.Request, p []string, _ []byte) {
	if !s.knowsGuild(p[0]) {
		writeError(w, http.StatusNotFound, 10004, "Unknown Guild")
		return
	}
	s.mu.Lock()
	roles, ok := s.rest.roles[p[0]]
	s.mu.Unlock()
	if !ok {
		roles = []Role{{ID: p[0], Name: "@everyone", Permissions: strconv.Itoa(DefaultBotPermissions)}}
	}
	writeJSON(w, http.StatusOK, roles)
}

// getMember serves GET /guilds/{id}/members/{user}: the fake knows only the
// bot as a member.
func (s *Server) getMember(w http.ResponseWriter, _ *http.Request, p []string, _ []byte) {
	if !s.knowsGuild(p[0]) {
		writeError(w, http.StatusNotFound, 10004, "Unknown Guild")
		return
	}
	if p[1] != s.opts.BotID && p[1] != "@me" {
		writeError(w, http.StatusNotFound, 10007, "Unknown Member")
		return
	}
	s.mu.Lock()
	roles := append([]string{}, s.rest.botRoles[p[0]]...)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"user": s.BotUser(), "roles": roles, "joined_at": "2023-10-06T00:00:00.000000+00:00", "deaf": false, "mute": false})
}
