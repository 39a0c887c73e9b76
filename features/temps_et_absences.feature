# language: fr
Fonctionnalité: Gestion des temps et des absences
  En tant que gestionnaire de paie
  Je veux que PaieNova suive les congés payés et la durée du travail
  Afin de respecter le Code du travail et les droits de chaque salarié

  Règle retenue pour la recette : 2,5 jours ouvrables de congés payés acquis par
  mois complet travaillé, sur la période de référence du 1er juin au 31 mai.

  Contexte:
    Étant donné un gestionnaire de paie connecté

  @EXG-005
  Scénario: Acquisition de 2,5 jours ouvrables de congés par mois complet travaillé
    Étant donné le salarié "S201" embauché le 01/06/2024 avec un salaire brut mensuel de 2 500,00 €
    Quand je consulte le solde de congés payés du salarié "S201" à fin mars 2025
    Alors le nombre de mois travaillés retenu est de 10
    Et le nombre de jours de congés acquis est de 25 jours
    Et le solde de congés payés est de 25 jours

  @EXG-005 @ANO-038
  Scénario: Acquisition des congés au demi-jour près sur un nombre impair de mois
    Étant donné le salarié "S202" embauché le 01/01/2025 avec un salaire brut mensuel de 2 500,00 €
    Quand je consulte le solde de congés payés du salarié "S202" à fin mars 2025
    Alors le nombre de mois travaillés retenu est de 3
    Et le nombre de jours de congés acquis est de 7,5 jours

  @EXG-006
  Scénario: Refus d'une pose de congés dépassant le solde disponible
    Étant donné le salarié "S203" embauché le 01/06/2024 avec un salaire brut mensuel de 2 500,00 €
    Et des congés payés posés pour le salarié "S203" du 07/04/2025 au 12/04/2025
    Quand je pose des congés payés pour le salarié "S203" du 14/04/2025 au 10/05/2025
    Alors la demande est refusée avec le code 409
    Et le message d'erreur indique "solde insuffisant"
    Et le solde de congés payés du salarié "S203" à fin mars 2025 est de 19 jours

  @EXG-007
  Scénario: Refus d'une saisie dépassant la durée maximale hebdomadaire de 48 heures
    Étant donné le salarié "S204" embauché le 01/06/2024 avec un salaire brut mensuel de 2 500,00 €
    Quand je calcule la paie de mars 2025 du salarié "S204" avec les heures supplémentaires suivantes :
      | semaine | heures |
      | 11      | 14     |
    Alors la demande est refusée avec le code 422
    Et le message d'erreur indique "48 heures"
