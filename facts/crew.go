package facts

// Crew asked for tersely: "costume designer?", "fight choreographer?" ask
// who held a job, as "who was the costume designer" does, though no
// question word says so. The articles name few of the crew; read as a
// "who" question, the job must then be in the answer, and a fact that only
// shares a word with it ("the fights", "design") is no answer.

// maxTerseJob is the most words a terse question for someone by their job
// may have.
const maxTerseJob = 3

// asksForJob reports whether ws, a question without a question word, is a
// job the store does not know, said alone: a few words ending on a word
// for someone by what they do ("designer", "choreographer").
func (m *Matcher) asksForJob(ws []string) bool {
	if len(ws) == 0 || len(ws) > maxTerseJob {
		return false
	}
	for _, w := range ws {
		if questionWords[w] || auxiliaries[w] || w == "or" { // "ballerina or violinist?" asks which
			return false
		}
	}
	last := ws[len(ws)-1]
	if !agentNoun(last) || peopleWords[last] {
		return false
	}
	_, known := m.idf[term(last)]
	return !known
}

// asksForMake reports the maker, make or model a question without a
// question word asks for: "camera used?", "okju's gun model?" ask which
// one, as "which camera was used" does; it returns the noun, or "".
func asksForMake(ws []string) string {
	last := ""
	for _, w := range ws {
		if questionWords[w] || w == "or" {
			return ""
		}
		if !stopwords[w] && !chatter[w] {
			last = w
		}
	}
	if brandNouns[last] {
		return last
	}
	return ""
}
