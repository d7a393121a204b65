package facts

import "strings"

// A message is what a user typed; it may greet, thank, ask for help, or ask
// one or more questions wrapped in chatter ("hi! quick q – who plays the
// villain lol"). parseMessage splits it into the questions it asks, so that
// each is matched on its own words and the chatter counts against none.

// message is a user's message split into the questions it asks.
type message struct {
	// greeting: nothing but greetings, thanks or chatter.
	greeting bool
	// help: asks what the bot can do ("help", "what can you do").
	help bool
	// otherFilm: asks about another film called Ballerina; maybeOtherFilm:
	// names its franchise ("john wick"), which a question about this film
	// may do too ("was it inspired by john wick").
	otherFilm, maybeOtherFilm bool
	parts                     []questionPart
}

// questionPart is one question of a message.
type questionPart struct {
	text  string   // as typed, trimmed: shown as the heading of its answer
	words []string // folded words (see words)
	// question: it reads as a question (a question word, a request or a
	// question mark), not as a statement.
	question bool
	// context are the words of the statements right before the question
	// ("omg jeon jong-seo ate this role."): whom its pronouns may mean.
	context []string
	// then is a bare question word asked after it ("… and when"): it
	// asks more of what the question asked about (see Matcher.followUp).
	then string
}

// requests are words that open a request for information.
var requests = set("tell", "explain", "describe", "give", "list", "name", "show", "share")

// looksAsked reports whether a segment reads as a question.
func looksAsked(seg string, ws []string) bool {
	switch {
	case len(ws) >= 3 && (ws[0] == "does" || ws[0] == "do" || ws[0] == "can") && someone[ws[1]] && (ws[2] == "have" || ws[2] == "know" || ws[2] == "remember"):
		// "…, does anyone have the count": the asker asks the server again,
		// a remark on the question before; alone, it is still answered.
		return false
	case strings.HasSuffix(strings.TrimSpace(seg), "?"):
		return true // "which looks better, the call or ballerina?"
	case len(ws) >= 2 && ws[0] == "which" && relativeVerbs[ws[1]]:
		return false // "…, which sounds so fun": a remark on what came before
	}
	content := 0
	for i, w := range ws {
		if requests[w] && i+1 < len(ws) && tellsOthers[ws[i+1]] {
			continue // "wanna tell my sister": the asker will tell someone
		}
		if auxiliaries[w] && content > 0 {
			return false // "the fights were nuts": after its subject the verb states
		}
		if questionStarts[w] || requests[w] {
			return content < 3 // a question word near the start
		}
		if leadIns[w] && i+1 < len(ws) && questionWords[ws[i+1]] {
			return true // "my daughter keeps asking how long it is"
		}
		if !chatter[w] {
			content++
		}
	}
	return false
}

// relativeVerbs after "which" make it a remark on what was said ("which
// sounds so fun"), not a question.
var relativeVerbs = set("sounds", "sounded", "seems", "seemed", "looks", "looked", "makes", "made", "means", "meant", "feels", "felt", "explains")

// tellsOthers after "tell" or "show" make it the asker's telling, not a
// request to the bot.
var tellsOthers = set("my", "her", "him", "them", "his", "our", "everyone", "people")

// clarifiers open a fragment that says a question more exactly: "like
// symbolically", "i mean in real life".
var clarifiers = set("like", "meaning", "specifically", "mean")

// maxParts bounds the questions one message may ask: each needs a fact of
// its own, and a reply carries at most three.
const maxParts = 3

// questionStarts are words that open a question: a connector followed by
// one of them starts a new part ("who directed it and who did the music").
var questionStarts = set(
	"who", "whos", "whose", "whom", "what", "whats", "which", "when", "whens", "where", "wheres", "why", "how", "hows",
	"is", "was", "are", "were", "does", "did", "do", "can", "could", "will", "would", "has", "have", "had", "should",
	"tell", "name", "list",
)

// questionPrepositions open a question before "which" or "what": "and on
// which platform", "and in what year".
var questionPrepositions = set("on", "in", "at", "for", "from", "with", "to", "by", "since", "until")

// helpWords ask what the bot does.
var helpWords = set("help", "commands", "command", "usage", "guide", "instructions", "menu")

// otherFilmWords name the other film called Ballerina and its cast; the
// articles know nothing of it, and the answer says which film the bot
// knows. Its franchise ("wick") may also be named in a question about this
// film.
var (
	otherFilmWords = set("armas", "keanu", "reeves", "spinoff", "wiseman", "lionsgate", "macarro", "eve")
	franchiseWords = set("wick")
)

