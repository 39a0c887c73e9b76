"""Définitions d'étapes (pytest-bdd) de la recette « Remplacement du logiciel de paie ».

La version de PaieNova mise en recette est lue dans la variable d'environnement
``AMOA_RELEASE`` (par défaut ``1.1.0``). L'API simulée est démarrée une seule
fois pour la session ; chaque scénario utilise ses propres matricules pour
rester indépendant des autres.

Conventions d'écriture des étapes :

* montants à la française : ``3 033,40 €`` ;
* dates au format ``JJ/MM/AAAA`` ; périodes de paie en toutes lettres
  (``mars 2025``) ;
* matricules : une lettre suivie de chiffres (``S001``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import httpx
import pytest
from pytest_bdd import given, parsers, then, when
from support.paie_api import MOIS_FR as MOIS
from support.paie_api import create_app, serve

from amoa_workflow.steps.rest import *  # noqa: F403 - built-in REST/JSON steps (FR/EN)

RELEASE_PAR_DEFAUT = "1.1.0"

#: Comptes de l'environnement de recette fournis par l'éditeur.
COMPTE_GESTIONNAIRE = ("gestionnaire.paie", "Recette#2025")
COMPTES_PORTAIL: dict[str, str] = {"S001": "Portail#S001", "S002": "Portail#S002"}


Contexte = dict[str, Any]
T = TypeVar("T")


# --------------------------------------------------------------------------
# Types de paramètres des étapes
# --------------------------------------------------------------------------


class TypeParametre(Generic[T]):
    """Type personnalisé pour ``parse`` : une expression régulière et une conversion."""

    regex_group_count = 0

    def __init__(self, pattern: str, conversion: Callable[[str], T]) -> None:
        self.pattern = pattern
        self._conversion = conversion

    def __call__(self, texte: str) -> T:
        return self._conversion(texte)


def _nombre(texte: str) -> Decimal:
    """``3 033,40`` → ``Decimal("3033.40")`` (espaces fines ou insécables admises)."""
    for espace in (" ", "\u00a0", "\u202f"):
        texte = texte.replace(espace, "")
    return Decimal(texte.replace(",", "."))


def _date(texte: str) -> date:
    return datetime.strptime(texte, "%d/%m/%Y").date()


def _periode(texte: str) -> str:
    """``mars 2025`` → ``2025-03``."""
    mois, annee = texte.split()
    return f"{int(annee):04d}-{MOIS.index(mois.lower()) + 1:02d}"


#: Formulations des rubriques du résultat de paie → champ de la réponse de l'API.
RUBRIQUES_PAIE: dict[str, str] = {
    "le salaire de base retenu est": "salaire_base",
    "le salaire brut du mois est": "salaire_brut",
    "les cotisations salariales sont": "cotisations_salariales",
    "le salaire net avant impôt est": "net_avant_impot",
    "le prélèvement à la source est": "prelevement_source",
    "le net à payer est": "net_a_payer",
}

TYPES: dict[str, Callable[[str], Any]] = {
    "Montant": TypeParametre(r"-?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:,\d{1,2})?", _nombre),
    "Nombre": TypeParametre(r"\d+(?:,\d+)?", _nombre),
    "Date": TypeParametre(r"\d{2}/\d{2}/\d{4}", _date),
    "Periode": TypeParametre(r"(?:" + "|".join(MOIS) + r") \d{4}", _periode),
    "Matricule": TypeParametre(r"[A-Z][0-9]{3,6}", str),
    "Texte": TypeParametre(r'[^"]+', str),
    "Rubrique": TypeParametre(
        "(?:" + "|".join(RUBRIQUES_PAIE) + ")", lambda texte: RUBRIQUES_PAIE[texte.lower()]
    ),
}


def etape(texte: str) -> parsers.parse:
    """Analyseur d'étape ``parse`` enrichi des types de la recette."""
    return parsers.parse(texte, extra_types=TYPES)


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def release_en_recette() -> str:
    """Version de PaieNova mise en recette (``AMOA_RELEASE``, par défaut 1.1.0)."""
    return os.environ.get("AMOA_RELEASE", "").strip() or RELEASE_PAR_DEFAUT


@pytest.fixture(scope="session")
def paie_api_url(release_en_recette: str) -> Iterator[str]:
    """Démarre l'API PaieNova de la version en recette et renvoie son URL de base."""
    with serve(create_app(release_en_recette)) as url:
        yield url


@pytest.fixture
def amoa_api_url(paie_api_url: str) -> str:
    """Les étapes intégrées (API REST sans code) visent l'API simulée de la version en recette."""
    return paie_api_url


