package pylambda

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// ParametersOptions grant the Powertools Parameters utility read access to
// what the function reads, and nothing else: no "*" resource. How long it
// caches a value is Powertools.ParametersMaxAge
// (POWERTOOLS_PARAMETERS_MAX_AGE).
type ParametersOptions struct {
	// SSMParameters are SSM Parameter Store names the function reads:
	// a parameter ("/orders/api-url", or "api-url" outside a hierarchy:
	// get_parameter, get_parameters_by_name), or every parameter under a
	// path, written with a trailing slash ("/orders/config/": get_parameters,
	// and the parameters below it by name). Public parameters under
	// "/aws/service/" are read from the region's public store. Names must be
	// plain strings: pylambda scopes the permission by them.
	SSMParameters []string
	// Secrets are Secrets Manager secrets the function reads (get_secret):
	// secretsmanager:GetSecretValue and DescribeSecret, and decryption with
	// the secret's customer managed key, as the secret's GrantRead writes
	// them.
	Secrets []awssecretsmanager.ISecret
	// AppConfig are AppConfig configurations the function reads
	// (get_app_config): appconfig:StartConfigurationSession and
	// GetLatestConfiguration on exactly these.
	AppConfig []AppConfigConfiguration
	// DecryptionKeys are customer managed KMS keys the function decrypts
	// with (kms:Decrypt): the keys of SecureString parameters
	// (get_parameter(..., decrypt=True)) and of AppConfig configurations. A
	// secret's key comes with the secret.
	DecryptionKeys []awskms.IKey
}

// AppConfigConfiguration names one AppConfig configuration by the IDs IAM
// scopes permissions with (names do not appear in ARNs): 4 to 7 lower-case
// letters and digits, or tokens such as CfnApplication.Ref().
type AppConfigConfiguration struct {
	ApplicationID string
	EnvironmentID string
	ProfileID     string
}

// parameters is the Parameters feature, read from the props.
type parameters struct {
	opts         ParametersOptions
	nilSecrets   []int
	nilKeys      []int
	names, paths []string // SSM names and path prefixes (trailing slash removed), valid ones
}

func readParameters(p *FunctionProps) feature {
	x := &parameters{opts: *p.Parameters}
	for i, s := range x.opts.Secrets {
		if s == nil {
			x.nilSecrets = append(x.nilSecrets, i)
		}
	}
	for i, k := range x.opts.DecryptionKeys {
		if k == nil {
			x.nilKeys = append(x.nilKeys, i)
		}
	}
	return x
}

// SSM Parameter Store's naming rules (PutParameter, "Naming Constraints").
var ssmNameChars = regexp.MustCompile(`^[A-Za-z0-9_.\-/]+$`)

const (
	maxSSMNameLength = 1011
	maxSSMDepth      = 15
)

// appConfigID is the form of AppConfig's IDs (AppConfig API reference).
var appConfigID = regexp.MustCompile(`^[a-z0-9]{4,7}$`)

func (x *parameters) check(s *functionSpec, r *report) {
	o := x.opts
	if len(o.SSMParameters)+len(o.Secrets)+len(o.AppConfig)+len(o.DecryptionKeys) == 0 {
		r.add("Parameters", "names nothing to read", "list SSMParameters, Secrets or AppConfig, or remove Parameters")
	}
	for i, name := range o.SSMParameters {
		prop := fmt.Sprintf("Parameters.SSMParameters[%d]", i)
		if rule, fix := checkSSMName(name); rule != "" {
			r.add(prop, rule, fix)
			continue
		}
		if path, ok := strings.CutSuffix(name, "/"); ok {
			if !slices.Contains(x.paths, path) {
				x.paths = append(x.paths, path)
			}
		} else if !slices.Contains(x.names, name) {
			x.names = append(x.names, name)
		}
	}
	for _, i := range x.nilSecrets {
		r.add(fmt.Sprintf("Parameters.Secrets[%d]", i), "is nil", "pass the secret the function reads, e.g. awssecretsmanager.Secret_FromSecretNameV2(...)")
	}
	for _, i := range x.nilKeys {
		r.add(fmt.Sprintf("Parameters.DecryptionKeys[%d]", i), "is nil", "pass the key, e.g. awskms.Key_FromKeyArn(...)")
	}
	for i, c := range o.AppConfig {
		prop := fmt.Sprintf("Parameters.AppConfig[%d]", i)
		for _, id := range []struct{ field, v string }{{"ApplicationID", c.ApplicationID}, {"EnvironmentID", c.EnvironmentID}, {"ProfileID", c.ProfileID}} {
			switch {
			case id.v == "":
				r.add(prop+"."+id.field, "is required", "give the ID (e.g. the CfnApplication's Ref(), or the 7 characters the console shows)")
			case !stackinfo.IsToken(id.v) && !appConfigID.MatchString(id.v):
				r.add(prop+"."+id.field, fmt.Sprintf("%q is not an AppConfig ID (4 to 7 lower-case letters and digits): IAM scopes AppConfig permissions by IDs, never names", id.v),
					"give the ID, not the name (aws appconfig list-applications shows both)")
			}
		}
	}
}

