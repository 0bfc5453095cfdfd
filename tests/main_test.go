// Package tests holds the project's cross-package tests: golden snapshots of
// every example stack, determinism, cdk-nag, the harness itself, and an end-to-
// end run of the real cdk CLI. They share one test binary and one jsii kernel.
package tests

import (
	"testing"

	"github.com/pylambda/pylambda/internal/cdktest"
)

func TestMain(m *testing.M) { cdktest.Main(m) }
