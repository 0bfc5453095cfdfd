// Package powertools resolves the Powertools for AWS Lambda (Python) v3 layer
// and turns a typed configuration into the POWERTOOLS_* settings.
//
// # Layers
//
// AWS publishes the layer per partition, region, architecture and Python
// version. LayerARN and Publisher hold those facts (pure Go, no CDK calls);
// ResolveLayerARN applies them to a stack: a region known at synth
// gets a literal, checked ARN; an environment-agnostic stack gets an ARN that a
// CfnMapping completes at deploy time. The pinned version is
// DefaultLayerVersion; LayerProps.Latest reads the public SSM parameter
// instead, where it exists. Failures are *LayerError values whose Kind says
// why, so that callers choose a fix without reading the message.
//
// # Delivery
//
// Delivery is how Powertools reaches a function: a pinned layer (Layer), the
// newest layer at every deploy (LatestLayer), a release installed into the
// zip (Bundled), or nothing (None). One value holds the choice, so that
// contradictory choices cannot be written.
//
// # Configuration
//
// Config is the typed configuration (service name, metrics namespace, log
// level, sampling, tracer and metrics switches, ...), the same type for every
// kind of function. Problems validates it,
// Environment renders it, and Contradictions finds raw POWERTOOLS_* entries
// that disagree with it. LogLevel.LambdaLogLevel gives the Lambda application
// log level that matches a Powertools level, so that the two never disagree.
//
// Sources: Powertools for AWS Lambda (Python) documentation, "Install" and
// "Environment variables" (November 2026).
package powertools
