# language: fr
Fonctionnalité: Déclaratif social et prélèvement à la source
  En tant que gestionnaire de paie
  Je veux appliquer le taux de prélèvement à la source notifié par l'administration fiscale
  Afin de retenir le bon montant d'impôt et de fiabiliser les déclarations sociales

  Règle retenue pour la recette : le net imposable est assimilé au net avant impôt.

  Contexte:
    Étant donné un gestionnaire de paie connecté

  @EXG-012
  Plan du scénario: Application du taux de prélèvement à la source notifié
    Étant donné le salarié "<matricule>" embauché le 01/09/2023 avec un salaire brut mensuel de 2 000,00 €
    Et un taux de prélèvement à la source de <taux> % notifié pour le salarié "<matricule>"
    Quand je calcule la paie de mars 2025 du salarié "<matricule>"
    Alors le salaire net avant impôt est de 1 560,00 €
    Et le prélèvement à la source est de <prelevement> €
    Et le net à payer est de <net_a_payer> €

    Exemples:
      | matricule | taux | prelevement | net_a_payer |
      | S501      | 0    | 0,00        | 1 560,00    |
      | S502      | 5,5  | 85,80       | 1 474,20    |
      | S503      | 12,3 | 191,88      | 1 368,12    |
