"""Gherkin parse errors told in the analyst's words: what line was unexpected, what could come there."""

from __future__ import annotations

import re

from gherkin.errors import AstBuilderException, NoSuchLanguageException, ParserException

from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.keywords import resembling_step, resembling_title, vocabulary

_UNEXPECTED = re.compile(r"expected: (?P<expected>.*), got '(?P<got>.*)'$", re.DOTALL)
_EOF = re.compile(r"unexpected end of file, expected: (?P<expected>.*)$", re.DOTALL)
_LANGUAGE = re.compile(r"Language not supported: (?P<language>.*)$")
_NOISE = {"#Comment", "#Empty", "#Language", "#Other"}
_WORDS_FR = {
    "#EOF": "la fin du fichier",
    "#TagLine": "un tag (@…)",
    "#StepLine": "une étape",
    "#TableRow": "une ligne de tableau (|…|)",
    "#DocStringSeparator": 'un bloc de texte (""")',
}
_WORDS_EN = {
    "#EOF": "the end of the file",
    "#TagLine": "a tag (@…)",
    "#StepLine": "a step",
    "#TableRow": "a table row (|…|)",
    "#DocStringSeparator": 'a doc string (""")',
}
_TITLES = {
    "#FeatureLine": "feature",
    "#RuleLine": "rule",
    "#BackgroundLine": "background",
    "#ScenarioLine": "scenario",
    "#ExamplesLine": "examples",
}


def parse_error(shown: str, error: ParserException, language: str) -> Finding:
    line = int(error.location.get("line", 1) or 1)
    column = int(error.location.get("column", 1) or 1)
    message = str(error).split(": ", 1)[-1]
    if isinstance(error, NoSuchLanguageException):
        match = _LANGUAGE.search(message)
        return finding("AMOA001", shown, line, column, "parse.language", language=match[1] if match else "?")
    if isinstance(error, AstBuilderException) and "inconsistent cell count" in message:
        return finding("AMOA001", shown, line, column, "parse.cells")
    unexpected = _UNEXPECTED.search(message)
    if unexpected:
        got = unexpected["got"]
        expected_fr, expected_en = _expected(unexpected["expected"], language)
        hint = resembling_title(got, language) or resembling_step(got, language)
        key = "parse.unexpected_hint" if hint else "parse.unexpected"
        return finding(
            "AMOA001",
            shown,
            line,
            column,
            key,
            got=got,
            expected_fr=expected_fr,
            expected_en=expected_en,
            hint=hint,
        )
    eof = _EOF.search(message)
    if eof:
        expected_fr, expected_en = _expected(eof["expected"], language)
        return finding(
            "AMOA001", shown, line, column, "parse.eof", expected_fr=expected_fr, expected_en=expected_en
        )
    return finding("AMOA001", shown, line, column, "parse.other", detail=message)


def _expected(tokens: str, language: str) -> tuple[str, str]:
    words = vocabulary(language)
    french, english = [], []
    for token in (t.strip() for t in tokens.split(",")):
        if token in _NOISE:
            continue
        if token in _TITLES:
            keyword = words.first(_TITLES[token])
            french.append(f"« {keyword}: »")
            english.append(f"'{keyword}:'")
        else:
            french.append(_WORDS_FR.get(token, token))
            english.append(_WORDS_EN.get(token, token))
    return ", ".join(french) or "?", ", ".join(english) or "?"
