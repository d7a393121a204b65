package facts

import "strings"

// Credits: who plays whom, and who did which job on the film. The cast
// fact answers "who does Jun Jong-seo play" or "who plays the ex-bodyguard
// out for payback", read from the actors' plays in people.yaml and the
// facts that say so; crew jobs are asked for as named.

// castFact answers "who does Jun Jong-seo play", "what role does she
// play", "who's the actress for ok-ju": a question that names one actor or
// one character and asks only who plays whom. The answer is the cast fact
// that names both; facts about an actor's roles elsewhere ("the supporting
// roles suggested to her") or about another character "for" the one named
// ("Ok-ju's best friend") share the words, not the meaning.
func (m *Matcher) castFact(q *question) (f *Fact, actor string) {
	in := &q.slots
	if len(q.people) != 1 || !(in.role || in.who && playWords[q.relation]) || in.said || in.why || in.when || in.where || in.howMany {
		return nil, "" // "what did park yu-rim say about her role": her words, not the cast
	}
	p, ok := m.store.Person(q.people[0])
	if !ok {
		return nil, ""
	}
	actor, character := p.ID, ""
	switch {
	case p.Kind == "person" && len(p.Plays) > 0:
		character = p.Plays[0]
	case p.Kind == "character" && !in.role:
		actor, character = m.actorOf(p.ID), p.ID
	}
	if actor == "" || character == "" {
		return nil, ""
	}
	for _, t := range q.terms {
		if t.w > 0 && !roleTerm(t.t) {
			return nil, "" // "how did jun prepare to play ok-ju": more than the role
		}
	}
	play := term("plays")
	for _, d := range m.docsFor[character] {
		dc := &m.docs[d]
		if dc.fact.Topic == "cast" && dc.text[play] && has(dc.kinds.inText, actor) && m.subjectCharacter(dc) == character {
			return dc.fact, actor
		}
	}
	return nil, ""
}

// roleTerm reports whether t only asks who plays whom: "play", "role",
// "actress".
func roleTerm(t string) bool { return roleTerms[t] }

// roleTerms are the terms of the words that ask who plays whom, found once
// rather than for every term of every such question.
var roleTerms = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range []string{"plays", "playing", "portrays", "role", "character", "part", "actor", "actress", "cast"} {
		out[term(w)] = true
	}
	return out
}()

// castOfDescribed answers "who plays the ex-bodyguard out for payback":
// a question for who plays a character it only describes. The
// description, without the asking for a player, must fit a fact that says
// who a character is (the premise, the cast) and names one character; the
// answer is the fact that says who plays them. "Who plays the old couple"
// finds none: their scene is the plot's, and they are no character of the
// store.
func (m *Matcher) castOfDescribed(q question) *Fact {
	if !q.slots.who || q.relation != "" && !playWords[q.relation] {
		return nil
	}
	play := term("plays")
	asksPlay := false
	var desc question
	desc.people = q.people
	for _, t := range q.terms {
		if t.t == play || t.t == term("actor") || t.t == term("cast") {
			asksPlay = asksPlay || t.t != term("cast")
			continue
		}
		desc.terms = append(desc.terms, t)
	}
	if !asksPlay || len(desc.terms) == 0 || m.namesCharacter(q.people) {
		return nil
	}
	s := m.score(desc)
	defer m.release(s)
	need := required(len(desc.terms) + len(desc.people))
	for _, d := range s.ranked {
		if !m.fits(s, d, need) {
			continue
		}
		dc := &m.docs[d]
		character := m.subjectCharacter(dc)
		if dc.fact.Topic != "premise" && dc.fact.Topic != "cast" || character == "" {
			return nil
		}
		actor := m.actorOf(character)
		for _, c := range m.docsFor[character] {
			cf := &m.docs[c]
			if cf.fact.Topic == "cast" && cf.text[play] && has(cf.kinds.inText, actor) {
				return cf.fact
			}
		}
		return nil
	}
	return nil
}

// subjectCharacter returns the character a fact's text names first other
// than as an owner: Min-hee in "Min-hee, Ok-ju's friend, is the titular
// ballerina" and in "Ok-ju's best friend Min-hee takes her own life".
func (m *Matcher) subjectCharacter(dc *doc) string {
	best, at := "", len(dc.fact.Text)
	for _, id := range dc.kinds.characters {
		p, _ := m.store.Person(id)
		for _, name := range append([]string{p.Name}, p.Aliases...) {
			for from := 0; ; {
				i := strings.Index(dc.fact.Text[from:], name)
				if i < 0 {
					break
				}
				i += from
				from = i + len(name)
				if strings.HasPrefix(dc.fact.Text[from:], "'s") || strings.HasPrefix(dc.fact.Text[from:], "’s") {
					continue
				}
				if i < at {
					best, at = id, i
				}
				break
			}
		}
	}
	return best
}

// Crew jobs in questions: "who was the martial arts director" asks for
// another job than the film's director, "costume designer?" for someone the
// articles never name. The articles name few of the crew, so a job asked
// for must be in the answer as asked.

// jobAsked returns the crew job a question names with a modifier ("the
// martial arts director", "stunt coordinator"), or "".
func jobAsked(ws []string) string {
	for i := 1; i < len(ws); i++ {
		if jobNouns[ws[i]] && jobModifiers[ws[i-1]] {
			return ws[i-1] + " " + ws[i]
		}
	}
	return ""
}

// jobNouns are the heads of crew job titles.
var jobNouns = set("director", "directors", "coordinator", "designer", "supervisor", "choreographer", "editor", "manager", "operator", "producer")

// jobModifiers make a role word another job on a film crew: "art
// director", "stunt coordinator", "casting director".
var jobModifiers = set("art", "arts", "action", "casting", "stunt", "stunts", "fight", "photography", "assistant",
	"costume", "production", "creative", "animation", "sound", "lighting", "editing", "dance", "choreography", "second")

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
