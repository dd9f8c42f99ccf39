"""The fixture outlet, run as `python -m tests.outlet ROOT`: it lives in newsmon.demo.outlet, which
`newsmon demo` uses too."""

from __future__ import annotations

import sys

from newsmon.demo.outlet import BAD_ROUTES, Outlet, main, serve

__all__ = ["BAD_ROUTES", "Outlet", "main", "serve"]

if __name__ == "__main__":
    sys.exit(main())
