"""The words' catalogue is kept in one module per concept (amoa_workflow/i18n/), read by one translator.

A key written in two modules would silently hide one of its texts (ruff's repeated-key check sees
one dict at a time), so each key is in one module only: the one its first part names.
"""

from __future__ import annotations

from types import ModuleType

from amoa_workflow.i18n import commands, manual, notifications, reports, runs, translator, vocabulary

MODULES = (vocabulary, reports, manual, commands, runs, notifications)
HOME = {
    "notify": notifications,
    "run": runs,
    "flow": runs,
    "cli": commands,
    "init": commands,
    "ingest": commands,
    "manual": manual,
    "report": reports,
    "col": reports,
    "criterion": reports,
    "gate": reports,
    "docs": reports,
    "gap": vocabulary,
}


def home_of(key: str) -> ModuleType:
    return HOME[key.split(".")[0]] if "." in key else vocabulary


def test_each_key_is_in_one_module_only_the_one_its_prefix_names() -> None:
    placed = [(key, module.__name__) for module in MODULES for key in module.TEXTS]
    assert len({key for key, _ in placed}) == len(placed)
    assert [(key, name) for key, name in placed if home_of(key).__name__ != name] == []


def test_the_translator_finds_the_words_of_every_module_in_both_languages() -> None:
    french, english = translator("fr"), translator("en")
    for module in MODULES:
        for key, (fr, en) in module.TEXTS.items():
            assert (french(key), english(key)) == (fr, en)
    assert french("notify.cli.reminders", count=2) == "2 rappel(s) mis en file."
    assert english("no.such.key") == "no.such.key"
