// Package stackinfo reads, once per stack, the facts about a stack that
// pylambda's constructs need for every function they build: its name,
// region, partition and whether the CLI bundles its assets.
//
// Each read is a call into the jsii kernel; a stack with many functions pays
// for them once. The facts cannot change after a stack is created (its
// environment and the CLI's bundling context are fixed by then).
package stackinfo

import (
	"reflect"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/constructs-go/constructs/v10"
)

// Info holds the facts of one stack.
type Info struct {
	// Stack is the stack itself.
	Stack awscdk.Stack
	// Name is the stack name, "" when it is a token.
	Name string
	// Region is the region, "" for an environment-agnostic stack.
	Region string
	// Partition is the region's partition, "" when the region is unknown at
	// synth or the CDK knows no partition for it.
	Partition string

	bundling func() bool
}

// BundlingRequired reports whether the CLI bundles this stack's assets
// (false for stacks left out by `cdk synth OtherStack --exclusively`, `cdk ls`
// and the like). It is read on first use.
func (i *Info) BundlingRequired() bool { return i.bundling() }

var (
	mu     sync.Mutex
	byNode = map[uintptr]*Info{} // scope or stack pointer -> facts
)

// Of returns the facts of the stack that holds scope.
func Of(scope constructs.IConstruct) *Info {
	key := pointer(scope)
	mu.Lock()
	info, ok := byNode[key]
	mu.Unlock()
	if ok && key != 0 {
		return info
	}
	stack := awscdk.Stack_Of(scope)
	skey := pointer(stack)
	mu.Lock()
	info, ok = byNode[skey]
	mu.Unlock()
	if !ok || skey == 0 {
		info = read(stack)
	}
	mu.Lock()
	if key != 0 {
		byNode[key] = info
	}
	if skey != 0 {
		byNode[skey] = info
	}
	mu.Unlock()
	return info
}

func read(stack awscdk.Stack) *Info {
	info := &Info{Stack: stack}
	if name := *stack.StackName(); !IsToken(name) {
		info.Name = name
	}
	if region := *stack.Region(); !IsToken(region) {
		info.Region = region
		if p := regioninfo.RegionInfo_Get(&region).Partition(); p != nil {
			info.Partition = *p
		}
	}
	info.bundling = sync.OnceValue(func() bool { return *stack.BundlingRequired() })
	return info
}

// pointer identifies a jsii object by the Go pointer the runtime keeps for
// it (0 when scope is not a pointer, e.g. a user's struct that embeds a stack:
// such scopes are looked up every time).
func pointer(c constructs.IConstruct) uintptr {
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer {
		return 0
	}
	return v.Pointer()
}

// IsToken reports whether s holds a CDK token (a value known only at deploy
// time), without a call into the kernel: the CDK encodes string tokens as
// "${Token[...]}".
func IsToken(s string) bool { return strings.Contains(s, "${Token[") }

var paths sync.Map // scope pointer -> path

// Path returns the construct path of scope/id (id alone under the root),
// reading scope's path once.
func Path(scope constructs.IConstruct, id string) string {
	key := pointer(scope)
	var p string
	if v, ok := paths.Load(key); ok && key != 0 {
		p = v.(string)
	} else {
		p = *scope.Node().Path()
		if key != 0 {
			paths.Store(key, p)
		}
	}
	if p == "" {
		return id
	}
	return p + "/" + id
}
