"""python -m khaosan.dev_server: see the package's docstring."""
from khaosan.dev_server import main

raise SystemExit(main())
