"""`python -m parindex.cli`, the same as `parindex`."""

from parindex.cli import main

raise SystemExit(main())
