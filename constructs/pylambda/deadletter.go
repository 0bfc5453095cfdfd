package pylambda

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
)

// Invocation is how a function is invoked, which decides where its failures
// go.
type Invocation int

// How a function is invoked.
const (
	// Asynchronous: S3, SNS, EventBridge, scheduled and "Event" invocations.
	// Lambda retries a failed event twice, then drops it: pylambda sends it
	// to a dead-letter queue (unless DeadLetterQueue, DeadLetterTopic or
	// OnFailure routes it elsewhere).
	Asynchronous Invocation = iota
	// Synchronous: API Gateway, function URLs, "RequestResponse" calls.
	// Failures return to the caller; no dead-letter queue.
	Synchronous
	// EventSourceMapping: SQS queues, Kinesis and DynamoDB streams, Kafka
	// and MQ, which Lambda polls. A failed batch is retried and then handled
	// by the source (the queue's redrive policy, the mapping's on-failure
	// destination), never by the function's dead-letter queue, which would
	// only ever stay empty: none is created.
	EventSourceMapping
)

func (i Invocation) String() string {
	switch i {
	case Asynchronous:
		return "pylambda.Asynchronous"
	case Synchronous:
		return "pylambda.Synchronous"
	case EventSourceMapping:
		return "pylambda.EventSourceMapping"
	}
	return "Invocation(" + strconv.Itoa(int(i)) + ")"
}

// deadLetter routes failed asynchronous invocations to an encrypted,
// TLS-only SQS queue, unless the function is not invoked asynchronously or
// the caller routes failures elsewhere (DeadLetterQueue, DeadLetterTopic,
// OnFailure) or turns the queue off (DeadLetterQueueEnabled: false).
type deadLetter struct{}

func (deadLetter) check(s *functionSpec, r *report) {
	switch {
	case s.invocation < Asynchronous || s.invocation > EventSourceMapping:
		r.add("Invocation", fmt.Sprintf("%s is not an invocation", s.invocation), "use pylambda.Asynchronous (the default), pylambda.Synchronous or pylambda.EventSourceMapping")
	case s.invocation != Asynchronous && (s.dlq || s.onFailure):
		r.add("Invocation", fmt.Sprintf("%s has no asynchronous invocations, yet a dead-letter target or OnFailure destination is set", s.invocation), "remove the Invocation, or the asynchronous failure handling")
	}
}

// creates reports whether pylambda creates the queue.
func (deadLetter) creates(s *functionSpec) bool {
	return s.invocation == Asynchronous && !s.dlq && !s.dlqDisabled && !s.onFailure
}

func (d deadLetter) configure(b *functionBuild) {
	switch {
	case d.creates(b.spec):
		q := awssqs.NewQueue(b.node, jsii.String("DeadLetterQueue"), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(DefaultDeadLetterRetentionDays)),
		})
		q.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String(nag.MetadataKey), nag.Entry(
			nag.Suppression{ID: nag.ServerlessSQSRedrivePolicy, Reason: "this queue is the function's dead-letter queue, the end of the line for failed events: a queue behind it would only move them"},
			nag.Suppression{ID: nag.SQSDeadLetterQueue, Reason: "this queue is the function's dead-letter queue (Lambda's DeadLetterConfig, which cdk-nag does not follow)"},
		))
		b.fp.DeadLetterQueue = q
		b.out.dlq = q
	case b.spec.invocation == Synchronous:
		b.suppressFunction(nag.Suppression{ID: nag.ServerlessLambdaDLQ,
			Reason: "declared synchronous-only (pylambda.Synchronous): failed invocations return their error to the caller and nothing is retried asynchronously"})
	case b.spec.invocation == EventSourceMapping:
		b.suppressFunction(nag.Suppression{ID: nag.ServerlessLambdaDLQ,
			Reason: "invoked by an event source mapping only (pylambda.EventSourceMapping): failed batches are handled by the source's redrive policy or on-failure destination, never by a function dead-letter queue"})
	case b.spec.onFailure && !b.spec.dlq:
		b.suppressFunction(nag.Suppression{ID: nag.ServerlessLambdaDLQ,
			Reason: "failed asynchronous invocations go to the on-failure destination (OnFailure), which supersedes a dead-letter queue"})
	}
}

func (deadLetter) attach(*functionBuild) {}