@pytest.fixture(scope="session")
def client(paie_api_url: str) -> Iterator[httpx.Client]:
    """Client HTTP vers l'API en recette (sans proxy ni variables d'environnement)."""
    with httpx.Client(base_url=paie_api_url, timeout=5.0, trust_env=False) as client_http:
        yield client_http


@pytest.fixture
def contexte() -> Contexte:
    """Contexte propre à un scénario : jeton, dernière réponse, utilisateur connecté."""
    return {}


# --------------------------------------------------------------------------
# Outils
# --------------------------------------------------------------------------


def _entetes(contexte: Contexte) -> dict[str, str]:
    jeton = contexte.get("jeton")
    return {"Authorization": f"Bearer {jeton}"} if jeton else {}


def _connecter(client: httpx.Client, identifiant: str, mot_de_passe: str) -> str:
    reponse = client.post("/auth/connexion", json={"identifiant": identifiant, "mot_de_passe": mot_de_passe})
    assert reponse.status_code == 200, (
        f"Connexion de {identifiant} impossible : {reponse.status_code} {reponse.text}"
    )
    jeton = reponse.json()["jeton"]
    assert isinstance(jeton, str)
    return jeton


def _ouvrir_session(client: httpx.Client, contexte: Contexte, identifiant: str, mot_de_passe: str) -> None:
    contexte["jeton"] = _connecter(client, identifiant, mot_de_passe)
    contexte["utilisateur"] = identifiant


def _derniere_reponse(contexte: Contexte) -> httpx.Response:
    reponse = contexte.get("reponse")
    assert isinstance(reponse, httpx.Response), "Aucune requête n'a encore été envoyée dans ce scénario"
    return reponse


def _contenu_accepte(contexte: Contexte) -> Any:
    reponse = _derniere_reponse(contexte)
    assert reponse.is_success, (
        f"{reponse.request.method} {reponse.request.url.path} refusé : {reponse.status_code} {reponse.text}"
    )
    return reponse.json()


def _montant(valeur: object) -> Decimal:
    return Decimal(str(valeur))


def _ligne_de_paie(contexte: Contexte, libelle: str) -> dict[str, Any]:
    resultat = _contenu_accepte(contexte)
    lignes: list[dict[str, Any]] = resultat["lignes"]
    for ligne in lignes:
        if ligne["libelle"] == libelle:
            return ligne
    presentes = ", ".join(repr(ligne["libelle"]) for ligne in lignes)
    raise AssertionError(f"Ligne de paie {libelle!r} absente du résultat (lignes : {presentes})")


def _creer_salarie(
    client: httpx.Client, contexte: Contexte, matricule: str, date_entree: date, salaire: Decimal
) -> httpx.Response:
    return client.post(
        "/salaries",
        json={
            "matricule": matricule,
            "nom": "Recette",
            "prenom": f"Salarié {matricule}",
            "date_entree": date_entree.isoformat(),
            "salaire_brut_mensuel": float(salaire),
        },
        headers=_entetes(contexte),
    )


def _calculer_paie(
    client: httpx.Client, contexte: Contexte, matricule: str, periode: str, heures: list[dict[str, float]]
) -> httpx.Response:
    return client.post(
        "/paie/calculs",
        json={"matricule": matricule, "periode": periode, "heures_supplementaires": heures},
        headers=_entetes(contexte),
    )


def _solde_conges(client: httpx.Client, contexte: Contexte, matricule: str, periode: str) -> httpx.Response:
    return client.get(
        f"/salaries/{matricule}/conges", params={"periode": periode}, headers=_entetes(contexte)
    )


def _poser_conges(
    client: httpx.Client, contexte: Contexte, matricule: str, debut: date, fin: date
) -> httpx.Response:
    return client.post(
        f"/salaries/{matricule}/conges",
        json={"debut": debut.isoformat(), "fin": fin.isoformat()},
        headers=_entetes(contexte),
    )


# --------------------------------------------------------------------------
# Étant donné
# --------------------------------------------------------------------------


@given("un gestionnaire de paie connecté")
def gestionnaire_connecte(client: httpx.Client, contexte: Contexte) -> None:
    _ouvrir_session(client, contexte, *COMPTE_GESTIONNAIRE)


@given(etape('le salarié "{matricule:Matricule}" connecté au portail'))
def salarie_connecte(client: httpx.Client, contexte: Contexte, matricule: str) -> None:
    _ouvrir_session(client, contexte, matricule, COMPTES_PORTAIL[matricule])
    contexte["matricule_connecte"] = matricule


