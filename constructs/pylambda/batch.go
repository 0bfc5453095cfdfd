package pylambda

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/constructs/nag"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// Defaults of a batch source; the rest are Lambda's own.
const (
	// DefaultSQSBatchSize is Lambda's: ten messages per invocation.
	DefaultSQSBatchSize = 10
	// DefaultStreamBatchSize is Lambda's: a hundred records per invocation.
	DefaultStreamBatchSize = 100
	// DefaultStreamRetryAttempts bounds the retries of a failing stream
	// record: Lambda's own default retries it until it expires, holding up
	// its whole shard for as long (24 hours for a DynamoDB stream).
	DefaultStreamRetryAttempts = 3
	// DefaultStartingPosition reads a stream from its oldest record, so
	// that nothing written before the mapping exists is skipped.
	DefaultStartingPosition = awslambda.StartingPosition_TRIM_HORIZON
	// visibilityTimeoutFactor: AWS recommends a queue's visibility timeout
	// of at least six times the function's timeout, so that a batch
	// retried after a throttle does not become visible while it still runs
	// (Lambda developer guide, "Creating and configuring an Amazon SQS event
	// source mapping").
	visibilityTimeoutFactor = 6
	// defaultVisibilityTimeoutSeconds is SQS's default.
	defaultVisibilityTimeoutSeconds = 30
)

// Lambda's limits for event source mappings (Lambda developer guide, the
// parameters pages of SQS, Kinesis and DynamoDB event source mappings).
const (
	maxBatchSize             = 10000
	maxSQSBatchNoWindow      = 10 // and the maximum for FIFO queues
	maxBatchingWindowSeconds = 300
	maxRetryAttempts         = 10000
	maxParallelization       = 10
	minRecordAgeSeconds      = 60
	maxRecordAgeSeconds      = 604800
)

// serverlessMappingDestination is the Serverless pack's rule that every
// event source mapping names an on-failure destination.
const serverlessMappingDestination = "Serverless-LambdaEventSourceMappingDestination"

type batchKind int

const (
	noBatchSource batchKind = iota
	sqsBatch
	kinesisBatch
	dynamoDBBatch
)

// BatchSource is an event source whose batches a function processes with
// the Powertools batch utility (BatchProcessor and process_partial_response,
// returning batchItemFailures). Make one with SQSBatch, KinesisBatch or
// DynamoDBBatch; every mapping pylambda creates reports batch item
// failures, so that only the failed items are retried.
type BatchSource struct {
	kind   batchKind
	queue  awssqs.IQueue
	stream awskinesis.IStream
	table  awsdynamodb.ITable
	sqs    SQSBatchOptions
	st     StreamBatchOptions
}

// SQSBatchOptions tune an SQS source. Failed messages go back to the
// queue and, after its redrive policy's maxReceiveCount, to its own
// dead-letter queue: SQS mappings take no on-failure destination.
type SQSBatchOptions struct {
	// BatchSize is the most messages one invocation receives: 1 to 10, or
	// up to 10,000 with a batching window (FIFO queues: at most 10).
	// Default: DefaultSQSBatchSize (10).
	BatchSize int
	// MaxBatchingWindowSeconds is how long Lambda gathers messages before
	// it invokes the function: 0 to 300 seconds. FIFO queues take none.
	// Default: 0 (invoke as soon as messages arrive).
	MaxBatchingWindowSeconds int
}

