package facts

import "strings"

// Characters and the people who play them: "the villain's actor" is the
// person who plays the villain, "jun's role?" asks for her character, and
// "who plays the former bodyguard" asks who plays the character a fact
// describes so.

// roleWords ask which character someone plays: "jun's role?".
var roleWords = set("role", "character", "part")

// actorWords name the one who plays a character.
var actorWords = set("actor", "actress", "actors", "actresses", "performer")

// playWords ask who plays someone.
var playWords = set("play", "plays", "played", "playing", "portray", "portrays", "portrayed", "portraying", "cast", "casted")

// actorsOfCharacters reads "the villain's actor", "Min-hee's actress" as
// the person who plays the character: a question about them ("what is the
// villain's actor known for") is about the actor. "Which actor plays
// Choi" keeps the character: it asks who plays them.
func (m *Matcher) actorsOfCharacters(people, rest []string) ([]string, []string) {
	at := -1
	for i, w := range rest {
		if playWords[w] {
			return people, rest
		}
		if actorWords[w] && at < 0 {
			at = i
		}
	}
	if at < 0 {
		return people, rest
	}
	others := false
	for i, w := range rest {
		// "choi's actor's other show" asks about the actor's other work.
		others = others || i != at && (!stopwords[w] && !chatter[w] || w == "other" || w == "else")
	}
	if !others {
		// "min-hee's actress?" asks who plays her.
		return people, append(append([]string(nil), rest...), "plays")
	}
	var out []string
	swapped := false
	for _, id := range people {
		if p, ok := m.store.Person(id); ok && p.Kind == "character" {
			if actor := m.actorOf(id); actor != "" {
				id, swapped = actor, true
			}
		}
		if !has(out, id) {
			out = append(out, id)
		}
	}
	if !swapped {
		return people, rest
	}
	return out, append(append([]string(nil), rest[:at]...), rest[at+1:]...)
}

// charactersOfActors reads "kim ji-hun's character" followed by more
// question as that character: "kim ji-hun's character, what rackets is he
// in" asks about Choi, whom a fact may describe without naming his actor.
// "What character does Kim play" (a play word) and "kim's character?"
// (nothing more asked) keep the actor; so does "his character", where
// no name stands before the role word.
func (m *Matcher) charactersOfActors(ws, people, rest []string) ([]string, []string) {
	if len(people) != 1 {
		return people, rest
	}
	role, others := -1, false
	for i, w := range rest {
		if playWords[w] {
			return people, rest
		}
		switch {
		case (w == "character" || w == "role") && role < 0:
			role = i
		case !stopwords[w] && !chatter[w]:
			others = true
		}
	}
	if role < 0 || !others || !m.afterName(ws, rest[role]) {
		return people, rest
	}
	if p, ok := m.store.Person(people[0]); !ok || p.Kind != "person" {
		return people, rest
	}
	for i := range m.store.People {
		c := &m.store.People[i]
		if c.Kind == "character" && m.actorOf(c.ID) == people[0] {
			return []string{c.ID}, append(append([]string(nil), rest[:role]...), rest[role+1:]...)
		}
	}
	return people, rest
}

// afterName reports whether w follows a name in ws: a word that is no
// stopword, pronoun or chat word ("kim ji-hun's character", not "his
// character").
func (m *Matcher) afterName(ws []string, w string) bool {
	for i := 1; i < len(ws); i++ {
		if ws[i] == w {
			p := ws[i-1]
			return !stopwords[p] && !pronouns[p] && !chatter[p] && (m.names.tokens[p] || m.names.tokens[romanize(p)])
		}
	}
	return false
}

// actorOf returns the person who plays a character: the first person a
// cast fact ("Park Yu-rim plays Min-hee") names besides them.
func (m *Matcher) actorOf(character string) string {
	play := term("plays")
	for _, d := range m.docsFor[character] {
		dc := &m.docs[d]
		if dc.fact.Topic != "cast" || !dc.text[play] {
			continue
		}
		for _, id := range dc.kinds.inText {
			if p, ok := m.store.Person(id); ok && p.Kind == "person" {
				return id
			}
		}
	}
	return ""
}

// asksWhoPlays reports whether "who does X" or "who did X" asks who plays a
// character X: "who does the villain in ballerina".
func (m *Matcher) asksWhoPlays(ws []string, people []string) bool {
	if len(ws) < 3 || ws[0] != "who" || ws[1] != "does" && ws[1] != "did" && ws[1] != "do" {
		return false
	}
	for _, id := range people {
		if p, ok := m.store.Person(id); ok && p.Kind == "character" {
			return true
		}
	}
	return false
}

// namesPerson reports whether ids hold a person or character, not only
// works.
func (m *Matcher) namesPerson(ids []string) bool {
	for _, id := range ids {
		if _, ok := m.store.Person(id); ok {
			return true
		}
	}
	return false
}

// namesWork reports whether ids hold a work, not a person.
func (m *Matcher) namesWork(ids []string) bool {
	for _, id := range ids {
		if _, ok := m.store.Person(id); !ok {
			return true
		}
	}
	return false
}

