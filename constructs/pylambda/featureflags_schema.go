package pylambda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // TIMEZONE values are checked the same on every machine
)

// This file checks a feature flags document against the schema of the
// Powertools feature flags utility (aws_lambda_powertools.utilities.
// feature_flags.schema: SchemaValidator and the validators it calls), in
// pure Go, so that a broken flag fails the synth instead of every
// evaluation at run time. It reports every problem, where Powertools stops
// at the first, and is stricter in two places where Powertools' own check
// is loose: boolean_type must be a boolean, and START and END of a time
// range must be whole HH:MM values.

// The keys of the schema.
const (
	flagDefaultKey     = "default"
	flagBooleanTypeKey = "boolean_type"
	flagRulesKey       = "rules"
	ruleMatchKey       = "when_match"
	ruleConditionsKey  = "conditions"
	conditionActionKey = "action"
	conditionKeyKey    = "key"
	conditionValueKey  = "value"
)

// FeatureFlagActions are the condition actions of the Powertools schema,
// the legacy IN and NOT_IN included.
var FeatureFlagActions = []string{
	"EQUALS", "NOT_EQUALS",
	"KEY_GREATER_THAN_VALUE", "KEY_GREATER_THAN_OR_EQUAL_VALUE", "KEY_LESS_THAN_VALUE", "KEY_LESS_THAN_OR_EQUAL_VALUE",
	"STARTSWITH", "ENDSWITH",
	"IN", "NOT_IN",
	"KEY_IN_VALUE", "KEY_NOT_IN_VALUE", "VALUE_IN_KEY", "VALUE_NOT_IN_KEY",
	"ALL_IN_VALUE", "ANY_IN_VALUE", "NONE_IN_VALUE",
	"SCHEDULE_BETWEEN_TIME_RANGE", "SCHEDULE_BETWEEN_DATETIME_RANGE", "SCHEDULE_BETWEEN_DAYS_OF_WEEK",
	"MODULO_RANGE",
}

// scheduleKeys are the context keys the schedule actions require.
var scheduleKeys = map[string]string{
	"SCHEDULE_BETWEEN_TIME_RANGE":     "CURRENT_TIME",
	"SCHEDULE_BETWEEN_DATETIME_RANGE": "CURRENT_DATETIME",
	"SCHEDULE_BETWEEN_DAYS_OF_WEEK":   "CURRENT_DAY_OF_WEEK",
}

var weekDays = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}

// timeOfDay is a whole HH:MM time on a 24-hour clock.
var timeOfDay = regexp.MustCompile(`^(2[0-3]|[01]\d):[0-5]\d$`)

// flagProblem is one place where a document breaks the schema: the flag
// ("" for the document itself), where in it, what is wrong and the fix.
type flagProblem struct {
	Flag  string
	Where string // e.g. `rule "beta users": condition 1`
	Rule  string
	Fix   string
}

func (p flagProblem) String() string {
	var b strings.Builder
	if p.Flag != "" {
		fmt.Fprintf(&b, "flag %q: ", p.Flag)
	}
	if p.Where != "" {
		b.WriteString(p.Where + ": ")
	}
	b.WriteString(p.Rule)
	return b.String()
}

// checkFeatureFlags returns every problem of a feature flags document, in
// the order of the document's flags (sorted by name), or nil.
func checkFeatureFlags(data []byte) []flagProblem {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return []flagProblem{{Rule: "is not valid JSON: " + err.Error(), Fix: "correct the JSON (a linter or `python3 -m json.tool FILE` shows where)"}}
	}
	if dec.More() {
		return []flagProblem{{Rule: "holds more than one JSON value", Fix: "keep one object of flags"}}
	}
	flags, ok := doc.(map[string]any)
	if !ok {
		return []flagProblem{{Rule: fmt.Sprintf("is a JSON %s, and Powertools reads an object of flags", jsonKind(doc)),
			Fix: `write an object: {"my_flag": {"default": false}}`}}
	}
	var ps []flagProblem
	for _, name := range sortedKeys(flags) {
		ps = append(ps, checkFlag(name, flags[name])...)
	}
	return ps
}

