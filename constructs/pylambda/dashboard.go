package pylambda

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/pylambda/pylambda/internal/stackinfo"
)

// DashboardProps configure a CloudWatch dashboard of pylambda functions.
type DashboardProps struct {
	// Functions are shown one row each, in this order: functions that
	// NewFunction created, in the dashboard's region.
	// Required: at least one.
	Functions []Function
	// Distributions are shown one row each, after the functions: CloudFront
	// distributions whose requests, error rates and Lambda@Edge errors the
	// dashboard reads from us-east-1 (CloudFront's metrics are there only),
	// wherever the dashboard is. Each is of the dashboard's region, or
	// imported with its id.
	// Default: none.
	Distributions []awscloudfront.IDistribution
	// DashboardName is the dashboard's name: letters, digits, "-" and "_",
	// at most 255.
	// Default: a name CloudFormation generates.
	DashboardName string
}

// maxDashboardWidgets is CloudWatch's limit of widgets per dashboard.
const maxDashboardWidgets = 500

// dashboardNamePattern is what CloudWatch accepts as a dashboard name.
var dashboardNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// NewDashboard creates a CloudWatch dashboard at scope/id with one row per
// function (and one per distribution: requests, error rates and Lambda@Edge
// errors, from us-east-1): invocations and errors; duration p50, p90 and p99 against the
// timeout; throttles and concurrent executions; and cold starts, from the
// ColdStart metric that Powertools publishes (in the function's
// Powertools.MetricsNamespace, with the dimensions function_name and
// service) when the handler is decorated with
// @metrics.log_metrics(capture_cold_start_metric=True). A function with
// alarms gets a row with their states.
//
// Invalid props panic before anything is added to the tree, with every
// problem at once, as *ValidationError values.
func NewDashboard(scope constructs.Construct, id string, props *DashboardProps) awscloudwatch.Dashboard {
	var p DashboardProps
	if props != nil {
		p = *props
	}
	info := stackinfo.Of(scope)
	r := &report{path: stackinfo.Path(scope, id)}
	fns := checkDashboard(r, info, p)
	if err := r.err(); err != nil {
		panic(err)
	}
	defer withPath(r.path)
	var rows [][]awscloudwatch.IWidget
	for _, f := range fns {
		rows = append(rows, functionWidgets(f)...)
	}
	for _, d := range p.Distributions {
		rows = append(rows, distributionWidgets(d))
	}
	widgets := make([]*[]awscloudwatch.IWidget, len(rows))
	for i := range rows {
		widgets[i] = &rows[i]
	}
	dp := &awscloudwatch.DashboardProps{Widgets: &widgets}
	if p.DashboardName != "" {
		dp.DashboardName = jsii.String(p.DashboardName)
	}
	return awscloudwatch.NewDashboard(scope, jsii.String(id), dp)
}

