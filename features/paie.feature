# language: fr
Fonctionnalité: Calcul de la paie mensuelle
  En tant que gestionnaire de paie
  Je veux que PaieNova calcule la paie mensuelle de chaque salarié
  Afin de verser chaque mois un salaire juste et conforme aux règles de l'entreprise

  Règles retenues pour la recette : cotisations salariales au taux unique de 22 %,
  durée mensuelle de 151,67 heures, montants arrondis au centime.

  Contexte:
    Étant donné un gestionnaire de paie connecté

  @EXG-001
  Plan du scénario: Calcul du salaire net à partir du salaire brut
    Étant donné le salarié "<matricule>" embauché le 01/09/2023 avec un salaire brut mensuel de <brut> €
    Quand je calcule la paie de mars 2025 du salarié "<matricule>"
    Alors le salaire brut du mois est de <brut> €
    Et les cotisations salariales sont de <cotisations> €
    Et le salaire net avant impôt est de <net> €

    Exemples:
      | matricule | brut     | cotisations | net      |
      | S101      | 1 801,80 | 396,40      | 1 405,40 |
      | S102      | 2 000,00 | 440,00      | 1 560,00 |
      | S103      | 3 033,40 | 667,35      | 2 366,05 |

  @EXG-002
  Scénario: Refus de création d'un salarié avec un matricule déjà attribué
    Étant donné le salarié "S110" embauché le 03/02/2025 avec un salaire brut mensuel de 2 400,00 €
    Quand je crée le salarié "S110" embauché le 10/03/2025 avec un salaire brut mensuel de 2 600,00 €
    Alors la demande est refusée avec le code 409
    Et le message d'erreur indique "déjà attribué"
    Mais le dossier du salarié "S110" conserve un salaire brut mensuel de 2 400,00 €

  @EXG-003
  Scénario: Proratisation du salaire de base pour une embauche en cours de mois
    Étant donné le salarié "S120" embauché le 17/03/2025 avec un salaire brut mensuel de 3 100,00 €
    Quand je calcule la paie de mars 2025 du salarié "S120"
    Alors le salaire de base retenu est de 1 500,00 €
    Et le salaire brut du mois est de 1 500,00 €
    Et le salaire net avant impôt est de 1 170,00 €

  @EXG-004 @ANO-042
  Scénario: Majoration de 25 % des huit premières heures supplémentaires de la semaine
    Étant donné le salarié "S130" embauché le 06/01/2025 avec un salaire brut mensuel de 3 033,40 €
    Quand je calcule la paie de mars 2025 du salarié "S130" avec les heures supplémentaires suivantes :
      | semaine | heures |
      | 10      | 8      |
      | 11      | 4      |
    Alors la ligne de paie "Heures supplémentaires majorées à 25 %" est de 300,00 €
    Et le salaire brut du mois est de 3 333,40 €

  @EXG-004
  Scénario: Majoration de 50 % des heures supplémentaires au-delà de la huitième
    Étant donné le salarié "S131" embauché le 06/01/2025 avec un salaire brut mensuel de 3 033,40 €
    Quand je calcule la paie de mars 2025 du salarié "S131" avec les heures supplémentaires suivantes :
      | semaine | heures |
      | 12      | 11     |
    Alors la ligne de paie "Heures supplémentaires majorées à 50 %" porte sur 3 heures
    Et la ligne de paie "Heures supplémentaires majorées à 50 %" est de 90,00 €