func checkFlag(name string, v any) []flagProblem {
	var ps []flagProblem
	add := func(where, rule, fix string) { ps = append(ps, flagProblem{name, where, rule, fix}) }
	flag, ok := v.(map[string]any)
	if !ok || len(flag) == 0 {
		add("", "must be a non-empty object", `write {"default": false}, with "rules" if it has any`)
		return ps
	}
	boolean := true
	if bt, present := flag[flagBooleanTypeKey]; present {
		if b, ok := bt.(bool); ok {
			boolean = b
		} else {
			add("", fmt.Sprintf("%q is %s, not true or false", flagBooleanTypeKey, describeJSON(bt)), `write "boolean_type": false for a flag of any JSON value, or remove it`)
		}
	}
	switch def, present := flag[flagDefaultKey]; {
	case !present || def == nil:
		add("", `has no "default" value`, `add "default": false (or the value a non-boolean flag returns when no rule matches)`)
	case boolean:
		if _, ok := def.(bool); !ok {
			add("", fmt.Sprintf(`"default" is %s, and a boolean flag's default is true or false`, describeJSON(def)),
				`write "default": true or false, or set "boolean_type": false for a flag of any JSON value`)
		}
	}
	for _, p := range misspeltKeys(flag, flagDefaultKey, flagBooleanTypeKey, flagRulesKey) {
		add("", p.Rule, p.Fix)
	}
	rulesValue, present := flag[flagRulesKey]
	if !present || isEmptyJSON(rulesValue) {
		return ps
	}
	rules, ok := rulesValue.(map[string]any)
	if !ok {
		add("", fmt.Sprintf(`"rules" is %s, and must be an object of named rules`, describeJSON(rulesValue)), `write "rules": {"rule name": {"when_match": true, "conditions": [...]}}`)
		return ps
	}
	for _, ruleName := range sortedKeys(rules) {
		where := fmt.Sprintf("rule %q", ruleName)
		if ruleName == "" {
			add(where, "has an empty name", "name the rule after what it matches")
		}
		rule, ok := rules[ruleName].(map[string]any)
		if !ok || len(rule) == 0 {
			add(where, "must be a non-empty object", `write {"when_match": true, "conditions": [{"action": "EQUALS", "key": "tenant_id", "value": "t1"}]}`)
			continue
		}
		for _, p := range misspeltKeys(rule, ruleMatchKey, ruleConditionsKey) {
			add(where, p.Rule, p.Fix)
		}
		if match, present := rule[ruleMatchKey]; !present {
			if boolean {
				add(where, `has no "when_match", the flag's value when the rule matches`, `write "when_match": true or false`)
			}
		} else if _, ok := match.(bool); boolean && !ok {
			add(where, fmt.Sprintf(`"when_match" is %s, and a boolean flag's rule returns true or false`, describeJSON(match)),
				`write "when_match": true or false, or set the flag's "boolean_type": false`)
		}
		conditions, ok := rule[ruleConditionsKey].([]any)
		if !ok || len(conditions) == 0 {
			add(where, `needs "conditions", a non-empty list`, `write "conditions": [{"action": "EQUALS", "key": "tenant_id", "value": "t1"}]`)
			continue
		}
		for i, c := range conditions {
			for _, p := range checkCondition(c) {
				p.Flag = name
				p.Where = fmt.Sprintf("%s: condition %d", where, i+1)
				ps = append(ps, p)
			}
		}
	}
	return ps
}

