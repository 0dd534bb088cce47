"""python -m cnoutline"""
from .cli import main

raise SystemExit(main())
