// Package nag writes cdk-nag rule suppressions as the resource metadata that
// cdk-nag reads (Metadata.cdk_nag.rules_to_suppress), so that the library
// needs no import of cdk-nag itself, which would link another jsii bundle into
// every user's binary.
package nag

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
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

// Rule ids the library suppresses.
const (
	LambdaLatestVersion           = "AwsSolutions-L1"
	ServerlessLambdaLatestVersion = "Serverless-LambdaLatestVersion"
	ServerlessLambdaDLQ           = "Serverless-LambdaDLQ"
	ServerlessLambdaTracing       = "Serverless-LambdaTracing"
	ServerlessLambdaDefaultMemory = "Serverless-LambdaDefaultMemorySize"
	IAMWildcard                   = "AwsSolutions-IAM5"
)

// Suppress adds suppressions to res's cdk_nag metadata, keeping those already
// there.
func Suppress(res awscdk.CfnResource, ss ...Suppression) {
	var rules []any
	if existing, ok := res.GetMetadata(jsii.String(MetadataKey)).(map[string]any); ok {
		if rs, ok := existing["rules_to_suppress"].([]any); ok {
			rules = rs
		}
	}
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
	res.AddMetadata(jsii.String(MetadataKey), map[string]any{"rules_to_suppress": rules})
}
