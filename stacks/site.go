package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/constructs/pylambda"
)

// ReplicaRegions are the regions where the example watches the replicas of
// its edge functions.
var ReplicaRegions = []string{"us-east-1", "eu-west-1"}

// SiteStack is the CloudFront example: a private S3 bucket behind a
// distribution, with two Python Lambda@Edge functions.
type SiteStack struct {
	awscdk.Stack
	Distribution   awscloudfront.Distribution
	URLRewrite     pylambda.EdgeFunction
	SecurityHeader pylambda.EdgeFunction
	// Alarms watch the distribution's Lambda@Edge functions from us-east-1.
	Alarms pylambda.EdgeAlarms
}

// NewSiteStack builds the example. edgeCode is the folder of the edge
// handlers (lambda/edge). The stack may be in any region: the functions go
// to a us-east-1 support stack.
func NewSiteStack(scope constructs.Construct, id, edgeCode string, props *awscdk.StackProps) SiteStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	logs := awss3.NewBucket(stack, jsii.String("AccessLogs"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		// CloudFront standard logging writes with ACLs.
		ObjectOwnership: awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		LifecycleRules:  &[]*awss3.LifecycleRule{{Expiration: awscdk.Duration_Days(jsii.Number(90))}},
		RemovalPolicy:   awscdk.RemovalPolicy_RETAIN,
	})
	nag.Suppress(logs, nag.Suppression{ID: "AwsSolutions-S1", Reason: "this bucket receives the access logs of the site bucket and the distribution; logging it to itself would loop"})

	content := awss3.NewBucket(stack, jsii.String("Content"), &awss3.BucketProps{
		BlockPublicAccess:      awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:             awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:             jsii.Bool(true),
		Versioned:              jsii.Bool(true),
		ServerAccessLogsBucket: logs,
		ServerAccessLogsPrefix: jsii.String("s3/"),
		RemovalPolicy:          awscdk.RemovalPolicy_RETAIN,
	})

	rewrite := pylambda.NewEdgeFunction(stack, "UrlRewrite", &pylambda.EdgeFunctionProps{
		EventType:   awscloudfront.LambdaEdgeEventType_VIEWER_REQUEST,
		Entry:       filepath.Join(edgeCode, "url_rewrite"),
		Description: "Normalises URLs of the static site (pylambda example)",
	})
	headers := pylambda.NewEdgeFunction(stack, "SecurityHeaders", &pylambda.EdgeFunctionProps{
		EventType:   awscloudfront.LambdaEdgeEventType_VIEWER_RESPONSE,
		Entry:       filepath.Join(edgeCode, "security_headers"),
		Description: "Adds security headers to every response (pylambda example)",
	})

	dist := awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		Comment:           jsii.String("pylambda example site"),
		DefaultRootObject: jsii.String("index.html"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:               awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(content, nil),
			ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			CachePolicy:          awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			EdgeLambdas:          &[]*awscloudfront.EdgeLambda{rewrite.EdgeLambda(), headers.EdgeLambda()},
		},
		HttpVersion:   awscloudfront.HttpVersion_HTTP2_AND_3,
		PriceClass:    awscloudfront.PriceClass_PRICE_CLASS_100,
		EnableLogging: jsii.Bool(true),
		LogBucket:     logs,
		LogFilePrefix: jsii.String("cloudfront/"),
	})
	nag.Suppress(dist,
		nag.Suppression{ID: "AwsSolutions-CFR1", Reason: "a public static site serves every country; geo restriction is a business decision, not a default"},
		nag.Suppression{ID: "AwsSolutions-CFR2", Reason: "the example serves static files with no forms or APIs; attach a WAF web ACL (webAclId) where the content warrants it"},
		nag.Suppression{ID: "AwsSolutions-CFR4", Reason: "the example uses the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain's certificate sets TLSv1.2_2021"})

	// The functions' failures and the site's 5xx responses, alarmed on in
	// us-east-1 (the PylambdaSiteEdgeAlarms stack when this one is elsewhere),
	// and each function's replicas in the regions nearest the viewers of
	// PriceClass_100 that the example watches (a stack per region).
	alarms := pylambda.NewEdgeAlarms(stack, "EdgeAlarms", &pylambda.EdgeAlarmsProps{
		Distribution: dist,
		Replicas: &pylambda.EdgeReplicaAlarms{
			Functions: []pylambda.EdgeFunction{rewrite, headers},
			Regions:   ReplicaRegions,
		},
	})
	// Requests, error rates and Lambda@Edge errors, read from us-east-1.
	pylambda.NewDashboard(stack, "Dashboard", &pylambda.DashboardProps{Distributions: []awscloudfront.IDistribution{dist}})

	awscdk.NewCfnOutput(stack, jsii.String("SiteUrl"), &awscdk.CfnOutputProps{
		Value: jsii.String("https://" + *dist.DistributionDomainName()),
	})
	return SiteStack{Stack: stack, Distribution: dist, URLRewrite: rewrite, SecurityHeader: headers, Alarms: alarms}
}
