package snapshot_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/snapshot"
)

// A test of your own stack: the first run with UPDATE_SNAPSHOTS=1 writes
// testdata/Queues.template.json; later runs fail with a diff when the
// template changes.
func ExampleMatch() {
	var t *testing.T // the test's t

	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Queues"), nil)
	awssqs.NewQueue(stack, jsii.String("Jobs"), nil)

	snapshot.Match(t, stack, nil)
}
