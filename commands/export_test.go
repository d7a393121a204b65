package commands

import "github.com/ballerina-bot/ballerina/facts"

// Internals the external tests (package commands_test, which may import
// commandstest) exercise directly.

// DontKnow is the "I don't know" reply with the given facts as suggestions.
func (k *Knowledge) DontKnow(q string, near []*facts.Fact) Response { return k.dontKnow(q, near) }
