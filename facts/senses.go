package facts

import "strings"

// Word senses: a few words of the film's vocabulary mean something else in
// another context, and answering the other sense is answering wrongly. A
// "score" is the music, or a rating ("what's the rotten tomatoes score");
// "cuts" are the editing the review criticises, or scenes removed ("was
// anything cut from the film"); "how long" is the runtime, or a duration
// ("how long have they been dating"); "old" asks for an age only in "how
// old". senses rewrites the ambiguous words of a question to the sense its
// context gives, before terms are taken.

// ratingContext are words that make "score" (and "stars") a rating.
var ratingContext = set("rating", "ratings", "rate", "rated", "rotten", "tomatoes", "tomatometer", "imdb", "metacritic",
	"letterboxd", "critic", "critics", "out", "points", "percent", "percentage", "give", "gave", "given", "high", "low", "highest", "lowest")

// removalContext are words that make "cut" a removal.
var removalContext = set("from", "removed", "remove", "deleted", "delete", "version", "final", "directors", "extended", "uncut", "censored", "scene", "scenes", "out")

// musingWords, after "leave", say what a film leaves its viewers thinking.
var musingWords = set("thinking", "wondering", "pondering", "chewing", "mulling", "reflecting", "contemplating", "questioning")

// leftWith reports whether ws hold a form of "leave".
func leftWith(ws []string) bool {
	for _, w := range ws {
		if w == "leave" || w == "leaves" || w == "left" || w == "leaving" {
			return true
		}
	}
	return false
}

// howCounting after "how" ask for a count or an amount.
var howCounting = set("many", "much")

// criticWords make a critic's fondness ("love", "enjoyed") praise.
var (
	criticWords = set("review", "reviews", "reviewer", "reviewers", "critic", "critics")
	fondWords   = set("love", "loved", "loves", "adore", "adored", "enjoy", "enjoyed", "enjoys")
)

// filmWords are what "how long is …" asks about when it asks for the runtime.
var filmWords = set("it", "this", "film", "movie", "ballerina", "runtime", "thing", "flick")

// senseRating and senseRemoved are the terms the other senses map to; the
// articles hold neither, so a question that asks for them is declined.
const (
	senseRating  = "rating"
	senseRemoved = "removed"
	senseAge     = "age"
	// senseTraining is learning how to do something, which the articles
	// never tell of anyone.
	senseTraining = "skilltraining"
	// senseViews is how many watched, which no article counts.
	senseViews = "viewership"
)

// endOfStory stands for "at the end": it says when something happens,
// which a fact may say ("later", "the climax") or not; it ranks facts
// about the ending first but is no word the answer must hold.
const endOfStory = "atend"

// comeForms are the forms of "come".
var comeForms = set("come", "comes", "came", "coming")

// timeSpans make "how much" ask how long: "how much time do i need to watch it".
var timeSpans = set("time", "minutes", "mins", "hours", "long")

// runtimeWords name the runtime.
var runtimeWords = set("runtime", "length", "duration")

