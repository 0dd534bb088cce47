"""The Dask integration gives, on a two-process cluster, exactly what parsing in one process gives."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

import cnoutline  # noqa: E402
from cnoutline import dask_bag  # noqa: E402

CORPUS_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
# Used where the shared corpus is not checked out next to the repository.
SAMPLES = {
    "notice.txt": "关于做好安全生产工作的通知\n各单位：\n一、提高认识\n（一）总体要求。一是压实责任，二是加强检查。\n"
                  "（二）工作目标。\n二、落实措施\n1. 开展排查。\n2. 及时整改。\n总之，要抓好落实。\n",
    "rules.txt": "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n"
                 "第二章 附则\n第三条 本办法自发布之日起施行。\n",
    "essay.txt": "浅谈机关作风建设\n首先，要加强学习。其次，要改进作风。最后，要严格考核。\n",
}


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The shared corpus documents, or a few sample documents where it is absent."""
    found = sorted(CORPUS_DOCS.glob("*.txt"))
    if found:
        return found
    folder = tmp_path_factory.mktemp("samples")
    for name, text in SAMPLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A client of a local cluster of two single-threaded worker processes."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def test_parse_paths_matches_one_process(client: Client, paths: list[Path]) -> None:
    expected = [cnoutline.parse_file(str(p)).model_dump(mode="json") for p in paths]
    bag = dask_bag.parse_paths([str(p) for p in paths], partition_size=2)
    assert bag.npartitions > 1
    got = bag.compute()
    assert len(got) == len(paths) > 0
    for p, want, have in zip(paths, expected, got, strict=True):
        assert have == want, p.name


def test_parse_texts_matches_one_process(client: Client, paths: list[Path]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in paths]
    expected = [cnoutline.parse(t, clean=False).model_dump(mode="json") for t in texts]
    got = dask_bag.parse_texts(texts, clean=False, partition_size=8).compute()
    assert got == expected


def test_to_chunks_matches_one_process(client: Client, paths: list[Path]) -> None:
    from cnoutline.render import chunks

    expected = [c for p in paths for c in chunks(cnoutline.parse_file(str(p)))]
    got = dask_bag.to_chunks(dask_bag.parse_paths([str(p) for p in paths], partition_size=4)).compute()
    assert len(got) == len(expected) > 0
    assert got == expected


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r"cnoutline\[dask\]"):
        dask_bag.parse_paths(["a.txt"])
