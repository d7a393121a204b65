package commandstest

import (
	"context"
	"strconv"
	"sync"

	"github.com/ballerina-bot/ballerina/commands"
)

// Messenger records every post and edit, like disgo's reply recorder.
type Messenger struct {
	mu    sync.Mutex
	Sent  []commands.Message
	Edits []Edit
	// Fail, when set, is returned by Send and Edit instead of recording.
	Fail error
}

// Edit is one recorded edit.
type Edit struct {
	ChannelID, MessageID string
	Response             commands.Response
}

// Send records m and returns its 1-based position as the message id.
func (m *Messenger) Send(_ context.Context, msg commands.Message) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return "", m.Fail
	}
	m.Sent = append(m.Sent, msg)
	return strconv.Itoa(len(m.Sent)), nil
}

// Edit records an edit.
func (m *Messenger) Edit(_ context.Context, channelID, messageID string, r commands.Response) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return m.Fail
	}
	m.Edits = append(m.Edits, Edit{channelID, messageID, r})
	return nil
}

// Messages returns a copy of what was sent so far.
func (m *Messenger) Messages() []commands.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]commands.Message(nil), m.Sent...)
}

// EditList returns a copy of the edits so far.
func (m *Messenger) EditList() []Edit {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Edit(nil), m.Edits...)
}

// Last returns the latest message sent, if any, without copying the rest.
func (m *Messenger) Last() (commands.Message, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.Sent) == 0 {
		return commands.Message{}, false
	}
	return m.Sent[len(m.Sent)-1], true
}
