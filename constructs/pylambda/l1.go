package pylambda

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
)

// functionState is a finished function as plain values, read from its L1
// (and its versions and aliases) at synth, after every later change: what
// the synth-time rules of every kind of function check.
type functionState struct {
	environment   map[string]any
	layers        []any
	architectures []any
	tracing       string
	vpc           bool
	deadLetter    bool
	ephemeralMB   float64
	kmsKey        bool
	runtimeMgmt   string
	packageType   string
	memory        float64
	timeout       float64
	provisioned   []string // paths of versions and aliases with provisioned concurrency
}

// readFunctionState reads fn's L1 and the versions and aliases below fn.
func readFunctionState(fn awslambda.Function) functionState {
	cfn := fn.Node().DefaultChild().(awslambda.CfnFunction)
	stack := awscdk.Stack_Of(fn)
	resolve := func(v any) any { return resolveValue(stack, v) }
	var s functionState
	if env, ok := resolve(cfn.Environment()).(map[string]any); ok {
		s.environment, _ = env["variables"].(map[string]any)
	}
	s.layers, _ = resolve(cfn.Layers()).([]any)
	s.architectures, _ = resolve(cfn.Architectures()).([]any)
	if t, ok := resolve(cfn.TracingConfig()).(map[string]any); ok {
		s.tracing, _ = t["mode"].(string)
	}
	s.vpc = resolve(cfn.VpcConfig()) != nil
	if d, ok := resolve(cfn.DeadLetterConfig()).(map[string]any); ok && d["targetArn"] != nil {
		s.deadLetter = true
	}
	if e, ok := resolve(cfn.EphemeralStorage()).(map[string]any); ok {
		s.ephemeralMB, _ = e["size"].(float64)
	}
	s.kmsKey = cfn.KmsKeyArn() != nil
	if r, ok := resolve(cfn.RuntimeManagementConfig()).(map[string]any); ok {
		s.runtimeMgmt, _ = r["updateRuntimeOn"].(string)
	}
	if cfn.PackageType() != nil {
		s.packageType = *cfn.PackageType()
	}
	s.memory, _ = resolve(cfn.MemorySize()).(float64)
	s.timeout, _ = resolve(cfn.Timeout()).(float64)
	for _, c := range *fn.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		switch r := c.(type) {
		case awslambda.CfnVersion:
			if r.ProvisionedConcurrencyConfig() != nil {
				s.provisioned = append(s.provisioned, *r.Node().Path())
			}
		case awslambda.CfnAlias:
			if r.ProvisionedConcurrencyConfig() != nil {
				s.provisioned = append(s.provisioned, *r.Node().Path())
			}
		}
	}
	return s
}

// resolveValue turns an L1 property into plain values: tokens and lazy
// values (what L2 methods set) through the stack, Go structs (what the L1
// setters take) through their JSON form, nil for an unset property.
func resolveValue(stack awscdk.Stack, v any) any {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
	}
	// jsii proxies (tokens, lazies) are pointers to unexported jsiiProxy_
	// structs and must go through the stack; data structs marshal as JSON.
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct && !strings.HasPrefix(rv.Elem().Type().Name(), "jsiiProxy_") {
		data, err := json.Marshal(v)
		if err != nil {
			return nil
		}
		var out any
		_ = json.Unmarshal(data, &out)
		return out
	}
	return stack.Resolve(v)
}

// stateValidation checks a finished function at synth with rules over its
// state: a construct validation, so the problems fail `cdk synth` with the
// construct's path.
type stateValidation struct {
	fn    awslambda.Function
	rules func(functionState) *report
}

// Validate implements constructs.IValidation.
func (v *stateValidation) Validate() *[]*string {
	return v.rules(readFunctionState(v.fn)).strings()
}

// validateState adds a synth-time check of fn's finished state to node.
func validateState(node constructs.Construct, fn awslambda.Function, rules func(functionState) *report) {
	node.Node().AddValidation(&stateValidation{fn: fn, rules: rules})
}