@given(etape('un accès à PaieNova en tant que "{utilisateur:Texte}"'))
def acces_en_tant_que(client: httpx.Client, contexte: Contexte, utilisateur: str) -> None:
    if utilisateur == "visiteur non authentifié":
        contexte.pop("jeton", None)
    elif utilisateur == "gestionnaire de paie":
        _ouvrir_session(client, contexte, *COMPTE_GESTIONNAIRE)
    elif utilisateur.startswith("salarié "):
        matricule = utilisateur.removeprefix("salarié ")
        _ouvrir_session(client, contexte, matricule, COMPTES_PORTAIL[matricule])
        contexte["matricule_connecte"] = matricule
    else:
        raise ValueError(f"Utilisateur de recette inconnu : {utilisateur!r}")


@given(
    etape(
        'le salarié "{matricule:Matricule}" embauché le {date_entree:Date} '
        "avec un salaire brut mensuel de {salaire:Montant} €"
    )
)
def salarie_existant(
    client: httpx.Client, contexte: Contexte, matricule: str, date_entree: date, salaire: Decimal
) -> None:
    reponse = _creer_salarie(client, contexte, matricule, date_entree, salaire)
    assert reponse.status_code == 201, f"Création du salarié {matricule} impossible : {reponse.text}"


@given(
    etape(
        "un taux de prélèvement à la source de {taux:Nombre} % "
        'notifié pour le salarié "{matricule:Matricule}"'
    )
)
def taux_pas_notifie(client: httpx.Client, contexte: Contexte, taux: Decimal, matricule: str) -> None:
    reponse = client.put(
        f"/salaries/{matricule}/prelevement-a-la-source",
        json={"taux": float(taux)},
        headers=_entetes(contexte),
    )
    assert reponse.status_code == 200, f"Taux de prélèvement refusé : {reponse.status_code} {reponse.text}"


@given(etape('des congés payés posés pour le salarié "{matricule:Matricule}" du {debut:Date} au {fin:Date}'))
def conges_poses(client: httpx.Client, contexte: Contexte, matricule: str, debut: date, fin: date) -> None:
    reponse = _poser_conges(client, contexte, matricule, debut, fin)
    assert reponse.status_code == 201, f"Pose de congés impossible : {reponse.status_code} {reponse.text}"


@given(etape('la paie de {periode:Periode} du salarié "{matricule:Matricule}" calculée par le service paie'))
def paie_calculee(client: httpx.Client, periode: str, matricule: str) -> None:
    service_paie: Contexte = {"jeton": _connecter(client, *COMPTE_GESTIONNAIRE)}
    reponse = _calculer_paie(client, service_paie, matricule, periode, [])
    assert reponse.status_code == 201, f"Calcul de la paie impossible : {reponse.status_code} {reponse.text}"


# --------------------------------------------------------------------------
# Quand
# --------------------------------------------------------------------------


@when(
    etape(
        'je crée le salarié "{matricule:Matricule}" embauché le {date_entree:Date} '
        "avec un salaire brut mensuel de {salaire:Montant} €"
    )
)
def creer_salarie(
    client: httpx.Client, contexte: Contexte, matricule: str, date_entree: date, salaire: Decimal
) -> None:
    contexte["reponse"] = _creer_salarie(client, contexte, matricule, date_entree, salaire)


@when(etape('je calcule la paie de {periode:Periode} du salarié "{matricule:Matricule}"'))
def calculer_paie(client: httpx.Client, contexte: Contexte, periode: str, matricule: str) -> None:
    contexte["reponse"] = _calculer_paie(client, contexte, matricule, periode, [])


@when(
    etape(
        'je calcule la paie de {periode:Periode} du salarié "{matricule:Matricule}" '
        "avec les heures supplémentaires suivantes :"
    )
)
def calculer_paie_avec_heures_sup(
    client: httpx.Client, contexte: Contexte, periode: str, matricule: str, datatable: list[list[str]]
) -> None:
    entete, *lignes = datatable
    assert entete == ["semaine", "heures"], f"Colonnes attendues : semaine | heures (reçu : {entete})"
    heures = [{"semaine": int(semaine), "heures": float(_nombre(nombre))} for semaine, nombre in lignes]
    contexte["reponse"] = _calculer_paie(client, contexte, matricule, periode, heures)


@when(
    etape('je consulte le solde de congés payés du salarié "{matricule:Matricule}" à fin {periode:Periode}')
)
def consulter_solde_conges(client: httpx.Client, contexte: Contexte, matricule: str, periode: str) -> None:
    contexte["reponse"] = _solde_conges(client, contexte, matricule, periode)


