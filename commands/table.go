package commands

import (
	"context"
	"fmt"
	"strings"
)

// OptionType is the type of a command option, following Discord's numbering.
type OptionType int

const (
	OptionString  OptionType = 3
	OptionInteger OptionType = 4
	OptionBoolean OptionType = 5 // "true" or "false"
	OptionUser    OptionType = 6 // the user's id; the console also takes a name
	OptionChannel OptionType = 7
	OptionRole    OptionType = 8 // the handler sees the role's id
)

// Option describes one option of a command, for registration, the console's
// parser and /help alike.
type Option struct {
	Name         string
	Description  string
	Type         OptionType
	Required     bool
	Autocomplete bool
	Choices      []Choice // fixed choices; Value is what is sent
	Min, Max     int      // for integers, when Max > 0
	MaxLength    int      // for strings, when > 0
}

// Permission is a Discord permission bit a command asks for by default.
type Permission int64

const (
	PermManageMessages Permission = 1 << 13
	PermManageServer   Permission = 1 << 5
)

// Command is one entry of the command table. A command has either a Handler
// and Options, or Subcommands. Autocomplete answers KindAutocomplete requests;
// Component answers clicks and modal submissions whose custom id starts with
// "Name:".
type Command struct {
	Name        string
	Description string
	Options     []Option
	Subcommands []Command
	// DefaultPermission, when set, hides the command from members without it;
	// handlers still check the permission themselves.
	DefaultPermission Permission
	// DMs reports whether the command works in direct messages.
	DMs bool

	Handler      Handler
	Autocomplete Handler
	Component    Handler
}

// Table is the ordered list of commands: the single source for registration
// and dispatch.
type Table []Command

// Lookup returns the command with the given name.
func (t Table) Lookup(name string) (*Command, bool) {
	for i := range t {
		if t[i].Name == name {
			return &t[i], true
		}
	}
	return nil, false
}

// Sub returns the subcommand with the given name.
func (c *Command) Sub(name string) (*Command, bool) {
	for i := range c.Subcommands {
		if c.Subcommands[i].Name == name {
			return &c.Subcommands[i], true
		}
	}
	return nil, false
}

// Dispatch routes a Request to the handler the table names for it. A request
// for something the table does not know is answered with a clear ephemeral
// message, not an error: stale registrations and old buttons are normal.
func (t Table) Dispatch(ctx context.Context, req Request) (Response, error) {
	name := req.Command
	if req.Kind == KindComponent || req.Kind == KindModal {
		name, _, _ = strings.Cut(req.CustomID, ":")
	}
	cmd, ok := t.Lookup(name)
	if !ok {
		return Unknown(fmt.Sprintf("I don't know the command %q. Try /help.", Quoted(name, 40))), nil
	}
	switch req.Kind {
	case KindComponent, KindModal:
		if cmd.Component == nil {
			return Unknown("That button is no longer active."), nil
		}
		return cmd.Component(ctx, req)
	}
	target := cmd
	if len(cmd.Subcommands) > 0 {
		sub, ok := cmd.Sub(req.Subcommand)
		if !ok {
			return Unknown(fmt.Sprintf("/%s needs one of: %s.", cmd.Name, subNames(cmd))), nil
		}
		target = sub
	}
	if req.Kind == KindAutocomplete {
		h := target.Autocomplete
		if h == nil {
			h = cmd.Autocomplete
		}
		if h == nil {
			return Response{Found: true}, nil
		}
		return h(ctx, req)
	}
	if target.Handler == nil {
		return Response{}, fmt.Errorf("command %s has no handler", cmd.Name)
	}
	return target.Handler(ctx, req)
}

func subNames(c *Command) string {
	names := make([]string, len(c.Subcommands))
	for i, s := range c.Subcommands {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// Unknown is the Response for a request the bot cannot serve: shown only to
// the requester, marked not found.
func Unknown(msg string) Response {
	return Response{Ephemeral: true, Content: msg}
}
