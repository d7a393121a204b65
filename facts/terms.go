package facts

import "strings"

// Terms are what the scorer counts: a folded word, lightly stemmed and mapped
// through the synonym table, so "villains", "villain", "bad guy" and
// "antagonist" all count as one term.

// stopwords carry no meaning in a question about the film. They are matched
// before romanization, on the lower-case word.
var stopwords = set(
	"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "as", "into", "than",
	"and", "or", "but", "if", "so", "is", "are", "was", "were", "be", "been", "being", "am",
	"do", "does", "did", "doing", "done", "has", "have", "had", "having",
	"who", "whom", "whose", "what", "whats", "which", "when", "where", "why", "how", "hows", "whos", "wheres", "whens",
	"it", "its", "this", "that", "these", "those", "there", "their", "they", "them", "he", "him", "his", "she", "her", "hers",
	"i", "im", "me", "my", "we", "us", "our", "you", "your", "u", "ur", "ya",
	"can", "could", "would", "should", "will", "shall", "may", "might", "must",
	"tell", "say", "says", "said", "know", "please", "pls", "plz", "hey", "hi", "hello", "yo", "ok", "okay", "thanks",
	"any", "anything", "some", "something", "much", "many", "very", "really", "just", "also", "too", "all", "more", "most",
	"film", "films", "movie", "movies", "flick", "one", "get", "got", "go", "goes", "going", "like", "bot", "everyone", "here",
	"question", "info", "information", "details", "explain", "describe", "give", "show", "want", "wanna", "need",
	"not", "no", "yes", "other", "such", "ones", "s", "t", "d", "ll", "re", "ve",
	// Words that frame a question rather than say what it is about.
	"wat", "wut", "wht", "whats", "whos", "think", "thinks", "thought", "believe", "either", "exactly", "true", "lol", "lmao",
	"guys", "someone", "anyone", "else", "ever", "even", "still", "again", "actually", "honestly", "basically", "literally",
	"kind", "sort", "type", "way", "thing", "things", "stuff", "lot", "lots", "bit", "supposed", "meant", "mean", "means", "called",
	"happen", "happens", "happened", "find", "out", "up", "now", "then", "well", "both", "each", "every", "per",
	"watched", "watching", "seen", "saw", "finished", "just", "made", "make", "makes", "making", "use", "uses", "used",
	"specific", "particular", "certain", "anybody", "somebody", "everybody", "overall",
	"according", "regarding", "over", "through", "vs", "versus", "thinking", "article", "articles", "piece", "pieces", "writeup", "writeups", "event", "events", "spoiler", "spoilers", "fine", "guy",
	// Chat filler and slang that only colours a question.
	"slapped", "slaps", "insane", "tbh", "ngl", "btw", "omg", "imo", "imho", "idk", "bro", "bruh", "dude", "lowkey", "yall",
	"gonna", "gotta", "kinda", "sorta", "anyway", "anyways", "curious", "wondering", "wonder", "quick", "maybe", "perhaps",
	"probably", "definitely", "guess", "remember", "forgot", "forget", "recall", "confused", "understand",
	"mention", "mentions", "mentioned", "talk", "talks", "talking", "talked", "fire",
	// Words that name the slot a question asks for (see slots.go), not what it is about.
	"number", "edition", "year", "date", "dates", "month", "day",
	// Negations typed without an apostrophe: "doesn't" is "doesnt".
	"doesnt", "dont", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt", "wont", "wouldnt", "hasnt", "havent", "hadnt", "shouldnt",
	// "crime pictures": films ("picture" alone may be a verb).
	"pictures",
	// Verbs too common in the articles to tell facts apart.
	"take", "takes", "took", "taking", "taken", "between", "among",
)

// lightVerbs are verbs (and "only") that carry a question rather than say
// what it is about: "what tone does the look create", "what did the
// screening offer", "who is she trying to avenge", "her only friend";
// "style" asks what something is like ("fight camera style"), as "kind"
// does. They count at lightWeight of the common words' weight, however rare they
// are in the store.
var lightVerbs = set("create", "creates", "created", "creating", "give", "gives", "gave", "given", "giving",
	"set", "sets", "provide", "provides", "provided", "providing", "offer", "offers", "offered", "offering",
	"put", "puts", "achieve", "achieves", "achieved", "convey", "conveys", "conveyed", "handle", "handles", "handled",
	"include", "includes", "included", "contain", "contains", "contained", "involve", "involves", "involved",
	"try", "tries", "trying", "tried", "hold", "holds", "held", "holding", "carry", "carries", "carried", "only", "style",
	// "was he already a fan": when, not what.
	"already")