@when(etape('je pose des congés payés pour le salarié "{matricule:Matricule}" du {debut:Date} au {fin:Date}'))
def poser_conges(client: httpx.Client, contexte: Contexte, matricule: str, debut: date, fin: date) -> None:
    contexte["reponse"] = _poser_conges(client, contexte, matricule, debut, fin)


@when(etape('je renseigne l\'IBAN "{iban:Texte}" pour le salarié "{matricule:Matricule}"'))
def renseigner_iban(client: httpx.Client, contexte: Contexte, iban: str, matricule: str) -> None:
    contexte["reponse"] = client.put(
        f"/salaries/{matricule}/coordonnees-bancaires", json={"iban": iban}, headers=_entetes(contexte)
    )


@when(etape('je consulte le dossier du salarié "{matricule:Matricule}"'))
def consulter_dossier(client: httpx.Client, contexte: Contexte, matricule: str) -> None:
    contexte["reponse"] = client.get(f"/salaries/{matricule}", headers=_entetes(contexte))


@when(etape('je modifie le salaire brut mensuel du salarié "{matricule:Matricule}" à {salaire:Montant} €'))
def modifier_salaire(client: httpx.Client, contexte: Contexte, matricule: str, salaire: Decimal) -> None:
    contexte["reponse"] = client.patch(
        f"/salaries/{matricule}/salaire",
        json={"salaire_brut_mensuel": float(salaire)},
        headers=_entetes(contexte),
    )


@when(etape("je consulte mon bulletin de paie de {periode:Periode}"))
def consulter_mon_bulletin(client: httpx.Client, contexte: Contexte, periode: str) -> None:
    matricule = contexte["matricule_connecte"]
    contexte["reponse"] = client.get(f"/salaries/{matricule}/bulletins/{periode}", headers=_entetes(contexte))


@when("je consulte mon coffre-fort numérique")
def consulter_mon_coffre_fort(client: httpx.Client, contexte: Contexte) -> None:
    matricule = contexte["matricule_connecte"]
    contexte["reponse"] = client.get(f"/salaries/{matricule}/coffre-fort", headers=_entetes(contexte))


# --------------------------------------------------------------------------
# Alors
# --------------------------------------------------------------------------


@then("la demande est acceptée")
def demande_acceptee(contexte: Contexte) -> None:
    _contenu_accepte(contexte)


@then(etape("la demande reçoit le code {code:d}"))
def demande_code(contexte: Contexte, code: int) -> None:
    reponse = _derniere_reponse(contexte)
    assert reponse.status_code == code, f"Code attendu {code}, reçu {reponse.status_code} : {reponse.text}"


@then(etape("la demande est refusée avec le code {code:d}"))
def demande_refusee(contexte: Contexte, code: int) -> None:
    reponse = _derniere_reponse(contexte)
    assert reponse.status_code == code, f"Refus {code} attendu, reçu {reponse.status_code} : {reponse.text}"


@then(etape('le message d\'erreur indique "{texte:Texte}"'))
def message_erreur(contexte: Contexte, texte: str) -> None:
    detail = _derniere_reponse(contexte).json().get("detail")
    message = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    assert texte.lower() in message.lower(), f"Message d'erreur sans {texte!r} : {message}"


@then(etape("{rubrique:Rubrique} de {montant:Montant} €"))
def rubrique_de_paie(contexte: Contexte, rubrique: str, montant: Decimal) -> None:
    resultat = _contenu_accepte(contexte)
    assert _montant(resultat[rubrique]) == montant, (
        f"{rubrique} : attendu {montant} €, obtenu {resultat[rubrique]} €"
    )


@then(etape('la ligne de paie "{libelle:Texte}" est de {montant:Montant} €'))
def ligne_de_paie_montant(contexte: Contexte, libelle: str, montant: Decimal) -> None:
    ligne = _ligne_de_paie(contexte, libelle)
    assert _montant(ligne["montant"]) == montant, (
        f"{libelle} : attendu {montant} €, obtenu {ligne['montant']} € "
        f"({ligne['base']} h au taux horaire majoré de {ligne['taux']} €)"
    )


@then(etape('la ligne de paie "{libelle:Texte}" porte sur {heures:Nombre} heures'))
def ligne_de_paie_heures(contexte: Contexte, libelle: str, heures: Decimal) -> None:
    ligne = _ligne_de_paie(contexte, libelle)
    assert _montant(ligne["base"]) == heures, f"{libelle} : attendu {heures} h, obtenu {ligne['base']} h"


