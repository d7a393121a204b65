package facts

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Problem is one thing the linter found wrong, naming the entry.
type Problem struct {
	File  string // the YAML file, e.g. facts.yaml
	Entry string // the entry's id
	Msg   string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.File, p.Entry, p.Msg) }

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var (
	topics       = set("cast", "crew", "premise", "plot", "production", "intent", "inspiration", "music", "look", "locations", "release", "reception", "festival", "sequel", "review", "people")
	difficulties = set("easy", "medium", "hard")
	personKinds  = set("person", "character")
)

// Lint checks that the store is faithful to its sources and fits Discord:
// every evidence excerpt occurs in its source outside the noise, ids and
// aliases are unique, references resolve, trivia is backed by a fact, and no
// text exceeds Discord's limits. It returns every problem, sorted.
func (s *Store) Lint() []Problem {
	l := &linter{s: s, texts: map[string]string{}}
	l.sources()
	l.people()
	l.works()
	l.facts()
	l.quotes()
	l.trivia()
	l.questions()
	l.plot()
	sort.SliceStable(l.out, func(i, j int) bool { return l.out[i].String() < l.out[j].String() })
	return l.out
}

type linter struct {
	s     *Store
	out   []Problem
	texts map[string]string // source id -> folded text without its noise lines

	corpus     string            // Key of every source, for alias checks
	aliasOwner map[string]string // alias Key -> the entry it names
	spelled    map[string]bool   // exact spellings within the current entry
}

func (l *linter) add(file, entry, format string, args ...any) {
	l.out = append(l.out, Problem{File: file, Entry: entry, Msg: fmt.Sprintf(format, args...)})
}

// fold lower-cases and collapses whitespace: the linter's notion of "the same
// text", so evidence may be re-wrapped but not reworded.
func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func (l *linter) unique(file string, ids []string) {
	seen := map[string]bool{}
	for _, id := range ids {
		switch {
		case id == "":
			l.add(file, "(no id)", "entry has no id")
		case !idPattern.MatchString(id):
			l.add(file, id, "id must be lower-case kebab-case")
		case seen[id]:
			l.add(file, id, "duplicate id")
		}
		seen[id] = true
	}
}

func (l *linter) sources() {
	var ids []string
	for _, src := range l.s.Sources {
		ids = append(ids, src.ID)
		if strings.TrimSpace(src.Text) == "" {
			l.add("sources.yaml", src.ID, "source file %q is empty", src.File)
		}
		if src.Label == "" {
			l.add("sources.yaml", src.ID, "label is empty")
		}
		text := fold(src.Text)
		// What /about shows of an article comes from the article itself.
		for _, f := range []struct{ name, value string }{
			{"title", src.Title}, {"publication", src.Publication}, {"author", src.Author}, {"date", src.Date},
		} {
			if f.value != "" && !strings.Contains(text, fold(f.value)) {
				l.add("sources.yaml", src.ID, "%s %q does not appear in the article", f.name, f.value)
			}
		}
		for _, n := range src.Noise {
			fn := fold(n)
			if !strings.Contains(text, fn) {
				l.add("sources.yaml", src.ID, "noise line %q is not in the source", clipText(n, 60))
				continue
			}
			// Blank the noise out so evidence cannot be drawn from it.
			text = strings.ReplaceAll(text, fn, " \x00 ")
		}
		l.texts[src.ID] = text
		l.corpus += " " + Key(text)
	}
	l.unique("sources.yaml", ids)
}

// cites checks citations: known source, evidence present verbatim.
func (l *linter) cites(file, id string, cs []Citation) {
	if len(cs) == 0 {
		l.add(file, id, "cites no source")
	}
	for _, c := range cs {
		text, ok := l.texts[c.Source]
		if !ok {
			l.add(file, id, "cites unknown source %q", c.Source)
			continue
		}
		ev := fold(c.Evidence)
		if len(ev) < 8 {
			l.add(file, id, "evidence %q is too short to identify a sentence", c.Evidence)
			continue
		}
		if !strings.Contains(text, ev) {
			l.add(file, id, "evidence not found in %s: %q", c.Source, clipText(c.Evidence, 80))
		}
	}
}

// alias checks one name of a person or work: unique, unambiguous, and
// spelled as some article spells it.
func (l *linter) alias(file, id, name, a string) {
	k := Key(a)
	if k == "" {
		l.add(file, id, "alias %q is empty after normalising", a)
		return
	}
	if owner, ok := l.aliasOwner[k]; ok && owner != id {
		l.add(file, id, "alias %q is ambiguous: it also names %s", a, owner)
	} else if l.spelled[fold(a)] {
		l.add(file, id, "alias %q is duplicated", a)
	}
	l.aliasOwner[k] = id
	l.spelled[fold(a)] = true
	if !strings.Contains(" "+l.corpus+" ", " "+k+" ") {
		l.add(file, id, "alias %q is not used by any article", a)
	}
}

