package pycheck_test

import (
	"errors"
	"fmt"

	"github.com/pylambda/pylambda/internal/pycheck"
)

func ExampleCheck() {
	problems, err := pycheck.Check(pycheck.Request{
		Entry:   "testdata/orders",
		Handler: "app.handler",
		Python:  "3.11",
	})
	var noPython *pycheck.NoPythonError
	if errors.As(err, &noPython) {
		fmt.Println("handler checks skipped:", err)
		return
	}
	if err != nil {
		panic(err)
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	// Output:
	// Handler: testdata/orders/app.py defines no handler at module level (its module-level functions: handle); did you mean handle? set Handler to app.handle, or define handler
}
