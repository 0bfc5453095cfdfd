package bench

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/pylambda/pylambda/constructs/snapshot"
	"github.com/pylambda/pylambda/internal/cdktest"
)

// The benchmark compares like with like: the hand-written functions give
// the same templates as pylambda's (asset hashes aside).
func TestSameResources(t *testing.T) {
	entry := handler(t)
	py, hand := cdktest.NewApp(t), cdktest.NewApp(t)
	cdktest.Run(t, func() {
		withPylambda(py, entry, 3)
		byHand(hand, entry, 3)
	})
	for _, id := range []string{"Stack0"} {
		var got, want map[string]any
		cdktest.Run(t, func() {
			var err error
			if got, err = snapshot.Template(py.Node().FindChild(&id).(awscdk.Stack)); err != nil {
				t.Fatal(err)
			}
			if want, err = snapshot.Template(hand.Node().FindChild(&id).(awscdk.Stack)); err != nil {
				t.Fatal(err)
			}
		})
		if d := cmp.Diff(snapshot.Normalize(want, nil), snapshot.Normalize(got, nil)); d != "" {
			t.Errorf("%s: pylambda and the hand-written resources differ (-hand +pylambda):\n%s", id, d)
		}
	}
}
