package facts

import (
	"slices"
	"strings"
)

// The trivia half of the linter: every question backed by a fact, and each
// kind's own rules (see trivia.go for the kinds).

func (l *linter) trivia() {
	var ids []string
	for _, t := range l.s.Trivia {
		ids = append(ids, t.ID)
		if _, ok := l.s.Fact(t.Fact); !ok {
			l.add("trivia.yaml", t.ID, "supporting fact %q does not exist", t.Fact)
		}
		if !difficulties[t.Difficulty] {
			l.add("trivia.yaml", t.ID, "difficulty %q is not easy, medium or hard", t.Difficulty)
		}
		l.triviaShape(&t)
		right := map[string]bool{Key(t.Answer): true}
		for _, a := range t.Accept {
			right[Key(a)] = true
		}
		choices := map[string]bool{Key(t.Answer): true}
		for _, w := range t.Wrong {
			if right[Key(w)] {
				l.add("trivia.yaml", t.ID, "wrong choice %q is an accepted answer", w)
			}
			if choices[Key(w)] {
				l.add("trivia.yaml", t.ID, "choice %q appears twice", w)
			}
			choices[Key(w)] = true
			l.limit("trivia.yaml", t.ID, "choice", w, MaxButtonLabel)
		}
		l.limit("trivia.yaml", t.ID, "question", t.Question, 250)
		l.limit("trivia.yaml", t.ID, "answer", t.Answer, MaxButtonLabel)
	}
	l.unique("trivia.yaml", ids)
}

// triviaShape checks what each kind needs: three wrong choices for a
// choice, source or speaker question; True or False and nothing else for a
// true/false one; a blank to fill; for "which article says…" labels of
// articles of which only the answer states the fact; for "who said it?" a
// quote that exists, quoted verbatim, answered by its speaker's name.
func (l *linter) triviaShape(t *Trivia) {
	kind := t.TriviaKind()
	if !slices.Contains(TriviaKinds, kind) {
		l.add("trivia.yaml", t.ID, "kind %q is not one of %s", t.Kind, strings.Join(TriviaKinds, ", "))
		return
	}
	if TopicName(l.s.TriviaTopic(t)) == "" {
		l.add("trivia.yaml", t.ID, "topic %q is not a trivia topic", l.s.TriviaTopic(t))
	}
	switch kind {
	case KindTrueFalse:
		if k := Key(t.Answer); k != "true" && k != "false" {
			l.add("trivia.yaml", t.ID, "a true/false answer must be True or False, not %q", t.Answer)
		}
		if len(t.Wrong) != 0 || len(t.Accept) != 0 {
			l.add("trivia.yaml", t.ID, "a true/false question takes no wrong choices and no other answers")
		}
		return
	case KindBlank:
		if strings.Count(t.Question, "___") != 1 {
			l.add("trivia.yaml", t.ID, "a fill-the-blank question needs one ___ where the answer goes")
		}
		if len(t.Wrong) != 0 && len(t.Wrong) != 3 {
			l.add("trivia.yaml", t.ID, "a fill-the-blank question takes no or three wrong choices, has %d", len(t.Wrong))
		}
		return
	case KindSource:
		l.sourceQuestion(t)
	case KindSpeaker:
		l.speakerQuestion(t)
	}
	if len(t.Wrong) != 3 {
		l.add("trivia.yaml", t.ID, "needs exactly three wrong choices, has %d", len(t.Wrong))
	}
}

// sourceQuestion checks a "which article says…" question: every choice is a
// source's label, and the fact is stated by the answer's article alone, so
// no wrong choice is secretly right.
func (l *linter) sourceQuestion(t *Trivia) {
	byLabel := map[string]string{}
	for _, src := range l.s.Sources {
		byLabel[Key(src.Label)] = src.ID
	}
	answer, ok := byLabel[Key(t.Answer)]
	if !ok {
		l.add("trivia.yaml", t.ID, "answer %q is not the label of an article", t.Answer)
	}
	if len(t.Accept) != 0 {
		l.add("trivia.yaml", t.ID, "a which-article question takes no other answers: the choices are the labels")
	}
	f, found := l.s.Fact(t.Fact)
	if !found {
		return
	}
	cited := FactSources(f)
	if ok && !slices.Equal(cited, []string{answer}) {
		l.add("trivia.yaml", t.ID, "fact %s is stated by %s, not by %s alone", f.ID, strings.Join(cited, ", "), answer)
	}
	for _, w := range t.Wrong {
		id, ok := byLabel[Key(w)]
		switch {
		case !ok:
			l.add("trivia.yaml", t.ID, "wrong choice %q is not the label of an article", w)
		case slices.Contains(cited, id):
			l.add("trivia.yaml", t.ID, "wrong choice %q also states fact %s", w, f.ID)
		}
	}
}

// speakerQuestion checks a "who said it?" question: the quote exists, the
// words the question quotes are the quote's own, the answer is the quote's
// speaker and every wrong choice is another speaker of the store.
func (l *linter) speakerQuestion(t *Trivia) {
	q, ok := l.s.Quote(t.Quote)
	if !ok {
		l.add("trivia.yaml", t.ID, "quote %q does not exist", t.Quote)
		return
	}
	if f, ok := l.s.Fact(t.Fact); ok && !slices.Contains(FactSources(f), q.Source) {
		l.add("trivia.yaml", t.ID, "fact %s does not cite %s, where quote %s is from", f.ID, q.Source, q.ID)
	}
	open, close := strings.Index(t.Question, "“"), strings.LastIndex(t.Question, "”")
	if open < 0 || close < open {
		l.add("trivia.yaml", t.ID, "a who-said-it question quotes the words between “ and ”")
	} else {
		text := fold(q.Text)
		for _, piece := range strings.Split(t.Question[open+len("“"):close], "…") {
			if p := fold(piece); p != "" && !strings.Contains(text, p) {
				l.add("trivia.yaml", t.ID, "quoted words %q are not in quote %s", clipText(piece, 60), q.ID)
			}
		}
	}
	speaker := l.s.SpeakerName(q)
	if Key(t.Answer) != Key(speaker) {
		l.add("trivia.yaml", t.ID, "answer %q is not the quote's speaker %q", t.Answer, speaker)
	}
	speakers := map[string]bool{}
	for _, n := range l.s.Speakers() {
		speakers[Key(n)] = true
	}
	// The article a quotation appears in is no fair wrong choice: it did say
	// the words, in a sense.
	own := l.s.SpeakerName(&Quote{Byline: true, Source: q.Source})
	for _, w := range t.Wrong {
		if !speakers[Key(w)] {
			l.add("trivia.yaml", t.ID, "wrong choice %q is not a speaker of any quote", w)
		}
		if Key(w) == Key(own) && !q.Byline {
			l.add("trivia.yaml", t.ID, "wrong choice %q is the article quote %s appears in", w, q.ID)
		}
	}
}
