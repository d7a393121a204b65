package facts

import "strings"

// Mentions: a fact names a work only where the work's title stands in it
// as a title. "Drive" is a film the director drew on; "their drive and
// motivation" names no film, and "who directed Drive" must not be answered
// by it.

// mentions lists the people and works a fact's text names, leaving out a
// work whose title is written nowhere in the text as it is spelt, capitals
// and all.
func (m *Matcher) mentions(text string) []string {
	named := m.names.mentions(text)
	out := named[:0:0]
	for _, id := range named {
		if w := m.work(id); w != nil && !titled(text, w) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// work returns the work with the id, or nil for a person.
func (m *Matcher) work(id string) *Work {
	for i := range m.store.Works {
		if m.store.Works[i].ID == id {
			return &m.store.Works[i]
		}
	}
	return nil
}

// titled reports whether text spells one of the work's names as written.
func titled(text string, w *Work) bool {
	if strings.Contains(text, w.Name) {
		return true
	}
	for _, a := range w.Aliases {
		if strings.Contains(text, a) {
			return true
		}
	}
	return false
}
