package facts

// Readings: how some words of a question are read before it is scored.
// "Who is ok-ju's best friend" asks for the friend, "the name of her
// friend" asks who, "he … him" after two names are the two, "how much did
// it make" asks what it earned, and "what work did she do" a job.

// workWord is "work" read as a job.
var workWord = set("work")

// titleWords ask for a title in a question that asks for one.
var titleWords = set("title", "titles", "name", "named", "called")

// earnings reports whether a "how much" question asks what something
// earned: "how much did ballerina make", "how much has it grossed".
func earnings(ws []string) bool {
	if len(ws) < 4 || ws[0] != "how" || ws[1] != "much" || !doSupport[ws[2]] {
		return false
	}
	return earnVerbs[ws[len(ws)-1]] || len(ws) > 4 && earnVerbs[ws[len(ws)-2]] && stopwords[ws[len(ws)-1]]
}

// earnVerbs say what a film earned.
var earnVerbs = set("make", "made", "earn", "earned", "gross", "grossed", "bring", "rake")

// nameOfSomeone drops "name of" before a word for a person ("the name of
// ok-ju's friend", "the name of the villain"): the question asks who.
func nameOfSomeone(ws []string) ([]string, bool) {
	for i := 0; i+2 < len(ws); i++ {
		if ws[i] != "name" || ws[i+1] != "of" {
			continue
		}
		for _, w := range ws[i+2 : min(len(ws), i+6)] {
			if groupNouns[w] || identifyNouns[w] {
				break // "the name of the gang": a name the articles may not give
			}
			if peopleWords[w] || genericPeople[w] {
				return append(append([]string(nil), ws[:i]...), ws[i+2:]...), true
			}
		}
	}
	return ws, false
}

// groupNouns are words for many people at once, whose name is a name.
var groupNouns = set("gang", "crew", "family", "company", "organization", "association", "business", "department", "industry",
	"staff", "cast", "audience", "audiences", "team", "country")

// oneOfTwo reads "he" and "him" after two people were named ("Lee picked
// Gray for the music. was he a fan of him"): a subject and an object
// pronoun are the two, in the order named; a subject pronoun alone is the
// first, who was the subject.
func oneOfTwo(ws, named []string) []string {
	subject, object := false, false
	for _, w := range ws {
		subject = subject || w == "he" || w == "she"
		object = object || w == "him" || w == "her" || w == "his"
	}
	switch {
	case subject && object:
		return named
	case subject:
		return named[:1]
	}
	return nil
}

// relationModifiers may stand before the relation of a "who" question:
// "who is ok-ju's best friend", "who is choi's big boss".
var relationModifiers = set("best", "close", "old", "real", "former", "childhood", "main", "big", "new", "only", "true")

// relationWord returns the word that says how the person asked for is
// related to the film: "plays" in "who plays the old couple", "edited" in
// "who edited it". The answer must hold it: the couple's scene says nothing
// of who plays them.
func relationWord(ws []string, named bool) string {
	for i, w := range ws {
		if w != "who" && w != "whos" && w != "whom" || i+1 == len(ws) {
			continue
		}
		if w == "who" && i > 1 && (!stopwords[ws[i-1]] || ws[i-1] == "one") && (determiners[ws[i-2]] || ws[i-2] == "a") {
			continue // "the girl who dances — which actress is that": a relative clause
		}
		next := ws[i+1]
		if next == "did" || next == "does" || next == "do" {
			// "who did the music": what was done is the relation.
			for _, x := range ws[i+2:] {
				if !stopwords[x] {
					return x
				}
			}
		}
		if !stopwords[next] && !auxiliaries[next] && w == "who" {
			if lightVerbs[next] {
				// "who handled the scores": what was handled is the relation.
				for _, x := range ws[i+2:] {
					if !stopwords[x] {
						return x
					}
				}
			}
			return next // "who plays", "who directed"
		}
		// "who is Choi's boss": the one word left besides the name.
		if named {
			var content []string
			for _, x := range ws[i+1:] {
				if !stopwords[x] && !auxiliaries[x] && !whenAdverbs[x] {
					content = append(content, x)
				}
			}
			if len(content) == 1 {
				return content[0]
			}
			if len(content) == 2 && relationModifiers[content[0]] {
				return content[1] // "who is ok-ju's best friend"
			}
		}
		return ""
	}
	return ""
}

// whenAdverbs only place a question in time: "who was ok-ju a bodyguard
// for before" asks what "who was ok-ju a bodyguard for" asks.
var whenAdverbs = set("before", "earlier", "previously", "formerly", "originally", "once", "now", "then", "back", "ago")

// pronouns refer back to someone named in an earlier question of the same
// message: "who is min-hee, and who plays her?".
var pronouns = set("he", "him", "his", "she", "her", "hers", "they", "them", "their")

var pluralPronouns = set("they", "them", "their")