// senses rewrites the ambiguous words of ws (lower-case, without names) to
// the sense their context gives. It reports whether "how long" asks for a
// duration rather than the runtime. named tells whether the question names
// someone: a person's "rank" is their place in the gang, not the chart's.
func senses(ws []string, named bool) (out []string, duration bool) {
	out = make([]string, 0, len(ws))
	has := func(ctx map[string]bool) bool {
		for _, w := range ws {
			if ctx[w] {
				return true
			}
		}
		return false
	}
	how, whereAsked := false, false
	for i, w := range ws {
		how = how || w == "how"
		whereAsked = whereAsked || w == "where" && i < 2
	}
	// "how many", "how much"; "how much time" asks how long, not a count.
	counting := how && has(howCounting) && !has(timeSpans)
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		prev, next := "", ""
		if i > 0 {
			prev = ws[i-1]
		}
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch {
		case (w == "score" || w == "scores" || w == "scored") && has(ratingContext):
			w = senseRating
		case w == "stars" && (prev == "many" || next == "out" || has(ratingContext)):
			w = senseRating
		case w == "rate" || w == "rated" || w == "rates":
			w = senseRating
		case (w == "cut" || w == "cuts") && has(removalContext) && !has(set("many", "editing", "shaky", "too")):
			w = senseRemoved
		case w == "old" && prev == "how":
			w = senseAge
		case (w == "watch" || w == "watching" || w == "stream") && (how && has(timeSpans) || has(runtimeWords)):
			continue // "how much time to watch it": the runtime, not where it streams
		case counting && (w == "watched" || w == "watch" || w == "seen" || w == "saw" || w == "viewed" || w == "streamed"):
			w = senseViews // "how many people watched it": a viewing count, not filler
		case (w == "learn" || w == "learned" || w == "learnt" || w == "learns") && next == "to":
			w = senseTraining // "how did ok-ju learn to fight": a skill, not "learns of" something
		case w == "end" && prev == "the" && i >= 2 && (ws[i-2] == "at" || ws[i-2] == "in") && !auxiliaries[ws[0]]:
			// "what do they pull out at the end" asks what, and says
			// when; "does she die at the end" asks about the ending.
			w = endOfStory
		case w == "old" && term(next) == "job":
			w = "former" // "her old gig": the one she had before
		case w == "ballerina" && (prev == "the" || prev == "a" || prev == "titular" || prev == "actual" || prev == "real") && !filmWords[next] && !isDigits(next):
			w = "ballerinas" // the dancer, not the film's title: counts as a word
		case (w == "name" || w == "named" || w == "names") && next == "as":
			continue // "which films did he name as inspirations": naming, not a name
		case (w == "named" || w == "called") && (next == "in" || next == "by"):
			continue // "which films are named in the review": mentioned
		case (w == "last" || w == "lasts") && how && prev != "the" && prev != "a" && prev != "at":
			w = "runtime" // "how many minutes does it last"
		case (w == "called" || w == "named") && len(ws) > 0 && ws[0] == "what":
			w = "name" // "what is the gang called" asks for its name
		case (w == "called" || w == "named" || w == "titled") && len(ws) > 0 && ws[0] == "why":
			w = "title" // "why is it called ballerina": the title's reason
		case whereAsked && (w == "film" || w == "filmed" || w == "shoot" || w == "shot" || w == "filming" || w == "shooting"):
			w = "filming" // "where was it filmed": the real places, not the story's
		case (prev == "which" || prev == "what") && peopleWords[w] && !stopwords[w]:
			continue // "which rapper": the person asked for, see slots
		case w == "ask" && (prev == "i" || prev == "me" || prev == "to" || prev == "can" || prev == "quick" || prev == "just" || prev == "wanna" || prev == "gonna" || i == 0):
			continue // "can I ask": chatter, not asking someone something
		case w == "deal" && prev == "the" && next == "with", w == "up" && prev == "s" && next == "with":
			continue // "what's the deal with X", "what's up with X": tell me about X
		case w == "right" && i == len(ws)-1 && i > 0:
			continue // "he directed it right?": a tag asking to confirm
		case w == "last" && (next == "one" || next == "question" || next == "thing" || next == "q"):
			continue // "ok last one": chatter
		case (w == "hit" || w == "hits") && (isDigits(next) || rankWords[next] || next == "top" || next == "the" && i+2 < len(ws) && ws[i+2] == "top"):
			w = "reach" // "did it hit number one": reach a rank, not hit netflix
		case (w == "pay" || w == "paid" || w == "paying") && (next == "attention" || i+2 < len(ws) && ws[i+2] == "attention"):
			continue // "pay attention" is attention, not money
		case (w == "do" || w == "doing") && i >= 2 && how && !auxiliaryAfterHow(ws, i):
			w = "success" // "how did it do on netflix"
		case w == "together" && next == "with":
			continue // "together with Netflix": with
		case w == "heavy" && (prev == "the" || prev == "a") && (next == "" || stopwords[next] || next == "s"):
			w = "villain" // "who plays the heavy": the villain, not "heavy subject material"
		case fondWords[w] && has(criticWords):
			w = "praised" // "what did the reviewer love": a critic's liking is praise
		case (w == "showing" || w == "showcasing") && next != "" && !stopwords[next] && !determiners[prev] && prev != "a":
			w = "present" // "showing places in korea": presenting them, not a screening
		case w == "night" && (prev == "at" || prev == "by" || determiners[prev] || !stopwords[next] && !chatter[next] && next != ""):
			w = "nights" // "neon at night", "the night scenes": a time, not "good night"
		case musingWords[w] && leftWith(ws[max(0, i-3):i]):
			// "what does it leave you chewing on": what it leaves viewers
			// questioning, the thing thought about, not a premise.
			w = "questioning"
			if next == "on" || next == "about" || next == "over" {
				i++
			}
			if i+2 == len(ws) && (ws[i+1] == "afterwards" || ws[i+1] == "afterward") {
				out = append(out, w)
				i++
				continue // after watching: when, not what
			}
		case w == "come" && next == "on" && i == 0:
			i++
			continue // "come on, who plays her": a nudge, not a word of the question
		case comeForms[w] && next == "on" && i+2 < len(ws) && ws[i+2] == "netflix":
			// "which day did it come on netflix": its release, not the
			// "come on" of a chat.
			w = "released"
			i++
		case (w == "giant" || w == "giants") && i > 0 && !stopwords[prev] && !chatter[prev]:
			w = "service" // "the streaming giant": a company, not a size
		case (w == "rank" || w == "ranking") && named:
			w = "position"
		case w == "long" && prev == "how":
			if !asksRuntime(ws[i+1:]) {
				duration = true
				continue // "how long have they …": a duration, not a word to find
			}
		}
		out = append(out, w)
	}
	return out, duration
}

