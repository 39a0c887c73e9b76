# language: fr
@paie
Fonctionnalité: Statuts en français
  Contexte:
    Étant donné une chose

  @EXG-006
  Scénario: réussi en français
    Quand j'ajoute 2
    Alors la valeur est ok

  @EXG-007
  Règle: les montants sont vérifiés

    @EXG-008
    Plan du scénario: montant vérifié
      Quand j'ajoute <n>
      Alors la valeur est <valeur>

      @lot-1
      Exemples: premier lot
        | n | valeur |
        | 1 | ok     |
        | 2 | ko     |

      Exemples: second lot
        | n | valeur |
        | 3 | ok     |
