# language: fr
@EXG-001
Fonctionnalité: Étoile en première étape

  Scénario: Étoile d'abord
    * un salarié existe
    Quand il calcule la paie
    Alors la paie est juste

  Scénario: Étoile ensuite
    Étant donné un salarié existe
    * le salarié Paul
    Quand il calcule la paie
    Alors la paie est juste