// auxiliaryAfterHow reports whether the "do" at i is the auxiliary right
// after "how" ("how does it end"), not the verb of "how did it do".
func auxiliaryAfterHow(ws []string, i int) bool {
	if i+1 < len(ws) && (viewers[ws[i+1]] || ws[i+1] == "they" || ws[i+1] == "he" || ws[i+1] == "she") {
		return true // "how much time do i need": "do" before its subject
	}
	return ws[i-1] == "how" || (ws[i-1] == "well" || ws[i-1] == "long") && i >= 2 && ws[i-2] == "how"
}

// viewers are who watches: "how long do i sit through it".
var viewers = set("i", "we", "you", "u")

// asksRuntime reports whether the words after "how long" ask how long the
// film runs: "is it", "is the movie", "does it run", or nothing at all.
func asksRuntime(rest []string) bool {
	if len(rest) == 0 {
		return true
	}
	switch rest[0] {
	case "is", "s", "was", "does", "runs", "run", "are":
	case "do", "will", "would", "should", "can":
		// "how long do i sit through it": the viewer's time is the runtime.
		return len(rest) > 1 && viewers[rest[1]]
	default:
		return false
	}
	if len(rest) == 1 {
		return true
	}
	next := rest[1]
	if next == "the" && len(rest) > 2 {
		next = rest[2]
	}
	return filmWords[next] || next == "ballerina"
}

// numberOf returns the digits a number word stands for: "5th" and "fifth"
// are 5, "twenty-eighth" 28, "ninety-three" 93. "One", "first" and "second"
// are left alone: they are more often words than numbers ("the one she
// had", "first week", "a second look").
func numberOf(w string) (string, bool) {
	if n := len(w); n > 2 && w[0] >= '0' && w[0] <= '9' {
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if strings.HasSuffix(w, suf) && isDigits(w[:n-2]) {
				return w[:n-2], true
			}
		}
		return "", false
	}
	if v, ok := smallNumbers[w]; ok {
		return v, true
	}
	if len(w) < 5 || !strings.ContainsRune("tfsen", rune(w[0])) {
		return "", false // no ten starts otherwise: most words end here
	}
	for _, tn := range tensNumbers {
		if strings.HasPrefix(w, tn[0]) {
			rest := w[len(tn[0]):]
			if rest == "" {
				return tn[1], true
			}
			if u, ok := unitNumbers[rest]; ok {
				return tn[1][:1] + u, true
			}
		}
	}
	return "", false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var smallNumbers = map[string]string{
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
	"eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
	"seventeen": "17", "eighteen": "18", "nineteen": "19",
	"third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
	"eleventh": "11", "twelfth": "12", "thirteenth": "13", "fourteenth": "14", "fifteenth": "15", "sixteenth": "16",
	"seventeenth": "17", "eighteenth": "18", "nineteenth": "19",
}

var tensNumbers = [][2]string{
	{"twentieth", "20"}, {"thirtieth", "30"}, {"fortieth", "40"}, {"fiftieth", "50"}, {"sixtieth", "60"}, {"seventieth", "70"}, {"eightieth", "80"}, {"ninetieth", "90"},
	{"twenty", "20"}, {"thirty", "30"}, {"forty", "40"}, {"fifty", "50"}, {"sixty", "60"}, {"seventy", "70"}, {"eighty", "80"}, {"ninety", "90"},
}

var unitNumbers = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
	"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9",
}
