"""The compiled-catalog cache: same catalog back, invalidated by any edit, harmless when broken."""

from __future__ import annotations

from pathlib import Path

from bocal.rules import load_catalog

RULE = (
    '[[duty]]\nid = "a"\ntitle = "t"\ntitle_en = "t"\narea = "hr"\nevery = "month"\n'
    'due = "10th of next month"\nbasis = "customary"\nwhen = "employees >= 50"\n'
)


def test_cache_returns_an_equal_catalog(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_catalog(cache_dir=cache)
    assert len(list(cache.glob("catalog-*.pickle"))) == 1
    second = load_catalog(cache_dir=cache)
    assert second == first
    # conditions survive the round trip (they are re-compiled from their text)
    ws = second.get("withholding-tax")
    assert ws is not None and ws.when is not None
    assert ws.when({"withholding_special": False}) is True


def test_an_edit_changes_the_key(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rules = tmp_path / "r.toml"
    rules.write_text(RULE, encoding="utf-8")
    a = load_catalog([rules], bundled=False, cache_dir=cache)
    rules.write_text(RULE.replace("employees >= 50", "employees >= 10"), encoding="utf-8")
    b = load_catalog([rules], bundled=False, cache_dir=cache)
    assert a.duties[0].when.text == "employees >= 50"  # type: ignore[union-attr]
    assert b.duties[0].when.text == "employees >= 10"  # type: ignore[union-attr]
    assert len(list(cache.glob("catalog-*.pickle"))) == 2


def test_a_broken_cache_file_is_ignored_and_rewritten(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rules = tmp_path / "r.toml"
    rules.write_text(RULE, encoding="utf-8")
    load_catalog([rules], bundled=False, cache_dir=cache)
    (pickle_file,) = cache.glob("catalog-*.pickle")
    pickle_file.write_bytes(b"not a pickle")
    again = load_catalog([rules], bundled=False, cache_dir=cache)
    assert again.duties[0].id == "a"
    assert pickle_file.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_directory_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    # the cache "directory" is a file: writing fails quietly, loading still works
    assert len(load_catalog(cache_dir=blocker / "sub")) > 70


def test_an_edited_engine_module_changes_the_key(tmp_path: Path) -> None:
    import os

    import bocal.rules as rules_module

    cache = tmp_path / "cache"
    load_catalog(cache_dir=cache)
    dates_py = Path(rules_module.__file__).parent / "dates.py"
    st = os.stat(dates_py)
    try:
        os.utime(dates_py, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        load_catalog(cache_dir=cache)
    finally:
        os.utime(dates_py, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert len(list(cache.glob("catalog-*.pickle"))) == 2
