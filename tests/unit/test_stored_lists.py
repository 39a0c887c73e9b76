"""Lists of tags and requirement codes are read back from their JSON text exactly, whoever wrote it."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from amoa_workflow.store.result_rows import plain_list

lists = st.lists(st.one_of(st.text(), st.sampled_from(['x", "y', '"', "\\", "EXG-001", ""])), max_size=5)


@given(lists)
def test_a_list_written_by_json_dumps_is_read_as_it_was(items: list[str]) -> None:
    assert plain_list(json.dumps(items)) == tuple(items)
    assert plain_list(json.dumps(items, ensure_ascii=False)) == tuple(items)


@given(lists)
def test_a_list_written_without_spaces_is_read_as_it_was(items: list[str]) -> None:
    assert plain_list(json.dumps(items, separators=(",", ":"))) == tuple(items)
