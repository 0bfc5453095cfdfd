"""Shared helpers for the Lambda@Edge tests (not deployed with any function).

Lambda@Edge functions must run with only the standard library and without
environment variables; these helpers let the tests check both statically, and
check that ``app`` imports when its folder is the asset root.
"""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ENVIRONMENT_ACCESSORS = frozenset({"environ", "environb", "getenv", "getenvb"})


def load_event(fixtures_dir: Path, name: str) -> dict[str, Any]:
    """Load a CloudFront event fixture; each call returns a fresh copy."""
    return copy.deepcopy(json.loads((fixtures_dir / name).read_text(encoding="utf-8")))


def non_stdlib_imports(module_file: Path) -> set[str]:
    """Return the imports in ``module_file`` that are not standard library.

    Relative imports are reported too, as ``"."``-prefixed names: they cannot
    work when the function folder is the Lambda asset root.
    """
    offending: set[str] = set()
    for node in ast.walk(_parse(module_file)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = ["." * node.level + (node.module or "")]
        else:
            continue
        offending.update(name for name in names if not _is_stdlib(name))
    return offending


def environment_accesses(module_file: Path) -> set[str]:
    """Return names in ``module_file`` that read environment variables (``os.environ``...)."""
    found: set[str] = set()
    for node in ast.walk(_parse(module_file)):
        if isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT_ACCESSORS:
            found.add(node.attr)
        elif isinstance(node, ast.Name) and node.id in ENVIRONMENT_ACCESSORS:
            found.add(node.id)
        elif isinstance(node, ast.alias) and node.name in ENVIRONMENT_ACCESSORS:
            found.add(node.name)
    return found


def import_from_asset_root(function_dir: Path) -> subprocess.CompletedProcess[str]:
    """Import ``app`` in a fresh, isolated interpreter with ``function_dir`` as the root.

    ``-I -S`` ignores PYTHONPATH and every site-packages directory, leaving only
    the standard library and the function folder importable.
    """
    code = "import sys; sys.path.insert(0, '.'); import app; assert callable(app.handler)"
    return subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        cwd=function_dir,
        capture_output=True,
        text=True,
        check=False,
    )


def _parse(module_file: Path) -> ast.Module:
    return ast.parse(module_file.read_text(encoding="utf-8"), filename=str(module_file))


def _is_stdlib(module_name: str) -> bool:
    return module_name.split(".")[0] in sys.stdlib_module_names
