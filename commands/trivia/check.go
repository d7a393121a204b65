package trivia

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/facts"
)

// maxTypedAnswer bounds a typed answer, in runes; the modal enforces it too.
const maxTypedAnswer = 100

// minTypoLetters: an answer needs more letters than this before one typo in
// it is forgiven ("Jeon Jong-so" passes, "Okjuu" does not).
const minTypoLetters = 5

// checkTyped reports whether a typed answer names the question's answer. It
// accepts
//   - the answer or any of the question's accept list, ignoring case,
//     punctuation, accents and romanization (facts.Key: Ok-joo = Ok-ju),
//     and a leading "the"/"a"/"an";
//   - any spelling the knowledge base knows of the person the answer names
//     (Jun Jong-seo for Jeon Jong-seo, a bare "Jun");
//   - one typo, when the answer has more than five letters and the typo
//     changes no number.
//
// It rejects shotgun answers that list several candidates ("Ok-ju or
// Min-hee", "93, 100, 120", "93 100 120"), unless the answer itself is such
// a list.
func checkTyped(m *facts.Matcher, q *facts.Trivia, typed string) bool {
	typed = strings.TrimSpace(typed)
	if typed == "" || utf8.RuneCountInString(typed) > maxTypedAnswer {
		return false
	}
	tk := answerKey(typed)
	if tk == "" {
		return false
	}
	cands := append([]string{q.Answer}, q.Accept...)
	for _, c := range cands {
		if ck := answerKey(c); ck != "" && keySquash(ck) == keySquash(tk) {
			return true
		}
	}
	for _, c := range cands {
		ck := answerKey(c)
		if ck == "" || listItems(typed) > listItems(c) || keyNumbers(tk) != keyNumbers(ck) {
			continue // a list where one answer is wanted, or another number
		}
		if keyLetters(ck) > minTypoLetters && facts.WithinOneEdit(keySquash(tk), keySquash(ck)) {
			return true
		}
		if m != nil && samePersonTyped(m, c, typed) {
			return true
		}
	}
	return false
}

// samePersonTyped reports whether answer is a name of a person in the knowledge
// base and typed names that same person in a spelling the base knows.
func samePersonTyped(m *facts.Matcher, answer, typed string) bool {
	p, ok := m.ResolvePerson(answer)
	if !ok || !isPersonName(p, answer) {
		return false // the answer is not (only) a name
	}
	u, ok := m.ResolvePerson(typed)
	if !ok || u.ID != p.ID {
		return false
	}
	// ResolvePerson also completes prefixes ("Okj") and forgives a typo in
	// short names ("Okjuu"); an answer must be a whole name, or whole words
	// of one, with at most one typo in a long word.
	if isPersonName(p, typed) {
		return true
	}
	var known []string
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		known = append(known, facts.Fold(n)...)
	}
	for _, w := range facts.Fold(typed) {
		if !knownNameWord(w, known) {
			return false
		}
	}
	return true
}

func knownNameWord(w string, known []string) bool {
	for _, k := range known {
		if w == k || utf8.RuneCountInString(k) > minTypoLetters && facts.WithinOneEdit(w, k) {
			return true
		}
	}
	return false
}

// isPersonName reports whether s is the person's name or an alias, in any
// spelling Key folds together, spaced or not ("ok ju", "Okju").
func isPersonName(p *facts.Person, s string) bool {
	k := keySquash(facts.Key(s))
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		if keySquash(facts.Key(n)) == k {
			return true
		}
	}
	return false
}

// answerKey is facts.Key without a leading article.
func answerKey(s string) string {
	k := facts.Key(s)
	for _, a := range []string{"the ", "a ", "an "} {
		if strings.HasPrefix(k, a) && len(k) > len(a) {
			return k[len(a):]
		}
	}
	return k
}

func keySquash(k string) string { return strings.ReplaceAll(k, " ", "") }

func keyLetters(k string) int {
	n := 0
	for _, r := range k {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// keyNumbers is the sequence of numbers in a key, space separated.
func keyNumbers(k string) string {
	var out []string
	for _, f := range strings.FieldsFunc(k, func(r rune) bool { return !unicode.IsDigit(r) }) {
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// listItems counts the items of a list: parts separated by punctuation such
// as , ; / & + or by the words or, and, nor, vs.
func listItems(s string) int {
	n := 0
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;/\\|&+\n", r) }) {
		inPart := false
		for _, w := range facts.Fold(seg) {
			switch w {
			case "or", "and", "nor", "vs", "versus", "either":
				inPart = false
			default:
				if !inPart {
					n++
				}
				inPart = true
			}
		}
	}
	return n
}
