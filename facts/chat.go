package facts

import "slices"

// Chat shorthand: a fan typing fast writes "wen r they n the director
// together irl" for "when are they and the director together in real
// life". unslang reads the shorthand of a question's words as the words it
// stands for, before anything else looks at them; the store is never
// unslanged, it is written out.

// slang maps a shorthand word to the words it stands for. Only words that
// are no English word of their own (or hardly ever one in a question about
// a film) are here: "r", "n" and "w" alone are always shorthand in a chat.
var slang = map[string][]string{
	"r": {"are"}, "n": {"and"}, "w": {"with"}, "u": {"you"}, "ur": {"your"},
	"abt": {"about"}, "bout": {"about"}, "thru": {"through"}, "tho": {"though"}, "b4": {"before"},
	"yr": {"year"}, "yrs": {"years"},
	"irl": {"real", "life"}, "inspo": {"inspiration"}, "smth": {"something"}, "sth": {"something"},
	"bday": {"birthday"}, "fav": {"favorite"}, "fave": {"favorite"}, "rn": {"right", "now"}, "ofc": {"of", "course"},
	"wat": {"what"}, "wut": {"what"}, "wen": {"when"}, "dat": {"that"}, "dis": {"this"}, "da": {"the"},
	"luv": {"love"}, "prob": {"probably"}, "obv": {"obviously"}, "def": {"definitely"}, "convo": {"conversation"},
	// Spelt as they sound.
	"fites": {"fights"}, "thot": {"thought"},
	"fim": {"film"}, "flim": {"film"}, "moive": {"movie"},
	// Run together: "alot" is "a lot", "beat-maker" one who makes beats.
	"alot": {"a", "lot"}, "beatmaker": {"music"}, "beatmakers": {"music"},
	// Misspelt into another word: "what dose the review say".
	"dose": {"does"},
}

// idioms are set phrases said plainly, keyed by their first word: "who's
// behind the camera" asks who directed the film; "which day of the week"
// asks for a day, not about a week.
var idioms = map[string][]struct {
	rest  []string
	plain []string
}{
	"behind": {{[]string{"the", "camera"}, []string{"directing"}}, {[]string{"the", "cameras"}, []string{"directing"}}},
	"at":     {{[]string{"the", "helm"}, []string{"directing"}}},
	"called": {{[]string{"the", "shots"}, []string{"directing"}}},
	"day":    {{[]string{"of", "the", "week"}, []string{"day"}}},
	"after":  {{[]string{"dark"}, []string{"at", "night"}}},
	// "after-dark", typed as one word.
	"afterdark": {{nil, []string{"at", "night"}}},
	// "watch the whole thing from start to end": all of it, no scene.
	"from":  {{[]string{"start", "to", "end"}, nil}, {[]string{"start", "to", "finish"}, nil}, {[]string{"beginning", "to", "end"}, nil}},
	"start": {{[]string{"to", "finish"}, nil}, {[]string{"to", "end"}, nil}},
	"whole": {{[]string{"thing"}, []string{"it"}}},
}

// idiomAt returns the length of the idiom at ws[i] and its plain words, or 0.
func idiomAt(ws []string, i int) (int, []string) {
	for _, id := range idioms[ws[i]] {
		if i+len(id.rest) < len(ws) && slices.Equal(ws[i+1:i+1+len(id.rest)], id.rest) {
			return 1 + len(id.rest), id.plain
		}
	}
	return 0, nil
}

// unslang returns ws with shorthand written out and letters held down
// ("heyyy", "sooo", "lmaooo") let go of; ws itself is left alone.
func unslang(ws []string) []string {
	var out []string
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if n, plain := idiomAt(ws, i); n > 0 {
			if out == nil {
				out = append(make([]string, 0, len(ws)), ws[:i]...)
			}
			out = append(out, plain...)
			i += n - 1
			continue
		}
		long, isSlang := slang[w]
		if w == "r" && ratedR(ws, i) {
			isSlang = false
		}
		if !isSlang {
			if short := unstretch(w); short != w {
				long, isSlang = []string{short}, true
			}
		}
		if !isSlang {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(ws)+1), ws[:i]...)
		}
		out = append(out, long...)
	}
	if out == nil {
		return ws
	}
	return out
}

// ratedR reports whether the "r" at i is the rating ("is it rated r",
// "is it r or pg-13", "an r movie"), not "are": it ends the question, or
// a word of rating stands next to it.
func ratedR(ws []string, i int) bool {
	if i == len(ws)-1 {
		return true
	}
	next := ws[i+1]
	if next == "or" || next == "rated" || next == "rating" || next == "movie" || next == "film" {
		return true
	}
	if i > 0 {
		prev := ws[i-1]
		return prev == "rated" || prev == "rating" || prev == "a" || prev == "an" || prev == "or"
	}
	return false
}

// unstretch shortens every run of three or more of one letter to two
// ("sooo" -> "soo") and, when the word still ends in a doubled letter that
// is no English ending ("heyy", "lmaoo"), to one. Most words have no such
// run and cost one pass.
func unstretch(w string) string {
	run := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			run = true
			break
		}
	}
	if !run {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if n := len(b); n >= 2 && b[n-1] == w[i] && b[n-2] == w[i] {
			continue
		}
		b = append(b, w[i])
	}
	if n := len(b); n >= 3 && b[n-1] == b[n-2] && !doubledEndings[b[n-1]] {
		b = b[:n-1]
	}
	return string(b)
}

