package pylambda

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The feature flags schema, as Powertools' SchemaValidator reads it: valid
// documents pass, every broken one fails with the flag, the place, the
// rule and a fix.
var validFlagDocs = map[string]string{
	"empty document":        `{}`,
	"boolean flag":          `{"premium": {"default": false}}`,
	"empty rules":           `{"premium": {"default": false, "rules": {}}}`,
	"null rules":            `{"premium": {"default": false, "rules": null}}`,
	"non-boolean flag":      `{"tiers": {"default": {"group": "read-only"}, "boolean_type": false, "rules": {"admins": {"when_match": {"group": "admin"}, "conditions": [{"action": "EQUALS", "key": "role", "value": "admin"}]}}}}`,
	"non-boolean, no match": `{"tiers": {"default": ["a"], "boolean_type": false, "rules": {"r": {"conditions": [{"action": "EQUALS", "key": "k", "value": 1}]}}}}`,
	"every plain action": `{"f": {"default": false, "rules": {"r": {"when_match": true, "conditions": [
			{"action": "EQUALS", "key": "k", "value": "v"}, {"action": "NOT_EQUALS", "key": "k", "value": "v"},
			{"action": "KEY_GREATER_THAN_VALUE", "key": "k", "value": 1}, {"action": "KEY_GREATER_THAN_OR_EQUAL_VALUE", "key": "k", "value": 1},
			{"action": "KEY_LESS_THAN_VALUE", "key": "k", "value": 1}, {"action": "KEY_LESS_THAN_OR_EQUAL_VALUE", "key": "k", "value": 1},
			{"action": "STARTSWITH", "key": "k", "value": "v"}, {"action": "ENDSWITH", "key": "k", "value": "v"},
			{"action": "IN", "key": "k", "value": ["v"]}, {"action": "NOT_IN", "key": "k", "value": ["v"]},
			{"action": "KEY_IN_VALUE", "key": "k", "value": ["v"]}, {"action": "KEY_NOT_IN_VALUE", "key": "k", "value": ["v"]},
			{"action": "VALUE_IN_KEY", "key": "k", "value": "v"}, {"action": "VALUE_NOT_IN_KEY", "key": "k", "value": "v"},
			{"action": "ALL_IN_VALUE", "key": "k", "value": ["v"]}, {"action": "ANY_IN_VALUE", "key": "k", "value": []},
			{"action": "NONE_IN_VALUE", "key": "k", "value": ["v"]}]}}}}`,
	"schedules": `{"f": {"default": false, "rules": {"r": {"when_match": true, "conditions": [
			{"action": "SCHEDULE_BETWEEN_TIME_RANGE", "key": "CURRENT_TIME", "value": {"START": "09:00", "END": "17:30", "TIMEZONE": "Europe/Paris"}},
			{"action": "SCHEDULE_BETWEEN_DATETIME_RANGE", "key": "CURRENT_DATETIME", "value": {"START": "2026-12-24T18:00:00", "END": "2026-12-26"}},
			{"action": "SCHEDULE_BETWEEN_DAYS_OF_WEEK", "key": "CURRENT_DAY_OF_WEEK", "value": {"DAYS": ["SATURDAY", "SUNDAY"], "TIMEZONE": "America/New_York"}}]}}}}`,
	"modulo range": `{"f": {"default": false, "rules": {"r": {"when_match": true, "conditions": [{"action": "MODULO_RANGE", "key": "user_id", "value": {"BASE": 100, "START": 0, "END": 99}}]}}}}`,
}

func flagDoc(flagJSON string) string { return `{"premium": ` + flagJSON + `}` }

func conditionDoc(c string) string {
	return flagDoc(`{"default": false, "rules": {"beta users": {"when_match": true, "conditions": [` + c + `]}}}`)
}

// stricterThanPowertools are the invalid documents Powertools itself
// accepts: a misspelt key it silently ignores.
var stricterThanPowertools = []string{"misspelt rules"}

