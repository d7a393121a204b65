package facts

import (
	"strings"
	"unicode/utf8"
)

// Segments: where one question of a message ends and the next begins. A
// sentence end ends one; so do "and", "also", "plus", "but", a comma, a
// dash or "+" when a new question opens after them ("who directed it and
// who did the music"), but not inside a title ("Money Heist: Korea") or a
// question that joins two things it asks about ("did the director and the
// lead actress work together").

// segments cuts text at sentence ends and at connectors that open a new
// question: "?", "!", ";", new lines, and "and", "&", "also", "plus", "but",
// a comma or a full stop when a question word follows.
func segments(text string) []string {
	var out []string
	for _, sentence := range sentences(text) {
		if list := shortList(sentence); list != nil {
			out = append(out, list...)
			continue
		}
		fields := strings.Fields(sentence)
		start := 0
		for i := 0; i < len(fields); i++ {
			w := strings.ToLower(strings.Trim(fields[i], ",.:–—-"))
			comma := (strings.HasSuffix(fields[i], ",") || strings.HasSuffix(fields[i], ".")) && i+1 < len(fields)
			connector := w == "and" || w == "n" || w == "&" || w == "also" || w == "plus" || w == "but" || w == "+"
			switch {
			case w == "+" && i > start+1 && i+2 < len(fields):
				// "Choi's rank + the show his actor is known from?": a plus
				// joins two terse questions, asked alike.
				out = appendSegment(out, fields[start:i])
				if strings.HasSuffix(sentence, "?") {
					out[len(out)-1] += "?"
				}
				start = i + 1
			case connector && i > start && i+1 < len(fields) && parallelAbout(fields[i+1:]) && aboutAt(fields[start:i]) >= 0:
				// "what does the review say about the music and about
				// the fights": the second asks what the first asked.
				frame := fields[start : start+aboutAt(fields[start:i])]
				out = appendSegment(out, fields[start:i])
				fields = append(append([]string(nil), frame...), fields[i+1:]...)
				i, start = len(frame)-1, 0
			case connector && i > start && i+1 < len(fields) && opensQuestion(fields[i+1:]):
				out = appendSegment(out, fields[start:i])
				start = i + 1
			case comma && opensQuestion(fields[i+1:]):
				out = appendSegment(out, fields[start:i+1])
				start = i + 1
			case comma && i > start+2 && remarkOpens(fields[i+1:]):
				// "how long is it, trying to see if it fits before
				// dinner": what follows the comma says why they ask.
				out = appendSegment(out, fields[start:i+1])
				start = i + 1
			case dash(fields[i]) && i > start && opensQuestion(fields[i+1:]) && statesAbout(unslang(words(strings.Join(fields[start:i], " ")))):
				// "we watched it last night and now we're blanking — what
				// was her friend's name?": the asker's story before it.
				out = appendSegment(out, fields[start:i])
				start = i + 1
			case dash(fields[i]) && i > start && opensQuestion(fields[i+1:]) && isChatter(unslang(words(strings.Join(fields[start:i], " ")))):
				// "sorry if someone asked — when did it drop?": a dash
				// sets the question apart from the chatter before it. A
				// name before it ("Gangs of Wasseypur – what year?") is
				// what the question asks about: it stays.
				out = appendSegment(out, fields[start:i])
				start = i + 1
			}
		}
		out = appendSegment(out, fields[start:])
	}
	return out
}

// parallelAbout reports whether the words after a connector open with
// "about" and say what about.
func parallelAbout(after []string) bool {
	return len(after) >= 2 && strings.ToLower(after[0]) == "about"
}

// aboutAt returns the index of the last "about" in fields, or -1.
func aboutAt(fields []string) int {
	for i := len(fields) - 1; i > 0; i-- {
		if strings.ToLower(fields[i]) == "about" {
			return i
		}
	}
	return -1
}

// dash reports whether a field is a dash standing apart: "—", "–", "--".
func dash(f string) bool {
	return f == "—" || f == "–" || f == "--" || f == "-"
}

