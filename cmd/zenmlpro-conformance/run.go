package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// Verdicts.
const (
	served    = "served"
	notServed = "not served"
	differs   = "differs"
	failed    = "error" // the call could not be judged (refused, unavailable): see the reason
)

// result is one line of the report.
type result struct {
	call    string
	mark    string
	verdict string
	reason  string
}

// checkAll makes every call of the table in turn.
func checkAll(ctx context.Context, api *client.Client, orgID string) []result {
	f := &facts{orgID: orgID}
	out := make([]result, 0, len(calls))
	for _, c := range calls {
		out = append(out, checkOne(ctx, api, f, c))
	}
	return out
}

func checkOne(ctx context.Context, api *client.Client, f *facts, c call) result {
	r := result{call: c.name, mark: c.mark}
	req, err := c.request(f)
	if err != nil {
		r.verdict, r.reason = failed, "not checked: "+err.Error()
		return r
	}
	raw, err := api.GetRaw(ctx, req.path, req.query)
	var apiErr *client.APIError
	switch {
	case client.IsNotServed(err):
		errors.As(err, &apiErr)
		r.verdict, r.reason = notServed, fmt.Sprintf("HTTP %d %q: the route does not exist", apiErr.StatusCode, apiErr.Detail)
		return r
	case client.IsNotFound(err) && req.found:
		errors.As(err, &apiErr)
		r.verdict, r.reason = differs, fmt.Sprintf("HTTP 404 for an object an earlier call found (%s)", apiErr.Detail)
		return r
	case client.IsNotFound(err):
		absent := c.absentMeans
		if absent == "" {
			absent = "no object"
		}
		r.verdict, r.reason = served, "fields not checked ("+absent+")"
		return r
	case errors.As(err, &apiErr):
		r.verdict, r.reason = failed, fmt.Sprintf("HTTP %d: %s", apiErr.StatusCode, oneLine(apiErr.Detail))
		return r
	case err != nil:
		r.verdict, r.reason = failed, oneLine(err.Error())
		return r
	case raw == nil:
		r.verdict, r.reason = differs, "the answer has no body"
		return r
	}
	v, err := decode(raw)
	if err != nil {
		r.verdict, r.reason = differs, "the answer is not JSON: "+oneLine(err.Error())
		return r
	}
	var p problems
	check(v, c.answer, "", &p)
	if c.extra != nil {
		for _, d := range c.extra(f, req, v) {
			p.add("%s", d)
		}
	}
	if c.learn != nil {
		c.learn(f, v)
	}
	if !p.empty() {
		r.verdict, r.reason = differs, p.summary()
		return r
	}
	r.verdict = served
	switch list, isList := v.([]any); {
	case isList && len(list) == 0 && req.madeUp:
		r.reason = "fields not checked (no object)"
	case isList && len(list) == 0:
		r.reason = "fields not checked (empty list)"
	case isList:
		r.reason = fmt.Sprintf("fields match (%d %s)", len(list), plural(len(list), "entry", "entries"))
	default:
		r.reason = "fields match"
	}
	return r
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const maxLen = 160
	if len(s) > maxLen {
		s = s[:maxLen] + "…"
	}
	return s
}

// report prints the results as aligned columns and a summary line, and says whether every call
// is served and matches.
func report(w io.Writer, results []result) bool {
	callWidth := len("CALL")
	for _, r := range results {
		callWidth = max(callWidth, len(r.call))
	}
	verdictWidth := len(notServed)
	markWidth := len(inferred)
	line := func(call, verdict, mark, reason string) {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%-*s  %-*s  %-*s  %s", callWidth, call, verdictWidth, verdict, markWidth, mark, reason), " "))
	}
	line("CALL", "VERDICT", "MARK", "DETAIL")
	counts := map[string]int{}
	for _, r := range results {
		line(r.call, r.verdict, r.mark, r.reason)
		counts[r.verdict]++
	}
	ok := counts[served] == len(results)
	fmt.Fprintf(w, "\n%d calls: %d served, %d not served, %d differ, %d could not be checked.", len(results),
		counts[served], counts[notServed], counts[differs], counts[failed])
	if ok {
		fmt.Fprintln(w, " This control plane serves every read call the provider makes, as the contract describes it.")
	} else {
		fmt.Fprintln(w, " See the guide \"API coverage\" for what needs each call; to report a difference, attach this output.")
	}
	return ok
}