// StreamBatchOptions tune a Kinesis or DynamoDB stream source. A record
// that keeps failing is retried RetryAttempts times (with the batch split
// in two on each error), then its metadata goes to the on-failure
// destination and the shard moves on.
type StreamBatchOptions struct {
	// StartingPosition is where a new mapping starts reading:
	// awslambda.StartingPosition_TRIM_HORIZON or _LATEST.
	// Default: DefaultStartingPosition (TRIM_HORIZON).
	StartingPosition awslambda.StartingPosition
	// BatchSize is the most records one invocation receives: 1 to 10,000.
	// Default: DefaultStreamBatchSize (100).
	BatchSize int
	// MaxBatchingWindowSeconds is how long Lambda gathers records before it
	// invokes the function: 0 to 300 seconds.
	// Default: 0.
	MaxBatchingWindowSeconds int
	// RetryAttempts is how often a failed record is retried: 0 to 10,000.
	// Default: DefaultStreamRetryAttempts (3).
	RetryAttempts *int
	// BisectBatchOnError splits a failing batch in two to isolate the
	// failing record.
	// Default: true.
	BisectBatchOnError *bool
	// ParallelizationFactor is how many batches of one shard run at once:
	// 1 to 10.
	// Default: 1 (Lambda's).
	ParallelizationFactor int
	// MaxRecordAgeSeconds discards records older than this: 60 to 604,800.
	// Default: none (records are kept until they expire from the stream).
	MaxRecordAgeSeconds int
	// OnFailure receives the metadata of records that exhausted their
	// retries: awslambdaeventsources.NewSqsDlq(queue) or NewSnsDlq(topic).
	// Default: an SQS queue pylambda creates for the function, the child
	// "BatchFailures" (SQS-managed encryption, TLS only, 14 days), shared by
	// its stream sources.
	OnFailure awslambda.IEventSourceDlq
}

// SQSBatch is an SQS queue as a batch source. opts may be nil.
func SQSBatch(queue awssqs.IQueue, opts *SQSBatchOptions) BatchSource {
	s := BatchSource{kind: sqsBatch, queue: queue}
	if opts != nil {
		s.sqs = *opts
	}
	return s
}

// KinesisBatch is a Kinesis data stream as a batch source. opts may be nil.
func KinesisBatch(stream awskinesis.IStream, opts *StreamBatchOptions) BatchSource {
	s := BatchSource{kind: kinesisBatch, stream: stream}
	if opts != nil {
		s.st = *opts
	}
	return s
}

// DynamoDBBatch is the stream of a DynamoDB table as a batch source (the
// table needs one: DynamoStream on a TableV2, Stream on a Table). opts may
// be nil.
func DynamoDBBatch(table awsdynamodb.ITable, opts *StreamBatchOptions) BatchSource {
	s := BatchSource{kind: dynamoDBBatch, table: table}
	if opts != nil {
		s.st = *opts
	}
	return s
}

// batchSourceSpec is one source as plain values.
type batchSourceSpec struct {
	src      BatchSource
	missing  bool   // the queue, stream or table is nil
	path     string // the source's construct path
	fifo     bool
	readable bool     // the queue is defined in this app: its settings were read
	vis      *float64 // the queue's visibility timeout in seconds (nil: unknown)
	redrive  bool     // the queue has a redrive policy
	noStream bool     // the table has no stream
}

// batch is the Batch feature, read from the props.
type batch struct {
	sources  []batchSourceSpec
	timeout  *float64      // the function's timeout in seconds (nil: a token)
	failures awssqs.IQueue // the failure queue pylambda created, once attached
}

// readBatch reads the sources, and makes a function that has no
// asynchronous failure handling an EventSourceMapping function: a
// dead-letter queue for asynchronous invocations would never receive
// anything.
func readBatch(s *functionSpec, p *FunctionProps) feature {
	b := &batch{}
	switch {
	case p.Timeout == nil:
		b.timeout = jsii.Number(DefaultTimeoutSeconds)
	default:
		b.timeout = s.timeout
	}
	if s.invocation == Asynchronous && !s.dlq && !s.onFailure {
		s.invocation = EventSourceMapping
	}
	for _, src := range p.Batch {
		ss := batchSourceSpec{src: src}
		switch src.kind {
		case sqsBatch:
			if ss.missing = src.queue == nil; ss.missing {
				break
			}
			ss.path = *src.queue.Node().Path()
			ss.fifo = src.queue.Fifo() != nil && *src.queue.Fifo()
			if props, ok := cfnPropertiesOf(src.queue); ok {
				ss.readable = true
				switch v := props["visibilityTimeout"]; {
				case v == nil:
					ss.vis = jsii.Number(defaultVisibilityTimeoutSeconds)
				default:
					ss.vis = propNumber(v)
				}
				ss.redrive = props["redrivePolicy"] != nil
				ss.fifo = ss.fifo || props["fifoQueue"] == true
			}
		case kinesisBatch:
			if ss.missing = src.stream == nil; !ss.missing {
				ss.path = *src.stream.Node().Path()
			}
		case dynamoDBBatch:
			if ss.missing = src.table == nil; !ss.missing {
				ss.path = *src.table.Node().Path()
				if props, ok := cfnPropertiesOf(src.table); ok {
					// A TableV2 always has a stream ARN attribute: read
					// whether the table has a stream.
					ss.noStream = propAt(props, "streamSpecification", "streamViewType") == nil
				} else {
					ss.noStream = src.table.TableStreamArn() == nil
				}
			}
		}
		b.sources = append(b.sources, ss)
	}
	return b
}

