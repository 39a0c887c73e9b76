# language: fr
@manuel
Fonctionnalité: Tests utilisateurs de la paie
  En tant que future utilisatrice de PaieNova
  Je veux vérifier à la main ce qu'aucun automate ne peut juger : le papier, l'écran, le métier
  Afin de n'accepter la version que si elle convient à celles et ceux qui s'en serviront

  Ces scénarios sont exécutés par les testeurs métier (gestionnaires de paie, salariés) :
  le lanceur ne les exécute pas, ils restent en attente jusqu'à ce qu'un résultat soit saisi.

  @EXG-001
  Scénario: Lecture d'un bulletin de paie imprimé
    Étant donné le bulletin de paie de mars 2025 du salarié "S101" imprimé en noir et blanc sur papier A4
    Quand je lis le bulletin sans autre document
    Alors je trouve sur la première page le salaire brut, les cotisations et le net à payer
    Et les montants sont lisibles, alignés à droite et arrondis au centime
    Et la mention de conservation figure en pied de page :
      """
      Dans votre intérêt et pour vous aider à faire valoir vos droits,
      conservez ce bulletin de paie sans limitation de durée.
      """

  @EXG-003
  Plan du scénario: Contrôle d'un salaire proratisé par la gestionnaire de paie
    Étant donné la paie de mars 2025 calculée pour le salarié "<matricule>" embauché le <entrée>
    Quand je recalcule le salaire de base avec ma feuille de contrôle habituelle
    Alors je trouve un salaire de base de <base> €, comme sur le bulletin

    Exemples:
      | matricule | entrée     | base     |
      | S120      | 17/03/2025 | 1 500,00 |
      | S121      | 03/03/2025 | 2 903,23 |

  @EXG-009
  Scénario: Consultation du solde de congés sur un téléphone
    Étant donné le salarié "S001" connecté au portail depuis son téléphone
    Quand il ouvre la page de ses congés
    Alors il lit ses compteurs sans zoomer ni faire défiler horizontalement :
      | compteur         | valeur attendue |
      | Congés acquis    | 25              |
      | Congés pris      | 10              |
      | Solde disponible | 15              |

  @EXG-012
  Scénario: Explication du taux de prélèvement à la source à un salarié
    Étant donné le bulletin de mars 2025 du salarié "S101" et son avis de taux de la DGFiP
    Quand je lui explique la ligne « Impôt sur le revenu prélevé à la source »
    Alors le taux et l'assiette du bulletin sont ceux de l'avis
    Et le salarié comprend d'où vient le montant prélevé
