// Command app is the pylambda example CDK app that cdk.json runs from the
// repository root.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/nagpacks"
	"github.com/pylambda/pylambda/internal/toolchain"
	"github.com/pylambda/pylambda/stacks"
)

func main() {
	toolchain.Use()
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stacks.Build(app)
	nagpacks.Apply(app)
	app.Synth(nil)
}