// shortList splits a question made of short things joined by "and"
// ("runtime and director?") into one question each; it returns nil for
// anything else.
func shortList(sentence string) []string {
	parts := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool { return r == '&' || r == ',' })
	var items []string
	for _, p := range parts {
		items = append(items, strings.Split(p, " and ")...)
	}
	if len(items) < 2 || len(items) > maxParts {
		return nil
	}
	for _, it := range items {
		ws := words(it)
		if len(ws) == 0 || len(ws) > 3 {
			return nil
		}
		for _, w := range ws {
			if questionStarts[w] || requests[w] {
				return nil
			}
		}
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = strings.TrimSpace(strings.Trim(it, "?!. "))
		if strings.HasSuffix(strings.TrimSpace(sentence), "?") {
			out[i] += "?"
		}
	}
	return out
}

// sentences cuts text after "?", "!", ";", ":", "…", emoji and new lines, keeping a
// question mark with its sentence. A colon before a short tail that asks
// nothing belongs to a title ("Money Heist: Korea?").
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == ':' && titleColon(text[i+1:]) {
			continue
		}
		if r == '?' || r == '!' || r == ';' || r == ':' || r == '\n' || r == '…' || isEmoji(r) {
			end := i
			if r == '?' {
				end++
			}
			if s := strings.TrimSpace(text[start:end]); s != "" && s != "?" {
				out = append(out, s)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// isEmoji reports whether r is a pictograph: in a chat it ends what was
// said before it ("sorry im new here 😅 is it korean?").
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF
}

// titleColon reports whether the text after a colon, up to the end of its
// sentence, is a short tail of two words at most that opens no question.
func titleColon(after string) bool {
	if end := strings.IndexAny(after, "?!;\n"); end >= 0 {
		after = after[:end]
	}
	fields := strings.Fields(after)
	return len(fields) > 0 && len(fields) <= 2 && !opensQuestion(fields) && !asksHelp(words(after))
}

func appendSegment(out []string, fields []string) []string {
	s := strings.TrimSpace(strings.Trim(strings.Join(fields, " "), ",.:–—- "))
	if s == "" {
		return out
	}
	return append(out, s)
}

// trimConnector drops the connector a question was split at: "and how
// long is it?" is shown as "how long is it?".
func trimConnector(seg string) string {
	fields := strings.Fields(seg)
	for len(fields) > 1 {
		w := strings.ToLower(strings.Trim(fields[0], ",.:–—-"))
		if w != "and" && w != "n" && w != "also" && w != "&" && w != "plus" && w != "but" && w != "" {
			break
		}
		fields = fields[1:]
	}
	return strings.Join(fields, " ")
}

// remarkWords open a clause after a comma that says why the asker asks,
// not what: "trying to see if it fits before dinner".
var remarkWords = set("trying", "hoping", "planning", "thinking", "because", "cause", "cuz", "bc", "asking", "wondering")

// remarkOpens reports whether fields open such a clause.
func remarkOpens(fields []string) bool {
	return len(fields) > 1 && remarkWords[strings.ToLower(strings.Trim(fields[0], ",.:!?"))]
}

// statesAbout reports whether ws are a statement about the asker ("my
// husband and i watched it", "we're both blanking"), not a name or a topic
// the question after a dash asks about ("Gangs of Wasseypur – what year?").
func statesAbout(ws []string) bool {
	return len(ws) >= 4 && hasAny(ws, askerWords)
}

// askerWords are the asker speaking of themselves.
var askerWords = set("i", "im", "ive", "we", "were", "my", "our", "me", "us")

// opensQuestion reports whether fields start a question, after connectors
// and chatter ("also, is there a sequel", "and how long is it", "and on
// which platform is it").
func opensQuestion(fields []string) bool {
	for i, f := range fields {
		w := strings.ReplaceAll(strings.ToLower(strings.Trim(f, ",.:–—-!?")), "'", "")
		w = strings.ReplaceAll(w, "’", "")
		switch {
		case w == "" || w == "and" || w == "also" || w == "&" || chatter[w] || strings.HasPrefix(w, "@") || strings.HasPrefix(w, "<@"):
			// "lol. @bot what did …": a mention addresses, it asks nothing.
			continue
		case questionStarts[w]:
			return true
		case questionPrepositions[w] && i+1 < len(fields):
			next := strings.ToLower(strings.Trim(fields[i+1], ",.:–—-!?"))
			return next == "which" || next == "what" || next == "whom" || next == "whose"
		}
		return false
	}
	return false
}
