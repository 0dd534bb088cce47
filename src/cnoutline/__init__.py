"""cnoutline: the section tree of Chinese essays, reports and official documents."""
from __future__ import annotations

from .api import dumps, parse, parse_bytes, parse_file, parse_json
from .errors import CnoutlineError, DecodeError, ParseError, ReadError
from .models import Document, Meta, Paragraph, Removed, Section, Source, Warning, walk

__version__ = "0.1.0"

__all__ = ["CnoutlineError", "DecodeError", "Document", "Meta", "Paragraph", "ParseError", "ReadError", "Removed",
           "Section", "Source", "Warning", "__version__", "dumps", "parse", "parse_bytes", "parse_file", "parse_json",
           "walk"]