// checkSSMName checks a parameter name or path prefix as SSM checks
// names, and returns the rule it breaks and its fix ("" when none).
func checkSSMName(name string) (rule, fix string) {
	segments := strings.Split(strings.Trim(name, "/"), "/")
	switch {
	case name == "":
		return "is empty", "give the parameter's name, e.g. \"/orders/api-url\""
	case stackinfo.IsToken(name):
		return "is a token: pylambda scopes the permission by the name, which must be known at synth",
			"write the name as a string, or grant the parameter yourself (param.GrantRead(fn))"
	case name == "/":
		return "\"/\" is every parameter of the account and region", "name the path the function reads, e.g. \"/orders/\""
	case len(name) > maxSSMNameLength:
		return fmt.Sprintf("is %d characters long, more than the %d SSM allows in a name", len(name), maxSSMNameLength), "shorten it"
	case !ssmNameChars.MatchString(name):
		return fmt.Sprintf("%q has characters SSM does not allow in a name (only letters, digits, _ . - and /)", name), "remove them"
	case strings.Contains(name, "/") && !strings.HasPrefix(name, "/"):
		return fmt.Sprintf("%q is in a hierarchy without its leading slash", name), "write it fully qualified: \"/" + name + "\""
	case strings.Contains(name, "//"):
		return fmt.Sprintf("%q has an empty level (//)", name), "remove the extra slash"
	case len(segments) > maxSSMDepth:
		return fmt.Sprintf("%q is %d levels deep; SSM hierarchies have at most %d", name, len(segments), maxSSMDepth), "use a shallower name"
	case !strings.HasPrefix(name, "/") && (strings.HasPrefix(strings.ToLower(name), "aws") || strings.HasPrefix(strings.ToLower(name), "ssm")):
		return fmt.Sprintf("%q starts with %q, which SSM reserves: no such parameter can exist", name, name[:3]), "check the name"
	}
	return "", ""
}

func (x *parameters) configure(*functionBuild) {}

// attach writes the permissions: SSM and AppConfig reads and key use in
// the function's "ParametersPolicy", secrets through their own grants.
func (x *parameters) attach(b *functionBuild) {
	stack := awscdk.Stack_Of(b.node)
	arn := func(name string) *string {
		c := &awscdk.ArnComponents{Service: jsii.String("ssm"), Resource: jsii.String("parameter"),
			ResourceName: jsii.String(strings.TrimPrefix(name, "/")), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME}
		if strings.HasPrefix(name, "/aws/") {
			c.Account = jsii.String("") // public parameters belong to no account
		}
		return stack.FormatArn(c)
	}
	var statements []awsiam.PolicyStatement
	var wildcards []string
	if len(x.names) > 0 {
		var resources []*string
		for _, n := range x.names {
			resources = append(resources, arn(n))
		}
		statements = append(statements, statement([]string{"ssm:GetParameter", "ssm:GetParameters"}, resources))
	}
	if len(x.paths) > 0 {
		var byPath, below []*string
		for _, p := range x.paths {
			byPath = append(byPath, arn(p))
			below = append(below, arn(p+"/*"))
			wildcards = append(wildcards, `/^Resource::arn:.*:ssm:.*:parameter`+strings.ReplaceAll(regexp.QuoteMeta(p), "/", `\/`)+`\/\*$/`)
		}
		statements = append(statements,
			statement([]string{"ssm:GetParametersByPath"}, byPath),
			statement([]string{"ssm:GetParameter", "ssm:GetParameters"}, below))
	}
	if len(x.opts.AppConfig) > 0 {
		var resources []*string
		for _, c := range x.opts.AppConfig {
			resources = append(resources, appConfigArn(stack, c.ApplicationID, c.EnvironmentID, c.ProfileID))
		}
		statements = append(statements, statement([]string{"appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"}, resources))
	}
	if len(x.opts.DecryptionKeys) > 0 {
		var resources []*string
		for _, k := range x.opts.DecryptionKeys {
			resources = append(resources, k.KeyArn())
		}
		statements = append(statements, statement([]string{"kms:Decrypt"}, resources))
	}
	if len(statements) > 0 {
		policy := awsiam.NewPolicy(b.node, jsii.String("ParametersPolicy"), &awsiam.PolicyProps{
			Roles: &[]awsiam.IRole{b.out.role}, Statements: &statements,
		})
		b.out.fn.Node().AddDependency(policy)
		if len(wildcards) > 0 {
			nag.Suppress(policy, nag.Suppression{ID: nag.IAMWildcard,
				Reason:           "the function reads every parameter under the paths it names (Parameters.SSMParameters with a trailing slash); the wildcard stops at those paths",
				AppliesToPattern: wildcards})
		}
	}
	for _, s := range x.opts.Secrets {
		s.GrantRead(b.out.fn, nil)
	}
}

// statement allows actions on resources.
func statement(actions []string, resources []*string) awsiam.PolicyStatement {
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings(actions...), Resources: &resources})
}

// appConfigArn is the ARN of one configuration profile in one
// environment, what StartConfigurationSession and GetLatestConfiguration
// are authorized against.
func appConfigArn(stack awscdk.Stack, app, env, profile string) *string {
	return stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("appconfig"), Resource: jsii.String("application"),
		ResourceName: jsii.String(app + "/environment/" + env + "/configuration/" + profile), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME})
}
