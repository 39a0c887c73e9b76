"""Step definitions for the lint trap files: each feature here shows one pytest-bdd trap.

The function names are what the real-run test (tests/integration/test_lint_pytest_bdd_behaviour.py)
reads back to know which definition pytest-bdd really used.
"""

from pytest_bdd import given, parsers, then, when


@given("un salarié existe")
def un_salarie_existe() -> None:
    pass


@given("qu'un contrat existe")
def qu_un_contrat_existe() -> None:
    pass


@when("il calcule la paie")
def il_calcule_la_paie() -> None:
    pass


@then("la paie est juste")
def la_paie_est_juste() -> None:
    pass


@given(parsers.parse("le salarié {nom}"))
def le_salarie(nom: str) -> None:
    pass


@given(parsers.parse("le salarié {nom} est connecté"))
def le_salarie_connecte(nom: str) -> None:
    pass


@given(parsers.parse("je saisis {valeur}"))
def je_saisis(valeur: str) -> None:
    pass


# Defined first but used: pytest-bdd orders same-conftest candidates by fixture name, not by line.
@given(parsers.parse("le contrat {numero} est signé"))
def le_contrat_signe(numero: str) -> None:
    pass


@given(parsers.parse("le contrat {numero}"))
def le_contrat(numero: str) -> None:
    pass
