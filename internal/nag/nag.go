// Package nag writes cdk-nag rule suppressions as the resource metadata that
// cdk-nag reads (Metadata.cdk_nag.rules_to_suppress), so that the library
// needs no import of cdk-nag itself, which would link another jsii bundle into
// every user's binary.
package nag

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// MetadataKey is the resource metadata entry cdk-nag reads.
const MetadataKey = "cdk_nag"

// Suppression silences one cdk-nag rule on one resource, with the reason a
// reviewer reads. AppliesTo narrows it to some findings of a granular rule
// (e.g. "Resource::*" for AwsSolutions-IAM5).
type Suppression struct {
	ID        string
	Reason    string
	AppliesTo []string
}

// Rule ids the library suppresses.
const (
	LambdaLatestVersion           = "AwsSolutions-L1"
	ServerlessLambdaLatestVersion = "Serverless-LambdaLatestVersion"
	ServerlessLambdaDLQ           = "Serverless-LambdaDLQ"
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
		if len(s.AppliesTo) > 0 {
			rule["applies_to"] = slices.Clone(s.AppliesTo)
		}
		rules = append(rules, rule)
	}
	res.AddMetadata(jsii.String(MetadataKey), map[string]any{"rules_to_suppress": rules})
}
