"""Fact extraction pauses the cyclic garbage collector and always restores it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from nodeward.js.extract import extract_all, no_cyclic_gc

from conftest import write_tree


def test_extraction_restores_the_collector_state(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.js": "const express = require('express');\nexpress().listen(3000);\n"})
    assert gc.isenabled()
    modules = extract_all(tmp_path, [("a.js", 60)], workers=1)
    assert gc.isenabled()
    assert [m.path for m in modules] == ["a.js"]
    gc.disable()
    try:
        extract_all(tmp_path, [("a.js", 60)], workers=1)
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()


def test_collector_comes_back_after_an_exception() -> None:
    with pytest.raises(ValueError), no_cyclic_gc():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()
