package facts

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
		var holders []string
		for _, p := range s.People {
			if p.Kind == "character" && has(p.Roles, role) {
				holders = append(holders, p.ID)
			}
		}
		if len(holders) != 1 {
			return nil
		}
		ids = append(ids, holders[0])
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
	}
	return ws, false
}
