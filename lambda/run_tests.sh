#!/usr/bin/env bash
# The Python handler tests, as `make test-python` runs them.
#
# PYLAMBDA_WHEELS names a folder of wheels (default ../shared/wheels, relative to
# the repository root). When it exists, aws-lambda-powertools 3.2.0 is installed
# from it, offline, into .venv-test/ and every test runs there, the orders
# handler tests included. Without it, the tests that need only the standard
# library run on $PYTHON and the rest are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
WHEELS=${PYLAMBDA_WHEELS:-../shared/wheels}
POWERTOOLS=aws-lambda-powertools==3.2.0
VENV=.venv-test

discover() { "$1" -m unittest discover -s lambda -t lambda; }
has_powertools() {
	"$1" -c 'import importlib.metadata as m, sys; sys.exit(m.version("aws-lambda-powertools") != "3.2.0")' 2>/dev/null
}

if [[ ! -d $WHEELS ]]; then
	if has_powertools "$PYTHON"; then
		echo "==> Python tests on $PYTHON, whose $POWERTOOLS runs the orders handler tests"
		PYLAMBDA_REQUIRE_POWERTOOLS=1 discover "$PYTHON"
		exit 0
	fi
	echo "==> Python tests on $PYTHON: standard library only (no folder of wheels at $WHEELS)"
	discover "$PYTHON"
	echo "==> SKIPPED the handler tests that need $POWERTOOLS (orders, worker, container)."
	echo "    To run them, name a folder holding its wheels (and those of jmespath and typing-extensions):"
	echo "    make test-python PYLAMBDA_WHEELS=/path/to/wheels"
	exit 0
fi

# --system-site-packages: boto3, moto and aws-xray-sdk come from $PYTHON, as no index is reachable.
if ! has_powertools "$VENV/bin/python"; then
	echo "==> installing $POWERTOOLS from $WHEELS into $VENV/ (offline)"
	rm -rf "$VENV"
	"$PYTHON" -m venv --system-site-packages "$VENV"
	"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
		--no-index --find-links "$WHEELS" "$POWERTOOLS"
fi
echo "==> Python tests on $POWERTOOLS from $WHEELS: standard library and orders handler tests"
PYLAMBDA_REQUIRE_POWERTOOLS=1 discover "$VENV/bin/python"
