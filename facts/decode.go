package facts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// DecodeError is an entry of a store file that does not fit its type: a
// field the type does not have, or a value of the wrong kind. An unknown
// field is never ignored: "spoilr: true" for "spoiler: true" would silently
// show a spoiler.
type DecodeError struct {
	File  string // the YAML file, e.g. facts.yaml
	Entry string // the entry's id, or "entry 3" (from 1) when it has none
	Line  int
	Field string // the unknown field, when that is the problem
	Msg   string // the decoder's message otherwise
}

func (e *DecodeError) Error() string {
	what := e.Msg
	if e.Field != "" {
		what = fmt.Sprintf("unknown field %q", e.Field)
	}
	return fmt.Sprintf("%s: %s: %s (line %d)", e.File, e.Entry, what, e.Line)
}

// yaml.v3 reports type errors as text only: "line 12: field spoilr not
// found in type facts.Fact", or "line 3: cannot unmarshal …".
var (
	yamlUnknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type \S+$`)
	yamlErrorLine    = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// decodeStrict decodes a store file, a YAML list of entries, into out with
// yaml.v3's KnownFields. Every problem of the file is reported, each naming
// the file, the entry and the line.
func decodeStrict(file string, raw []byte, out any) error {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	err := dec.Decode(out)
	var te *yaml.TypeError
	switch {
	case err == nil, errors.Is(err, io.EOF): // an empty file is an empty list
		return nil
	case !errors.As(err, &te):
		return fmt.Errorf("%s: %w", file, err) // a syntax error; the message has the line
	}
	entries := entryStarts(raw)
	var errs []error
	for _, msg := range te.Errors {
		e := &DecodeError{File: file, Entry: "(top level)", Msg: msg}
		if m := yamlUnknownField.FindStringSubmatch(msg); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Field, e.Msg = m[2], ""
		} else if m := yamlErrorLine.FindStringSubmatch(msg); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = m[2]
		}
		for _, en := range entries {
			if en.line <= e.Line {
				e.Entry = en.name
			}
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// entryStart is where an entry of a store file begins, and its name.
type entryStart struct {
	line int
	name string
}

// entryStarts lists the entries of a YAML list in order of their first line,
// named by their id or, without one, their position.
func entryStarts(raw []byte) []entryStart {
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
		return nil
	}
	var out []entryStart
	for i, item := range doc.Content[0].Content {
		name := "entry " + strconv.Itoa(i+1)
		if item.Kind == yaml.MappingNode {
			for k := 0; k+1 < len(item.Content); k += 2 {
				if item.Content[k].Value == "id" && item.Content[k+1].Value != "" {
					name = item.Content[k+1].Value
				}
			}
		}
		out = append(out, entryStart{line: item.Line, name: name})
	}
	return out
}