func checkCondition(v any) []flagProblem {
	var ps []flagProblem
	add := func(rule, fix string) { ps = append(ps, flagProblem{Rule: rule, Fix: fix}) }
	c, ok := v.(map[string]any)
	if !ok || len(c) == 0 {
		add("must be a non-empty object", `write {"action": "EQUALS", "key": "tenant_id", "value": "t1"}`)
		return ps
	}
	for _, p := range misspeltKeys(c, conditionActionKey, conditionKeyKey, conditionValueKey) {
		add(p.Rule, p.Fix)
	}
	action, _ := c[conditionActionKey].(string)
	switch {
	case c[conditionActionKey] == nil:
		add(`has no "action"`, "add one of "+strings.Join(FeatureFlagActions, ", "))
		return ps
	case !slices.Contains(FeatureFlagActions, action):
		fix := "use one of " + strings.Join(FeatureFlagActions, ", ")
		if s := suggest(action, FeatureFlagActions); s != "" {
			fix = fmt.Sprintf("did you mean %s? (the actions: %s)", s, strings.Join(FeatureFlagActions, ", "))
		}
		add(fmt.Sprintf("action %s is not a Powertools feature flags action", describeJSON(c[conditionActionKey])), fix)
		return ps
	}
	key, _ := c[conditionKeyKey].(string)
	if key == "" {
		add(fmt.Sprintf(`"key" is %s, and must be a non-empty string`, describeJSON(c[conditionKeyKey])), `name the context key the handler passes to evaluate(context=...), e.g. "tenant_id"`)
	} else if want, ok := scheduleKeys[action]; ok && key != want {
		add(fmt.Sprintf("%s reads the key %s, not %q", action, want, key), fmt.Sprintf(`write "key": %q`, want))
	}
	value, present := c[conditionValueKey]
	if !present || value == nil {
		add(`has no "value"`, "give the value the context key is compared with")
		return ps
	}
	switch action {
	case "ALL_IN_VALUE", "ANY_IN_VALUE", "NONE_IN_VALUE":
		if _, ok := value.([]any); !ok {
			add(fmt.Sprintf("%s compares with a list, and the value is %s", action, describeJSON(value)), `write "value": ["a", "b"]`)
		}
	case "MODULO_RANGE":
		checkModulo(value, add)
	case "SCHEDULE_BETWEEN_TIME_RANGE":
		checkRange(value, action, "HH:MM on a 24-hour clock, e.g. \"09:00\"", func(s string) bool { return timeOfDay.MatchString(s) }, add)
	case "SCHEDULE_BETWEEN_DATETIME_RANGE":
		checkRange(value, action, "an ISO 8601 date and time without a zone, e.g. \"2026-12-24T18:00:00\" (the zone goes in TIMEZONE)", isLocalDateTime, add)
	case "SCHEDULE_BETWEEN_DAYS_OF_WEEK":
		m, ok := value.(map[string]any)
		days, listOK := m["DAYS"].([]any)
		if !ok || len(m) == 0 || !listOK {
			add(fmt.Sprintf("%s needs an object with a DAYS list (and an optional TIMEZONE), and the value is %s", action, describeJSON(value)),
				`write "value": {"DAYS": ["MONDAY", "FRIDAY"], "TIMEZONE": "Europe/Paris"}`)
			break
		}
		for _, d := range days {
			if s, ok := d.(string); !ok || !slices.Contains(weekDays, s) {
				add(fmt.Sprintf("DAYS holds %s, which is not a day of the week", describeJSON(d)), "use "+strings.Join(weekDays, ", "))
			}
		}
		checkTimezone(m, add)
	}
	return ps
}