// dropTerm removes the term t from the question.
func (q *question) dropTerm(t string) {
	for i := range q.terms {
		if q.terms[i].t == t {
			q.terms = append(q.terms[:i], q.terms[i+1:]...)
			return
		}
	}
}

// namesCharacter reports whether ids hold a character.
func (m *Matcher) namesCharacter(ids []string) bool {
	for _, id := range ids {
		if p, ok := m.store.Person(id); ok && p.Kind == "character" {
			return true
		}
	}
	return false
}

// The pair: fans say "the two girls", "both women", "the two friends" for
// the film's two heroines, the protagonist and the title's ballerina, as
// they say "the director" for Lee Chung-hyun. The pair is read from the
// roles of people.yaml, not written here.

// pairRoles are the roles of the two the pair is.
var pairRoles = [2]string{"protagonist", "ballerina"}

// pairCounts and pairNouns make the pair: a count, then a word for women
// or friends ("two girls", "both women").
var (
	pairCounts = set("two", "both")
	pairNouns  = set("girls", "women", "ladies", "friends", "besties", "heroines")
)

// pairOf returns the ids of the characters who hold the pair's roles, or
// nil when the store has no one, or more than one, for either.
func pairOf(s *Store) []string {
	var ids []string
	for _, role := range pairRoles {
		holders := roleHolders(s, role)
		if len(holders) != 1 {
			return nil
		}
		ids = append(ids, holders[0])
	}
	return ids
}

// roleHolders returns the people of the store who hold a role.
func roleHolders(s *Store, role string) []string {
	var ids []string
	for _, p := range s.People {
		if has(p.Roles, role) {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// namesPair finds the pair in ws ("where did the two girls meet again")
// and returns the words without it, or ok false.
func namesPair(ws []string) (rest []string, ok bool) {
	for i := 0; i+1 < len(ws); i++ {
		if pairCounts[ws[i]] && pairNouns[ws[i+1]] {
			return append(ws[:i:i], ws[i+2:]...), true
		}
		// "where did the girls meet again": girls who meet are the two.
		if ws[i] == "the" && pairNouns[ws[i+1]] && hasAny(ws, togetherWords) {
			return append(ws[:i:i], ws[i+2:]...), true
		}
	}
	return ws, false
}

// togetherWords say that two did something with each other.
var togetherWords = set("meet", "met", "meeting", "together", "reunite", "reunited", "reunion", "friendship", "bond")

// friendOf returns the one character whose description calls them a best
// friend (Min-hee): "her friend", "the bestie" in a question that does not
// ask who that is.
func friendOf(s *Store) string {
	friend := ""
	for _, p := range s.People {
		if p.Kind == "character" && strings.Contains(p.Description, "'s best friend") {
			if friend != "" {
				return ""
			}
			friend = p.ID
		}
	}
	return friend
}

// namesFriend finds "her friend", "the bestie" in ws and returns the words
// without it, or ok false.
func namesFriend(ws []string) (rest []string, ok bool) {
	for i := 1; i < len(ws); i++ {
		w := ws[i]
		if (w == "friend" || synonyms[w] == "friend") && (ws[i-1] == "her" || ws[i-1] == "the" || ws[i-1] == "best" && i > 1 && ws[i-2] == "her") {
			return append(ws[:i:i], ws[i+1:]...), true
		}
	}
	return ws, false
}

// asksWhichActor reports whether a question asks "which actress" or
// "what actor": who plays the one it names or describes ("the girl who
// dances, which actress is that").
func asksWhichActor(ws []string) bool {
	lead := ws
	if len(lead) > 0 && (lead[0] == "the" || lead[0] == "a") {
		lead = lead[1:]
	}
	if len(lead) >= 3 && actorWords[lead[0]] && lead[1] == "as" {
		return true // "actress as the dancer friend?": who plays her
	}
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "which" || ws[i] == "what") && actorWords[ws[i+1]] {
			return true
		}
	}
	return false
}

// actorFor between an actor and a character ask who plays them.
var actorFor = set("for", "behind", "of", "as")

// asksActorFor reports whether a question asks for "the actor behind" or
// "the actress for" a character it names ("who's the actor behind choi");
// "the main actress of ballerina" names the film, not a character.
func (m *Matcher) asksActorFor(ws, people []string) bool {
	if !m.namesCharacter(people) {
		return false
	}
	for i := 1; i+1 < len(ws); i++ {
		if actorWords[ws[i]] && actorFor[ws[i+1]] {
			return true
		}
	}
	return false
}

// partWords say role in a question that asks for one.
var partWords = set("part", "parts")

// playsWho reports whether a question ends in "plays who", but for words
// that ask nothing ("in it", "in this one").
func playsWho(ws []string) bool {
	n := len(ws)
	for n > 0 && stopwords[ws[n-1]] && ws[n-1] != "who" {
		n--
	}
	return n >= 3 && ws[n-1] == "who" && playWords[ws[n-2]]
}

// mapWords returns ws with the words in from replaced by to; ws itself is
// left alone.
func mapWords(ws []string, from map[string]bool, to string) []string {
	var out []string
	for i, w := range ws {
		if from[w] && w != to {
			if out == nil {
				out = append([]string(nil), ws...)
			}
			out[i] = to
		}
	}
	if out == nil {
		return ws
	}
	return out
}