// doubledEndings are letters English words end on twice ("less", "all",
// "off", "too", "see", "buzz"); any other letter doubled at the end of a
// stretched word was held down ("heyy", "lmaoo" -> "hey", "lmao").
var doubledEndings = map[byte]bool{'s': true, 'l': true, 'f': true, 'e': true, 'z': true}

// Chatter: what a fast typist wraps a question in. Greetings, thanks,
// hedges and polite openings ask nothing; a segment of nothing else is
// skipped, and an opening before a question is cut.

// chatter are words that only greet, thank, hedge or address the bot; a
// segment of nothing but chatter and stopwords asks nothing.
var chatter = set(
	"hi", "hii", "hiii", "hey", "heyy", "heyyy", "hello", "helo", "hallo", "yo", "sup", "hiya", "howdy", "greetings",
	"morning", "evening", "afternoon", "night", "thank", "thx", "ty", "tysm", "cheers", "k", "kk",
	"haha", "hahaha", "hehe", "wow", "cool", "nice", "um", "uh", "umm", "hmm", "oh", "ah", "ahh", "q", "qq",
	"sorry", "dumb", "stupid", "silly", "noob", "seriously", "bot", "ballerinabot", "folks", "friends", "mate",
	"again", "rq", "fr", "lmk", "asap", "plss", "pleasee", "thanx", "thnx", "tia", "today", "tonight",
	// "or nah", "wait wait wait": a side that offers nothing, a pause.
	"nah", "naw", "nope", "yeah", "yea", "yep", "wait", "ily",
	// Good night, good morning.
	"gn", "gm", "gnight", "nite",
)

// isChatter reports whether a segment asks nothing: every word is chatter,
// a stopword, or "good" in a greeting ("good morning").
func isChatter(ws []string) bool {
	if len(ws) > 1 && ws[0] == "sorry" && ws[1] == "if" {
		return true // "sorry if this was asked already"
	}
	if len(ws) > 2 && questionWords[ws[0]] {
		for _, w := range ws[1:] {
			if personal[w] {
				return false // "what else did he make": asks about someone named before
			}
		}
	}
	for i, w := range ws {
		if questionWords[w] && i+1 < len(ws) && phraseSynonyms[w+" "+ws[i+1]] != "" {
			return false // "who made it": two stopwords that ask something
		}
		if w == "number" && i+1 < len(ws) && numberWords[ws[i+1]] {
			return false // "was it number one": a rank asked about
		}
		switch {
		case chatter[w] || stopwords[w] && w != "about":
		case w == "good" && i+1 < len(ws) && chatter[ws[i+1]]:
		default:
			return false
		}
	}
	return true
}

// aboutThat reports whether a question ends asking about what was just
// said: "did the review say anything about that".
func aboutThat(ws []string) bool {
	n := len(ws)
	return n >= 2 && ws[n-2] == "about" && (ws[n-1] == "that" || ws[n-1] == "this" || ws[n-1] == "it")
}

// personal are the pronouns for someone other than the bot or the user.
var personal = set("he", "him", "his", "she", "her", "they", "them", "their")

// hasContent reports whether ws hold a word that is neither chatter nor a
// stopword.
func hasContent(ws []string) bool {
	for _, w := range ws {
		if !chatter[w] && !stopwords[w] {
			return true
		}
	}
	return false
}

// leadIns end a polite opening before the question itself: "I would like
// to know where…", "can you tell me who…", "I was wondering when…".
var leadIns = set("know", "tell", "wondering", "wonder", "wondered", "ask", "asking", "asked", "asks", "curious")

// dropLeadIn cuts a polite opening, so that "I would like to know where
// the two met" asks where, as "where did the two meet" does.
func dropLeadIn(ws []string) []string {
	for i := 0; i < len(ws) && i < 8; i++ {
		if !leadIns[ws[i]] {
			continue
		}
		if i > 0 && questionWords[ws[0]] {
			// "what does her friend ask when she calls": the question's
			// own verb, not an opening.
			return ws
		}
		j := i + 1
		for j < len(ws) && (ws[j] == "me" || ws[j] == "us" || ws[j] == "about") {
			j++
		}
		if j < len(ws)-1 && (questionWords[ws[j]] || ws[j] == "if" || ws[j] == "whether") {
			if ws[j] == "if" || ws[j] == "whether" {
				j++
			}
			return askedOrder(ws[j:])
		}
	}
	return ws
}

// askedOrder puts an embedded question back in the order it is asked in:
// "how long the movie is" is "how long is the movie", "what her name was"
// "what was her name".
func askedOrder(ws []string) []string {
	n := len(ws)
	if n < 3 || !questionWords[ws[0]] || !auxiliaries[ws[n-1]] || auxiliaries[ws[1]] {
		return ws
	}
	at := 1
	if ws[0] == "how" && (ws[1] == "long" || ws[1] == "many" || ws[1] == "much" || ws[1] == "old") {
		at = 2 // "how many people", "how long": the asked phrase stays whole
		for at < n-1 && ws[1] == "many" && !stopwords[ws[at]] {
			at++
		}
	}
	out := make([]string, 0, n)
	out = append(out, ws[:at]...)
	out = append(out, ws[n-1])
	return append(out, ws[at:n-1]...)
}

var questionWords = set("who", "whom", "whose", "what", "which", "when", "where", "why", "how")
