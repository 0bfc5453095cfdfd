package pylambda

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsappconfig"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

// The settings a function with FeatureFlags gets: the names its
// AppConfigStore reads the flags by.
//
//	AppConfigStore(application=os.environ["FEATURE_FLAGS_APPLICATION"],
//	               environment=os.environ["FEATURE_FLAGS_ENVIRONMENT"],
//	               name=os.environ["FEATURE_FLAGS_PROFILE"])
const (
	FeatureFlagsApplicationSetting = "FEATURE_FLAGS_APPLICATION"
	FeatureFlagsEnvironmentSetting = "FEATURE_FLAGS_ENVIRONMENT"
	FeatureFlagsProfileSetting     = "FEATURE_FLAGS_PROFILE"
)

// Defaults of FeatureFlagsOptions.
const (
	// DefaultFeatureFlagsFile is the file of flags beside the handler.
	DefaultFeatureFlagsFile = "feature_flags.json"
	// DefaultFeatureFlagsProfile names the configuration profile.
	DefaultFeatureFlagsProfile = "features"
)

// AppConfig's limits (AppConfig API reference), and CloudFormation's for the
// template the flags are written into.
const (
	maxAppConfigName   = 64  // application and environment names
	maxProfileName     = 128 // configuration profile names
	maxFlagsFileBytes  = 1 << 20
	flagsJSONMediaType = "application/json"
)

// FeatureFlagsOptions configure the Powertools feature flags of a
// function: an AppConfig application, environment and freeform
// configuration profile, a hosted configuration version holding File, its
// deployment, appconfig:StartConfigurationSession and
// GetLatestConfiguration on exactly that profile, and the names in
// FeatureFlagsApplicationSetting, FeatureFlagsEnvironmentSetting and
// FeatureFlagsProfileSetting. Nothing is served before the deployment
// completes: the stack's deployment waits for it.
type FeatureFlagsOptions struct {
	// File is the JSON document of flags in the Powertools schema, relative
	// to Entry or absolute. It is checked at synth: a broken flag, an
	// unknown action or a misspelt key fails with the flag's name and the
	// fix.
	// Default: DefaultFeatureFlagsFile ("feature_flags.json") in Entry.
	File string
	// Application names the AppConfig application.
	// Default: the function's Powertools service name.
	Application string
	// Environment names the AppConfig environment.
	// Default: the stack's name.
	Environment string
	// Profile names the configuration profile.
	// Default: DefaultFeatureFlagsProfile ("features").
	Profile string
	// DeploymentStrategy rolls each new version of File out.
	// Default: AppConfig's predefined AppConfig.AllAtOnce (everything at
	// once, no bake time), so that a deploy serves the new flags at once.
	DeploymentStrategy awsappconfig.IDeploymentStrategy
}

// featureFlags is the FeatureFlags feature, read from the props.
type featureFlags struct {
	opts    FeatureFlagsOptions
	file    string // the file's path
	content []byte
	readErr error
	app     awsappconfig.Application
	env     awsappconfig.Environment
	config  awsappconfig.HostedConfiguration
}

// readFeatureFlags fills the names' defaults and reads the file.
func readFeatureFlags(s *functionSpec, p *FunctionProps) feature {
	f := &featureFlags{opts: *p.FeatureFlags}
	o := &f.opts
	if o.Application == "" {
		o.Application = s.effective.ServiceName
	}
	if o.Environment == "" {
		o.Environment = s.info.Name
	}
	if o.Profile == "" {
		o.Profile = DefaultFeatureFlagsProfile
	}
	f.file = o.File
	if f.file == "" {
		f.file = DefaultFeatureFlagsFile
	}
	if !filepath.IsAbs(f.file) {
		f.file = filepath.Join(s.entry, f.file)
	}
	f.content, f.readErr = os.ReadFile(f.file)
	return f
}

func (f *featureFlags) settings() map[string]string {
	return map[string]string{
		FeatureFlagsApplicationSetting: f.opts.Application,
		FeatureFlagsEnvironmentSetting: f.opts.Environment,
		FeatureFlagsProfileSetting:     f.opts.Profile,
	}
}

