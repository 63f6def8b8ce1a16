from parindex.cli import main

raise SystemExit(main())