var invalidFlagDocs = map[string]struct {
	doc  string
	want []string // fragments of the problem, then of its fix
}{
	"not JSON":              {`{"premium": `, []string{"is not valid JSON", "json.tool"}},
	"a list":                {`[{"default": true}]`, []string{"is a JSON list, and Powertools reads an object of flags"}},
	"two values":            {`{} {}`, []string{"more than one JSON value"}},
	"flag not an object":    {`{"premium": true}`, []string{`flag "premium": must be a non-empty object`, `{"default": false}`}},
	"empty flag":            {`{"premium": {}}`, []string{`flag "premium": must be a non-empty object`}},
	"no default":            {flagDoc(`{"rules": {}}`), []string{`flag "premium": has no "default" value`, `"default": false`}},
	"null default":          {flagDoc(`{"default": null}`), []string{`has no "default" value`}},
	"string default":        {flagDoc(`{"default": "false"}`), []string{`flag "premium": "default" is "false", and a boolean flag's default is true or false`, `"boolean_type": false`}},
	"boolean_type a string": {flagDoc(`{"default": {}, "boolean_type": "false"}`), []string{`"boolean_type" is "false", not true or false`}},
	"misspelt rules":        {flagDoc(`{"default": false, "rule": {}}`), []string{`has the key "rule", which Powertools ignores`, `did you mean "rules"?`}},
	"rules a list":          {flagDoc(`{"default": false, "rules": [{"when_match": true}]}`), []string{`"rules" is [{"when_match":true}], and must be an object of named rules`}},
	"rule not an object":    {flagDoc(`{"default": false, "rules": {"beta users": true}}`), []string{`flag "premium": rule "beta users": must be a non-empty object`}},
	"rule without when_match": {flagDoc(`{"default": false, "rules": {"beta users": {"conditions": [{"action": "EQUALS", "key": "k", "value": 1}]}}}`),
		[]string{`rule "beta users": has no "when_match"`, `"when_match": true or false`}},
	"when_match not boolean": {flagDoc(`{"default": false, "rules": {"beta users": {"when_match": "yes", "conditions": [{"action": "EQUALS", "key": "k", "value": 1}]}}}`),
		[]string{`"when_match" is "yes"`}},
	"no conditions":    {flagDoc(`{"default": false, "rules": {"beta users": {"when_match": true}}}`), []string{`rule "beta users": needs "conditions", a non-empty list`}},
	"empty conditions": {flagDoc(`{"default": false, "rules": {"beta users": {"when_match": true, "conditions": []}}}`), []string{`needs "conditions"`}},
	"misspelt conditions": {flagDoc(`{"default": false, "rules": {"beta users": {"when_match": true, "condition": [{"action": "EQUALS", "key": "k", "value": 1}]}}}`),
		[]string{`has the key "condition", which Powertools ignores`, `did you mean "conditions"?`}},
	"unknown action": {conditionDoc(`{"action": "EQUAL", "key": "tier", "value": "premium"}`),
		[]string{`flag "premium": rule "beta users": condition 1: action "EQUAL" is not a Powertools feature flags action`, "did you mean EQUALS?"}},
	"lower-case action":    {conditionDoc(`{"action": "equals", "key": "tier", "value": "premium"}`), []string{`action "equals" is not`, "did you mean EQUALS?"}},
	"far-off action":       {conditionDoc(`{"action": "MATCHES_REGEX", "key": "tier", "value": "p.*"}`), []string{`action "MATCHES_REGEX" is not`, "use one of EQUALS, NOT_EQUALS"}},
	"no action":            {conditionDoc(`{"key": "tier", "value": "premium"}`), []string{`condition 1: has no "action"`}},
	"condition not object": {conditionDoc(`"tier == premium"`), []string{"condition 1: must be a non-empty object"}},
	"empty key":            {conditionDoc(`{"action": "EQUALS", "key": "", "value": "premium"}`), []string{`"key" is "", and must be a non-empty string`}},
	"null value":           {conditionDoc(`{"action": "EQUALS", "key": "tier", "value": null}`), []string{`has no "value"`}},
	"ANY_IN_VALUE scalar":  {conditionDoc(`{"action": "ANY_IN_VALUE", "key": "tags", "value": "a"}`), []string{`ANY_IN_VALUE compares with a list, and the value is "a"`}},
	"time range key":       {conditionDoc(`{"action": "SCHEDULE_BETWEEN_TIME_RANGE", "key": "hour", "value": {"START": "09:00", "END": "17:00"}}`), []string{`reads the key CURRENT_TIME, not "hour"`}},
	"time range value":     {conditionDoc(`{"action": "SCHEDULE_BETWEEN_TIME_RANGE", "key": "CURRENT_TIME", "value": {"START": "9am", "END": "25:00"}}`), []string{`START "9am" is not HH:MM`, `END "25:00" is not HH:MM`}},
	"datetime with zone": {conditionDoc(`{"action": "SCHEDULE_BETWEEN_DATETIME_RANGE", "key": "CURRENT_DATETIME", "value": {"START": "2026-12-24T18:00:00Z", "END": "2026-12-26T00:00:00"}}`),
		[]string{`START "2026-12-24T18:00:00Z" carries a time zone`, `"TIMEZONE"`}},
	"datetime not ISO": {conditionDoc(`{"action": "SCHEDULE_BETWEEN_DATETIME_RANGE", "key": "CURRENT_DATETIME", "value": {"START": "24/12/2026", "END": "2026-12-26"}}`),
		[]string{`START "24/12/2026" is not an ISO 8601 date and time`}},
	"bad day": {conditionDoc(`{"action": "SCHEDULE_BETWEEN_DAYS_OF_WEEK", "key": "CURRENT_DAY_OF_WEEK", "value": {"DAYS": ["MONDAY", "Funday"]}}`),
		[]string{`DAYS holds "Funday", which is not a day of the week`}},
	"days missing": {conditionDoc(`{"action": "SCHEDULE_BETWEEN_DAYS_OF_WEEK", "key": "CURRENT_DAY_OF_WEEK", "value": {"TIMEZONE": "UTC"}}`), []string{"needs an object with a DAYS list"}},
	"bad timezone": {conditionDoc(`{"action": "SCHEDULE_BETWEEN_TIME_RANGE", "key": "CURRENT_TIME", "value": {"START": "09:00", "END": "17:00", "TIMEZONE": "Mars/Olympus"}}`),
		[]string{`TIMEZONE "Mars/Olympus" is not an IANA time zone`}},
	"modulo order":     {conditionDoc(`{"action": "MODULO_RANGE", "key": "id", "value": {"BASE": 10, "START": 5, "END": 10}}`), []string{"0 <= START <= END <= BASE-1", "BASE 10, START 5, END 10"}},
	"modulo not whole": {conditionDoc(`{"action": "MODULO_RANGE", "key": "id", "value": {"BASE": 10.5, "START": 0, "END": 1}}`), []string{"MODULO_RANGE's BASE is 10.5, and must be an integer"}},
}