func (b *batch) check(s *functionSpec, r *report) {
	if len(b.sources) == 0 {
		r.add("Batch", "is empty", "add a source (pylambda.SQSBatch, KinesisBatch or DynamoDBBatch), or remove Batch")
	}
	if s.invocation == Synchronous {
		r.add("Invocation", "pylambda.Synchronous says callers invoke the function and get its answer, and Batch sources are read by event source mappings",
			"set Invocation: pylambda.EventSourceMapping, or leave it unset")
	}
	seen := map[string]int{}
	for n, ss := range b.sources {
		prop := fmt.Sprintf("Batch[%d]", n)
		if ss.path != "" {
			if first, dup := seen[ss.path]; dup {
				r.add(prop, fmt.Sprintf("reads %s, as Batch[%d] does: Lambda would deliver every record twice", ss.path, first), "remove one of them")
				continue
			}
			seen[ss.path] = n
		}
		switch ss.src.kind {
		case noBatchSource:
			r.add(prop, "is the zero BatchSource, with no queue or stream", "make sources with pylambda.SQSBatch, KinesisBatch or DynamoDBBatch")
		case sqsBatch:
			if ss.missing {
				r.add(prop, "pylambda.SQSBatch has a nil queue", "pass the queue the function consumes")
				continue
			}
			b.checkSQS(r, prop, ss)
		case kinesisBatch, dynamoDBBatch:
			if ss.missing {
				r.add(prop, "has a nil stream or table", "pass the stream (KinesisBatch) or table (DynamoDBBatch) the function consumes")
				continue
			}
			if ss.noStream {
				r.add(prop, fmt.Sprintf("table %s has no stream to read", ss.path),
					"turn its stream on: DynamoStream: awsdynamodb.StreamViewType_NEW_AND_OLD_IMAGES on a TableV2 (Stream on a Table)")
			}
			checkStream(r, prop, ss.src.st)
		}
	}
}

// checkSQS checks an SQS source against Lambda's limits and AWS's
// recommendations for the queue.
func (b *batch) checkSQS(r *report, prop string, ss batchSourceSpec) {
	o := ss.src.sqs
	queue := "queue " + ss.path
	if ss.fifo {
		queue = "FIFO queue " + ss.path
	}
	if w := o.MaxBatchingWindowSeconds; w < 0 || w > maxBatchingWindowSeconds {
		r.add(prop+".MaxBatchingWindowSeconds", fmt.Sprintf("%d s is outside Lambda's range of 0 to %d s", w, maxBatchingWindowSeconds), "use a number of seconds in that range, or 0 for none")
	} else if w > 0 && ss.fifo {
		r.add(prop+".MaxBatchingWindowSeconds", fmt.Sprintf("%s takes no batching window: Lambda does not support one for FIFO queues", queue), "remove MaxBatchingWindowSeconds")
	}
	switch size := o.BatchSize; {
	case size < 0 || size > maxBatchSize:
		r.add(prop+".BatchSize", fmt.Sprintf("%d is outside Lambda's range of 1 to %d messages", size, maxBatchSize), fmt.Sprintf("use a size in that range, or 0 for the default (%d)", DefaultSQSBatchSize))
	case size > maxSQSBatchNoWindow && ss.fifo:
		r.add(prop+".BatchSize", fmt.Sprintf("%d is more than the %d messages Lambda gives a function from a %s", size, maxSQSBatchNoWindow, queue), fmt.Sprintf("use at most %d", maxSQSBatchNoWindow))
	case size > maxSQSBatchNoWindow && o.MaxBatchingWindowSeconds <= 0:
		r.add(prop+".BatchSize", fmt.Sprintf("%d needs a batching window: Lambda takes more than %d messages from a standard queue only with one", size, maxSQSBatchNoWindow),
			fmt.Sprintf("set MaxBatchingWindowSeconds (1 to %d), or use at most %d", maxBatchingWindowSeconds, maxSQSBatchNoWindow))
	}
	if !ss.readable {
		return // an imported queue: its settings are not known at synth
	}
	if ss.vis != nil && b.timeout != nil {
		want := visibilityTimeoutFactor * *b.timeout
		if *ss.vis < want {
			rule := fmt.Sprintf("%s has a visibility timeout of %v s, less than six times the function's timeout (%v s): a batch retried after a throttle becomes visible again while it still runs, and is processed twice", queue, *ss.vis, *b.timeout)
			if *ss.vis < *b.timeout {
				rule += "; Lambda even refuses a mapping whose queue's visibility timeout is shorter than the function's timeout"
			}
			r.add(prop, rule, fmt.Sprintf("set the queue's VisibilityTimeout to at least %v s (awscdk.Duration_Seconds(jsii.Number(%v))), or shorten the function's Timeout", want, want))
		}
	}
	if !ss.redrive {
		r.add(prop, fmt.Sprintf("%s has no dead-letter queue: a message that keeps failing is retried until the queue's retention ends, then lost", queue),
			"give the queue DeadLetterQueue: &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)}")
	}
}

