package facts

import "slices"

// slots is what kind of answer a question asks for, read from its question
// words. Slots only ever rule facts out: a fact that shares the question's
// words but cannot fill its slot is no answer ("who was the cinematographer"
// is not answered by a fact that names no one, "where was it filmed" not by
// one that names no place).
type slots struct {
	who      bool // a person: the answer names someone other than those asked about
	when     bool // a date or a time
	howMany  bool // a number
	duration bool // "how long have they …": a time or a number
	where    bool // a place
	title    bool // "which film/song/show …": the answer names a work
	name     bool // a name or its spelling
	// identify: "which beach", "what company": the answer must name it, not
	// only mention one.
	identify bool
	// otherWork: "what else has X been in": only a person's other work answers.
	otherWork bool
	// counted is what "how many" counts ("how many minutes"): the answer
	// must give a number of it.
	counted string
	// said: "what did X say about …" asks for what someone said; the
	// answer must be X's own words, not a fact about X.
	said bool
	// saidBy are the people a "said" question names by name, not by role:
	// "what did the director say about theaters" may be answered by an
	// article's own words.
	saidBy []string
	// identifyNoun is what "which beach" asks to tell apart; the answer
	// must qualify it ("a cake shop"), not just mention one ("the beach").
	identifyNoun string
	// identifyMod is the word before identifyNoun in the question ("high"
	// in "which high school"): a fact's "high school" does not say which.
	identifyMod string
	// thing is any other noun "what X does …" asks to tell apart ("what
	// alcohol does she bring"): a fact that mentions X with nothing to
	// say which ("alcohol and food") does not answer it.
	thing string
	// year: "what year" asks for a year; a weekday or a month without
	// one does not give it.
	year bool
	// occupation: "what work did she do" asks for a job.
	occupation bool
	// filming: "where did they shoot the desert scene" asks where the film
	// was made, not where its story is set.
	filming bool
	// day: "what month", "which day", "what date" ask for a day or a
	// month; a year alone does not give it.
	day bool
	// exact: "exactly how many", "how many in total" ask for a number; "a
	// horde" or "numerous" do not give one.
	exact bool
	// madeBy: "who shot it", "who edited the film" ask who made the
	// film: a character of its story is no answer.
	madeBy bool
	// why: asks for a reason; facts that give one rank higher.
	why bool
	// definition: "what is a dutch angle" asks what a thing is in general;
	// the articles define nothing, they only use words.
	definition bool
	// role: "what role does Jun play" asks for a character.
	role bool
	// rankAsked: the number slot was read from "what rank", "what
	// position" or "what spot", which ask for a role when a person is
	// named ("what position does Choi hold in the gang").
	rankAsked bool
}

// workNouns make "what/which …" ask for a title.
var workNouns = set("song", "songs", "track", "tracks", "album", "albums", "film", "films", "movie", "movies", "show", "shows",
	"series", "book", "books", "festival", "festivals", "drama", "dramas", "title", "work", "works")

// kindNouns make "what film …" ask for a kind, not a title: "what kind of film".
var kindNouns = set("kind", "type", "genre", "sort", "style")

// identifyNouns after "which" or "what" ask for one thing: a place is
// told apart by a word before it ("a cake shop"), and a maker, a make or a
// title only by its name (brandNouns).
var (
	identifyNouns = set("school", "university", "club", "team", "gang", "band", "group", "restaurant", "bar", "pub", "city",
		"town", "hospital", "hotel", "street", "store", "beach", "shop", "country", "platform", "service", "site", "app",
		"website", "cinema", "theater", "theatre", "neighborhood", "neighbourhood", "district", "area", "region", "province",
		"village", "island", "suburb", "county", "state", "venue", "prison", "church", "airport", "station")
	brandNouns = set("company", "companies", "studio", "studios", "label", "brand", "network", "channel", "agency", "camera",
		"cameras", "lens", "equipment", "model", "distributor", "song", "album")
)

// nameWords ask for a name or how it is spelled.
var nameWords = set("name", "names", "named", "called", "surname", "surnames", "spell", "spelled", "spelt", "spelling", "spellings", "romanization", "romanized", "romanised", "written")

