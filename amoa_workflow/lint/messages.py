"""What the lint says, in French and English (kept here rather than in the shared i18n table).

Each message says what pytest-bdd will really do with the line, then what to write instead.
"""

from __future__ import annotations

import re

_ODD_SPACES = re.compile(r"^ +| +$| {2,}")

_TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "parse.encoding": (
        "fichier illisible : pas en UTF-8 (octet {byte}) ; pytest-bdd ne le collecte pas",
        "unreadable file: not UTF-8 (byte {byte}); pytest-bdd cannot collect it",
    ),
    "parse.language": (
        "langue Gherkin inconnue « {language} » (# language: fr, en…)",
        "unknown Gherkin language '{language}' (# language: fr, en…)",
    ),
    "parse.lone_cr": (
        "retour chariot (CR) seul au milieu de la ligne : pytest-bdd le lit comme un saut de ligne"
        " et coupe la ligne en deux ; supprimez-le",
        "carriage return (CR) alone inside the line: pytest-bdd reads it as a line break and cuts"
        " the line in two; remove it",
    ),
    "parse.cells": (
        "tableau : nombre de cellules différent d'une ligne à l'autre",
        "table: the rows do not have the same number of cells",
    ),
    "parse.unexpected": (
        "ligne inattendue « {got} » ; ici Gherkin attend : {expected_fr}. Tout le fichier est refusé",
        "unexpected line '{got}'; Gherkin expects here: {expected_en}. The whole file is refused",
    ),
    "parse.unexpected_hint": (
        "ligne inattendue « {got} » (ressemble au mot-clé « {hint} », mal écrit) ; "
        "ici Gherkin attend : {expected_fr}. Tout le fichier est refusé",
        "unexpected line '{got}' (looks like the keyword '{hint}', misspelled); "
        "Gherkin expects here: {expected_en}. The whole file is refused",
    ),
    "parse.eof": (
        "fin de fichier inattendue ; Gherkin attend : {expected_fr}",
        "unexpected end of file; Gherkin expects: {expected_en}",
    ),
    "parse.no_feature": (
        "aucune ligne « Fonctionnalité: » : pytest-bdd ne peut pas collecter ce fichier",
        "no 'Feature:' line: pytest-bdd cannot collect this file",
    ),
    "parse.other": (
        "Gherkin ne peut pas lire le fichier : {detail}",
        "Gherkin cannot read the file: {detail}",
    ),
    "bom": (
        "le fichier commence par une marque d'ordre d'octets (BOM UTF-8) : pytest-bdd ne lit plus "
        "la ligne « # language: » et refuse le fichier (--fix la retire)",
        "the file starts with a UTF-8 byte order mark (BOM): pytest-bdd no longer sees the "
        "'# language:' line and refuses the file (--fix removes it)",
    ),
    "missing-language": (
        "ligne « # language: {language} » absente : pytest-bdd lit le fichier en anglais et le refuse "
        "(--fix l'ajoute)",
        "no '# language: {language}' line: pytest-bdd reads the file as English and refuses it "
        "(--fix adds it)",
    ),
    "first-step-keyword": (
        "la première étape commence par « {keyword} » : pytest-bdd refuse tout le fichier ; "
        "commencez par « {given} », « {when} » ou « {then} »",
        "the first step starts with '{keyword}': pytest-bdd refuses the whole file; "
        "start with '{given}', '{when}' or '{then}'",
    ),
    "empty-scenario": (
        "le scénario « {name} » n'a aucune étape : il ne vérifie rien (amoa run le compte non défini)",
        "scenario '{name}' has no step: it checks nothing (amoa run counts it undefined)",
    ),
    "empty-scenario.background": (
        "le scénario « {name} » n'a aucune étape propre : amoa run n'exécute que le Contexte et le compte "
        "non défini",
        "scenario '{name}' has no step of its own: amoa run runs only the Background and counts it undefined",
    ),
    "misspelled.title_lost": (
        "« {written} » ressemble au mot-clé « {keyword} » mais n'en est pas un : pytest-bdd le lit, "
        "avec les étapes qui suivent, comme la description de la ligne {header} ; "
        "elles ne sont jamais exécutées",
        "'{written}' looks like the keyword '{keyword}' but is not one: pytest-bdd reads it and the steps "
        "below as the description of line {header}; they never run",
    ),
    "misspelled.title_merged": (
        "« {written} » ressemble au mot-clé « {keyword} » mais n'en est pas un : pytest-bdd le lit comme "
        "une description, et les étapes qui suivent sont exécutées dans le scénario de la ligne {header}",
        "'{written}' looks like the keyword '{keyword}' but is not one: pytest-bdd reads it as description, "
        "and the steps below run as part of the scenario of line {header}",
    ),
    "misspelled.step": (
        "« {written} » ressemble à une étape « {keyword} » mais le mot-clé est mal écrit : pytest-bdd la lit "
        "comme une description et ne l'exécute pas",
        "'{written}' looks like a '{keyword}' step but the keyword is misspelled: pytest-bdd reads it as "
        "description and never runs it",
    ),
    "misspelled.foreign_step": (
        "« {written} » commence par « {keyword} », mot-clé d'une autre langue que celle du fichier "
        "({language}) : pytest-bdd la lit comme une description et ne l'exécute pas",
        "'{written}' starts with '{keyword}', a keyword of another language than the file's ({language}): "
        "pytest-bdd reads it as description and never runs it",
    ),
    "misspelled.steps_lost": (
        "« {written} » est une étape hors de tout scénario : pytest-bdd la lit comme la description de la "
        "ligne {header} et ne l'exécute pas (mot-clé de scénario manquant ou mal écrit au-dessus ?)",
        "'{written}' is a step outside any scenario: pytest-bdd reads it as the description of line {header} "
        "and never runs it (scenario keyword missing or misspelled above?)",
    ),
    "duplicate-scenario": (
        "un autre scénario s'appelle « {name} » (ligne {last}) : pytest-bdd n'exécute que le dernier, "
        "celui-ci ne l'est jamais",
        "another scenario is named '{name}' (line {last}): pytest-bdd runs only the last one, never this one",
    ),
    "undefined-step": (
        "étape non définie : {keyword} « {text} » (type {type}) ; aucune définition ne correspond ; "
        "{hint[fr]}",
        "undefined step: {keyword} “{text}” ({type}); no step definition matches; {hint[en]}",
    ),
    "undefined-step.rows": (
        "étape non définie : {keyword} « {text} » (type {type}) avec la ligne d'exemple {row} "
        "({count} ligne(s) d'exemple sur {total}) ; {hint[fr]}",
        "undefined step: {keyword} “{text}” ({type}) with the Examples row on line {row} "
        "({count} of {total} rows); {hint[en]}",
    ),
    "ambiguous-step": (
        "étape ambiguë : {keyword} « {text} » correspond à {count} définitions ; pytest-bdd prend sans "
        "prévenir {used[fr]}, pas {others[fr]}",
        "ambiguous step: {keyword} “{text}” matches {count} definitions; pytest-bdd silently uses "
        "{used[en]}, not {others[en]}",
    ),
    "elided-keyword.cut": (
        "le mot-clé « {keyword} » emporte l'élision : pytest-bdd cherche « {text} », pas « {candidate} » "
        "({place}) ; écrivez la définition sans l'élision",
        "the keyword '{keyword}' takes the elided word with it: pytest-bdd looks for “{text}”, not "
        "“{candidate}” ({place}); write the definition without the elided word",
    ),
    "elided-keyword.typographic": (
        "apostrophe typographique dans « {word}’ » : le mot-clé lu est « {keyword} » et pytest-bdd cherche "
        "« {text} » ; avec une apostrophe droite (« {word}' »), il chercherait « {rest} », qui est défini",
        "typographic apostrophe in '{word}’': the keyword read is '{keyword}' and pytest-bdd looks for "
        '“{text}”; with a straight apostrophe ("{word}\'") it would look for “{rest}”, which is defined',
    ),
    "empty-example-cell": (
        "cellule vide pour <{name}> : l'étape de la ligne {step} devient « {text} » (espace conservé), "
        "que pytest-bdd cherche tel quel (␣ : espace)",
        "empty cell for <{name}>: the step on line {step} becomes “{text}” (space kept), which pytest-bdd "
        "looks up as is (␣: space)",
    ),
    "unknown-outline-parameter": (
        "<{name}> n'est pas une colonne des Exemples : pytest-bdd garde « {text} » tel quel",
        "<{name}> is not an Examples column: pytest-bdd keeps “{text}” as is",
    ),
    "tag-breaks-collection": (
        "tag @{tag} : pytest refuse un marqueur vide ou commençant par « _ » ; tout le fichier est refusé",
        "tag @{tag}: pytest refuses a marker that is empty or starts with '_'; the whole file is refused",
    ),
    "tag-breaks-collection.parametrize": (
        "tag @{tag} : pytest le prend pour son marqueur parametrize ; tout le fichier est refusé",
        "tag @{tag}: pytest takes it for its parametrize marker; the whole file is refused",
    ),
    "tag-not-selectable": (
        "tag @{tag} : « pytest -m » ne peut pas le sélectionner (caractère « {char} »)",
        "tag @{tag}: 'pytest -m' cannot select it (character '{char}')",
    ),
    "tag-not-selectable.reserved": (
        "tag @{tag} : mot réservé de « pytest -m » (not, and, or), il ne peut pas être sélectionné",
        "tag @{tag}: a reserved word of 'pytest -m' (not, and, or); it cannot be selected",
    ),
    "tag-pytest-marker.skip": (
        "tag @{tag} : marqueur de pytest, le scénario est ignoré (jamais exécuté)",
        "tag @{tag}: a pytest marker, the scenario is skipped (never run)",
    ),
    "tag-pytest-marker.xfail": (
        "tag @{tag} : marqueur de pytest, un échec du scénario est attendu et ne compte pas comme échec",
        "tag @{tag}: a pytest marker, the scenario is expected to fail and a failure does not count",
    ),
    "unknown-requirement": (
        "exigence @{tag} absente du référentiel ({file})",
        "requirement @{tag} is not in the requirements repository ({file})",
    ),
    "unknown-requirement.case": (
        "tag @{tag} : ressemble à une exigence mais ne respecte pas le motif (majuscules ?) ; "
        "il ne compte pour aucune exigence",
        "tag @{tag}: looks like a requirement but does not match the pattern (upper case?); "
        "it counts for no requirement",
    ),
    "unknown-requirement.shape": (
        "tag @{tag} : ressemble à un identifiant d'exigence mais n'en est pas un "
        "(le plus proche : {nearest}) ; il ne compte pour aucune exigence",
        "tag @{tag}: looks like a requirement id but is none (nearest: {nearest}); "
        "it counts for no requirement",
    ),
    "untagged-scenario": (
        "le scénario « {name} » ne porte aucun tag d'exigence",
        "scenario '{name}' has no requirement tag",
    ),
    "uncovered-requirement": (
        "l'exigence {requirement} n'est vérifiée par aucun scénario",
        "requirement {requirement} is checked by no scenario",
    ),
    "project-file-error": ("{detail_fr}", "{detail_en}"),
    "note.no_requirements": (
        "pas de référentiel d'exigences ({path}) : vérifications des exigences ignorées",
        "no requirements repository ({path}): requirement checks skipped",
    ),
    "note.requirements_skipped": (
        "référentiel d'exigences illisible : vérifications des exigences ignorées",
        "requirements repository unreadable: requirement checks skipped",
    ),
    "note.steps_skipped": (
        "définitions d'étapes illisibles : étapes non vérifiées",
        "step definitions unreadable: steps not checked",
    ),
    "note.no_steps": (
        "aucune définition d'étape (conftest.py) sous {root} : étapes non vérifiées",
        "no step definitions (conftest.py) under {root}: steps not checked",
    ),
    "note.partial": (
        "une partie des scénarios seulement est analysée : exigences sans scénario non vérifiées",
        "only some scenarios are linted: requirements with no scenario not checked",
    ),
    "cli.fixed": ("corrigé : {path} ({what})", "fixed: {path} ({what})"),
    "cli.bom_removed": ("BOM retiré", "BOM removed"),
    "cli.language_added": ("ligne « # language: {language} » ajoutée", "'# language: {language}' line added"),
    "cli.summary": (
        "{files} fichier(s) analysé(s) : {errors} erreur(s), {warnings} avertissement(s)",
        "{files} file(s) linted: {errors} error(s), {warnings} warning(s)",
    ),
    "cli.note": ("note", "note"),
}


def text(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang`` (fr or en), filled with ``params``."""
    template = _TEXTS[key][0 if lang == "fr" else 1]
    return template.format(**params)


def visible(step_text: str) -> str:
    """The text with the spaces that matter (leading, trailing, doubled) shown as ␣."""
    return _ODD_SPACES.sub(lambda m: "␣" * len(m.group()), step_text)
