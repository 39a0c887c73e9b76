# language: fr
Fonctionnalité: Portail salarié
  En tant que salarié
  Je veux consulter et mettre à jour mes informations de paie en libre-service
  Afin de ne plus dépendre du service paie pour mes démarches courantes

  @EXG-008
  Plan du scénario: Mise à jour de l'IBAN par le salarié avec contrôle de validité
    Étant donné le salarié "S002" connecté au portail
    Quand je renseigne l'IBAN "<iban>" pour le salarié "S002"
    Alors la demande reçoit le code <code>

    Exemples:
      | iban                              | code |
      | FR76 3000 6000 0112 3456 7890 189 | 200  |
      | FR76 3000 6000 0112 3456 7890 188 | 422  |
      | FR76 3000 6000 0112               | 422  |

  @EXG-009
  Scénario: Consultation de son solde de congés payés depuis le portail
    Étant donné le salarié "S001" connecté au portail
    Quand je consulte le solde de congés payés du salarié "S001" à fin mars 2025
    Alors la demande est acceptée
    Et le solde de congés payés est de 25 jours

  @EXG-011
  Scénario: Consultation du bulletin de paie dématérialisé
    Étant donné la paie de mars 2025 du salarié "S001" calculée par le service paie
    Et le salarié "S001" connecté au portail
    Quand je consulte mon bulletin de paie de mars 2025
    Alors la demande est acceptée
    Et le bulletin est proposé au format "pdf"
    Et le lien de téléchargement du bulletin renvoie un document PDF

  @EXG-011
  Scénario: Dépôt du bulletin de paie dans le coffre-fort numérique du salarié
    Étant donné la paie de mars 2025 du salarié "S001" calculée par le service paie
    Et le salarié "S001" connecté au portail
    Quand je consulte mon coffre-fort numérique
    Alors la demande est acceptée
    Et le coffre-fort contient le bulletin de paie de mars 2025