func questionSlots(ws []string) slots {
	var in slots
	in.definition = definition(ws)
	kind := false
	for _, w := range ws {
		kind = kind || kindNouns[w]
	}
	// "actress as the dancer friend?", "fellow playing the heavy?": a
	// terse question for who plays someone, without a question word.
	if lead := ws; len(lead) >= 3 {
		if lead[0] == "the" || lead[0] == "a" {
			lead = lead[1:]
		}
		if len(lead) >= 3 && (genericPeople[lead[0]] || peopleWords[lead[0]]) && (lead[1] == "playing" || lead[1] == "as" || lead[1] == "portraying") {
			in.who = true
		}
	}
	for i, w := range ws {
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch w {
		case "who", "whos", "whom", "whose":
			in.who = true
			in.madeBy = in.madeBy || w == "who" && madeIt(ws[i+1:])
		case "when", "whens":
			// Only as a question word: "what did she bring when she
			// visited" asks for a thing, not a date.
			in.when = in.when || i < 2
		case "where", "wheres":
			in.where = in.where || i < 2
		case "what", "which", "whats":
			in.when = in.when || next == "year" || next == "years" || next == "date" || next == "day" || next == "month"
			in.day = in.day || next == "date" || next == "day" || next == "month"
			rank := next == "spot" || next == "rank" || next == "position" || next == "place" && i+2 < len(ws) && ws[i+2] != "is"
			in.rankAsked = in.rankAsked || rank
			in.howMany = in.howMany || next == "number" || next == "edition" || rank
			in.where = in.where || next == "city" || next == "country" || next == "location" || next == "town"
			// "what work did she do before" asks for a job, not a title.
			in.occupation = in.occupation || next == "work" && hasAny(ws, doSupport)
			in.title = in.title || !kind && !in.occupation && (workNouns[next] || next == "other" && i+2 < len(ws) && workNouns[ws[i+2]] || asksWork(ws[i+1:]))
			head, mod := nounHead(ws[i+1:])
			switch {
			case identifyNouns[head] || brandNouns[head] || placeWords[head]:
				in.identify, in.identifyNoun, in.identifyMod = true, head, mod
			case i+2 < len(ws) && (auxiliaries[ws[i+2]] || mod != "" && !stopwords[mod]) && askedThing(head):
				in.thing, in.identifyMod = head, mod
			}
			in.who = in.who || w != "whats" && peopleWords[next] && !stopwords[next] // "which rapper scored it"
			in.role = in.role || next == "role" || next == "character" || next == "part"
		case "how":
			in.howMany = in.howMany || next == "many" || next == "much" || next == "long"
			if next == "many" && i+2 < len(ws) && (!stopwords[ws[i+2]] || workNouns[ws[i+2]]) {
				in.counted = ws[i+2]
			}
		case "since":
			in.when = in.when || next == "when"
		case "date", "dates", "year", "years":
			in.when = true
			// "a year", "last year" say when something was, not ask it.
			in.year = in.year || w == "year" && (i == 0 || !yearFrames[ws[i-1]])
		case "else", "other":
			// "each other" is two people, "other half" a partner: not other work.
			in.otherWork = in.otherWork || (i == 0 || ws[i-1] != "each" && ws[i-1] != "one" && !someone[ws[i-1]]) && next != "half"
		case "name", "title":
			// "the name of gray's song", "the title of his short film"
			// ask for a title; "min-hee's full name in the movie" does not.
			for _, x := range ws[i+1 : min(len(ws), i+5)] {
				in.title = in.title || next == "of" && workNouns[x] && !kind
			}
		case "why":
			in.why = true
		case "exactly", "exact", "total", "precisely":
			in.exact = true
		}
		// "which films did he name as his inspiration": naming, not a name.
		in.name = in.name || nameWords[w] && next != "as" || w == "same" && next != "platform"
		if speechWords[w] {
			// "what did Park Yu-rim say": an auxiliary before the subject.
			for _, x := range ws[max(0, i-5):i] {
				in.said = in.said || x == "did" || x == "does" || x == "do"
			}
		}
	}
	in.exact = in.exact && in.howMany
	for i, w := range ws {
		// "where did they film it", not "where was the film shown"
		in.filming = in.filming || in.where && (filmingVerbs[w] || w == "film" && i > 0 && (ws[i-1] == "they" || ws[i-1] == "did" || ws[i-1] == "to"))
	}
	return in
}

// definition reports whether the question asks what a thing is in
// general ("what is a dutch angle", "whats a mise-en-scene", "what does
// noir mean"): the articles define nothing, they only use words. "What
// does the title mean" asks about the film, not a definition.
func definition(ws []string) bool {
	switch {
	case len(ws) >= 3 && ws[0] == "what" && (ws[1] == "is" || ws[1] == "are" || ws[1] == "s") && (ws[2] == "a" || ws[2] == "an"),
		len(ws) >= 2 && ws[0] == "whats" && (ws[1] == "a" || ws[1] == "an"):
		return true
	case len(ws) >= 4 && ws[0] == "what" && ws[1] == "does":
		end := slices.Index(ws, "mean")
		if end < 3 {
			return false
		}
		if end+1 < len(ws) && ws[end+1] == "in" || len(ws) > 4 && ws[2] == "the" && ws[4] == "in" && end > 4 {
			return true // "what does 'joint economic area' mean in the title", "what does the 'pro' in choi pro mean"
		}
		for _, w := range ws[2:end] {
			if stopwords[w] || softTerms[w] {
				return false // "the", "it", "her", "ballerina": something of the film's
			}
		}
		return end == len(ws)-1
	}
	return false
}

