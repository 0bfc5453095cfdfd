// Package pylambda builds production-ready Python 3.11 Lambda functions for
// Go CDK apps, with Powertools for AWS Lambda (Python) v3.
//
// NewFunction returns an awslambda.Function configured with documented
// defaults that every awslambda.FunctionOptions field can override:
//
//	runtime        Python 3.11 (3.12 to 3.14 accepted, with the matching layer)
//	architecture   arm64
//	memory, timeout DefaultMemorySize MB, DefaultTimeoutSeconds s
//	tracing        X-Ray active, its permissions in a policy of their own
//	logs           JSON, Lambda's application level derived from the
//	               Powertools level, an explicit log group kept
//	               DefaultLogRetention and retained on delete
//	role           its own; no managed policies; logs to its own group only
//	Powertools     the v3 layer for the stack's partition, region,
//	               architecture and Python version, pinned to
//	               powertools.DefaultLayerVersion; typed configuration
//	failures       a dead-letter queue for asynchronous invocations, unless
//	               the function is Synchronous or has another target
//	asset          Entry minus caches, tests and virtual environments
//
// Invalid props are refused when the construct is created, with a
// *ValidationError that names the construct path, the property, the rule and
// the fix; several problems are reported together.
//
// NewEdgeFunction creates a Lambda@Edge function in us-east-1 from a stack in
// any region, as a numbered version for CloudFront (EdgeFunction.EdgeLambda).
// The props cannot express what Lambda@Edge forbids; what is added to the
// function later fails the synth; memory, timeout and the compressed zip are
// held to the event type's limits; Powertools can be bundled into the zip and
// configured without environment variables (EdgePowertools).
//
// Both constructors install requirements.txt (or pyproject.toml)
// dependencies with the local pip for Lambda's platform, without Docker
// (BundlingOptions).
//
// The library writes its cdk-nag suppressions (the runtime pinned by design,
// X-Ray's Resource "*", a declared synchronous function) as the metadata
// cdk-nag reads, so functions pass the AwsSolutions and Serverless packs
// without the library importing cdk-nag.
package pylambda
