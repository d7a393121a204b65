package facts

import (
	"slices"
	"strings"
)

// nameIndex resolves every spelling of a person's name, as whole words in a
// question or as a name typed on its own.
type nameIndex struct {
	store    *Store
	byKey    map[string]string // folded alias, with and without spaces -> person id
	maxWords int
	keys     []string // folded aliases for sahilm/fuzzy, parallel to owners
	owners   []string
	// starts holds every prefix of every joined alias key, so extract can
	// skip a word that cannot begin a name without building any string.
	starts map[string]bool
	// tokens holds every folded word of every name, typed apart or joined:
	// the typo corrector leaves them alone.
	tokens map[string]bool
	// roles holds the keys that are a role ("the director"), not a name: a
	// question that names someone only by role may be answered by a fact
	// that does not name them ("what did the director say about theaters").
	roles map[string]bool
}

func newNameIndex(s *Store) *nameIndex {
	n := &nameIndex{store: s, byKey: map[string]string{}, starts: map[string]bool{}, tokens: map[string]bool{}, roles: map[string]bool{}}
	type named struct {
		id    string
		names []string
	}
	var all []named
	for _, p := range s.People {
		all = append(all, named{p.ID, append([]string{p.Name}, p.Aliases...)})
	}
	for _, w := range s.Works {
		all = append(all, named{w.ID, append([]string{w.Name}, w.Aliases...)})
	}
	for _, p := range all {
		n.add(p.id, p.names)
	}
	n.addRoles(s)
	return n
}

// add indexes the names of one person or work.
func (n *nameIndex) add(id string, names []string) {
	for _, a := range names {
		toks := Fold(a)
		if len(toks) == 0 {
			continue
		}
		k := strings.Join(toks, " ")
		if _, dup := n.byKey[k]; !dup {
			n.keys = append(n.keys, k)
			n.owners = append(n.owners, id)
		}
		n.byKey[k] = id
		joined := romanize(strings.Join(words(a), ""))
		n.byKey[joined] = id
		for i := 1; i <= len(joined); i++ {
			n.starts[joined[:i]] = true
		}
		for _, t := range toks { // the first word as typed apart
			n.starts[t] = true
		}
		for _, w := range words(strings.NewReplacer("-", " ", "‐", " ", "‑", " ").Replace(a)) {
			n.tokens[romanize(w)] = true // "jong" and "seo" of Jong-seo
		}
		for _, t := range toks {
			n.tokens[t] = true
		}
		n.tokens[joined] = true
		if len(toks) > n.maxWords {
			n.maxWords = len(toks)
		}
	}
}

// addRoles lets a role only one person holds stand for them: "the
// director" is Lee Chung-hyun, "the music director" Gray, "the antagonist"
// Choi Pro. A role shared by several ("actor", "producer") names no one,
// and "ballerina" is the film's title before it is Min-hee's role.
func (n *nameIndex) addRoles(s *Store) {
	owners := map[string][]string{}
	for _, p := range s.People {
		for _, r := range p.Roles {
			k := Key(r)
			if !has(owners[k], p.ID) {
				owners[k] = append(owners[k], p.ID)
			}
		}
	}
	for word, role := range roleSynonyms {
		if ids := owners[role]; len(ids) == 1 {
			owners[Key(word)] = ids
		}
	}
	for k, ids := range owners {
		if _, taken := n.byKey[k]; taken || len(ids) != 1 || k == "ballerina" || k == "" {
			continue
		}
		joined := strings.ReplaceAll(k, " ", "")
		n.byKey[k], n.byKey[joined] = ids[0], ids[0]
		n.roles[k], n.roles[joined] = true, true
		for i := 1; i <= len(joined); i++ {
			n.starts[joined[:i]] = true
		}
		n.starts[strings.Fields(k)[0]] = true
	}
}

// roleSynonyms are other words for a role of people.yaml.
var roleSynonyms = map[string]string{
	"villain": "antagonist", "villains": "antagonist", "baddie": "antagonist", "bad guy": "antagonist", "big bad": "antagonist",
	"heroine": "protagonist", "hero": "protagonist", "filmmaker": "director", "helmer": "director",
	"main character": "protagonist", "main girl": "protagonist",
}

// extract finds names in a question's words, longest first, and returns the
// people named (in order, without repeats) and the words left over. Words
// typed apart ("ok ju", "jun jong seo") are also tried joined.
func (n *nameIndex) extract(ws []string) (people, rest []string) {
	people, rest, _ = n.extractNames(ws, false)
	return people, rest
}

// extractNames is extract, also returning the people named only by a
// role. With describe, a role right after the name of the one who holds
// it stays among the words: "gray rapper or actor" asks whether Gray is a
// rapper; "the main character Ok-ju" only labels her.
func (n *nameIndex) extractNames(ws []string, describe bool) (people, rest, byRole []string) {
	type span struct {
		start int
		id    string
	}
	var byName []string
	var roles []span // the roles matched, to put back the describing ones
	folded := foldAll(ws)
	for i := 0; i < len(ws); {
		id, size, role := n.matchAt(ws, folded, i)
		// "which filmmaker does it borrow from": the role is the one
		// asked for, not the one who holds it in this film.
		// "the martial arts director", "the casting director": another
		// job, which nobody in the articles holds, not the film's director.
		if role && i > 0 && jobModifiers[ws[i-1]] {
			rest = append(rest, ws[i:i+size]...)
			i += size
			continue
		}
		if role && describe && i > 0 && (ws[i-1] == "which" || ws[i-1] == "what") {
			rest = append(rest, ws[i:i+size]...)
			i += size
			continue
		}
		if size == 0 {
			rest = append(rest, ws[i])
			i++
			continue
		}
		if !has(people, id) {
			people = append(people, id)
		}
		if !role && !has(byName, id) {
			byName = append(byName, id)
		}
		if role && describe && (i == 0 || ws[i-1] != "the") {
			roles = append(roles, span{i, id})
		}
		i += size
	}
	for _, id := range people {
		if !has(byName, id) {
			byRole = append(byRole, id)
		}
	}
	var keep []int
	for _, r := range roles {
		if has(byName, r.id) {
			keep = append(keep, r.start)
		}
	}
	if len(keep) > 0 { // rare: rebuild the words, keeping those roles in place
		rest = rest[:0]
		for i := 0; i < len(ws); {
			_, size, _ := n.matchAt(ws, folded, i)
			if size == 0 || slices.Contains(keep, i) {
				size = max(size, 1)
				rest = append(rest, ws[i:i+size]...)
			}
			i += size
		}
	}
	return people, rest, byRole
}

