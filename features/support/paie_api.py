"""PaieNova — simulation du logiciel de paie livré par l'éditeur (MOE).

Ce module tient lieu de « système livré » pour le projet de recette exemple
« Remplacement du logiciel de paie ». Il expose une petite API REST FastAPI
dont le comportement dépend de la version livrée (``"1.0.0"`` ou ``"1.1.0"``),
et un gestionnaire de contexte :func:`serve` qui la démarre en tâche de fond.

Règles de gestion (volontairement simplifiées et déterministes)
----------------------------------------------------------------
* Durée légale mensuelle : 151,67 heures ; taux horaire = salaire brut
  mensuel / 151,67 (arrondi à 4 décimales).
* Embauche en cours de mois : le salaire de base est proratisé au nombre de
  jours calendaires de présence (base × jours de présence / jours du mois).
* Heures supplémentaires, décomptées par semaine : les 8 premières heures sont
  majorées de 25 %, les suivantes de 50 %. Une semaine ne peut pas dépasser
  48 heures de travail (35 h + 13 h supplémentaires) : au-delà, la saisie est
  refusée (422).
* Cotisations salariales : taux unique de 22 % du salaire brut.
* Net avant impôt = brut − cotisations salariales.
* Prélèvement à la source (PAS) = net imposable × taux notifié, le net
  imposable étant assimilé au net avant impôt ; net à payer = net avant
  impôt − PAS. Le taux notifié est compris entre 0 et 43 %.
* Tous les montants sont arrondis au centime (arrondi commercial, demi
  supérieur), ligne par ligne.
* Congés payés : 2,5 jours ouvrables acquis par mois complet travaillé dans la
  période de référence (du 1er juin au 31 mai) ; le mois d'embauche compte
  s'il commence le 1er. Les jours acquis sont exprimés au demi-jour près.
  Solde = jours acquis − jours posés (tous les congés posés sont décomptés).
  Une pose de congés est contrôlée contre le solde acquis à la fin du mois
  précédant son premier jour. Jours ouvrables : du lundi au samedi (les jours
  fériés ne sont pas gérés).
* IBAN : contrôle du format et de la clé (modulo 97) ; un IBAN français fait
  27 caractères.
* Accès : authentification par jeton porteur (``Authorization: Bearer``).
  Le gestionnaire de paie accède à tous les dossiers ; un salarié n'accède
  qu'au sien (sinon 403). Sans jeton valide : 401.

Différences entre versions (ce qui rend les écarts de recette réels)
--------------------------------------------------------------------
* ANO-042 — les heures supplémentaires du premier palier sont majorées de
  10 % au lieu de 25 %. L'éditeur annonce la correction en 1.1.0, mais le
  code livré en 1.1.0 contient toujours le défaut (:data:`MAJORATION_HS_PALIER_1`).
* ANO-038 — en 1.0.0 les jours de congés acquis sont tronqués au jour entier
  (7 jours au lieu de 7,5 pour 3 mois) ; réellement corrigé en 1.1.0.
* EXG-011 — le bulletin de paie dématérialisé et le coffre-fort numérique
  (``/salaries/{matricule}/bulletins/...`` et ``/salaries/{matricule}/coffre-fort``)
  n'existent pas en 1.0.0 (404) et sont livrés en 1.1.0.

Une version inconnue se comporte comme la dernière version livrée.
"""

import calendar
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DERNIERE_VERSION",
    "VERSIONS",
    "Comportement",
    "create_app",
    "serve",
]

PRODUIT = "PaieNova"

#: Durée légale mensuelle de travail, en heures.
DUREE_MENSUELLE = Decimal("151.67")
#: Taux unique des cotisations salariales (22 %).
TAUX_COTISATIONS_SALARIALES = Decimal("0.22")
#: Nombre d'heures supplémentaires hebdomadaires majorées au premier palier.
SEUIL_PALIER_1 = Decimal("8")
#: Majoration attendue au premier palier : 25 %. Le code livré applique
#: 10 % (défaut ANO-042, toujours présent en 1.1.0 malgré la note de version).
MAJORATION_HS_PALIER_1 = Decimal("0.10")
#: Majoration du second palier (au-delà de la 8e heure) : 50 %.
MAJORATION_HS_PALIER_2 = Decimal("0.50")
#: Heures supplémentaires maximales par semaine (35 h + 13 h = 48 h).
HEURES_SUP_MAX_SEMAINE = Decimal("13")
#: Jours ouvrables de congés payés acquis par mois complet travaillé.
JOURS_CONGES_PAR_MOIS = Decimal("2.5")
#: Taux maximal de prélèvement à la source accepté, en pourcentage.
TAUX_PAS_MAX = Decimal("43")