// filmingVerbs ask where a film was made; filmingWords say it.
var (
	filmingVerbs = set("shoot", "shot", "filmed", "filming", "shooting")
	filmingWords = set("shoot", "shot", "filmed", "filming", "shooting", "location", "locations", "cinematography")
)

// yearFrames before "year" make it a span or a time, not the year asked for.
var yearFrames = set("a", "per", "each", "every", "last", "this", "next", "that")

// nounHead is the noun "which" asks about, the last of two before an
// auxiliary: "which camera angles does it use" tells angles apart, not
// cameras; "which camera did they use" cameras.
func nounHead(rest []string) (head, mod string) {
	switch {
	case len(rest) == 0:
		return "", ""
	case len(rest) >= 3 && !stopwords[rest[1]] && auxiliaries[rest[2]]:
		return rest[1], rest[0]
	}
	return rest[0], ""
}

// askedThing reports whether "what X does …" asks which X: X is a noun of
// no other slot (not a person, a work, a kind, a time, a name or a rank).
func askedThing(w string) bool {
	return len(w) > 2 && !stopwords[w] && !auxiliaries[w] && !workNouns[w] && !kindNouns[w] && !peopleWords[w] &&
		!nameWords[w] && !softTerms[w] && !timeWords[w] && !months[w] && !numberWords[w] &&
		!otherSlotNouns[w]
}

// otherSlotNouns after "what" ask for a time, a role, a rank or another work.
var otherSlotNouns = set("year", "years", "day", "month", "role", "character", "part", "spot", "rank", "position", "place",
	"number", "edition", "else", "other")

// madeIt reports whether the words after "who" are a verb with the film
// as its object: "shot it", "edited the film", not "is it about".
func madeIt(rest []string) bool {
	if len(rest) < 2 || stopwords[rest[0]] || auxiliaries[rest[0]] {
		return false
	}
	obj := rest[1:]
	if obj[0] == "the" && len(obj) > 1 {
		obj = obj[1:]
	}
	return obj[0] == "it" || obj[0] == "film" || obj[0] == "movie" || obj[0] == "ballerina"
}

// someone are words for anyone at all: "could anybody else have played
// her" asks about someone else, not about other work.
var someone = set("anybody", "anyone", "somebody", "someone", "nobody", "noone", "everyone", "everybody")

// workOrder are words that may stand between "what was" and the work it
// asks for: "what was their first film", "what is his latest show".
var workOrder = set("the", "their", "his", "her", "its", "first", "last", "latest", "next", "new", "debut", "previous", "earlier")

// titledNouns are works that "what's the …" asks the title of.
var titledNouns = set("song", "songs", "track", "tracks", "album", "albums", "show", "shows", "series", "book", "books", "drama", "dramas")

// asksWork reports whether the words after "what" ask for a work: "was
// their first film", "the director's next film" (whose work may stand between).
func asksWork(rest []string) bool {
	if len(rest) > 0 && auxiliaries[rest[0]] {
		rest = rest[1:]
	}
	if len(rest) < 2 {
		return false
	}
	ordered := false // "what was the film trying to do" asks no title
	for _, w := range rest[:min(len(rest), 4)] {
		switch {
		case workNouns[w]:
			// "what's the song in the club scene": a song is named by its
			// title; "the film" is this one.
			return ordered || titledNouns[w]
		case peopleWords[w] && !ordered: // "the director's"
		case !workOrder[w]:
			return false
		}
		ordered = ordered || workOrder[w] && w != "the"
	}
	return false
}

// slotKind is the kind of answer a question asks for, as one value, to
// compare two questions: "what is the villain called" asks for a name,
// "who is the villain" for a person, though their words are one.
type slotKind uint8

const (
	askWho slotKind = 1 << iota
	askWhen
	askHowMany
	askWhere
	askTitle
	askName
	askWhy
)

func (in slots) kind() slotKind {
	var k slotKind
	for _, b := range []struct {
		on   bool
		kind slotKind
	}{{in.who, askWho}, {in.when, askWhen}, {in.howMany || in.duration, askHowMany}, {in.where, askWhere}, {in.title, askTitle}, {in.name, askName}, {in.why, askWhy}} {
		if b.on {
			k |= b.kind
		}
	}
	return k
}

// agreement is how far a question of questions.yaml asking for a may stand
// for a user's question asking for b: fully when they ask for the same
// kind of answer, less when one of them asks for a kind the other does not.
func agreement(a, b slotKind) float64 {
	switch {
	case a == b:
		return 1
	case a == 0 || b == 0:
		return 0.8
	case a&b != 0:
		return 0.8
	}
	return 0.5
}

// namesOther reports whether ids hold one not among named.
func namesOther(ids, named []string) bool {
	for _, p := range ids {
		if !has(named, p) {
			return true
		}
	}
	return false
}