func foldAll(ws []string) []string {
	folded := make([]string, len(ws))
	for i, w := range ws {
		folded[i] = romanize(w)
	}
	return folded
}

// matchAt finds the longest name starting at word i: whom it names, how
// many words it takes (0 for none), and whether it is a role.
func (n *nameIndex) matchAt(ws, folded []string, i int) (id string, size int, role bool) {
	if !n.starts[folded[i]] {
		return "", 0, false
	}
	// Only as many words as still begin a name, joined: most starts end
	// after a word or two.
	longest, joined := 1, ws[i]
	for size := 2; size <= min(n.maxWords+1, len(ws)-i); size++ {
		joined += ws[i+size-1]
		if !n.starts[romanize(joined)] && !n.starts[folded[i+size-1]] {
			break
		}
		longest = size
	}
	for size := longest; size >= 1; size-- {
		key := strings.Join(folded[i:i+size], " ")
		id, ok := n.byKey[key]
		if !ok && size > 1 {
			// Fold the joined words, not the folded parts: "chung hyung"
			// must fold like "chunghyung".
			key = romanize(strings.Join(ws[i:i+size], ""))
			id, ok = n.byKey[key]
		}
		if ok && n.roles[key] && (i+size < len(ws) && ws[i+size] == "of" || i > 0 && (ws[i-1] == "a" || ws[i-1] == "an")) {
			// "the director of the bourne supremacy" is someone else, and
			// "is Gray a rapper" describes, it does not name.
			ok = false
		}
		if ok && size == 1 && i+1 < len(ws) && particles[ws[i+1]] && !n.isPerson(id) {
			// "what do they drive up in": a one-word title before a
			// particle is a verb, not the film Drive.
			ok = false
		}
		if ok {
			return id, size, n.roles[key]
		}
	}
	return "", 0, false
}

// particles after a verb make it a phrasal verb ("drive up", "drive off").
var particles = set("up", "off", "away", "around")

func (n *nameIndex) isPerson(id string) bool {
	_, ok := n.store.Person(id)
	return ok
}

// respelled reports whether ws name one person in two spellings ("is
// Jun Jong-seo the same as Jeon Jong-seo").
func (n *nameIndex) respelled(ws []string) bool {
	folded := foldAll(ws)
	keys := map[string]string{}
	for i := 0; i < len(ws); i++ {
		id, size, role := n.matchAt(ws, folded, i)
		if size == 0 || role {
			continue
		}
		// One name spelled two ways: the same folded, or two full names
		// ("Lee Chung-kyun", "Lee Chung-hyun"); not "Jun" and "Jun
		// Jong-seo".
		raw := strings.Join(ws[i:i+size], "")
		if k, seen := keys[id]; seen && k != raw && (romanize(k) == romanize(raw) || len(k) >= 6 && len(raw) >= 6) {
			return true
		}
		keys[id] = raw
		i += size - 1
	}
	return false
}

// speakers lists the people a text reports as saying, thinking or feeling
// something: a name followed closely by a verb of speech ("Kim Ji-hoon
// acknowledges", "Director Lee Chung-hyun says").
func (n *nameIndex) speakers(text string) []string {
	ws := words(text)
	folded := foldAll(ws)
	var out []string
	for i := 0; i < len(ws); i++ {
		id, size, _ := n.matchAt(ws, folded, i)
		if size == 0 {
			continue
		}
		for _, w := range ws[i+size : min(len(ws), i+size+3)] {
			if speechVerbs[w] && !has(out, id) {
				out = append(out, id)
			}
		}
		i += size - 1
	}
	return out
}

// mentions lists the people a text names.
func (n *nameIndex) mentions(text string) []string {
	people, _ := n.extract(words(text))
	return people
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Mentions: a fact names a work only where the work's title stands in it
// as a title. "Drive" is a film the director drew on; "their drive and
// motivation" names no film, and "who directed Drive" must not be answered
// by it.

// mentions lists the people and works a fact's text names, leaving out a
// work whose title is written nowhere in the text as it is spelt, capitals
// and all.
func (m *Matcher) mentions(text string) []string {
	named := m.names.mentions(text)
	out := named[:0:0]
	for _, id := range named {
		if w := m.work(id); w != nil && !titled(text, w) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// work returns the work with the id, or nil for a person.
func (m *Matcher) work(id string) *Work {
	for i := range m.store.Works {
		if m.store.Works[i].ID == id {
			return &m.store.Works[i]
		}
	}
	return nil
}

// titled reports whether text spells one of the work's names as written.
func titled(text string, w *Work) bool {
	if strings.Contains(text, w.Name) {
		return true
	}
	for _, a := range w.Aliases {
		if strings.Contains(text, a) {
			return true
		}
	}
	return false
}