func (f *featureFlags) check(s *functionSpec, r *report) {
	checkSettingKeys(r, s, "FeatureFlags", FeatureFlagsApplicationSetting, FeatureFlagsEnvironmentSetting, FeatureFlagsProfileSetting)
	o := f.opts
	for _, n := range []struct {
		field, value, fallback string
		max                    int
	}{
		{"Application", o.Application, "the Powertools service name", maxAppConfigName},
		{"Environment", o.Environment, "the stack's name", maxAppConfigName},
		{"Profile", o.Profile, DefaultFeatureFlagsProfile, maxProfileName},
	} {
		if len(n.value) > n.max {
			r.add("FeatureFlags."+n.field, fmt.Sprintf("%q (%s by default) is %d characters long; AppConfig allows %d", n.value, n.fallback, len(n.value), n.max),
				"give a shorter name in FeatureFlags."+n.field)
		}
	}
	switch {
	case f.readErr != nil && os.IsNotExist(f.readErr):
		r.add("FeatureFlags.File", fmt.Sprintf("%s does not exist", f.file),
			fmt.Sprintf(`create it with your flags in the Powertools schema, e.g. {"my_flag": {"default": false}}, or point File at yours (relative to Entry, default %s)`, DefaultFeatureFlagsFile))
		return
	case f.readErr != nil:
		r.add("FeatureFlags.File", "could not be read: "+f.readErr.Error(), "check the file's permissions")
		return
	case len(f.content) > maxFlagsFileBytes:
		r.add("FeatureFlags.File", fmt.Sprintf("%s holds %d bytes; the hosted configuration goes into the template, which CloudFormation caps at 1 MB", f.file, len(f.content)),
			"keep the flags file small (rules, not data)")
		return
	}
	for _, p := range checkFeatureFlags(f.content) {
		r.add("FeatureFlags.File", fmt.Sprintf("%s: %s", filepath.Base(f.file), p), p.Fix)
	}
}

// configure creates the AppConfig resources and hands their names to the
// function.
func (f *featureFlags) configure(b *functionBuild) {
	o := f.opts
	f.app = awsappconfig.NewApplication(b.node, jsii.String("FeatureFlags"), &awsappconfig.ApplicationProps{
		ApplicationName: jsii.String(o.Application),
		Description:     jsii.String("Feature flags of " + b.spec.path + " (Powertools feature flags)"),
	})
	f.env = awsappconfig.NewEnvironment(b.node, jsii.String("FeatureFlagsEnvironment"), &awsappconfig.EnvironmentProps{
		Application:     f.app,
		EnvironmentName: jsii.String(o.Environment),
	})
	strategy := o.DeploymentStrategy
	if strategy == nil {
		strategy = awsappconfig.DeploymentStrategy_FromDeploymentStrategyId(b.node, jsii.String("FeatureFlagsDeploymentStrategy"),
			awsappconfig.DeploymentStrategyId_ALL_AT_ONCE())
	}
	f.config = awsappconfig.NewHostedConfiguration(b.node, jsii.String("FeatureFlagsConfiguration"), &awsappconfig.HostedConfigurationProps{
		Application:        f.app,
		Name:               jsii.String(o.Profile),
		Type:               awsappconfig.ConfigurationType_FREEFORM,
		Content:            awsappconfig.ConfigurationContent_FromInlineJson(jsii.String(string(f.content)), jsii.String(flagsJSONMediaType)),
		DeploymentStrategy: strategy,
		DeployTo:           &[]awsappconfig.IEnvironment{f.env},
	})
	b.setting(FeatureFlagsApplicationSetting, o.Application)
	b.setting(FeatureFlagsEnvironmentSetting, o.Environment)
	b.setting(FeatureFlagsProfileSetting, o.Profile)
}

// attach lets the function read exactly this profile in this environment.
func (f *featureFlags) attach(b *functionBuild) {
	stack := awscdk.Stack_Of(b.node)
	b.out.fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"),
		Resources: &[]*string{appConfigArn(stack, *f.app.ApplicationId(), *f.env.EnvironmentId(), *f.config.ConfigurationProfileId())},
	}))
}