// parseMessage splits text into the questions it asks.
func parseMessage(text string) message {
	var m message
	// "#1" is "number 1".
	text = strings.ReplaceAll(clampRunes(text, maxQuestion), "#", " number ")
	for _, seg := range segments(text) {
		raw := words(seg)
		ws := unslang(raw)
		m.otherFilm = m.otherFilm || detectOtherFilm(ws)
		for _, w := range ws {
			m.maybeOtherFilm = m.maybeOtherFilm || franchiseWords[w]
		}
		switch {
		case len(ws) == 0:
			continue
		case asksHelp(ws):
			m.help = true
			continue
		case isChatter(ws):
			if n := len(m.parts); n > 0 && len(ws) == 1 && questionWords[ws[0]] {
				m.parts[n-1].then = ws[0]
			}
			continue
		}
		m.parts = append(m.parts, questionPart{text: trimConnector(seg), words: ws, question: looksAsked(seg, raw)})
	}
	// Around questions, a statement is context ("just finished it on
	// netflix, it was insane. who is …"), not something to answer.
	asked := m.parts[:0:0]
	var context []string
	for _, p := range m.parts {
		if !p.question {
			if n := len(asked); n > 0 && len(p.words) > 1 && clarifiers[p.words[0]] {
				// "dancers = what? like symbolically": the question, said
				// more exactly.
				last := &asked[n-1]
				last.words = append(last.words[:len(last.words):len(last.words)], p.words[1:]...)
				continue
			}
			context = append(context, p.words...)
			continue
		}
		if len(context) > 0 && (!hasContent(p.words) || aboutThat(p.words) || bareTopic(context) && hasAny(p.words, referents)) {
			// "the music slapped 🔥 who made it": a question that says
			// nothing of its own asks about the statement before it.
			p.words = append(subjectOf(context, p.words), p.words...)
		}
		p.context, context = context, nil
		if n := len(asked); n > 0 {
			p.words = carrySubject(asked[n-1].words, p.words)
		}
		asked = append(asked, p)
	}
	if len(asked) > 0 {
		m.parts = asked
	}
	if len(m.parts) > maxParts {
		m.parts = m.parts[:maxParts]
	}
	m.greeting = len(m.parts) == 0 && !m.help && !m.otherFilm
	return m
}

// asksHelp reports whether a segment asks what the bot can do: a help word
// and nothing else but chatter, or "what can you do".
func asksHelp(ws []string) bool {
	n, first := 0, ""
	for _, w := range ws {
		if !chatter[w] && !stopwords[w] {
			if n == 0 {
				first = w
			}
			n++
		}
	}
	if n == 1 && helpWords[first] {
		return true
	}
	if n > 2 {
		return false
	}
	s := " " + strings.Join(ws, " ") + " "
	for _, p := range []string{" what can you do ", " what can i ask ", " what do you know ", " how do i use ", " what are you ", " who are you "} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// detectOtherFilm reports whether words name the other film called
// Ballerina: its year next to the title, or its franchise and cast.
func detectOtherFilm(ws []string) bool {
	for i, w := range ws {
		if otherFilmWords[w] {
			return true
		}
		if w == "2025" {
			for j := max(0, i-2); j < min(len(ws), i+3); j++ {
				if ws[j] == "ballerina" {
					return true
				}
			}
		}
		if w == "de" && i+1 < len(ws) && ws[i+1] == "armas" {
			return true
		}
	}
	return false
}

// subjectOf is what of a statement a question after it asks about: for a
// pronoun ("he", "she", "they"), the statement's subject ("kim ji-hoon is so good as choi,
// what else was he in": Kim Ji-hoon); otherwise all of it ("the music
// slapped, who made it").
func subjectOf(statement, question []string) []string {
	// Full slice expressions: the question's words are appended to what
	// is returned, which must not write over the statement.
	if !hasAny(question, pronouns) {
		return statement[:len(statement):len(statement)]
	}
	for i, w := range statement {
		if auxiliaries[w] && i > 0 {
			return statement[:i:i]
		}
	}
	return statement[:len(statement):len(statement)]
}

// referents are the pronouns a question may point back with: "the
// flamethrower 🔥 was it useful later?" asks about the flamethrower.
var referents = set("it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "that", "this")

// determiners open a noun phrase named as a topic.
var determiners = set("the", "that", "this", "those", "these")

// bareTopic reports whether a statement only names a topic ("lmao the
// flamethrower"): a determiner and at most three words, no verb that would
// make it say something of its own.
func bareTopic(ws []string) bool {
	n := 0
	for _, w := range ws {
		switch {
		case chatter[w]:
			continue
		case n == 0 && !determiners[w]:
			if stopwords[w] && !auxiliaries[w] && !questionStarts[w] && !referents[w] {
				continue // "lmao the flamethrower"
			}
			return false
		case n > 0 && (auxiliaries[w] || questionStarts[w] || stopwords[w]):
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

// carrySubject gives a question asked right after another, whose subject
// is a bare "they" ("what did the reviewer find disorienting and what did
// they love"), the other's subject when that is one noun after "the": the
// reviewer. Names are left to the answer's people (see Reply).
func carrySubject(before, ws []string) []string {
	at := subjectAt(ws)
	if at < 0 || ws[at] != "they" && ws[at] != "them" {
		return ws
	}
	from := subjectAt(before)
	if from < 0 || before[from] != "the" || from+2 >= len(before) {
		return ws
	}
	noun := before[from+1]
	if stopwords[noun] || chatter[noun] || before[from+2] == "and" {
		return ws
	}
	out := append(ws[:at:at], "the", noun)
	return append(out, ws[at+1:]...)
}

// subjectAt returns where the subject of a question opening with a
// question word and an auxiliary ("what did the reviewer …") begins, or -1.
func subjectAt(ws []string) int {
	if len(ws) < 3 || !questionWords[ws[0]] || !auxiliaries[ws[1]] {
		return -1
	}
	return 2
}
