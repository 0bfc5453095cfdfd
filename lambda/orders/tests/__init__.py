"""Tests for the orders function.

At runtime Lambda imports ``app`` with the function folder as the root, so
``app.py`` imports its sibling as the top-level module ``orders_logic``. The
function folder is appended to ``sys.path`` here so that exactly the same import
works under ``python3 -m unittest discover -s lambda -t lambda``. Tests import
``orders_logic`` the same way, so there is only ever one copy of that module.
"""

import sys
from pathlib import Path

FUNCTION_DIR = Path(__file__).resolve().parent.parent

if str(FUNCTION_DIR) not in sys.path:
    sys.path.append(str(FUNCTION_DIR))
