// Package stacks holds the example stacks of pylambda, built only from its
// public API. cmd/app synthesizes them; tests/ snapshots them.
package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/pylambda"
)

// DefaultRegion is the region of the example stacks unless the CDK context
// value "region" names another (cdk synth -c region=us-west-2). It is fixed,
// not taken from the caller's AWS profile, so that templates are the same on
// every machine.
const DefaultRegion = "eu-west-1"

// Stacks are the example stacks of one app.
type Stacks struct {
	API       APIStack
	Site      SiteStack
	Container ContainerStack
}

// Build adds every example stack to app. The handlers' code is the
// project's lambda/ folder, anchored at the project's root, so that the
// stacks synthesize the same from `cdk synth` and from tests in any package.
func Build(app awscdk.App) Stacks {
	lambdaDir := pylambda.ProjectPath("lambda")
	region := DefaultRegion
	if v, ok := app.Node().TryGetContext(jsii.String("region")).(string); ok && v != "" {
		region = v
	}
	env := &awscdk.Environment{Region: jsii.String(region)}
	return Stacks{
		API: NewAPIStack(app, "PylambdaApi", filepath.Join(lambdaDir, "orders"), &awscdk.StackProps{
			Env: env, Description: jsii.String("pylambda example: an HTTP API backed by a Python 3.11 function"),
		}),
		Site: NewSiteStack(app, "PylambdaSite", filepath.Join(lambdaDir, "edge"), &awscdk.StackProps{
			Env: env, Description: jsii.String("pylambda example: a CloudFront site with Python Lambda@Edge functions"),
		}),
		Container: NewContainerStack(app, "PylambdaContainer", filepath.Join(lambdaDir, "container"), &awscdk.StackProps{
			Env: env, Description: jsii.String("pylambda example: a Python 3.11 function from a container image"),
		}),
	}
}