const lightWeight = 0.5

// softTerms are words that point at the film as a whole: they help rank but
// a fact need not contain them, since every fact is about the film.
var softTerms = set("ballerina", "netflix's", endOfStory)

// attributes are what a question asks for. When a question names one, the
// answer must contain it: knowing the cake shop is not knowing its name.
var attributes = set(
	"name", "age", "tall", "height", "budget", "cost", "weather", "award", "awards", "won", "win",
	"views", "viewership", "gross", "box", "salary", "birthday", "born", "married", "kids", "children", "wife", "husband",
	"rating", "tomatoes", "imdb", "trailer", "language", "subtitles", "dubbed", "remake", "survive", "survives",
	"dub", "dubs", "dubbing", "sub", "subs", "subbed", "subtitle", "subtitled",
	"die", "dies", "died", "dead", "death",
	// Family and other ties: the articles give none.
	"related", "relative", "relatives", "sibling", "siblings", "sister", "sisters", "brother", "brothers",
	"parents", "mother", "father", "mom", "dad", "son", "daughter", "cousin", "boss", "bosses", "employer",
	"client", "clients", "colleague", "colleagues", "coworker", "coworkers", "mentor", "teacher", "student", "neighbor",
	"neighbour", "roommate", "landlord", "uncle", "aunt", "grandmother", "grandfather", "ex",
	// Money and preferences: the articles give none.
	"birthname", "removed", "money", "price", "revenue", "pay", "paid", "payment", "fee", "fees", "cost", "costs", "earned", "earnings", "profit", "favorite", "favourite", "ratings", "subscription",
	// Other streaming services: the articles name only Netflix.
	"hulu", "disney", "amazon", "prime", "hbo", "peacock", "paramount", "tubi", "crunchyroll",
)