func TestCheckFeatureFlags(t *testing.T) {
	for name, doc := range validFlagDocs {
		t.Run("valid/"+name, func(t *testing.T) {
			if ps := checkFeatureFlags([]byte(doc)); len(ps) != 0 {
				t.Errorf("problems in a valid document: %v", ps)
			}
		})
	}
	for name, tc := range invalidFlagDocs {
		t.Run("invalid/"+name, func(t *testing.T) {
			ps := checkFeatureFlags([]byte(tc.doc))
			if len(ps) == 0 {
				t.Fatal("the document passed")
			}
			var all []string
			for _, p := range ps {
				if p.Fix == "" {
					t.Errorf("problem without a fix: %s", p)
				}
				all = append(all, p.String()+"; "+p.Fix)
			}
			text := strings.Join(all, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("problems lack %q:\n%s", w, text)
				}
			}
		})
	}
}

// Every problem of a document is reported, each under its own flag.
func TestCheckFeatureFlagsReportsAll(t *testing.T) {
	ps := checkFeatureFlags([]byte(`{
		"a": {"default": "x"},
		"b": {"default": true, "rules": {"r": {"when_match": true, "conditions": [{"action": "NOPE", "key": "k", "value": 1}, {"action": "EQUALS", "key": "", "value": 1}]}}}
	}`))
	var flags []string
	for _, p := range ps {
		flags = append(flags, p.Flag+"|"+p.Where)
	}
	want := []string{"a|", `b|rule "r": condition 1`, `b|rule "r": condition 2`}
	if strings.Join(flags, ",") != strings.Join(want, ",") {
		t.Errorf("problems at %v, want %v", flags, want)
	}
}

// Powertools' own list of actions, as its RuleAction enum holds it.
func TestFeatureFlagActions(t *testing.T) {
	if len(FeatureFlagActions) != 21 {
		t.Errorf("%d actions, want the 21 of Powertools' RuleAction", len(FeatureFlagActions))
	}
}

// Every document the table calls valid passes the real Powertools
// SchemaValidator, and every invalid one fails it (but the few where
// pylambda is deliberately stricter): the Go checker is Powertools' schema.
// It runs where make test-python has installed Powertools.
func TestCheckFeatureFlagsAgreesWithPowertools(t *testing.T) {
	python := ""
	for _, py := range []string{os.Getenv("PYLAMBDA_POWERTOOLS_PYTHON"), ProjectPath(".venv-test/bin/python")} {
		if py != "" && exec.Command(py, "-c", "import aws_lambda_powertools").Run() == nil {
			python = py
			break
		}
	}
	if python == "" {
		if os.Getenv("PYLAMBDA_REQUIRE_POWERTOOLS") != "" {
			t.Fatal("no Python with aws-lambda-powertools: run make test-python first")
		}
		t.Skip("no Python with aws-lambda-powertools (make test-python installs it from PYLAMBDA_WHEELS)")
	}
	names, docs := []string{}, []string{}
	for name, doc := range validFlagDocs {
		names, docs = append(names, "valid/"+name), append(docs, doc)
	}
	for name, tc := range invalidFlagDocs {
		names, docs = append(names, "invalid/"+name), append(docs, tc.doc)
	}
	input, _ := json.Marshal(docs)
	cmd := exec.Command(python, "-c", `
import json, sys
from aws_lambda_powertools.utilities.feature_flags.schema import SchemaValidator
results = []
for doc in json.load(sys.stdin):
    try:
        SchemaValidator(json.loads(doc)).validate()
        results.append(True)
    except Exception:
        results.append(False)
json.dump(results, sys.stdout)
`)
	cmd.Stdin = bytes.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("Powertools' validator did not run: %v", err)
	}
	var accepted []bool
	if err := json.Unmarshal(out, &accepted); err != nil || len(accepted) != len(docs) {
		t.Fatalf("Powertools' validator answered %q", out)
	}
	for i, name := range names {
		valid := strings.HasPrefix(name, "valid/")
		if slices.Contains(stricterThanPowertools, strings.TrimPrefix(name, "invalid/")) {
			valid = true // Powertools accepts what pylambda refuses here
		}
		if accepted[i] != valid {
			t.Errorf("%s: Powertools accepts it: %v, pylambda's table says valid: %v", name, accepted[i], valid)
		}
	}
}
