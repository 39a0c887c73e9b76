# language: fr
Fonctionnalité: Un gros fichier, qui pèse plus qu'un shard
  Contexte:
    Étant donné un contexte préparé

  Scénario: lent à écrire
    Quand j'ajoute 1
    Alors le contexte a servi une fois

  Scénario: rapide
    Quand j'ajoute 2
    Alors le contexte a servi une fois

  Scénario: déjà vu
    Quand j'ajoute 3
    Alors le contexte a servi une fois

  Règle: les montants sont vérifiés

    Plan du scénario: montant vérifié
      Quand j'ajoute <n>
      Alors le contexte a servi une fois

      Exemples:
        | n |
        | 4 |
        | 5 |

  Scénario: à cheval
    Quand j'ajoute 6
    Alors le contexte a servi une fois