CENTIME = Decimal("0.01")

MOIS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

PATTERN_PERIODE = r"^\d{4}-(0[1-9]|1[0-2])$"
PATTERN_MATRICULE = r"^[A-Z][0-9]{3,6}$"


# --------------------------------------------------------------------------
# Versions livrées
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Comportement:
    """Comportement fonctionnel propre à une version livrée de PaieNova."""

    version: str
    #: ANO-038 : jours de congés acquis tronqués au jour entier.
    conges_tronques: bool
    #: EXG-011 : bulletin dématérialisé et coffre-fort numérique disponibles.
    bulletin_dematerialise: bool


VERSIONS: dict[str, Comportement] = {
    "1.0.0": Comportement("1.0.0", conges_tronques=True, bulletin_dematerialise=False),
    "1.1.0": Comportement("1.1.0", conges_tronques=False, bulletin_dematerialise=True),
}
DERNIERE_VERSION = "1.1.0"


# --------------------------------------------------------------------------
# Schémas d'échange
# --------------------------------------------------------------------------


class _Entree(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sante(BaseModel):
    statut: str
    produit: str
    version: str


class Identifiants(_Entree):
    identifiant: str
    mot_de_passe: str


class Jeton(BaseModel):
    jeton: str
    type_jeton: str = "Bearer"
    profil: Literal["gestionnaire", "salarie"]
    matricule: str | None


class NouveauSalarie(_Entree):
    matricule: Annotated[str, Field(pattern=PATTERN_MATRICULE)]
    nom: Annotated[str, Field(min_length=1)]
    prenom: Annotated[str, Field(min_length=1)]
    date_entree: date
    salaire_brut_mensuel: Annotated[float, Field(gt=0)]


class Salarie(BaseModel):
    matricule: str
    nom: str
    prenom: str
    date_entree: date
    salaire_brut_mensuel: float
    iban_masque: str | None
    taux_prelevement_source: float


class ModificationSalaire(_Entree):
    salaire_brut_mensuel: Annotated[float, Field(gt=0)]


class CoordonneesBancaires(_Entree):
    iban: str


class CoordonneesBancairesEnregistrees(BaseModel):
    matricule: str
    iban_masque: str


class TauxPrelevement(_Entree):
    taux: float
    origine: str = "CRM nominatif DGFiP"


class HeuresSemaine(_Entree):
    semaine: Annotated[int, Field(ge=1, le=53)]
    heures: Annotated[float, Field(ge=0)]


class DemandeCalcul(_Entree):
    matricule: str
    periode: Annotated[str, Field(pattern=PATTERN_PERIODE)]
    heures_supplementaires: list[HeuresSemaine] = []


class LignePaie(BaseModel):
    code: str
    libelle: str
    base: float | None = None
    taux: float | None = None
    montant: float


class ResultatPaie(BaseModel):
    matricule: str
    periode: str
    version_logiciel: str
    salaire_base: float
    taux_horaire: float
    lignes: list[LignePaie]
    salaire_brut: float
    cotisations_salariales: float
    net_avant_impot: float
    taux_prelevement_source: float
    prelevement_source: float
    net_a_payer: float


class SoldeConges(BaseModel):
    matricule: str
    periode: str
    periode_reference_debut: date
    periode_reference_fin: date
    mois_travailles: int
    jours_acquis: float
    jours_poses: float
    solde: float


class DemandeConges(_Entree):
    debut: date
    fin: date


class CongesPoses(BaseModel):
    matricule: str
    debut: date
    fin: date
    jours_ouvrables: int
    solde_restant: float


class EntreeAudit(BaseModel):
    horodatage: datetime
    auteur: str
    action: str
    matricule: str
    ancienne_valeur: str | None
    nouvelle_valeur: str | None


class DepotCoffreFort(BaseModel):
    fournisseur: str
    depose: bool
    date_depot: date


class BulletinDematerialise(BaseModel):
    matricule: str
    periode: str
    intitule: str
    format: Literal["pdf"]
    lien: str
    salaire_brut: float
    net_a_payer: float
    coffre_fort: DepotCoffreFort


class DocumentCoffre(BaseModel):
    type: str
    periode: str
    intitule: str
    lien: str


class CoffreFort(BaseModel):
    matricule: str
    fournisseur: str
    documents: list[DocumentCoffre]


# --------------------------------------------------------------------------
# État interne et règles de calcul
# --------------------------------------------------------------------------


@dataclass
class _Dossier:
    matricule: str
    nom: str
    prenom: str
    date_entree: date
    salaire_brut_mensuel: Decimal
    iban: str | None = None
    taux_pas: Decimal = Decimal("0")


@dataclass(frozen=True)
class _Session:
    identifiant: str
    profil: Literal["gestionnaire", "salarie"]
    matricule: str | None


@dataclass(frozen=True)
class _Compte:
    mot_de_passe: str
    profil: Literal["gestionnaire", "salarie"]
    matricule: str | None


@dataclass
class _Etat:
    dossiers: dict[str, _Dossier] = field(default_factory=dict)
    comptes: dict[str, _Compte] = field(default_factory=dict)
    jetons: dict[str, _Session] = field(default_factory=dict)
    conges: dict[str, list[CongesPoses]] = field(default_factory=dict)
    calculs: dict[tuple[str, str], ResultatPaie] = field(default_factory=dict)
    audit: list[EntreeAudit] = field(default_factory=list)


def _jeu_de_donnees_initial() -> _Etat:
    """Jeu de données de recette livré avec l'environnement.

    Comptes : ``gestionnaire.paie`` / ``Recette#2025`` (gestionnaire de paie),
    ``S001`` / ``Portail#S001`` et ``S002`` / ``Portail#S002`` (salariés).
    """
    etat = _Etat()
    for dossier in (
        _Dossier("S001", "Durand", "Camille", date(2019, 9, 2), Decimal("3033.40")),
        _Dossier("S002", "Moreau", "Julien", date(2021, 3, 15), Decimal("2275.05")),
    ):
        etat.dossiers[dossier.matricule] = dossier
    etat.comptes["gestionnaire.paie"] = _Compte("Recette#2025", "gestionnaire", None)
    etat.comptes["S001"] = _Compte("Portail#S001", "salarie", "S001")
    etat.comptes["S002"] = _Compte("Portail#S002", "salarie", "S002")
    return etat


def _centimes(valeur: Decimal) -> Decimal:
    """Arrondit un montant au centime (demi supérieur)."""
    return valeur.quantize(CENTIME, rounding=ROUND_HALF_UP)


def _decimal(valeur: float) -> Decimal:
    return Decimal(str(valeur))


def _nombre_fr(valeur: Decimal) -> str:
    """Formate un nombre à la française, sans zéros inutiles (``7,5``)."""
    texte = format(valeur.normalize(), "f")
    return texte.replace(".", ",")


def _bornes_periode(periode: str) -> tuple[date, date]:
    annee, mois = (int(partie) for partie in periode.split("-"))
    return date(annee, mois, 1), date(annee, mois, calendar.monthrange(annee, mois)[1])


def _intitule_periode(periode: str) -> str:
    debut, _ = _bornes_periode(periode)
    return f"{MOIS_FR[debut.month - 1]} {debut.year}"


def _periode_reference(periode: str) -> tuple[date, date]:
    """Période de référence des congés payés (1er juin → 31 mai) contenant ``periode``."""
    debut, _ = _bornes_periode(periode)
    annee = debut.year if debut.month >= 6 else debut.year - 1
    return date(annee, 6, 1), date(annee + 1, 5, 31)


def _mois_travailles(date_entree: date, periode: str) -> int:
    """Mois complets travaillés dans la période de référence, jusqu'à ``periode`` incluse."""
    debut_reference, _ = _periode_reference(periode)
    if date_entree.day == 1:
        premier_mois = date_entree
    else:
        premier_mois = (date_entree.replace(day=1) + timedelta(days=32)).replace(day=1)
    depart = max(debut_reference, premier_mois)
    arrivee, _ = _bornes_periode(periode)
    if depart > arrivee:
        return 0
    return (arrivee.year - depart.year) * 12 + arrivee.month - depart.month + 1


def _jours_ouvrables(debut: date, fin: date) -> int:
    """Jours ouvrables (lundi → samedi) entre deux dates incluses ; fériés non gérés."""
    jours = 0
    courant = debut
    while courant <= fin:
        if courant.weekday() != calendar.SUNDAY:
            jours += 1
        courant += timedelta(days=1)
    return jours


def _iban_valide(iban: str) -> tuple[bool, str]:
    """Contrôle le format puis la clé (modulo 97) d'un IBAN normalisé."""
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return False, "IBAN invalide : format incorrect"
    if iban.startswith("FR") and len(iban) != 27:
        return False, "IBAN invalide : un IBAN français comporte 27 caractères"
    reordonne = iban[4:] + iban[:4]
    chiffres = "".join(str(int(caractere, 36)) for caractere in reordonne)
    if int(chiffres) % 97 != 1:
        return False, "IBAN invalide : clé de contrôle incorrecte"
    return True, ""


def _masquer_iban(iban: str) -> str:
    return iban[:4] + "*" * (len(iban) - 8) + iban[-4:]


def _pdf_bulletin(resultat: ResultatPaie, dossier: _Dossier) -> bytes:
    """Produit un PDF minimal (une page) résumant le bulletin."""
    texte = (
        f"Bulletin de paie {_intitule_periode(resultat.periode)} - "
        f"{dossier.prenom} {dossier.nom} ({dossier.matricule}) - "
        f"Net a payer : {resultat.net_a_payer:.2f} EUR"
    )
    texte = texte.encode("ascii", "replace").decode("ascii")
    contenu = f"BT /F1 11 Tf 50 780 Td ({texte}) Tj ET".encode("ascii")
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(contenu)).encode("ascii") + b" >>\nstream\n" + contenu + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    sortie = bytearray(b"%PDF-1.4\n")
    positions: list[int] = []
    for numero, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += f"{numero} 0 obj\n".encode("ascii") + objet + b"\nendobj\n"
    debut_xref = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode("ascii")
    for position in positions:
        sortie += f"{position:010d} 00000 n \n".encode("ascii")
    sortie += f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R >>\nstartxref\n{debut_xref}\n%%EOF\n".encode(
        "ascii"
    )
    return bytes(sortie)


