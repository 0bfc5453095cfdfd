package pylambda

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
)

// deadLetter routes failed asynchronous invocations to an encrypted,
// TLS-only SQS queue, unless the function is declared Synchronous or the
// caller routes failures elsewhere (DeadLetterQueue, DeadLetterTopic,
// OnFailure) or turns the queue off (DeadLetterQueueEnabled: false).
type deadLetter struct{}

func (deadLetter) check(s *functionSpec, r *report) {
	if s.synchronous && (s.dlq || s.onFailure) {
		r.add("Synchronous", "declares no asynchronous invocations, yet a dead-letter target or OnFailure destination is set", "remove Synchronous, or the asynchronous failure handling")
	}
}

// creates reports whether pylambda creates the queue.
func (deadLetter) creates(s *functionSpec) bool {
	return !s.synchronous && !s.dlq && !s.dlqDisabled && !s.onFailure
}

func (d deadLetter) configure(b *functionBuild) {
	switch {
	case d.creates(b.spec):
		q := awssqs.NewQueue(b.node, jsii.String("DeadLetterQueue"), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(DefaultDeadLetterRetentionDays)),
		})
		b.fp.DeadLetterQueue = q
		b.out.dlq = q
	case b.spec.synchronous:
		b.suppressFunction(nag.Suppression{ID: nag.ServerlessLambdaDLQ,
			Reason: "declared synchronous-only (pylambda Synchronous): failed invocations return their error to the caller and nothing is retried asynchronously"})
	case b.spec.onFailure && !b.spec.dlq:
		b.suppressFunction(nag.Suppression{ID: nag.ServerlessLambdaDLQ,
			Reason: "failed asynchronous invocations go to the on-failure destination (OnFailure), which supersedes a dead-letter queue"})
	}
}

func (deadLetter) attach(*functionBuild) {}