// checkDashboard adds the problems of p to r and returns its functions.
func checkDashboard(r *report, info *stackinfo.Info, p DashboardProps) []*function {
	if len(p.Functions) == 0 && len(p.Distributions) == 0 {
		r.add("Functions", "is empty, and so is Distributions", "give the functions to show, e.g. []pylambda.Function{orders}, or distributions")
	}
	for i, d := range p.Distributions {
		property := fmt.Sprintf("Distributions[%d]", i)
		if d == nil {
			r.add(property, "is nil", "remove it, or give the distribution")
			continue
		}
		if _, ok := d.Node().DefaultChild().(awscloudfront.CfnDistribution); !ok {
			continue // imported: its id is a value
		}
		if region := stackinfo.Of(d).Region; region != "" && info.Region != "" && region != info.Region {
			r.add(property, fmt.Sprintf("%s is in a stack of %s, and the dashboard in %s: its id would need a reference across regions", *d.Node().Path(), region, info.Region),
				"create the dashboard in a stack of "+region+", or import the distribution with its id (awscloudfront.Distribution_FromDistributionAttributes)")
		}
	}
	if p.DashboardName != "" && !dashboardNamePattern.MatchString(p.DashboardName) {
		r.add("DashboardName", fmt.Sprintf("%q is not a dashboard name: CloudWatch accepts 1 to 255 letters, digits, \"-\" and \"_\"", p.DashboardName),
			"rename it, or leave it unset for a generated name")
	}
	var out []*function
	seen := map[*function]int{}
	widgets := 0
	for i, fn := range p.Functions {
		property := fmt.Sprintf("Functions[%d]", i)
		f, ok := fn.(*function)
		switch {
		case fn == nil:
			r.add(property, "is nil", "remove it, or give the function")
			continue
		case !ok:
			r.add(property, fmt.Sprintf("is a %T, not a function that pylambda.NewFunction created", fn), "give the value NewFunction returned")
			continue
		}
		if j, dup := seen[f]; dup {
			r.add(property, fmt.Sprintf("is %s again (Functions[%d])", f.path, j), "list each function once")
			continue
		}
		seen[f] = i
		if region := stackinfo.Of(f).Region; region != "" && info.Region != "" && region != info.Region {
			r.add(property, fmt.Sprintf("%s is in %s, and the dashboard in %s: its metrics would need a reference across regions", f.path, region, info.Region),
				"create the dashboard in a stack of "+region)
		}
		widgets += len(f.widgetTitles())
		out = append(out, f)
	}
	widgets += len(p.Distributions) * len(distributionTitles(""))
	if widgets > maxDashboardWidgets {
		r.add("Functions", fmt.Sprintf("%d functions and %d distributions need %d widgets, more than CloudWatch's %d per dashboard", len(out), len(p.Distributions), widgets, maxDashboardWidgets),
			"split the functions and distributions across dashboards")
	}
	return out
}

// widgetTitles are the titles of a function's widgets, in order: one per
// widget NewDashboard creates for it.
func (f *function) widgetTitles() []string {
	titles := []string{
		f.path + ": invocations and errors",
		f.path + ": duration (ms)",
		f.path + ": throttles and concurrency",
		f.path + ": cold starts",
	}
	if len(f.alarms) > 0 {
		titles = append(titles, f.path+": alarms")
	}
	return titles
}

// functionWidgets returns the rows of a function.
func functionWidgets(f *function) [][]awscloudwatch.IWidget {
	titles := f.widgetTitles()
	fn := f.fn
	fiveMinutes := awscdk.Duration_Minutes(jsii.Number(5))
	opts := func(statistic, label string) *awscloudwatch.MetricOptions {
		return &awscloudwatch.MetricOptions{Statistic: jsii.String(statistic), Label: jsii.String(label), Period: fiveMinutes}
	}
	graph := func(title string, left, right []awscloudwatch.IMetric, annotations []*awscloudwatch.HorizontalAnnotation) awscloudwatch.IWidget {
		p := &awscloudwatch.GraphWidgetProps{Title: jsii.String(title), Left: &left, Width: jsii.Number(6), Height: jsii.Number(6)}
		if len(right) > 0 {
			p.Right = &right
		}
		if len(annotations) > 0 {
			p.LeftAnnotations = &annotations
		}
		return awscloudwatch.NewGraphWidget(p)
	}
	var timeout []*awscloudwatch.HorizontalAnnotation
	if t := fn.Timeout(); t != nil && !*t.IsUnresolved() {
		timeout = append(timeout, &awscloudwatch.HorizontalAnnotation{Value: t.ToMilliseconds(nil), Label: jsii.String("Timeout"), Color: jsii.String("#d62728")})
	}
	row := []awscloudwatch.IWidget{
		graph(titles[0],
			[]awscloudwatch.IMetric{fn.MetricInvocations(opts("Sum", "Invocations")), fn.MetricErrors(opts("Sum", "Errors"))}, nil, nil),
		graph(titles[1],
			[]awscloudwatch.IMetric{fn.MetricDuration(opts("p50", "p50")), fn.MetricDuration(opts("p90", "p90")), fn.MetricDuration(opts("p99", "p99"))},
			nil, timeout),
		graph(titles[2],
			[]awscloudwatch.IMetric{fn.MetricThrottles(opts("Sum", "Throttles"))},
			[]awscloudwatch.IMetric{fn.Metric(jsii.String("ConcurrentExecutions"), opts("Maximum", "Concurrent executions (max)"))}, nil),
	}
	switch {
	case f.effective.DisableMetrics:
		row = append(row, coldStartNote(titles[3], "Powertools metrics are off for this function (`Powertools.DisableMetrics`): no ColdStart metric."))
	case f.effective.MetricsNamespace == "":
		row = append(row, coldStartNote(titles[3], "The function's metrics namespace is unknown at synth (the stack's name is a token): set `Powertools.MetricsNamespace`."))
	default:
		coldStarts := awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace:  jsii.String(f.effective.MetricsNamespace),
			MetricName: jsii.String("ColdStart"),
			DimensionsMap: &map[string]*string{
				"function_name": fn.FunctionName(),
				"service":       jsii.String(f.effective.ServiceName),
			},
			Statistic: jsii.String("Sum"), Label: jsii.String("Cold starts (Powertools)"), Period: fiveMinutes,
		})
		row = append(row, graph(titles[3], []awscloudwatch.IMetric{coldStarts}, []awscloudwatch.IMetric{fn.MetricInvocations(opts("Sum", "Invocations"))}, nil))
	}
	rows := [][]awscloudwatch.IWidget{row}
	if len(f.alarms) > 0 {
		alarms := make([]interfacesawscloudwatch.IAlarmRef, len(f.alarms))
		for i, a := range f.alarms {
			alarms[i] = a
		}
		rows = append(rows, []awscloudwatch.IWidget{awscloudwatch.NewAlarmStatusWidget(&awscloudwatch.AlarmStatusWidgetProps{
			Title: jsii.String(titles[4]), Alarms: &alarms, Width: jsii.Number(24), Height: jsii.Number(3),
		})})
	}
	return rows
}

