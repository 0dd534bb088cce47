"""Parse many documents with Dask: bags of texts or file paths in, bags of JSON-ready dicts out.

Needs the extra: ``pip install 'cnoutline[dask]'`` (dask[bag] and distributed). On a cluster::

    import glob
    import orjson
    from dask.distributed import Client
    from cnoutline.dask_bag import parse_paths, to_chunks

    client = Client("tcp://scheduler:8786")      # or Client() for a cluster on this machine
    docs = parse_paths(sorted(glob.glob("/data/corpus/*.txt")), partition_size=32)
    docs.map(orjson.dumps).to_textfiles("/data/out/docs-*.jsonl")     # JSON Lines, one file per partition
    to_chunks(docs).map(orjson.dumps).to_textfiles("/data/out/chunks-*.jsonl")

Without a Client, Dask's default scheduler for bags (a local process pool) runs the same code.

Each partition is one task. cnoutline builds its parsers once per process and caches them, so a
worker compiles the grammars on its first document and reuses them for every later document of
every partition it runs. Results are plain data (``Document.model_dump(mode="json")`` dicts and
chunk dicts) that pickle cheaply between processes; ``cnoutline.Document.model_validate(d)`` turns a
document dict back into a Document.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .api import parse
from .decode import decode
from .models import Document

if TYPE_CHECKING:
    from dask.bag import Bag

_MISSING = "cnoutline.dask_bag needs Dask; install the extra: pip install 'cnoutline[dask]'"


def _dask_bag() -> ModuleType:
    """The dask.bag module, or an ImportError that names the extra to install."""
    try:
        import dask.bag
    except ImportError as exc:
        raise ImportError(_MISSING) from exc
    return dask.bag


def parse_texts(texts: Bag | Iterable[str], *, clean: bool = True, partition_size: int | None = None) -> Bag:
    """A bag of document dicts, one per text, in order.

    `texts` is a dask Bag of str (for instance ``db.read_text(...).map(json.loads).pluck("text")``)
    or any iterable of str, which is made into a Bag of `partition_size` texts per partition (Dask
    chooses when it is None). `clean` is passed to `cnoutline.parse`. The documents have no source
    name; use `parse_paths` to parse files.
    """
    db = _dask_bag()
    bag = texts if isinstance(texts, db.Bag) else db.from_sequence(list(texts), partition_size=partition_size)
    return bag.map_partitions(_parse_text_partition, clean=clean)


def parse_paths(paths: Bag | Iterable[str | os.PathLike[str]], *, partition_size: int | None = None) -> Bag:
    """A bag of document dicts, one per file, in order; the files are read on the workers.

    `paths` is a dask Bag of paths or any iterable of them, made into a Bag of `partition_size`
    paths per partition (Dask chooses when it is None; for many small files 16–64 keeps the
    scheduling overhead small). A path is anything fsspec opens (a local path, which every worker
    must be able to read, or a URL such as s3://bucket/a.txt with the fsspec backend installed). The
    bytes are decoded as `cnoutline.parse_file` does (UTF-8, UTF-16 or GB18030, detected) and each
    document's `source.name` is the path as given. A file that cannot be read or decoded fails the
    computation with its error.
    """
    db = _dask_bag()
    bag = (paths if isinstance(paths, db.Bag)
           else db.from_sequence([os.fspath(p) for p in paths], partition_size=partition_size))
    return bag.map_partitions(_parse_path_partition)


def to_chunks(documents: Bag) -> Bag:
    """A bag of retrieval chunks (`cnoutline.render.chunks`) of a bag of document dicts or Documents.

    The chunks of each document come in document order, each carrying its document's source name
    under "doc", its heading path, text and span.
    """
    _dask_bag()
    return documents.map_partitions(_chunk_partition)


def _parse_text_partition(texts: Iterable[str], clean: bool) -> list[dict[str, Any]]:
    return [parse(text, clean=clean).model_dump(mode="json") for text in texts]


def _parse_path_partition(paths: Iterable[str]) -> list[dict[str, Any]]:
    import fsspec  # a dependency of dask

    out = []
    for path in paths:
        with fsspec.open(path, "rb") as f:
            text, encoding = decode(f.read())
        out.append(parse(text, name=path, encoding=encoding).model_dump(mode="json"))
    return out


def _chunk_partition(documents: Iterable[dict[str, Any] | Document]) -> list[dict[str, Any]]:
    from .render import chunks

    out: list[dict[str, Any]] = []
    for doc in documents:
        out.extend(chunks(doc if isinstance(doc, Document) else Document.model_validate(doc)))
    return out
