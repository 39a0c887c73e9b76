# language: fr
@EXG-002
Fonctionnalité: Cellules vides dans les exemples

  Plan du scénario: Saisie
    Étant donné je saisis <valeur>
    Et le salarié <nom> est connecté
    Alors la paie est juste

    Exemples:
      | valeur | nom  |
      | abc    | Paul |
      |        | Paul |
      | abc    |      |
