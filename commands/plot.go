package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/facts"
)

// /plot tells the story from plot.yaml: the premise in a few spoiler-free
// sentences, or the whole story in order, in pages whose Previous and Next
// buttons carry the page they show.

// MaxPlotPage is the most characters one page of the full plot holds, so a
// page reads comfortably and fits a message as well as an embed.
const MaxPlotPage = 2000

const plotPagePrefix = "plot:page:"

// Plot answers /plot [part].
func (k *Knowledge) Plot(_ context.Context, req Request) (Response, error) {
	part := strings.ToLower(strings.TrimSpace(req.Option("part")))
	switch part {
	case "", "premise":
		return k.premise(), nil
	case "full", "spoilers", "all":
		return k.plotPage(1), nil
	}
	return Unknown(fmt.Sprintf("I know two parts of the plot: `premise` (no spoilers) and `full`. “%s” is not one of them.", Quoted(part, 40))), nil
}

// PlotPage answers a Previous or Next click by showing the page its custom
// id names in place of the one clicked.
func (k *Knowledge) PlotPage(_ context.Context, req Request) (Response, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(req.CustomID, plotPagePrefix))
	if !strings.HasPrefix(req.CustomID, plotPagePrefix) || err != nil || n < 1 || n > len(k.plotPages()) {
		return Unknown("That page of the plot does not exist. Run `/plot part:full` to read it from the start."), nil
	}
	r := k.plotPage(n)
	r.Update = true
	return r, nil
}

func (k *Knowledge) premise() Response {
	var sentences []string
	srcs := sourceSet{}
	for _, id := range k.Store.Plot.Premise {
		if f, ok := k.Store.Fact(id); ok && !f.Spoiler {
			sentences = append(sentences, f.Text)
			srcs.add(facts.FactSources(f)...)
		}
	}
	if len(sentences) == 0 {
		return Unknown("The articles say nothing about the premise.")
	}
	return Response{
		Found: true,
		Card: &Card{Title: "Ballerina (2023): the premise", Description: strings.Join(sentences, " "),
			Footer: Footer(k.Store, srcs), Color: ColorPink},
		Sources: srcs,
	}
}

// plotPage is page n (from 1) of the full plot, with the buttons to the
// pages around it.
func (k *Knowledge) plotPage(n int) Response {
	pages := k.plotPages()
	if len(pages) == 0 {
		return Unknown("The articles say nothing about the plot.")
	}
	p := pages[n-1]
	title := "Ballerina (2023): the plot (spoilers hidden)"
	var buttons []Button
	if len(pages) > 1 {
		title += fmt.Sprintf(" · page %d of %d", n, len(pages))
		// A disabled button still needs a custom id of its own.
		buttons = []Button{
			{CustomID: plotPagePrefix + strconv.Itoa(n-1), Label: "Previous", Style: ButtonSecondary, Disabled: n == 1},
			{CustomID: plotPagePrefix + strconv.Itoa(n+1), Label: "Next", Style: ButtonSecondary, Disabled: n == len(pages)},
		}
	}
	return Response{
		Found:   true,
		Card:    &Card{Title: title, Description: p.text, Footer: Footer(k.Store, p.sources), Color: ColorPink},
		Buttons: buttons,
		Sources: p.sources,
	}
}

type plotPage struct {
	text    string
	sources sourceSet
}

// plotPages cuts the full plot into pages of whole sentences. Each sentence
// is hidden on its own, so every page pairs its spoiler marks.
func (k *Knowledge) plotPages() []plotPage {
	var pages []plotPage
	var cur plotPage
	for _, id := range k.Store.Plot.Full {
		f, ok := k.Store.Fact(id)
		if !ok {
			continue
		}
		line := Clip("• "+FactText(f), MaxPlotPage)
		if cur.text != "" && utf8.RuneCountInString(cur.text)+1+utf8.RuneCountInString(line) > MaxPlotPage {
			pages = append(pages, cur)
			cur = plotPage{}
		}
		if cur.text != "" {
			cur.text += "\n"
		}
		cur.text += line
		cur.sources.add(facts.FactSources(f)...)
	}
	if cur.text != "" {
		pages = append(pages, cur)
	}
	return pages
}