// synonyms maps a user's word to the term the store uses. Both sides go
// through the same folding; single words only (phrases are in phraseSynonyms).
var synonyms = map[string]string{
	"villain": "antagonist", "villains": "antagonist", "baddie": "antagonist",
	"antagonists": "antagonist", "enemy": "antagonist", "vilain": "antagonist",
	"score": "music", "soundtrack": "music", "ost": "music", "composer": "music", "composed": "music", "songs": "music", "song": "music", "musical": "music",
	"director": "direct", "directed": "direct", "directs": "direct", "directing": "direct", "helmed": "direct", "filmmaker": "direct",
	"writer": "write", "wrote": "write", "written": "write", "screenplay": "script", "screenwriter": "script",
	"star": "star", "stars": "star", "starring": "star", "starred": "star", "lead": "lead", "protagonist": "lead", "heroine": "lead", "hero": "lead",
	"actor": "actor", "actress": "actor", "actors": "actor", "cast": "cast", "casting": "cast", "casted": "cast",
	"plays": "play", "played": "play", "playing": "play", "portray": "play", "portrays": "play", "portrayed": "play", "role": "play", "roles": "play",
	"release": "release", "released": "release", "premiere": "release", "premiered": "release", "drop": "release", "dropped": "release", "debut": "debut",
	"length": "runtime", "runtime": "runtime", "duration": "runtime", "long": "runtime", "minutes": "minute", "mins": "minute", "min": "minute",
	"watch": "stream", "streaming": "stream", "streamed": "stream", "stream": "stream",
	"suicide": "suicide", "died": "death", "dies": "death", "dead": "death", "die": "death", "killed": "kill", "kills": "kill",
	"revenge": "revenge", "vengeance": "revenge", "avenge": "revenge", "avenging": "revenge", "retribution": "revenge", "payback": "revenge",
	"gf": "romance", "bf": "romance", "girlfriend": "romance", "boyfriend": "romance", "dating": "romance", "partner": "romance", "romantically": "romance",
	"sequel": "sequel", "part2": "sequel", "end": "climax", "ending": "climax", "ends": "climax", "finale": "climax", "climactic": "climax",
	"career": "job", "occupation": "job", "profession": "job",
	"wrong": "criticize", "flaw": "criticize", "flaws": "criticize", "problem": "criticize", "problems": "criticize", "weakness": "criticize",
	"criticism": "criticize", "criticisms": "criticize", "criticized": "criticize", "criticizes": "criticize", "complaint": "criticize", "complaints": "criticize", "gripe": "criticize", "gripes": "criticize",
	"reviewer": "review", "reviewers": "review", "reviewed": "review", "reviews": "review",
	"buy": "purchase", "buys": "purchase", "bought": "purchase", "purchasing": "purchase", "purchases": "purchase", "sell": "purchase", "sells": "purchase", "sold": "purchase",
	"alone": "own", "theme": "theme", "themes": "theme", "surname": "name",
	"ranking": "rank", "ranked": "rank", "rank": "rank", "chart": "rank", "top": "rank", "popular": "rank",
	"festival": "festival", "biff": "festival",
	"inspired": "inspire", "inspiration": "inspire", "borrowed": "inspire", "borrow": "inspire", "borrows": "inspire", "inspirations": "inspire", "influenced": "inspire", "influences": "inspire", "influence": "inspire",
	"colors": "color", "colour": "color", "colours": "color", "hues": "color", "hue": "color", "palette": "color",
	"visuals": "visual", "aesthetic": "aesthetic", "aesthetics": "aesthetic",
	"fights": "action", "fight": "action", "fighting": "action",
	// The articles say guns, firearms and weapons of the same things.
	"gun": "weapon", "guns": "weapon", "weapons": "weapon", "firearm": "weapon", "firearms": "weapon", "weaponry": "weapon",
	"arms": "weapon", "pistol": "weapon", "pistols": "weapon", "rifle": "weapon", "rifles": "weapon",
	"final": "climax", "initially": "beginning", "initial": "beginning", "introductory": "beginning", "intro": "beginning", "start": "beginning", "starts": "beginning", "begin": "beginning", "begins": "beginning", "opening": "beginning",
	"abroad": "international", "overseas": "international", "worldwide": "international", "global": "international",
	"globally": "international", "foreign": "international", "internationally": "international",
	"phone": "call", "phones": "call", "phoned": "call", "rang": "call", "rings": "call", "calling": "call",
	"former": "former", "previous": "former", "prior": "former", "past": "former", "earlier": "former", "formerly": "former", "previously": "former",
	"react": "reaction", "reacted": "reaction", "reactions": "reaction", "response": "reaction", "received": "reaction", "reception": "reaction",
	"motive": "motivation", "motives": "motivation", "motivated": "motivation",
	"shown": "screen", "showed": "screen", "screened": "screen", "screening": "screen", "screenings": "screen", "showcased": "screen",
	"showcase": "screen", "showing": "screen", "screens": "screen",
	"reach": "reach", "reached": "reach", "reaching": "reach", "landed": "reach", "peaked": "reach", "peak": "reach", "climbed": "reach", "climb": "reach",
	"bff": "friend", "friends": "friend", "friendship": "friend",
	"review": "review", "critic": "review", "critics": "review", "verdict": "review", "opinion": "review",
	"korean": "korea", "south": "korea",
	"scores":        "music",
	"collaboration": "collaborate", "collaborations": "collaborate", "collab": "collaborate",
	"planned": "plan", "planning": "plan",
	"met": "meet", "lives": "life", "living": "life",
	"special": "unique",
	"choose":  "pick", "chose": "pick", "chosen": "pick", "choosing": "pick", "choice": "pick", "picked": "pick", "picks": "pick", "select": "pick", "selected": "pick",
	"key": "important", "major": "important",
	"massive": "big", "huge": "big", "large": "big", "giant": "big",
	"comparison": "compare", "comparisons": "compare",
	"investigation": "investigate", "investigations": "investigate",
	"uncover": "discover", "uncovers": "discover", "uncovered": "discover", "discovers": "discover", "discovered": "discover",
	"sequence": "scene", "sequences": "scene",
	"great": "good", "excellent": "good", "outstanding": "good", "fantastic": "good", "amazing": "good", "awesome": "good",
	"theaters": "theater", "theatre": "theater", "theatres": "theater", "theatrical": "theater",
	"while": "during", "hrs": "hour", "hr": "hour",
	"symbolize": "symbol", "symbolizes": "symbol", "symbolise": "symbol", "symbolises": "symbol", "symbolism": "symbol", "symbolic": "symbol", "symbols": "symbol",
	"represent":  "symbol",
	"successful": "success", "perform": "success", "performed": "success", "succeed": "success", "succeeded": "success",
	"weaknesses": "criticize", "bad": "criticize", "worst": "criticize", "weak": "criticize", "downside": "criticize", "downsides": "criticize", "cons": "criticize", "negatives": "criticize",
	"advice": "feedback", "input": "feedback", "suggestion": "feedback", "suggestions": "feedback", "consult": "feedback", "consulted": "feedback",
	"typical": "conventional", "usual": "conventional", "traditional": "conventional", "standard": "conventional",
	"morality": "moral", "morals": "moral", "morally": "moral", "ethics": "moral", "ethical": "moral",
	"suspenseful": "suspense", "tense": "tension", "thrilling": "suspense",
	"dedicated": "dedication", "devoted": "dedication", "commitment": "dedication", "committed": "dedication",
	"preparation": "prepare", "prep": "prepare", "prepared": "prepare",
	"murder": "kill", "murders": "kill", "murdered": "kill", "slay": "kill", "slays": "kill",
	"bestie": "friend", "pal": "friend", "pals": "friend", "deceased": "death", "protector": "bodyguard", "helmer": "direct", "tutu": "ballet", "tutus": "ballet", "buddy": "friend", "schoolmate": "classmate", "schoolmates": "classmate",
	"battle": "action", "battles": "action", "brawl": "action", "combat": "action",
	"bgm": "music", "tunes": "music", "camerawork": "cinematography",
	"seller": "dealer", "sellers": "dealer", "vendor": "dealer", "tub": "bathtub",
	"trafficker": "trafficking", "traffickers": "trafficking", "extort": "blackmail", "extortion": "blackmail",
	"gangster": "gang", "gangsters": "gang", "gangs": "gang", "mob": "gang", "mafia": "gang",
	"violent": "violence", "gore": "violence", "gory": "violence", "bloody": "violence",
	"sad": "melancholy", "depressing": "melancholy", "gloomy": "melancholy", "bleak": "melancholy", "melancholic": "melancholy",
	"hire": "pick", "hired": "pick", "hiring": "pick", "woman": "women", "female": "women", "females": "women",
	"charts": "rank", "charted": "rank", "topped": "rank",
	"envision": "imagine", "envisioned": "imagine", "envisage": "imagine", "visualize": "imagine",
	"reminiscent": "remind", "resemble": "remind", "resembles": "remind", "evokes": "remind",
	"wish": "hope", "wishes": "hope", "wished": "hope", "wishing": "hope", "hoping": "hope",
	"longer": "runtime", "shorter": "runtime",
	"viewers": "audience", "viewer": "audience", "audiences": "audience", "watchers": "audience",
	"vibe": "feel", "vibes": "feel", endOfStory: "climax",
	// Chat words for things the articles name plainly.
	"deal": "dealer", "girls": "women", "titular": "title", "geriatric": "elderly", "snacks": "food", "snack": "food", "symbolically": "symbol", "beats": "music", "hustle": "job", "gig": "job", "foreigners": "international", "foreigner": "international",
	"scenery": "location", "scenic": "location",
	// To invite someone is to ask them over.
	"invite": "ask", "invites": "ask", "invited": "ask", "inviting": "ask",
	// Someone hateful is despicable.
	"hate": "despicable", "hated": "despicable", "hateful": "despicable", "detestable": "despicable", "loathsome": "despicable",
	// What matters to someone is what is important to them.
	"matters": "important", "mattered": "important",
	// Those she fights at the end are "a horde of guys".
	"goons": "horde", "goon": "horde", "thugs": "horde", "henchmen": "horde", "minions": "horde", "mooks": "horde",
	// An actor's parts are roles; killings are kills.
	"parts": "play", "killings": "kill",
	// To offer something is to provide it ("what did the screening offer").
	"offer": "provide", "offers": "provide", "offered": "provide", "offering": "provide",
	"provides": "provide", "provided": "provide", "providing": "provide",
	// To sidestep or dodge something is to avoid it.
	"sidestep": "avoid", "sidesteps": "avoid", "sidestepped": "avoid", "sidestepping": "avoid",
	"dodge": "avoid", "dodges": "avoid", "dodged": "avoid", "evade": "avoid", "evades": "avoid",
	"synopsis": "premise", "summary": "premise", "represents": "symbol", "metaphor": "symbol", "titled": "title",
}

