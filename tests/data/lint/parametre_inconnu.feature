# language: fr
@EXG-002
Fonctionnalité: Paramètre absent des exemples

  Plan du scénario: Connexion
    Étant donné le salarié <prenom>
    Alors la paie est juste

    Exemples:
      | nom  |
      | Paul |
