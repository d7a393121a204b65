package facts

import (
	"fmt"
	"sort"
)

// questions checks questions.yaml: every question belongs to a fact the
// store holds, is a real question of a sensible length, and is given to one
// fact only (the same words answered by two facts would make the matcher
// pick between them by chance).
func (l *linter) questions() {
	const file = "questions.yaml"
	ids := make([]string, 0, len(l.s.Questions))
	for id := range l.s.Questions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	owner := map[string]string{}
	for _, id := range ids {
		if _, ok := l.s.Fact(id); !ok {
			l.add(file, id, "no fact has this id")
			continue
		}
		if len(l.s.Questions[id]) == 0 {
			l.add(file, id, "lists no question")
		}
		for _, q := range l.s.Questions[id] {
			k := Key(q)
			switch {
			case k == "":
				l.add(file, id, "empty question")
			case len([]rune(q)) > maxQuestion:
				l.add(file, id, "question %q is longer than %d characters", clipText(q, 40), maxQuestion)
			case owner[k] == id:
				l.add(file, id, "question %q is listed twice", q)
			case owner[k] != "":
				l.add(file, id, "question %q is also given to %s", q, owner[k])
			default:
				owner[k] = id
			}
		}
	}
	const bank = "unanswered.yaml"
	seen := map[string]bool{}
	for i, q := range l.s.Unanswered {
		entry := fmt.Sprintf("entry %d", i+1)
		k := Key(q)
		switch {
		case k == "":
			l.add(bank, entry, "empty question")
		case len([]rune(q)) > maxQuestion:
			l.add(bank, entry, "question %q is longer than %d characters", clipText(q, 40), maxQuestion)
		case seen[k]:
			l.add(bank, entry, "question %q is listed twice", q)
		case owner[k] != "":
			l.add(bank, entry, "question %q is answered by %s in questions.yaml", q, owner[k])
		}
		seen[k] = true
	}
}