// checkStream checks a stream source against Lambda's limits.
func checkStream(r *report, prop string, o StreamBatchOptions) {
	switch o.StartingPosition {
	case "", awslambda.StartingPosition_TRIM_HORIZON, awslambda.StartingPosition_LATEST:
	case awslambda.StartingPosition_AT_TIMESTAMP:
		r.add(prop+".StartingPosition", "AT_TIMESTAMP needs a timestamp, which pylambda does not take (DynamoDB streams do not support it at all)", "use TRIM_HORIZON (the default) or LATEST")
	default:
		r.add(prop+".StartingPosition", fmt.Sprintf("%q is not a starting position", o.StartingPosition), "use awslambda.StartingPosition_TRIM_HORIZON (the default) or _LATEST")
	}
	if size := o.BatchSize; size < 0 || size > maxBatchSize {
		r.add(prop+".BatchSize", fmt.Sprintf("%d is outside Lambda's range of 1 to %d records", size, maxBatchSize), fmt.Sprintf("use a size in that range, or 0 for the default (%d)", DefaultStreamBatchSize))
	}
	if w := o.MaxBatchingWindowSeconds; w < 0 || w > maxBatchingWindowSeconds {
		r.add(prop+".MaxBatchingWindowSeconds", fmt.Sprintf("%d s is outside Lambda's range of 0 to %d s", w, maxBatchingWindowSeconds), "use a number of seconds in that range, or 0 for none")
	}
	if n := o.RetryAttempts; n != nil && (*n < 0 || *n > maxRetryAttempts) {
		rule := fmt.Sprintf("%d is outside the range of 0 to %d retries", *n, maxRetryAttempts)
		if *n == -1 {
			rule = "-1 retries a failing record until it expires from the stream, holding up its shard all that time"
		}
		r.add(prop+".RetryAttempts", rule, fmt.Sprintf("use a bounded number of retries, or leave it unset for %d", DefaultStreamRetryAttempts))
	}
	if f := o.ParallelizationFactor; f < 0 || f > maxParallelization {
		r.add(prop+".ParallelizationFactor", fmt.Sprintf("%d is outside Lambda's range of 1 to %d", f, maxParallelization), "use a factor in that range, or 0 for the default (1)")
	}
	if a := o.MaxRecordAgeSeconds; a != 0 && (a < minRecordAgeSeconds || a > maxRecordAgeSeconds) {
		r.add(prop+".MaxRecordAgeSeconds", fmt.Sprintf("%d s is outside Lambda's range of %d to %d s", a, minRecordAgeSeconds, maxRecordAgeSeconds), "use an age in that range, or 0 for none")
	}
}

func (b *batch) configure(*functionBuild) {}

