package fakediscord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Spec validates the request bodies a bot sent to the fake against
// Discord's official OpenAPI spec, plus what the spec cannot express:
// allowed_mentions {"parse": []} on every message (with, at most, the ids of
// roles the content mentions: a post that pings a role the admin chose) and
// embeds within Discord's 6000-character total.
type Spec struct {
	schemas map[string]*jsonschema.Schema
}

// specRoute maps a request route (fake pattern) to the schema of its body.
type specRoute struct {
	pattern string
	schema  string
	message func(body map[string]any) map[string]any // the message part, if any
}

func wholeBody(b map[string]any) map[string]any { return b }

var specRoutes = []specRoute{
	{"POST /interactions/*/*/callback", "/paths/~1interactions~1%7Binteraction_id%7D~1%7Binteraction_token%7D~1callback/post/requestBody/content/application~1json/schema",
		func(b map[string]any) map[string]any {
			if t, _ := b["type"].(float64); t == 4 || t == 7 {
				m, _ := b["data"].(map[string]any)
				return m
			}
			return nil
		}},
	{"POST /webhooks/*/*", "/paths/~1webhooks~1%7Bwebhook_id%7D~1%7Bwebhook_token%7D/post/requestBody/content/application~1json/schema", wholeBody},
	{"PATCH /webhooks/*/*/messages/*", "/components/schemas/IncomingWebhookUpdateRequestPartial", wholeBody},
	{"POST /channels/*/messages", "/components/schemas/MessageCreateRequest", wholeBody},
	{"PATCH /channels/*/messages/*", "/components/schemas/MessageEditRequestPartial", wholeBody},
	{"POST /channels/*/messages/*/threads", "/components/schemas/CreateTextThreadWithMessageRequest", nil},
	{"PUT /applications/*/commands", "/paths/~1applications~1%7Bapplication_id%7D~1commands/put/requestBody/content/application~1json/schema", nil},
	{"PUT /applications/*/guilds/*/commands", "/paths/~1applications~1%7Bapplication_id%7D~1guilds~1%7Bguild_id%7D~1commands/put/requestBody/content/application~1json/schema", nil},
}

// maxEmbedTotal is Discord's limit on the characters of one embed.
const maxEmbedTotal = 6000

// LoadSpec compiles the schemas of the routes a bot sends bodies to, from
// the spec file at path.
func LoadSpec(path string) (*Spec, error) {
	f, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///openapi.json", doc); err != nil {
		return nil, err
	}
	s := &Spec{schemas: map[string]*jsonschema.Schema{}}
	for _, r := range specRoutes {
		sch, err := c.Compile("file:///openapi.json#" + r.schema)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", r.schema, err)
		}
		s.schemas[r.pattern] = sch
	}
	return s, nil
}

// Check validates every body srv has recorded so far and returns how many
// it checked and one line per problem.
func (s *Spec) Check(srv *Server) (checked int, problems []string) {
	for _, req := range srv.Requests() { // one snapshot: requests may still be landing
		if len(req.Body) == 0 {
			continue
		}
		if err := s.CheckBody(req.Method, req.Route, req.Body); err != nil {
			problems = append(problems, fmt.Sprintf("%s %s: %v\nbody: %s", req.Method, req.Route, err, req.Body))
		}
		checked++
	}
	return checked, problems
}

// CheckBody validates one request body sent with method to route.
func (s *Spec) CheckBody(method, route string, body []byte) error {
	i := slices.IndexFunc(specRoutes, func(r specRoute) bool { return routeMatches(r.pattern, method, route) })
	if i < 0 {
		return fmt.Errorf("a body with no schema to check it against")
	}
	r := specRoutes[i]
	if err := validateBody(s.schemas[r.pattern], r.pattern, body); err != nil {
		return fmt.Errorf("body does not match the spec: %w", err)
	}
	if r.message == nil {
		return nil
	}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	if msg := r.message(m); msg != nil {
		return CheckMessage(msg)
	}
	return nil
}

// routeMatches matches "METHOD /a/*/b" against a request; "*" is one segment.
func routeMatches(pattern, method, route string) bool {
	m, p, _ := strings.Cut(pattern, " ")
	if m != method {
		return false
	}
	ps, rs := strings.Split(strings.Trim(p, "/"), "/"), strings.Split(strings.Trim(route, "/"), "/")
	if len(ps) != len(rs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != rs[i] {
			return false
		}
	}
	return true
}

func validateBody(s *jsonschema.Schema, pattern string, body []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return err
	}
	if strings.HasPrefix(pattern, "PUT ") {
		// The spec types default_member_permissions as an integer; Discord's
		// documentation, discordgo and the fake use a decimal string, which
		// Discord accepts. Check the value, then validate it as a number.
		cmds, _ := v.([]any)
		for _, c := range cmds {
			cm, _ := c.(map[string]any)
			if p, ok := cm["default_member_permissions"].(string); ok {
				n, err := strconv.ParseInt(p, 10, 64)
				if err != nil {
					return fmt.Errorf("default_member_permissions %q is not a decimal bit set", p)
				}
				cm["default_member_permissions"] = json.Number(strconv.FormatInt(n, 10))
			}
		}
	}
	return s.Validate(v)
}

// CheckMessage checks a message body for what the spec does not encode.
func CheckMessage(m map[string]any) error {
	am, _ := json.Marshal(m["allowed_mentions"])
	if string(am) != `{"parse":[]}` {
		var got struct {
			Parse []string `json:"parse"`
			Roles []string `json:"roles"`
		}
		strict := json.NewDecoder(bytes.NewReader(am))
		strict.DisallowUnknownFields()
		content, _ := m["content"].(string)
		ok := strict.Decode(&got) == nil && got.Parse != nil && len(got.Parse) == 0 && len(got.Roles) > 0
		for _, r := range got.Roles {
			ok = ok && strings.Contains(content, "<@&"+r+">")
		}
		if !ok {
			return fmt.Errorf(`allowed_mentions is %s, want {"parse":[]}, or with "roles" the content mentions`, am)
		}
	}
	embeds, _ := m["embeds"].([]any)
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		n := runeLen(em["title"]) + runeLen(em["description"])
		fields, _ := em["fields"].([]any)
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			n += runeLen(fm["name"]) + runeLen(fm["value"])
		}
		if footer, ok := em["footer"].(map[string]any); ok {
			n += runeLen(footer["text"])
		}
		if author, ok := em["author"].(map[string]any); ok {
			n += runeLen(author["name"])
		}
		if n > maxEmbedTotal {
			return fmt.Errorf("embed %d has %d characters, more than %d", i, n, maxEmbedTotal)
		}
	}
	return nil
}

func runeLen(v any) int {
	s, _ := v.(string)
	return utf8.RuneCountInString(s)
}