func (l *linter) people() {
	var ids []string
	l.aliasOwner = map[string]string{}
	for _, p := range l.s.People {
		ids = append(ids, p.ID)
		if !personKinds[p.Kind] {
			l.add("people.yaml", p.ID, "kind %q is not person or character", p.Kind)
		}
		if p.Name == "" || p.Description == "" {
			l.add("people.yaml", p.ID, "name and description are required")
		}
		l.cites("people.yaml", p.ID, p.Cites)
		l.spelled = map[string]bool{} // spellings repeat only within one entry
		for _, a := range append([]string{p.Name}, p.Aliases...) {
			l.alias("people.yaml", p.ID, p.Name, a)
		}
		for _, c := range p.Plays {
			if q, ok := l.s.Person(c); !ok || q.Kind != "character" {
				l.add("people.yaml", p.ID, "plays unknown character %q", c)
			}
		}
		for _, c := range p.PlayedBy {
			if q, ok := l.s.Person(c); !ok || q.Kind != "person" {
				l.add("people.yaml", p.ID, "played_by unknown person %q", c)
			}
		}
		l.limit("people.yaml", p.ID, "description", p.Description, MaxEmbedDescription)
	}
	l.unique("people.yaml", ids)
}

func (l *linter) works() {
	var ids []string
	for _, w := range l.s.Works {
		ids = append(ids, w.ID)
		if _, clash := l.s.Person(w.ID); clash {
			l.add("works.yaml", w.ID, "id is also a person's id")
		}
		l.spelled = map[string]bool{}
		for _, a := range append([]string{w.Name}, w.Aliases...) {
			l.alias("works.yaml", w.ID, w.Name, a)
		}
	}
	l.unique("works.yaml", ids)
}

func (l *linter) facts() {
	var ids []string
	groups := map[string]int{}
	for _, f := range l.s.Facts {
		ids = append(ids, f.ID)
		if !topics[f.Topic] {
			l.add("facts.yaml", f.ID, "unknown topic %q", f.Topic)
		}
		if strings.TrimSpace(f.Text) == "" {
			l.add("facts.yaml", f.ID, "text is empty")
		}
		for _, p := range f.People {
			if _, ok := l.s.Person(p); !ok {
				l.add("facts.yaml", f.ID, "names unknown person %q", p)
			}
		}
		if f.Conflict != "" {
			groups[f.Conflict]++
		}
		l.cites("facts.yaml", f.ID, f.Cites)
		l.limit("facts.yaml", f.ID, "text", f.Text, MaxEmbedFieldValue)
	}
	for g, n := range groups {
		if n < 2 {
			l.add("facts.yaml", g, "conflict group has only one fact; a disagreement needs both sides")
		}
	}
	l.unique("facts.yaml", ids)
}

func (l *linter) quotes() {
	var ids []string
	for _, q := range l.s.Quotes {
		ids = append(ids, q.ID)
		switch {
		case q.Byline && q.Speaker != "":
			l.add("quotes.yaml", q.ID, "a quote has a speaker or is a byline, not both")
		case q.Byline:
		default:
			if p, ok := l.s.Person(q.Speaker); !ok || p.Kind != "person" {
				l.add("quotes.yaml", q.ID, "unknown speaker %q", q.Speaker)
			}
		}
		if q.Context == "" {
			l.add("quotes.yaml", q.ID, "context is empty")
		}
		l.cites("quotes.yaml", q.ID, []Citation{{Source: q.Source, Evidence: q.Text}})
		l.limit("quotes.yaml", q.ID, "text", q.Text, MaxEmbedFieldValue)
	}
	l.unique("quotes.yaml", ids)
}

// plot checks plot.yaml: every fact exists and is told once per part, and
// the premise is short and gives nothing away.
func (l *linter) plot() {
	parts := []struct {
		name string
		ids  []string
	}{{"premise", l.s.Plot.Premise}, {"full", l.s.Plot.Full}}
	for _, part := range parts {
		seen := map[string]bool{}
		for _, id := range part.ids {
			f, ok := l.s.Fact(id)
			switch {
			case !ok:
				l.add("plot.yaml", part.name, "fact %q does not exist", id)
			case seen[id]:
				l.add("plot.yaml", part.name, "fact %q is told twice", id)
			case part.name == "premise" && f.Spoiler:
				l.add("plot.yaml", part.name, "fact %q is a spoiler", id)
			}
			seen[id] = true
		}
	}
	if n := len(l.s.Plot.Premise); n > MaxPremise {
		l.add("plot.yaml", "premise", "tells %d facts, at most %d", n, MaxPremise)
	}
}

func (l *linter) limit(file, id, what, text string, max int) {
	if n := utf8.RuneCountInString(text); n > max {
		l.add(file, id, "%s is %d characters, over Discord's limit of %d", what, n, max)
	}
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