class _MoteurPaie:
    """Règles de calcul de PaieNova pour une version donnée."""

    def __init__(self, comportement: Comportement) -> None:
        self.comportement = comportement

    def jours_acquis(self, mois: int) -> Decimal:
        """2,5 jours par mois ; tronqué au jour entier en 1.0.0 (ANO-038)."""
        jours = JOURS_CONGES_PAR_MOIS * mois
        if self.comportement.conges_tronques:
            return jours.quantize(Decimal("1"), rounding=ROUND_FLOOR)
        return jours

    def solde_conges(self, dossier: _Dossier, periode: str, poses: list[CongesPoses]) -> SoldeConges:
        mois = _mois_travailles(dossier.date_entree, periode)
        acquis = self.jours_acquis(mois)
        jours_poses = Decimal(sum(conge.jours_ouvrables for conge in poses))
        debut_reference, fin_reference = _periode_reference(periode)
        return SoldeConges(
            matricule=dossier.matricule,
            periode=periode,
            periode_reference_debut=debut_reference,
            periode_reference_fin=fin_reference,
            mois_travailles=mois,
            jours_acquis=float(acquis),
            jours_poses=float(jours_poses),
            solde=float(acquis - jours_poses),
        )

    def calculer(self, dossier: _Dossier, periode: str, heures: list[HeuresSemaine]) -> ResultatPaie:
        """Calcule la paie d'une période : brut → cotisations → net → PAS → net à payer."""
        premier_jour, dernier_jour = _bornes_periode(periode)
        if dossier.date_entree > dernier_jour:
            raise HTTPException(
                status_code=422,
                detail=f"Le salarié {dossier.matricule} n'est pas présent sur la période {periode}",
            )
        for semaine in heures:
            if _decimal(semaine.heures) > HEURES_SUP_MAX_SEMAINE:
                raise HTTPException(
                    status_code=422,
                    detail=(
                        f"Durée maximale hebdomadaire de 48 heures dépassée en semaine {semaine.semaine} "
                        f"(35 heures + {_nombre_fr(_decimal(semaine.heures))} heures supplémentaires)"
                    ),
                )

        brut_contractuel = dossier.salaire_brut_mensuel
        jours_du_mois = dernier_jour.day
        lignes: list[LignePaie] = []
        if dossier.date_entree > premier_jour:
            jours_presence = (dernier_jour - dossier.date_entree).days + 1
            salaire_base = _centimes(brut_contractuel * jours_presence / jours_du_mois)
            lignes.append(
                LignePaie(
                    code="SALAIRE_BASE",
                    libelle=f"Salaire de base proratisé ({jours_presence}/{jours_du_mois} jours)",
                    base=float(brut_contractuel),
                    taux=float((Decimal(jours_presence) / jours_du_mois).quantize(Decimal("0.0001"))),
                    montant=float(salaire_base),
                )
            )
        else:
            salaire_base = _centimes(brut_contractuel)
            lignes.append(
                LignePaie(code="SALAIRE_BASE", libelle="Salaire de base", montant=float(salaire_base))
            )

        taux_horaire = (brut_contractuel / DUREE_MENSUELLE).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )
        heures_palier_1 = sum((min(_decimal(s.heures), SEUIL_PALIER_1) for s in heures), Decimal("0"))
        heures_palier_2 = sum(
            (max(_decimal(s.heures) - SEUIL_PALIER_1, Decimal("0")) for s in heures), Decimal("0")
        )
        brut = salaire_base
        for code, libelle, nb_heures, majoration in (
            ("HS25", "Heures supplémentaires majorées à 25 %", heures_palier_1, MAJORATION_HS_PALIER_1),
            ("HS50", "Heures supplémentaires majorées à 50 %", heures_palier_2, MAJORATION_HS_PALIER_2),
        ):
            if nb_heures > 0:
                taux_majore = taux_horaire * (1 + majoration)
                montant = _centimes(nb_heures * taux_majore)
                brut += montant
                lignes.append(
                    LignePaie(
                        code=code,
                        libelle=libelle,
                        base=float(nb_heures),
                        taux=float(_centimes(taux_majore)),
                        montant=float(montant),
                    )
                )

        cotisations = _centimes(brut * TAUX_COTISATIONS_SALARIALES)
        lignes.append(
            LignePaie(
                code="COTISATIONS_SALARIALES",
                libelle="Cotisations salariales",
                base=float(brut),
                taux=float(TAUX_COTISATIONS_SALARIALES * 100),
                montant=float(-cotisations),
            )
        )
        net_avant_impot = brut - cotisations
        prelevement = _centimes(net_avant_impot * dossier.taux_pas / 100)
        lignes.append(
            LignePaie(
                code="PAS",
                libelle="Impôt sur le revenu prélevé à la source",
                base=float(net_avant_impot),
                taux=float(dossier.taux_pas),
                montant=float(-prelevement),
            )
        )
        return ResultatPaie(
            matricule=dossier.matricule,
            periode=periode,
            version_logiciel=self.comportement.version,
            salaire_base=float(salaire_base),
            taux_horaire=float(taux_horaire),
            lignes=lignes,
            salaire_brut=float(brut),
            cotisations_salariales=float(cotisations),
            net_avant_impot=float(net_avant_impot),
            taux_prelevement_source=float(dossier.taux_pas),
            prelevement_source=float(prelevement),
            net_a_payer=float(net_avant_impot - prelevement),
        )


