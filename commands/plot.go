package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/ballerina-bot/ballerina/facts"
)

// Plot tells the premise without spoilers, or the whole plot with every
// spoiler hidden behind ||…||.
func (k *Knowledge) Plot(_ context.Context, req Request) (Response, error) {
	part := strings.ToLower(strings.TrimSpace(req.Option("part")))
	topics := map[string]bool{"premise": true}
	title := "Ballerina (2023): the premise"
	switch part {
	case "", "premise":
	case "full", "spoilers", "all":
		topics["plot"] = true
		title = "Ballerina (2023): the plot (spoilers hidden)"
	default:
		return Unknown(fmt.Sprintf("I know two parts of the plot: `premise` (no spoilers) and `full`. “%s” is not one of them.", quoted(part, 40))), nil
	}
	var b strings.Builder
	srcs := sourceSet{}
	for i := range k.Store.Facts {
		f := &k.Store.Facts[i]
		if !topics[f.Topic] || (part == "" || part == "premise") && f.Spoiler {
			continue
		}
		line := "• " + factText(f) + "\n"
		if b.Len()+len(line) > facts.MaxEmbedDescription-200 {
			break
		}
		b.WriteString(line)
		srcs.add(facts.FactSources(f)...)
	}
	if b.Len() == 0 {
		return Unknown("The articles say nothing about that part of the plot."), nil
	}
	return Response{
		Found:   true,
		Card:    &Card{Title: title, Description: strings.TrimSpace(b.String()), Footer: footer(k.Store, srcs), Color: ColorPink},
		Sources: srcs,
	}, nil
}
