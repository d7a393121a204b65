package facts

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
)

//go:embed data
var embedded embed.FS

// Embedded returns the data directory compiled into the binary.
func Embedded() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // the directory is part of the build; this cannot fail
	}
	return sub
}

// Store is the loaded knowledge base. It is read-only after Load and safe for
// concurrent use.
type Store struct {
	Sources []Source
	People  []Person
	Facts   []Fact
	Quotes  []Quote
	Trivia  []Trivia
	Works   []Work
	// Questions are the questions users ask that a fact answers, in their
	// words: fact id -> questions (questions.yaml).
	Questions map[string][]string
	// Plot is the story told in order by fact ids (plot.yaml), for /plot.
	Plot Plot
	// Unanswered are questions in the articles' words that no article
	// answers (unanswered.yaml): a user's question that is one of them in
	// other words is declined, however many words it shares with a fact.
	Unanswered []string

	sourceByID map[string]*Source
	personByID map[string]*Person
	factByID   map[string]*Fact
	quoteByID  map[string]*Quote
}

// ErrNotFound is returned by lookups for an id the store does not hold.
var ErrNotFound = errors.New("not found")

// Load reads the YAML files and the source articles from fsys. It checks only
// what is needed to build the store: every file decodes, with no field its
// type lacks (a *DecodeError each otherwise); Lint checks faithfulness.
func Load(fsys fs.FS) (*Store, error) {
	s := &Store{}
	files := []struct {
		name string
		into any
	}{
		{"sources.yaml", &s.Sources},
		{"people.yaml", &s.People},
		{"facts.yaml", &s.Facts},
		{"quotes.yaml", &s.Quotes},
		{"trivia.yaml", &s.Trivia},
		{"works.yaml", &s.Works},
		{"questions.yaml", &s.Questions},
		{"plot.yaml", &s.Plot},
		{"unanswered.yaml", &s.Unanswered},
	}
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f.name)
		if errors.Is(err, fs.ErrNotExist) && (f.name == "works.yaml" || f.name == "questions.yaml" || f.name == "plot.yaml" || f.name == "unanswered.yaml") {
			continue // optional: a store may refer to no other works, give no questions, tell no plot or list no unanswered questions
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.name, err)
		}
		if err := decodeStrict(f.name, raw, f.into); err != nil {
			return nil, err
		}
	}
	for i := range s.Sources {
		src := &s.Sources[i]
		raw, err := fs.ReadFile(fsys, path.Join("sources", src.File))
		if err != nil {
			return nil, fmt.Errorf("source %s: %w", src.ID, err)
		}
		src.Text = string(raw)
	}
	s.index()
	return s, nil
}

// LoadEmbedded loads the store compiled into the binary.
func LoadEmbedded() (*Store, error) { return Load(Embedded()) }

func (s *Store) index() {
	s.sourceByID = make(map[string]*Source, len(s.Sources))
	for i := range s.Sources {
		s.sourceByID[s.Sources[i].ID] = &s.Sources[i]
	}
	s.personByID = make(map[string]*Person, len(s.People))
	for i := range s.People {
		s.personByID[s.People[i].ID] = &s.People[i]
	}
	s.factByID = make(map[string]*Fact, len(s.Facts))
	for i := range s.Facts {
		s.factByID[s.Facts[i].ID] = &s.Facts[i]
	}
	s.quoteByID = make(map[string]*Quote, len(s.Quotes))
	for i := range s.Quotes {
		s.quoteByID[s.Quotes[i].ID] = &s.Quotes[i]
	}
}

// Source returns the article with the given id.
func (s *Store) Source(id string) (*Source, bool) { p, ok := s.sourceByID[id]; return p, ok }

// Person returns the person or character with the given id.
func (s *Store) Person(id string) (*Person, bool) { p, ok := s.personByID[id]; return p, ok }

// Fact returns the fact with the given id.
func (s *Store) Fact(id string) (*Fact, bool) { p, ok := s.factByID[id]; return p, ok }

// Quote returns the quote with the given id.
func (s *Store) Quote(id string) (*Quote, bool) { p, ok := s.quoteByID[id]; return p, ok }

// Conflicting returns every fact in the conflict group of f, f first, so an
// answer can show all sides of a disagreement between articles.
func (s *Store) Conflicting(f *Fact) []*Fact {
	out := []*Fact{f}
	if f.Conflict == "" {
		return out
	}
	for i := range s.Facts {
		o := &s.Facts[i]
		if o.Conflict == f.Conflict && o.ID != f.ID {
			out = append(out, o)
		}
	}
	return out
}

// FactSources returns the distinct source ids a fact cites, in order.
func FactSources(f *Fact) []string { return citeSources(f.Cites) }

func citeSources(cs []Citation) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Source] {
			seen[c.Source] = true
			out = append(out, c.Source)
		}
	}
	return out
}
