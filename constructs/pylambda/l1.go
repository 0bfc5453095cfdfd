package pylambda

import (
	"fmt"

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
	props := renderProperties(awscdk.Stack_Of(fn), cfn)
	var s functionState
	str := func(v any) string { x, _ := v.(string); return x }
	num := func(v any) float64 { x, _ := v.(float64); return x }
	field := func(v any, key string) any { m, _ := v.(map[string]any); return m[key] }
	s.environment, _ = field(props["environment"], "variables").(map[string]any)
	s.layers, _ = props["layers"].([]any)
	s.architectures, _ = props["architectures"].([]any)
	s.tracing = str(field(props["tracingConfig"], "mode"))
	s.vpc = props["vpcConfig"] != nil
	s.deadLetter = field(props["deadLetterConfig"], "targetArn") != nil
	s.ephemeralMB = num(field(props["ephemeralStorage"], "size"))
	s.kmsKey = props["kmsKeyArn"] != nil
	s.runtimeMgmt = str(field(props["runtimeManagementConfig"], "updateRuntimeOn"))
	s.packageType = str(props["packageType"])
	s.memory = num(props["memorySize"])
	s.timeout = num(props["timeout"])
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

// renderProperties returns cfn's properties as the template will hold them
// (camelCase keys, tokens resolved), in one call into the kernel: the L1's
// property map keeps the L2's lazy values, which its typed getters lose.
func renderProperties(stack awscdk.Stack, cfn awslambda.CfnFunction) map[string]any {
	props, _ := resolveMap(stack, *cfn.CfnProperties())
	return props
}

// resolveMap resolves a property map, or returns the error the CDK raised.
func resolveMap(stack awscdk.Stack, m map[string]any) (out map[string]any, cdkErr string) {
	defer func() {
		if r := recover(); r != nil {
			cdkErr = fmt.Sprint(r)
		}
	}()
	out, _ = unwrapMaps(stack.Resolve(m)).(map[string]any)
	return out, ""
}

// unwrapMaps removes the "$jsii.map" wrappers that Go maps set with the
// L1's setters keep in the property map.
func unwrapMaps(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if inner, ok := x["$jsii.map"]; ok && len(x) == 1 {
			return unwrapMaps(inner)
		}
		for k, e := range x {
			x[k] = unwrapMaps(e)
		}
	case []any:
		for i, e := range x {
			x[i] = unwrapMaps(e)
		}
	}
	return v
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
