// Package pylambda builds production-ready Python 3.11 Lambda functions for
// Go CDK apps, with Powertools for AWS Lambda (Python) v3.
//
// NewFunction returns a Function: the construct at scope/id, with accessors
// for the awslambda.Function (Lambda), what callers invoke (InvokeTarget),
// the log group, the dead-letter queue and the role. Its documented defaults
// yield to every awslambda.FunctionOptions field:
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
//	               powertools.DefaultLayerVersion (PowertoolsDelivery);
//	               typed configuration (Powertools)
//	failures       a dead-letter queue for asynchronous invocations, unless
//	               the function is not invoked asynchronously
//	               (Invocation) or has another target
//	asset          Entry minus caches, tests and virtual environments
//
// NewContainerFunction returns a Function too, from a container image that
// pylambda generates (the Python 3.11 Lambda base image, the requirements,
// Powertools, an optional pinned boto3) or the caller's Dockerfile, with the
// same defaults and checks.
//
// NewEdgeFunction returns an EdgeFunction: a Lambda@Edge function in
// us-east-1, created from a stack in any region, as a numbered version for
// CloudFront (EdgeLambda). The props cannot express what Lambda@Edge
// forbids; what is added to the function later fails the synth; memory,
// timeout and the compressed zip are held to the event type's limits;
// Powertools can be bundled into the zip (powertools.Bundled) and configured
// without environment variables; Trim keeps only the modules the handler
// can import; the function and its versions are retained on delete by
// default, so that stacks delete without waiting for CloudFront's replicas.
// NewEdgeAlarms alarms on a distribution's Lambda@Edge functions from
// us-east-1, where CloudFront publishes its metrics, from a stack in any
// region.
//
// # Validation
//
// Invalid props are refused before anything is added to the tree, every
// problem at once, as *ValidationError values that name the construct path,
// the property, the rule and the fix. What can only be seen on the finished
// tree is checked at synth by a construct validation.
//
// # How a function is built
//
// A constructor reads its props once into plain values (every jsii value
// read there), checks them with pure rules, plans the code asset (pip runs
// then, for the stacks the CLI bundles), and only then creates the construct
// and runs its named build steps: code, logs, role, Powertools, the optional
// features, settings, the function, tracing, suppressions. Each optional
// capability (the dead-letter queue, alarms, deployments, idempotency,
// batch sources, parameters, feature flags) is a feature in a file of its
// own that checks its options and applies its resources, settings and
// suppressions.
//
// Both constructors install requirements.txt (or pyproject.toml)
// dependencies with the local pip for Lambda's platform, without Docker
// (BundlingOptions).
//
// The library writes its cdk-nag suppressions (the runtime pinned by design,
// X-Ray's Resource "*", a function not invoked asynchronously) as the metadata
// cdk-nag reads (package nag), so functions pass the AwsSolutions and
// Serverless packs without the library importing cdk-nag.
package pylambda