// phraseSynonyms are multi-word expressions folded into one term before
// scoring. Keys are lower-case words joined by a space.
var phraseSynonyms = map[string]string{
	"bad guy": "antagonist", "bad guys": "antagonist", "main villain": "antagonist",
	"came out": "release", "come out": "release", "comes out": "release", "release date": "release",
	"coming out": "release",
	"how long":   "runtime", "run time": "runtime", "running time": "runtime", "much time": "runtime",
	"main character": "lead", "main actress": "lead", "main actor": "lead", "main role": "lead", "main girl": "lead", "main star": "lead", "lead actress": "lead", "lead role": "lead",
	"music director": "music", "music plays": "music", "music playing": "music", "music played": "music", "song plays": "music", "songs play": "music", "song playing": "music",
	"killed herself": "suicide", "kills herself": "suicide", "kill herself": "suicide", "killing herself": "suicide", "own life": "suicide",
	"top 10": "rank",
	"part 2": "sequel", "part two": "sequel",
	"1 hour": "hour", "one hour": "hour", "2 hours": "hour", "two hours": "hour", "3 hours": "hour",
	"best friend": "friend", "emotional release": "catharsis", "emotional relief": "catharsis",
	"a living": "job", "for work": "job",
	"who made": "direct", "who created": "direct",
	"hip hop": "hiphop", "true story": "real", "true events": "real",
	"of movie": "genre", "of film": "genre",
	"take place": "setting", "takes place": "setting", "set in": "setting",
	"gun deal": "dealer", "arms deal": "dealer", "weapons deal": "dealer",
	"worked with": "collaborate", "work with": "collaborate", "working with": "collaborate", "worked together": "collaborate", "work together": "collaborate", "teamed up": "collaborate",
	"find out": "discover", "finds out": "discover", "found out": "discover",
	"camera work": "cinematography", "visual approach": "cinematography",
	"it called": "title", "it named": "title",
	"last name": "name", "family name": "name", "full name": "name", "first name": "name",
	"big bad": "antagonist", "going out": "romance", "go out": "romance", "goes out": "romance", "went out": "romance",
	"off screen": "real", "offscreen": "real", "real life": "real", "irl": "real",
	"mixed up": "involved", "bump into": "meet", "bumped into": "meet", "run into": "meet", "runs into": "meet",
	"ran into": "meet", "running into": "meet", "stand for": "symbol", "stands for": "symbol",
	"know each": "friend", "each other": "together", "old job": "former", "used to": "former", "other half": "partner",
	"the works": "plan", "ballerina 2": "sequel", "real world": "real", "real name": "birthname",
	"picks up": "meet", "pick up": "meet", "picked up": "meet", "picking up": "meet", "hook up": "meet", "hooks up": "meet",
	"deal with": "tackle", "deals with": "tackle", "dealt with": "tackle", "dealing with": "tackle",
	"do well": "success", "did well": "success", "does well": "success", "doing well": "success", "done well": "success",
	"final verdict": "conclude", "final thoughts": "conclude", "in conclusion": "conclude",
	"shows up": "arrive", "show up": "arrive", "showed up": "arrive", "showing up": "arrive", "turns up": "arrive", "turned up": "arrive",
	"drive up": "arrive", "drives up": "arrive", "drove up": "arrive", "pull up": "arrive", "pulls up": "arrive", "pulled up": "arrive", "roll up": "arrive", "rolls up": "arrive",
	"anyone else": "replace", "anybody else": "replace", "someone else": "replace", "somebody else": "replace", "anyone other": "replace",
	"old folks": "elderly", "old people": "elderly", "old couple": "elderly", "old pair": "elderly",
	"pull out": "haul", "pulls out": "haul", "pulled out": "haul", "bring out": "haul", "brings out": "haul", "whip out": "haul",
	"in charge": "direct", "show off": "present", "showing off": "present", "dig it": "opinion",
	// Verbs of use, which the answer need not say ("what colors does it
	// lean on"): filler, as "use" is.
	"lean on": "", "leans on": "", "leaning on": "", "rely on": "", "relies on": "", "relied on": "",
	// "old" before a schoolmate or friend is former, not elderly.
	"old classmate": "classmate", "old classmates": "classmate", "old schoolmate": "classmate", "old schoolmates": "classmate",
	"old friend": "friend", "old friends": "friend", "old pal": "friend", "old buddy": "friend",
	"full title": "title",
	// Meeting in person is interacting directly; "at the same time" says
	// both, which the answer need not say.
	"in person": "interaction", "same time": "", "on set": "",
	// Ending up somewhere is where one lands, not the film's ending.
	"end up": "", "ends up": "", "ended up": "", "ending up": "",
	"final fight": "climax", "last fight": "climax", "final battle": "climax", "final showdown": "climax",
}