func checkModulo(value any, add func(rule, fix string)) {
	const fix = `write "value": {"BASE": 100, "START": 0, "END": 9} (0 <= START <= END <= BASE-1)`
	m, ok := value.(map[string]any)
	if !ok {
		add("MODULO_RANGE needs an object with BASE, START and END, and the value is "+describeJSON(value), fix)
		return
	}
	ints := map[string]int64{}
	for _, k := range []string{"BASE", "START", "END"} {
		n, ok := m[k].(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			add(fmt.Sprintf("MODULO_RANGE's %s is %s, and must be an integer", k, describeJSON(m[k])), fix)
			return
		}
		ints[k] = i
	}
	if !(0 <= ints["START"] && ints["START"] <= ints["END"] && ints["END"] <= ints["BASE"]-1) {
		add(fmt.Sprintf("MODULO_RANGE needs 0 <= START <= END <= BASE-1, and has BASE %d, START %d, END %d", ints["BASE"], ints["START"], ints["END"]), fix)
	}
}

func checkRange(value any, action, form string, valid func(string) bool, add func(rule, fix string)) {
	m, ok := value.(map[string]any)
	if !ok {
		add(fmt.Sprintf("%s needs an object with START and END, and the value is %s", action, describeJSON(value)), "write START and END as "+form)
		return
	}
	for _, k := range []string{"START", "END"} {
		s, ok := m[k].(string)
		switch {
		case !ok:
			add(fmt.Sprintf("%s's %s is %s, and must be a string", action, k, describeJSON(m[k])), "write it as "+form)
		case action == "SCHEDULE_BETWEEN_DATETIME_RANGE" && hasZone(s):
			add(fmt.Sprintf("%s's %s %q carries a time zone", action, k, s), `remove the zone and set "TIMEZONE" (so that daylight saving time applies)`)
		case !valid(s):
			add(fmt.Sprintf("%s's %s %q is not %s", action, k, s, strings.SplitN(form, ", e.g.", 2)[0]), "write it as "+form)
		}
	}
	checkTimezone(m, add)
}

func checkTimezone(m map[string]any, add func(rule, fix string)) {
	v, present := m["TIMEZONE"]
	if !present || v == nil || v == "" {
		return // UTC
	}
	s, ok := v.(string)
	if !ok {
		add("TIMEZONE is "+describeJSON(v)+", and must be a string", `write an IANA time zone, e.g. "Europe/Paris"`)
		return
	}
	if _, err := time.LoadLocation(s); err != nil || s == "Local" {
		add(fmt.Sprintf("TIMEZONE %q is not an IANA time zone", s), `write one such as "Europe/Paris" or "America/New_York"`)
	}
}

// localDateTimes are the ISO 8601 forms Python's datetime.fromisoformat
// reads, without a zone.
var localDateTimes = []string{
	"2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999",
}

var zoneSuffix = regexp.MustCompile(`(Z|[+-]\d\d:?\d\d)$`)

func hasZone(s string) bool { return len(s) > 10 && zoneSuffix.MatchString(s) }

func isLocalDateTime(s string) bool {
	for _, layout := range localDateTimes {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// misspeltKeys reports the keys of m that Powertools would ignore and
// that look like one of the known keys it reads: a misspelt "rules" would
// silently turn every rule off.
func misspeltKeys(m map[string]any, known ...string) []flagProblem {
	var ps []flagProblem
	for _, k := range sortedKeys(m) {
		if slices.Contains(known, k) {
			continue
		}
		if s := suggest(k, known); s != "" {
			ps = append(ps, flagProblem{Rule: fmt.Sprintf("has the key %q, which Powertools ignores", k), Fix: fmt.Sprintf("did you mean %q?", s)})
		}
	}
	return ps
}

// suggest returns the candidate closest to s, when one is close enough to
// be a typo (case ignored), or "".
func suggest(s string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToUpper(s), strings.ToUpper(c))
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" && bestDist <= max(2, len(best)/4) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isEmptyJSON reports whether Python would find v falsy as a container:
// null, {} or [].
func isEmptyJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "list"
	}
	return "object"
}

// describeJSON renders a value for a message: absent, or its JSON.
func describeJSON(v any) string {
	if v == nil {
		return "missing (or null)"
	}
	data, err := json.Marshal(v)
	if err != nil || len(data) > 60 {
		return "a " + jsonKind(v)
	}
	return string(data)
}