// attach creates one event source mapping per source, on the function's
// invoke target (the live alias with a Deployment, so that the records
// follow the traffic shift), with the grants the function needs, and the
// failure queue of stream sources that name none.
func (b *batch) attach(fb *functionBuild) {
	fn, target := fb.out.fn, fb.out.InvokeTarget()
	w := &batchWatch{}
	fb.out.batchWatch = w
	for _, ss := range b.sources {
		src := ss.src
		switch src.kind {
		case sqsBatch:
			w.sources = append(w.sources, watchedSource{queue: src.queue, what: ss.path})
			opts := &awslambda.EventSourceMappingOptions{
				EventSourceArn:          src.queue.QueueArn(),
				BatchSize:               jsii.Number(orDefault(src.sqs.BatchSize, DefaultSQSBatchSize)),
				MaxBatchingWindow:       seconds(src.sqs.MaxBatchingWindowSeconds),
				ReportBatchItemFailures: jsii.Bool(true),
			}
			m := target.AddEventSourceMapping(jsii.String("SqsEventSource:"+*awscdk.Names_NodeUniqueId(src.queue.Node())), opts)
			src.queue.GrantConsumeMessages(fn)
			nag.Suppress(m, nag.Suppression{ID: serverlessMappingDestination,
				Reason: "an SQS event source mapping takes no on-failure destination: failed messages return to the queue and move to its own dead-letter queue (redrive policy), which pylambda requires"})
		case kinesisBatch:
			m := target.AddEventSourceMapping(jsii.String("KinesisEventSource:"+*awscdk.Names_NodeUniqueId(src.stream.Node())),
				b.streamOptions(fb, src.stream.StreamArn(), src.st))
			w.sources = append(w.sources, watchedSource{mapping: m, ours: src.st.OnFailure == nil, what: ss.path})
			src.stream.GrantRead(fn)
		case dynamoDBBatch:
			m := target.AddEventSourceMapping(jsii.String("DynamoDBEventSource:"+*awscdk.Names_NodeUniqueId(src.table.Node())),
				b.streamOptions(fb, src.table.TableStreamArn(), src.st))
			w.sources = append(w.sources, watchedSource{mapping: m, ours: src.st.OnFailure == nil, what: "the stream of " + ss.path})
			// The stream's own ARN for every action, ListStreams included,
			// as TableV2's grant writes it (a Table's would add "*").
			src.table.GrantStream(fn, *jsii.Strings("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams")...)
			if key := src.table.EncryptionKey(); key != nil {
				key.Grant(fn, *jsii.Strings("kms:Decrypt", "kms:DescribeKey")...)
			}
		}
	}
	w.failures = b.failures
}

// batchWatch is what a function's alarms watch of its Batch sources, as
// attach made them: the alarms read the rest only when there are alarms.
type batchWatch struct {
	sources  []watchedSource
	failures awssqs.IQueue // pylambda's BatchFailures queue, if any
}

// watchedSource is an SQS source (queue) or a stream source (mapping).
type watchedSource struct {
	queue   awssqs.IQueue
	mapping awslambda.EventSourceMapping
	ours    bool   // the stream's failures go to pylambda's BatchFailures queue
	what    string // the queue's or the stream's construct path, for descriptions
}

// failures returns the queues where the function's failed records end up,
// once each (sources may share one): the SQS sources' dead-letter queues,
// pylambda's BatchFailures queue, and the streams' OnFailure destinations
// that are SQS queues of the stack's region.
func (w *batchWatch) failureQueues(fb *functionBuild) []failureQueue {
	var out []failureQueue
	add := func(name *string, what string) {
		if name == nil {
			return
		}
		for _, f := range out {
			if *f.name == *name {
				return
			}
		}
		out = append(out, failureQueue{name: name, what: what})
	}
	for _, src := range w.sources {
		switch {
		case src.queue != nil:
			add(deadLetterQueueOf(src.queue, fb.spec.info), "the dead-letter queue of "+src.what)
		case src.ours:
			add(w.failures.QueueName(), "the function's BatchFailures queue (the stream sources' on-failure destination)")
		default:
			add(onFailureOfMapping(src.mapping, fb.spec.info), "the on-failure destination of "+src.what)
		}
	}
	return out
}