// stem strips common English endings. It is deliberately light: it only has
// to make "scenes"/"scene" and "exploring"/"explores" meet.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return w[:n-2]
	case n > 4 && strings.HasSuffix(w, "ly"):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "es") && (strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "sses")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		w = w[:n-1]
	}
	// A final e goes too, so "improvise" meets "improvising".
	if n := len(w); n > 4 && w[n-1] == 'e' && w[n-2] != 'e' {
		w = w[:n-1]
	}
	// A quality's noun meets its adjective: "importance" -> important,
	// "difference" -> different (not "dance" or "balance": too short).
	if n := len(w); n >= 7 && (strings.HasSuffix(w, "anc") || strings.HasSuffix(w, "enc")) {
		return w[:n-1] + "t"
	}
	return w
}

// phraseTerm is the term a phrase synonym stands for: the term of its
// target word, through the synonym table ("other half" -> partner ->
// romance).
func phraseTerm(s string) string {
	if t := term(s); t != "" {
		return t
	}
	return romanize(stem(s))
}

// rankNumber reads the number after "No.": digits, a number word, or "one".
func rankNumber(w string) (string, bool) {
	switch {
	case isDigits(w):
		return w, true
	case w == "one":
		return "1", true
	}
	return numberOf(w)
}

// term maps one lower-case word to its scoring term, or "" for a stopword.
// Number words become digits: "third" and "3rd" are 3.
func term(w string) string {
	if n, ok := numberOf(w); ok {
		return n
	}
	if stopwords[w] {
		return ""
	}
	if s, ok := synonyms[w]; ok {
		w = s
	}
	return romanize(stem(w))
}

// termsOf turns text into scoring terms, folding phrase synonyms first.
func termsOf(text string) []string {
	var out []string
	eachTerm(words(text), func(t, _ string) { out = append(out, t) })
	return out
}

// rankWords before a number make it a place in a ranking: "No. 1",
// "number one", "#3".
var rankWords = set("no", "number", "num", "nr")

// eachTerm calls f with each scoring term of ws and the word it came from
// (the first word of a phrase).
func eachTerm(ws []string, f func(term, word string)) {
	for i := 0; i < len(ws); i++ {
		if rankWords[ws[i]] && i+1 < len(ws) {
			if n, ok := rankNumber(ws[i+1]); ok {
				f("rank", ws[i])
				f(n, ws[i+1])
				i++
				continue
			}
		}
		if i+1 < len(ws) {
			if s, ok := phraseSynonyms[ws[i]+" "+ws[i+1]]; ok {
				if s != "" {
					f(phraseTerm(s), ws[i])
				}
				i++
				continue
			}
		}
		if t := term(ws[i]); t != "" {
			f(t, ws[i])
		}
	}
}
