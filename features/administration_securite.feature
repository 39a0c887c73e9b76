# language: fr
Fonctionnalité: Administration et sécurité des données de paie
  En tant que responsable de la sécurité du système d'information RH
  Je veux que l'accès aux données de paie soit contrôlé et tracé
  Afin de protéger les données personnelles des salariés

  @EXG-010
  Plan du scénario: Contrôle des habilitations sur le dossier d'un salarié
    Étant donné un accès à PaieNova en tant que "<utilisateur>"
    Quand je consulte le dossier du salarié "S002"
    Alors la demande reçoit le code <code>

    Exemples:
      | utilisateur              | code |
      | visiteur non authentifié | 401  |
      | salarié S001             | 403  |
      | salarié S002             | 200  |
      | gestionnaire de paie     | 200  |

  @EXG-014
  Scénario: Traçabilité d'une modification de salaire dans le journal d'audit
    Étant donné un gestionnaire de paie connecté
    Et le salarié "S601" embauché le 01/02/2024 avec un salaire brut mensuel de 2 800,00 €
    Quand je modifie le salaire brut mensuel du salarié "S601" à 2 950,00 €
    Alors la demande est acceptée
    Et le journal d'audit du salarié "S601" contient une modification du salaire de 2 800,00 € à 2 950,00 € par "gestionnaire.paie"