// onFailureOfMapping returns the name of the SQS queue that a mapping's
// OnFailure destination names, or nil (see queueNameOfArn).
func onFailureOfMapping(m awslambda.EventSourceMapping, info *stackinfo.Info) *string {
	cfn, ok := m.Node().DefaultChild().(awslambda.CfnEventSourceMapping)
	if !ok {
		return nil
	}
	dc, ok := cfn.DestinationConfig().(*awslambda.CfnEventSourceMapping_DestinationConfigProperty)
	if !ok || dc.OnFailure == nil {
		return nil
	}
	of, ok := dc.OnFailure.(*awslambda.CfnEventSourceMapping_OnFailureProperty)
	if !ok || of.Destination == nil {
		return nil
	}
	return queueNameOfArn(*of.Destination, info)
}

// deadLetterQueueOf returns the name of the dead-letter queue of an SQS
// queue of the app (its redrive policy, however it was set), or nil.
func deadLetterQueueOf(queue awssqs.IQueue, info *stackinfo.Info) *string {
	cfn, ok := queue.Node().DefaultChild().(awssqs.CfnQueue)
	if !ok {
		return nil
	}
	policy, ok := cfn.RedrivePolicy().(map[string]any)
	if !ok {
		return nil
	}
	arn, ok := policy["deadLetterTargetArn"].(string)
	if !ok {
		return nil
	}
	return queueNameOfArn(arn, info)
}

// streamOptions are the mapping options of a stream source, with
// pylambda's defaults.
func (b *batch) streamOptions(fb *functionBuild, arn *string, o StreamBatchOptions) *awslambda.EventSourceMappingOptions {
	onFailure := o.OnFailure
	if onFailure == nil {
		onFailure = awslambdaeventsources.NewSqsDlq(b.failureQueue(fb))
	}
	retries := DefaultStreamRetryAttempts
	if o.RetryAttempts != nil {
		retries = *o.RetryAttempts
	}
	bisect := true
	if o.BisectBatchOnError != nil {
		bisect = *o.BisectBatchOnError
	}
	start := o.StartingPosition
	if start == "" {
		start = DefaultStartingPosition
	}
	opts := &awslambda.EventSourceMappingOptions{
		EventSourceArn:                arn,
		StartingPosition:              start,
		BatchSize:                     jsii.Number(orDefault(o.BatchSize, DefaultStreamBatchSize)),
		MaxBatchingWindow:             seconds(o.MaxBatchingWindowSeconds),
		RetryAttempts:                 jsii.Number(retries),
		BisectBatchOnError:            jsii.Bool(bisect),
		OnFailure:                     onFailure,
		ReportBatchItemFailures:       jsii.Bool(true),
		SupportS3OnFailureDestination: jsii.Bool(true),
	}
	if o.ParallelizationFactor > 0 {
		opts.ParallelizationFactor = jsii.Number(o.ParallelizationFactor)
	}
	if o.MaxRecordAgeSeconds > 0 {
		opts.MaxRecordAge = awscdk.Duration_Seconds(jsii.Number(o.MaxRecordAgeSeconds))
	}
	return opts
}

// failureQueue returns the queue that receives the metadata of stream
// records that exhausted their retries, creating it once per function.
func (b *batch) failureQueue(fb *functionBuild) awssqs.IQueue {
	if b.failures == nil {
		q := awssqs.NewQueue(fb.node, jsii.String("BatchFailures"), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(DefaultDeadLetterRetentionDays)),
		})
		nag.Suppress(q,
			nag.Suppression{ID: nag.ServerlessSQSRedrivePolicy, Reason: "this queue is the on-failure destination of the function's stream sources, the end of the line for records that exhausted their retries"},
			nag.Suppression{ID: nag.SQSDeadLetterQueue, Reason: "this queue is the on-failure destination of the function's stream sources (the mappings' DestinationConfig)"},
		)
		b.failures = q
	}
	return b.failures
}

// orDefault returns v, or def when v is 0.
func orDefault(v, def int) float64 {
	if v == 0 {
		return float64(def)
	}
	return float64(v)
}

// seconds returns a duration of n seconds, or nil for 0.
func seconds(n int) awscdk.Duration {
	if n <= 0 {
		return nil
	}
	return awscdk.Duration_Seconds(jsii.Number(n))
}
