package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

var commandNameRE = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// Commands returns the application commands registered by the last bulk
// overwrite for guildID ("" for global commands).
func (s *Server) Commands(guildID string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.rest.commands[guildID]...)
}

// commandIDLocked finds the id of a registered command by name, preferring
// the guild's commands over global ones.
func (s *Server) commandIDLocked(guildID, name string) string {
	for _, key := range []string{guildID, ""} {
		for _, c := range s.rest.commands[key] {
			if c.Name == name {
				return c.ID
			}
		}
	}
	return ""
}

func (s *Server) getCommands(w http.ResponseWriter, _ *http.Request, p []string, _ []byte) {
	if p[0] != s.opts.AppID {
		writeAPIError(w, ErrMissingAccess)
		return
	}
	guild := ""
	if len(p) > 1 {
		guild = p[1]
	}
	out := s.Commands(guild)
	if out == nil {
		out = []Command{}
	}
	writeJSON(w, http.StatusOK, out)
}

// putCommands is the bulk overwrite: the body replaces every command of the
// scope. Commands keep their id when a command of that name existed.
func (s *Server) putCommands(w http.ResponseWriter, _ *http.Request, p []string, body []byte) {
	if p[0] != s.opts.AppID {
		writeAPIError(w, ErrMissingAccess)
		return
	}
	guild := ""
	if len(p) > 1 {
		guild = p[1]
		if !s.inGuild(guild) {
			writeAPIError(w, ErrMissingAccess)
			return
		}
	}
	var cmds []Command
	if err := json.Unmarshal(body, &cmds); err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if fe := validateCommands(cmds); fe != nil {
		writeFormError(w, fe)
		return
	}
	s.mu.Lock()
	old := map[string]Command{}
	for _, c := range s.rest.commands[guild] {
		old[fmt.Sprint(c.Type, c.Name)] = c
	}
	for i := range cmds {
		c := &cmds[i]
		if c.Type == 0 {
			c.Type = 1
		}
		c.ApplicationID, c.GuildID, c.Version = s.opts.AppID, guild, s.newIDLocked()
		if prev, ok := old[fmt.Sprint(c.Type, c.Name)]; ok {
			c.ID = prev.ID
		} else {
			c.ID = s.newIDLocked()
		}
	}
	s.rest.commands[guild] = cmds
	s.notifyLocked()
	s.mu.Unlock()
	if cmds == nil {
		cmds = []Command{}
	}
	writeJSON(w, http.StatusOK, cmds)
}

func (s *Server) inGuild(id string) bool {
	for _, g := range s.opts.GuildIDs {
		if g == id {
			return true
		}
	}
	return false
}

func validateCommands(cmds []Command) *formError {
	if len(cmds) > 100 {
		return tooLong("_", 100)
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		path := fmt.Sprint(i)
		key := fmt.Sprint(c.Type, c.Name)
		if seen[key] {
			return &formError{path + ".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"}
		}
		seen[key] = true
		chatInput := c.Type == 0 || c.Type == 1
		if fe := validateName(path, c.Name, chatInput); fe != nil {
			return fe
		}
		if chatInput {
			if fe := validateDescription(path, c.Description); fe != nil {
				return fe
			}
		}
		if fe := validateOptions(path+".options", c.Options, 0); fe != nil {
			return fe
		}
	}
	return nil
}

func validateName(path, name string, chatInput bool) *formError {
	if chatInput && (!commandNameRE.MatchString(name) || strings.ToLower(name) != name) {
		return &formError{path + ".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"}
	}
	if runes(name) < 1 || runes(name) > 32 {
		return &formError{path + ".name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."}
	}
	return nil
}

func validateDescription(path, d string) *formError {
	if runes(d) < 1 || runes(d) > 100 {
		return &formError{path + ".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."}
	}
	return nil
}

func validateOptions(path string, opts []CommandOption, depth int) *formError {
	if len(opts) > 25 {
		return tooLong(path, 25)
	}
	optional := false
	names := map[string]bool{}
	for i, o := range opts {
		op := fmt.Sprintf("%s.%d", path, i)
		if names[o.Name] {
			return &formError{op + ".name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"}
		}
		names[o.Name] = true
		if fe := validateName(op, o.Name, true); fe != nil {
			return fe
		}
		if fe := validateDescription(op, o.Description); fe != nil {
			return fe
		}
		switch {
		case o.Type < 1 || o.Type > 11:
			return &formError{op + ".type", "BASE_TYPE_CHOICES", "Value must be one of {1, ..., 11}."}
		case (o.Type == 1 || o.Type == 2) && (depth > 1 || (o.Type == 2 && depth > 0)):
			return &formError{op + ".type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommands nested too deeply"}
		case o.Required && optional:
			return &formError{op + ".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"}
		case len(o.Choices) > 25:
			return tooLong(op+".choices", 25)
		case o.Autocomplete && len(o.Choices) > 0:
			return &formError{op + ".autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be set with choices"}
		}
		if !o.Required && o.Type > 2 {
			optional = true
		}
		for j, ch := range o.Choices {
			if runes(ch.Name) < 1 || runes(ch.Name) > 100 {
				return &formError{fmt.Sprintf("%s.choices.%d.name", op, j), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."}
			}
		}
		if fe := validateOptions(op+".options", o.Options, depth+1); fe != nil {
			return fe
		}
	}
	return nil
}
