// Package nag records cdk-nag rule suppressions, with their reasons, as the
// resource metadata that cdk-nag reads (Metadata.cdk_nag.rules_to_suppress).
// It does not import cdk-nag, which would link another jsii bundle into every
// binary: apps and tests that run the packs import cdk-nag themselves.
//
// pylambda writes its own suppressions this way; use Suppress for the
// resources of your own stacks.
package nag

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// MetadataKey is the resource metadata entry cdk-nag reads.
const MetadataKey = "cdk_nag"

// Suppression silences one cdk-nag rule on one resource, with the reason a
// reviewer reads. AppliesTo narrows it to some findings of a granular rule
// (e.g. "Resource::*" for AwsSolutions-IAM5), or to the findings a regular
// expression matches (AppliesToPattern, in cdk-nag's "/.../" form).
type Suppression struct {
	ID               string
	Reason           string
	AppliesTo        []string
	AppliesToPattern []string
}

// Rule ids that pylambda suppresses on its own resources.
const (
	LambdaLatestVersion           = "AwsSolutions-L1"
	ServerlessLambdaLatestVersion = "Serverless-LambdaLatestVersion"
	ServerlessLambdaDLQ           = "Serverless-LambdaDLQ"
	ServerlessLambdaTracing       = "Serverless-LambdaTracing"
	ServerlessLambdaDefaultMemory = "Serverless-LambdaDefaultMemorySize"
	IAMWildcard                   = "AwsSolutions-IAM5"
	ServerlessSQSRedrivePolicy    = "Serverless-SQSRedrivePolicy"
	SQSDeadLetterQueue            = "AwsSolutions-SQS3"
)

// Suppress adds suppressions to the CloudFormation resource of c (c itself
// when it is one, else its default child), keeping those already there. It
// panics, naming c's path, when c has no CloudFormation resource.
func Suppress(c constructs.IConstruct, ss ...Suppression) {
	res, ok := c.(awscdk.CfnResource)
	if !ok {
		res, ok = c.Node().DefaultChild().(awscdk.CfnResource)
	}
	if !ok {
		panic(fmt.Sprintf("%s: nag.Suppress: the construct has no CloudFormation resource as its default child; pass the resource itself", *c.Node().Path()))
	}
	var rules []any
	if existing, ok := res.GetMetadata(jsii.String(MetadataKey)).(map[string]any); ok {
		if rs, ok := existing["rules_to_suppress"].([]any); ok {
			rules = rs
		}
	}
	res.AddMetadata(jsii.String(MetadataKey), entry(rules, ss))
}

// Entry returns the metadata value that suppresses ss, for a resource that
// has no suppressions yet: res.AddMetadata(jsii.String(nag.MetadataKey),
// nag.Entry(...)) writes them in one call.
func Entry(ss ...Suppression) map[string]any { return entry(nil, ss) }

func entry(rules []any, ss []Suppression) map[string]any {
	for _, s := range ss {
		rule := map[string]any{"id": s.ID, "reason": s.Reason}
		var applies []any
		for _, a := range s.AppliesTo {
			applies = append(applies, a)
		}
		for _, a := range s.AppliesToPattern {
			applies = append(applies, map[string]any{"regex": a})
		}
		if len(applies) > 0 {
			rule["applies_to"] = applies
		}
		rules = append(rules, rule)
	}
	return map[string]any{"rules_to_suppress": rules}
}
