//lint:file-ignore SA1019 the defaults honour the deprecated logging options a caller set

package pylambda

import (
	"slices"
	"strings"
	"unicode"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"
	"github.com/pylambda/pylambda/internal/project"
)

// Defaults of every function. Each one is chosen for Python with Powertools;
// the README says why.
const (
	// DefaultHandler is the handler when Handler is empty.
	DefaultHandler = "app.handler"
	// DefaultPython is the Python version when Runtime is nil.
	DefaultPython = "3.11"
	// DefaultMemorySize, in MB: Python and Powertools start in well under a
	// second at 256 MB, and Lambda's 128 MB default is flagged by cdk-nag.
	DefaultMemorySize = 256
	// DefaultTimeoutSeconds: room for a cold start and a downstream call;
	// Lambda's 3 s default is flagged by cdk-nag.
	DefaultTimeoutSeconds = 10
	// DefaultLogRetention keeps logs three months.
	DefaultLogRetention = awslogs.RetentionDays_THREE_MONTHS
	// DefaultLogRemovalPolicy keeps the log group when the stack is deleted.
	DefaultLogRemovalPolicy = awscdk.RemovalPolicy_RETAIN
	// DefaultSystemLogLevel keeps Lambda's platform lines (START, END,
	// REPORT with duration and memory).
	DefaultSystemLogLevel = awslambda.SystemLogLevel_INFO
	// DefaultDeadLetterRetentionDays keeps failed events two weeks, SQS's
	// maximum.
	DefaultDeadLetterRetentionDays = 14
)

// Defaults of an edge function.
const (
	// DefaultEdgeMemorySize, in MB: the viewer events' limit, and plenty for
	// header and URL work.
	DefaultEdgeMemorySize = 128
	// DefaultEdgeTimeoutSeconds: the viewer events' limit.
	DefaultEdgeTimeoutSeconds = 5
	// DefaultEdgeRemovalPolicy keeps an edge function and its versions when
	// they leave the stack, so that deletes and replacements do not wait
	// for CloudFront's replicas (EdgeFunctionProps.RemovalPolicy).
	DefaultEdgeRemovalPolicy = awscdk.RemovalPolicy_RETAIN
)

// DefaultRuntime is Python 3.11, the runtime of every function unless told
// otherwise.
func DefaultRuntime() awslambda.Runtime { return awslambda.Runtime_PYTHON_3_11() }

// DefaultAssetExcludes are left out of every function's asset: caches, tests,
// virtual environments and tool folders.
var DefaultAssetExcludes = []string{
	"__pycache__", "*.pyc", "*.pyo", ".pytest_cache", ".mypy_cache", ".ruff_cache",
	"tests", "test", "*_test.py", "test_*.py", "conftest.py",
	".venv", "venv", "env", ".tox", ".nox", "*.egg-info", ".git", ".DS_Store",
}

// LogOptions configure the log group a function writes to.
type LogOptions struct {
	// Retention is how long the group keeps log events.
	// Default: DefaultLogRetention (three months).
	Retention awslogs.RetentionDays
	// RemovalPolicy applies when the group leaves the stack.
	// Default: DefaultLogRemovalPolicy (retain).
	RemovalPolicy awscdk.RemovalPolicy
}

// withDefaults fills DefaultLogRetention and DefaultLogRemovalPolicy.
func (o LogOptions) withDefaults() LogOptions {
	if o.Retention == "" {
		o.Retention = DefaultLogRetention
	}
	if o.RemovalPolicy == "" {
		o.RemovalPolicy = DefaultLogRemovalPolicy
	}
	return o
}

// fill returns a copy of the caller's props with every default of a
// regional function filled in: the one place they are filled. The spec,
// read from the props as given, supplies what depends on other props (the
// application log level follows the Powertools level).
func (s *functionSpec) fill(p FunctionProps) FunctionProps {
	p.Handler = s.handler
	if p.Runtime == nil {
		p.Runtime = DefaultRuntime()
	}
	if p.Architecture == nil {
		p.Architecture = awslambda.Architecture_ARM_64()
	}
	if p.MemorySize == nil {
		p.MemorySize = jsii.Number(DefaultMemorySize)
	}
	if p.Timeout == nil {
		p.Timeout = awscdk.Duration_Seconds(jsii.Number(DefaultTimeoutSeconds))
	}
	if p.LoggingFormat == "" && p.LogFormat == nil {
		p.LoggingFormat = awslambda.LoggingFormat_JSON
		if !s.jsonLogs() {
			p.LoggingFormat = awslambda.LoggingFormat_TEXT
		}
	}
	if s.jsonLogs() {
		if p.ApplicationLogLevelV2 == "" && p.ApplicationLogLevel == nil {
			p.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel(s.effective.Level().LambdaLogLevel())
		}
		if p.SystemLogLevelV2 == "" && p.SystemLogLevel == nil {
			p.SystemLogLevelV2 = DefaultSystemLogLevel
		}
	}
	if p.LogGroup == nil {
		p.Logs = p.Logs.withDefaults()
	}
	return p
}

// fill returns a copy of the caller's props with every default of an edge
// function filled in (see functionSpec.fill).
func (s *edgeSpec) fill(p EdgeFunctionProps) EdgeFunctionProps {
	p.Handler = s.handler
	if p.Runtime == nil {
		p.Runtime = DefaultRuntime()
	}
	p.MemorySize = s.memory
	if p.Timeout == nil {
		p.Timeout = awscdk.Duration_Seconds(jsii.Number(DefaultEdgeTimeoutSeconds))
	}
	p.Limits = s.limits
	p.Logs = p.Logs.withDefaults()
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = DefaultEdgeRemovalPolicy
	}
	return p
}

// excludesOf returns the asset excludes of a function: the defaults, then
// the caller's.
func excludesOf(extra []string) []string { return append(slices.Clone(DefaultAssetExcludes), extra...) }

// ServiceName derives a Powertools service name from a construct id:
// kebab-case, e.g. "orders-api" for "OrdersAPI" or "Orders_Api".
func ServiceName(id string) string {
	var b strings.Builder
	rs := []rune(id)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if upper && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('-')
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte('-')
		}
	}
	parts := strings.FieldsFunc(b.String(), func(r rune) bool { return r == '-' })
	if len(parts) == 0 {
		return "service"
	}
	return strings.Join(parts, "-")
}

// ProjectPath returns rel anchored at the project's root: the folder of the
// nearest cdk.json from the working directory upwards, where the CLI runs the
// app. Under `cdk synth` that is the working directory; under `go test` in a
// sub-package, a folder above it. Write paths in stacks with it, so that the
// same stack synthesizes from both:
//
//	Entry: pylambda.ProjectPath("lambda/orders")
//
// Without a cdk.json (or for an absolute path), rel is returned as it is.
func ProjectPath(rel string) string { return project.Path(rel) }
