"""The pdf reader (not yet written): bytes of a .pdf file → the text it shows."""
from __future__ import annotations

from ..errors import ReadError
from .shown import Shown


def read(data: bytes) -> Shown:
    """The text the file shows, with a map back to its pages."""
    raise ReadError("reading .pdf files is not supported yet")
