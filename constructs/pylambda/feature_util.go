package pylambda

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
)

// checkSettingKeys refuses the caller's environment variables that a
// feature (property) sets itself: the feature's value would silently win.
func checkSettingKeys(r *report, s *functionSpec, property string, keys ...string) {
	for _, k := range keys {
		if slices.Contains(s.envKeys, k) {
			r.add("Environment["+k+"]", "is set by "+property+", which gives the function its value", "remove it from Environment; read it in the handler as it is")
		}
	}
}

// cfnPropertiesOf returns the properties of c's CloudFormation resource (c
// itself or its default child) as the template will hold them (camelCase
// keys, tokens resolved), and whether c has one this app defines: an
// imported resource has none, and nothing about it can be read at synth.
func cfnPropertiesOf(c constructs.IConstruct) (map[string]any, bool) {
	res, ok := c.(awscdk.CfnResource)
	if !ok {
		if child := c.Node().DefaultChild(); child != nil {
			res, ok = child.(awscdk.CfnResource)
		}
	}
	if !ok {
		return nil, false
	}
	props, cdkErr := resolveMap(awscdk.Stack_Of(res), *res.CfnProperties())
	if cdkErr != "" || props == nil {
		return nil, false
	}
	return props, true
}

// propAt reads a nested value of a resolved property map.
func propAt(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// propNumber reads a resolved number (nil when absent or not a number).
func propNumber(v any) *float64 {
	if x, ok := v.(float64); ok {
		return &x
	}
	return nil
}