# --------------------------------------------------------------------------
# Application
# --------------------------------------------------------------------------


_porteur = HTTPBearer(auto_error=False, description="Jeton obtenu via POST /auth/connexion")


def _session_courante(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_porteur)],
) -> _Session:
    """Session de l'utilisateur porteur du jeton ; 401 sans jeton valide."""
    etat = request.app.state.paienova
    assert isinstance(etat, _Etat)
    session = etat.jetons.get(credentials.credentials) if credentials is not None else None
    if session is None:
        raise HTTPException(
            status_code=401,
            detail="Authentification requise",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return session


SessionCourante = Annotated[_Session, Depends(_session_courante)]


def create_app(release: str) -> FastAPI:
    """Construit l'API PaieNova telle que livrée dans la version ``release``.

    Points d'accès (tous sauf ``/sante`` et ``/auth/connexion`` exigent un jeton) :

    * ``GET /sante`` — état du service et version livrée ;
    * ``POST /auth/connexion`` — obtention d'un jeton porteur ;
    * ``POST /salaries`` — création d'un dossier salarié (gestionnaire, 409 si
      le matricule existe) ; ``GET /salaries/{matricule}`` — consultation ;
    * ``PATCH /salaries/{matricule}/salaire`` — modification du salaire (tracée) ;
    * ``PUT /salaries/{matricule}/coordonnees-bancaires`` — IBAN (contrôlé) ;
    * ``PUT /salaries/{matricule}/prelevement-a-la-source`` — taux PAS notifié ;
    * ``GET /salaries/{matricule}/conges?periode=AAAA-MM`` — solde de congés ;
    * ``POST /salaries/{matricule}/conges`` — pose de congés payés (409 si solde
      insuffisant) ;
    * ``POST /paie/calculs`` — calcul de la paie d'une période ;
    * ``GET /audit?matricule=`` — journal d'audit (gestionnaire) ;
    * à partir de 1.1.0 : ``GET /salaries/{matricule}/bulletins/{periode}``,
      ``GET /salaries/{matricule}/bulletins/{periode}/pdf`` et
      ``GET /salaries/{matricule}/coffre-fort``.

    Une version inconnue se comporte comme :data:`DERNIERE_VERSION`.
    """
    comportement = VERSIONS.get(release, VERSIONS[DERNIERE_VERSION])
    moteur = _MoteurPaie(comportement)
    etat = _jeu_de_donnees_initial()
    app = FastAPI(
        title=f"{PRODUIT} — API de paie",
        version=comportement.version,
        description="Environnement de recette simulé du logiciel de paie PaieNova.",
    )
    app.state.paienova = etat

    def exiger_gestionnaire(session: _Session) -> None:
        if session.profil != "gestionnaire":
            raise HTTPException(status_code=403, detail="Action réservée au gestionnaire de paie")

    def dossier_accessible(session: _Session, matricule: str) -> _Dossier:
        if session.profil != "gestionnaire" and session.matricule != matricule:
            raise HTTPException(status_code=403, detail="Accès refusé aux données d'un autre salarié")
        dossier = etat.dossiers.get(matricule)
        if dossier is None:
            raise HTTPException(status_code=404, detail=f"Salarié {matricule} inconnu")
        return dossier

    def tracer(session: _Session, action: str, matricule: str, avant: str | None, apres: str | None) -> None:
        etat.audit.append(
            EntreeAudit(
                horodatage=datetime.now(UTC),
                auteur=session.identifiant,
                action=action,
                matricule=matricule,
                ancienne_valeur=avant,
                nouvelle_valeur=apres,
            )
        )

    def vue(dossier: _Dossier) -> Salarie:
        return Salarie(
            matricule=dossier.matricule,
            nom=dossier.nom,
            prenom=dossier.prenom,
            date_entree=dossier.date_entree,
            salaire_brut_mensuel=float(dossier.salaire_brut_mensuel),
            iban_masque=_masquer_iban(dossier.iban) if dossier.iban else None,
            taux_prelevement_source=float(dossier.taux_pas),
        )

    @app.get("/sante", tags=["technique"])
    def sante() -> Sante:
        """État du service et version livrée."""
        return Sante(statut="ok", produit=PRODUIT, version=comportement.version)

    @app.post("/auth/connexion", tags=["sécurité"])
    def connexion(identifiants: Identifiants) -> Jeton:
        """Authentifie un utilisateur et lui délivre un jeton porteur."""
        compte = etat.comptes.get(identifiants.identifiant)
        if compte is None or not secrets.compare_digest(compte.mot_de_passe, identifiants.mot_de_passe):
            raise HTTPException(status_code=401, detail="Identifiant ou mot de passe incorrect")
        jeton = secrets.token_urlsafe(24)
        etat.jetons[jeton] = _Session(identifiants.identifiant, compte.profil, compte.matricule)
        return Jeton(jeton=jeton, profil=compte.profil, matricule=compte.matricule)

    @app.post("/salaries", status_code=201, tags=["salariés"])
    def creer_salarie(nouveau: NouveauSalarie, session: SessionCourante) -> Salarie:
        """Crée un dossier salarié ; le matricule doit être unique (sinon 409)."""
        exiger_gestionnaire(session)
        if nouveau.matricule in etat.dossiers:
            raise HTTPException(status_code=409, detail=f"Le matricule {nouveau.matricule} est déjà attribué")
        dossier = _Dossier(
            matricule=nouveau.matricule,
            nom=nouveau.nom,
            prenom=nouveau.prenom,
            date_entree=nouveau.date_entree,
            salaire_brut_mensuel=_centimes(_decimal(nouveau.salaire_brut_mensuel)),
        )
        etat.dossiers[dossier.matricule] = dossier
        tracer(session, "creation_salarie", dossier.matricule, None, f"{dossier.salaire_brut_mensuel}")
        return vue(dossier)

    @app.get("/salaries/{matricule}", tags=["salariés"])
    def consulter_salarie(matricule: str, session: SessionCourante) -> Salarie:
        """Consulte un dossier salarié (le salarié ne voit que le sien)."""
        return vue(dossier_accessible(session, matricule))

    @app.patch("/salaries/{matricule}/salaire", tags=["salariés"])
    def modifier_salaire(
        matricule: str, modification: ModificationSalaire, session: SessionCourante
    ) -> Salarie:
        """Modifie le salaire brut mensuel ; la modification est tracée dans le journal d'audit."""
        exiger_gestionnaire(session)
        dossier = dossier_accessible(session, matricule)
        ancien = dossier.salaire_brut_mensuel
        dossier.salaire_brut_mensuel = _centimes(_decimal(modification.salaire_brut_mensuel))
        tracer(session, "modification_salaire", matricule, f"{ancien}", f"{dossier.salaire_brut_mensuel}")
        return vue(dossier)

    @app.put("/salaries/{matricule}/coordonnees-bancaires", tags=["portail salarié"])
    def modifier_iban(
        matricule: str, coordonnees: CoordonneesBancaires, session: SessionCourante
    ) -> CoordonneesBancairesEnregistrees:
        """Enregistre l'IBAN du salarié après contrôle du format et de la clé (422 sinon)."""
        dossier = dossier_accessible(session, matricule)
        iban = re.sub(r"\s+", "", coordonnees.iban).upper()
        valide, motif = _iban_valide(iban)
        if not valide:
            raise HTTPException(status_code=422, detail=motif)
        ancien = _masquer_iban(dossier.iban) if dossier.iban else None
        dossier.iban = iban
        tracer(session, "modification_iban", matricule, ancien, _masquer_iban(iban))
        return CoordonneesBancairesEnregistrees(matricule=matricule, iban_masque=_masquer_iban(iban))

    @app.put("/salaries/{matricule}/prelevement-a-la-source", tags=["déclaratif social"])
    def notifier_taux_pas(matricule: str, notification: TauxPrelevement, session: SessionCourante) -> Salarie:
        """Enregistre le taux de prélèvement à la source notifié (entre 0 et 43 %)."""
        exiger_gestionnaire(session)
        dossier = dossier_accessible(session, matricule)
        taux = _decimal(notification.taux)
        if not Decimal("0") <= taux <= TAUX_PAS_MAX:
            raise HTTPException(
                status_code=422, detail="Taux de prélèvement à la source hors limites (0 à 43 %)"
            )
        ancien = dossier.taux_pas
        dossier.taux_pas = taux
        tracer(session, "modification_taux_pas", matricule, f"{ancien}", f"{taux}")
        return vue(dossier)

    @app.get("/salaries/{matricule}/conges", tags=["temps et absences"])
    def consulter_conges(
        matricule: str,
        periode: Annotated[str, Query(pattern=PATTERN_PERIODE, description="Mois d'arrêté, AAAA-MM")],
        session: SessionCourante,
    ) -> SoldeConges:
        """Solde de congés payés arrêté à la fin du mois ``periode``."""
        dossier = dossier_accessible(session, matricule)
        return moteur.solde_conges(dossier, periode, etat.conges.get(matricule, []))

    @app.post("/salaries/{matricule}/conges", status_code=201, tags=["temps et absences"])
    def poser_conges(matricule: str, demande: DemandeConges, session: SessionCourante) -> CongesPoses:
        """Pose des congés payés, contrôlés contre le solde acquis à la fin du mois précédent."""
        dossier = dossier_accessible(session, matricule)
        if demande.fin < demande.debut:
            raise HTTPException(status_code=422, detail="La date de fin précède la date de début")
        jours = _jours_ouvrables(demande.debut, demande.fin)
        mois_precedent = demande.debut.replace(day=1) - timedelta(days=1)
        poses = etat.conges.setdefault(matricule, [])
        solde = _decimal(moteur.solde_conges(dossier, f"{mois_precedent:%Y-%m}", poses).solde)
        if jours > solde:
            raise HTTPException(
                status_code=409,
                detail=(
                    f"Solde insuffisant : {jours} jours ouvrables demandés, {_nombre_fr(solde)} disponibles"
                ),
            )
        conge = CongesPoses(
            matricule=matricule,
            debut=demande.debut,
            fin=demande.fin,
            jours_ouvrables=jours,
            solde_restant=float(solde - jours),
        )
        poses.append(conge)
        return conge

    @app.post("/paie/calculs", status_code=201, tags=["paie"])
    def calculer_paie(demande: DemandeCalcul, session: SessionCourante) -> ResultatPaie:
        """Calcule (ou recalcule) la paie d'un salarié pour une période."""
        exiger_gestionnaire(session)
        dossier = dossier_accessible(session, demande.matricule)
        resultat = moteur.calculer(dossier, demande.periode, demande.heures_supplementaires)
        etat.calculs[(dossier.matricule, demande.periode)] = resultat
        return resultat

    @app.get("/audit", tags=["sécurité"])
    def journal_audit(session: SessionCourante, matricule: str | None = None) -> list[EntreeAudit]:
        """Journal d'audit des modifications (gestionnaire de paie)."""
        exiger_gestionnaire(session)
        return [entree for entree in etat.audit if matricule is None or entree.matricule == matricule]

    if comportement.bulletin_dematerialise:
        fournisseur_coffre = f"Coffre-fort numérique {PRODUIT}"

        def resultat_calcule(dossier: _Dossier, periode: str) -> ResultatPaie:
            resultat = etat.calculs.get((dossier.matricule, periode))
            if resultat is None:
                raise HTTPException(
                    status_code=404,
                    detail=f"Aucun bulletin pour le salarié {dossier.matricule} sur la période {periode}",
                )
            return resultat

        def lien_pdf(matricule: str, periode: str) -> str:
            return f"/salaries/{matricule}/bulletins/{periode}/pdf"

        @app.get("/salaries/{matricule}/bulletins/{periode}", tags=["portail salarié"])
        def consulter_bulletin(
            matricule: str,
            periode: Annotated[str, Path(pattern=PATTERN_PERIODE)],
            session: SessionCourante,
        ) -> BulletinDematerialise:
            """Bulletin de paie dématérialisé (PDF), déposé dans le coffre-fort numérique."""
            dossier = dossier_accessible(session, matricule)
            resultat = resultat_calcule(dossier, periode)
            return BulletinDematerialise(
                matricule=matricule,
                periode=periode,
                intitule=f"Bulletin de paie {_intitule_periode(periode)}",
                format="pdf",
                lien=lien_pdf(matricule, periode),
                salaire_brut=resultat.salaire_brut,
                net_a_payer=resultat.net_a_payer,
                coffre_fort=DepotCoffreFort(
                    fournisseur=fournisseur_coffre,
                    depose=True,
                    date_depot=_bornes_periode(periode)[1],
                ),
            )

        @app.get("/salaries/{matricule}/bulletins/{periode}/pdf", tags=["portail salarié"])
        def telecharger_bulletin(matricule: str, periode: str, session: SessionCourante) -> Response:
            """Téléchargement du bulletin au format PDF."""
            dossier = dossier_accessible(session, matricule)
            resultat = resultat_calcule(dossier, periode)
            return Response(
                content=_pdf_bulletin(resultat, dossier),
                media_type="application/pdf",
                headers={"Content-Disposition": f'inline; filename="bulletin-{matricule}-{periode}.pdf"'},
            )

        @app.get("/salaries/{matricule}/coffre-fort", tags=["portail salarié"])
        def consulter_coffre_fort(matricule: str, session: SessionCourante) -> CoffreFort:
            """Documents déposés dans le coffre-fort numérique du salarié."""
            dossier = dossier_accessible(session, matricule)
            documents = [
                DocumentCoffre(
                    type="bulletin_de_paie",
                    periode=periode,
                    intitule=f"Bulletin de paie {_intitule_periode(periode)}",
                    lien=lien_pdf(matricule, periode),
                )
                for (titulaire, periode) in sorted(etat.calculs)
                if titulaire == dossier.matricule
            ]
            return CoffreFort(matricule=matricule, fournisseur=fournisseur_coffre, documents=documents)

    return app


# --------------------------------------------------------------------------
# Serveur de recette
# --------------------------------------------------------------------------


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Sert ``app`` avec uvicorn dans un thread, sur 127.0.0.1 et un port libre.

    Renvoie l'URL de base (``http://127.0.0.1:<port>``) et arrête proprement le
    serveur à la sortie du bloc ``with``.
    """
    # proto=IPPROTO_TCP explicite : asyncio n'active TCP_NODELAY sur les connexions
    # acceptées que dans ce cas (sinon ~40 ms de latence Nagle par requête).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None
    try:
        sock.bind(("127.0.0.1", 0))
        host, port = sock.getsockname()[:2]
        config = uvicorn.Config(
            app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"{PRODUIT}-uvicorn",
            daemon=True,
        )
        thread.start()
        limite = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"Le serveur {PRODUIT} n'a pas pu démarrer")
            if time.monotonic() > limite:
                raise TimeoutError(f"Le serveur {PRODUIT} n'a pas démarré à temps")
            time.sleep(0.002)
        yield f"http://{host}:{port}"
    finally:
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=10)
        sock.close()