@then(
    etape(
        'le dossier du salarié "{matricule:Matricule}" '
        "conserve un salaire brut mensuel de {salaire:Montant} €"
    )
)
def dossier_inchange(client: httpx.Client, contexte: Contexte, matricule: str, salaire: Decimal) -> None:
    reponse = client.get(f"/salaries/{matricule}", headers=_entetes(contexte))
    assert reponse.status_code == 200, f"Dossier {matricule} introuvable : {reponse.text}"
    obtenu = _montant(reponse.json()["salaire_brut_mensuel"])
    assert obtenu == salaire, f"Salaire brut mensuel attendu {salaire} €, obtenu {obtenu} €"


@then(etape("le nombre de mois travaillés retenu est de {mois:d}"))
def mois_travailles(contexte: Contexte, mois: int) -> None:
    solde = _contenu_accepte(contexte)
    assert solde["mois_travailles"] == mois, (
        f"Mois travaillés attendus {mois}, obtenus {solde['mois_travailles']}"
    )


@then(etape("le nombre de jours de congés acquis est de {jours:Nombre} jours"))
def jours_acquis(contexte: Contexte, jours: Decimal) -> None:
    solde = _contenu_accepte(contexte)
    obtenu = _montant(solde["jours_acquis"])
    assert obtenu == jours, f"Jours acquis attendus {jours}, obtenus {obtenu}"


@then(etape("le solde de congés payés est de {jours:Nombre} jours"))
def solde_conges(contexte: Contexte, jours: Decimal) -> None:
    obtenu = _montant(_contenu_accepte(contexte)["solde"])
    assert obtenu == jours, f"Solde de congés attendu {jours} jours, obtenu {obtenu}"


@then(
    etape(
        'le solde de congés payés du salarié "{matricule:Matricule}" à fin {periode:Periode} '
        "est de {jours:Nombre} jours"
    )
)
def solde_conges_du_salarie(
    client: httpx.Client, contexte: Contexte, matricule: str, periode: str, jours: Decimal
) -> None:
    reponse = _solde_conges(client, contexte, matricule, periode)
    assert reponse.status_code == 200, f"Solde de congés indisponible : {reponse.status_code} {reponse.text}"
    obtenu = _montant(reponse.json()["solde"])
    assert obtenu == jours, f"Solde de congés attendu {jours} jours, obtenu {obtenu}"


@then(etape('le bulletin est proposé au format "{format_attendu:Texte}"'))
def format_du_bulletin(contexte: Contexte, format_attendu: str) -> None:
    bulletin = _contenu_accepte(contexte)
    assert bulletin["format"] == format_attendu, (
        f"Format attendu {format_attendu}, obtenu {bulletin['format']}"
    )


@then("le lien de téléchargement du bulletin renvoie un document PDF")
def lien_du_bulletin(client: httpx.Client, contexte: Contexte) -> None:
    bulletin = _contenu_accepte(contexte)
    reponse = client.get(bulletin["lien"], headers=_entetes(contexte))
    assert reponse.status_code == 200, f"Téléchargement impossible : {reponse.status_code} {reponse.text}"
    assert reponse.headers["content-type"].startswith("application/pdf")
    assert reponse.content.startswith(b"%PDF-"), "Le document téléchargé n'est pas un PDF"


@then(etape("le coffre-fort contient le bulletin de paie de {periode:Periode}"))
def coffre_fort_contient(contexte: Contexte, periode: str) -> None:
    documents: list[dict[str, Any]] = _contenu_accepte(contexte)["documents"]
    trouves = [doc for doc in documents if doc["type"] == "bulletin_de_paie" and doc["periode"] == periode]
    assert trouves, f"Aucun bulletin de paie {periode} dans le coffre-fort : {documents}"


@then(
    etape(
        'le journal d\'audit du salarié "{matricule:Matricule}" contient une modification du salaire '
        'de {ancien:Montant} € à {nouveau:Montant} € par "{auteur:Texte}"'
    )
)
def audit_modification_salaire(
    client: httpx.Client, contexte: Contexte, matricule: str, ancien: Decimal, nouveau: Decimal, auteur: str
) -> None:
    reponse = client.get("/audit", params={"matricule": matricule}, headers=_entetes(contexte))
    assert reponse.status_code == 200, f"Journal d'audit inaccessible : {reponse.status_code} {reponse.text}"
    entrees: list[dict[str, Any]] = reponse.json()
    trouvees = [
        entree
        for entree in entrees
        if entree["action"] == "modification_salaire"
        and entree["auteur"] == auteur
        and _montant(entree["ancienne_valeur"]) == ancien
        and _montant(entree["nouvelle_valeur"]) == nouveau
    ]
    assert trouvees, f"Modification {ancien} € → {nouveau} € par {auteur} absente du journal : {entrees}"