// distributionTitles are the titles of a distribution's widgets.
func distributionTitles(path string) []string {
	return []string{path + ": requests", path + ": error rates (%)", path + ": Lambda@Edge errors"}
}

// distributionWidgets returns the row of a distribution: CloudFront's
// metrics of it, read from us-east-1.
func distributionWidgets(d awscloudfront.IDistribution) []awscloudwatch.IWidget {
	titles := distributionTitles(*d.Node().Path())
	metric := func(name, statistic, label string) awscloudwatch.IMetric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace:     jsii.String(cloudFrontNamespace),
			MetricName:    jsii.String(name),
			DimensionsMap: &map[string]*string{"DistributionId": d.DistributionId(), "Region": jsii.String("Global")},
			Statistic:     jsii.String(statistic),
			Label:         jsii.String(label),
			Period:        awscdk.Duration_Minutes(jsii.Number(5)),
			Region:        jsii.String(EdgeRegion),
		})
	}
	graph := func(title string, left []awscloudwatch.IMetric) awscloudwatch.IWidget {
		return awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{Title: jsii.String(title), Left: &left, Width: jsii.Number(8), Height: jsii.Number(6),
			Region: jsii.String(EdgeRegion)})
	}
	return []awscloudwatch.IWidget{
		graph(titles[0], []awscloudwatch.IMetric{metric("Requests", "Sum", "Requests")}),
		graph(titles[1], []awscloudwatch.IMetric{metric("4xxErrorRate", "Average", "4xx"), metric("5xxErrorRate", "Average", "5xx")}),
		graph(titles[2], []awscloudwatch.IMetric{metric("LambdaExecutionError", "Sum", "Execution errors"), metric("LambdaValidationError", "Sum", "Invalid responses")}),
	}
}

// coldStartNote stands in the place of the cold starts graph.
func coldStartNote(title, text string) awscloudwatch.IWidget {
	return awscloudwatch.NewTextWidget(&awscloudwatch.TextWidgetProps{
		Markdown: jsii.String("### " + title + "\n" + text), Width: jsii.Number(6), Height: jsii.Number(6),
	})
}
