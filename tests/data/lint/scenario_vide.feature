# language: fr
@EXG-001
Fonctionnalité: Scénario sans étape

  Scénario: Calcul complet
    Étant donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste

  Scénario: Pas encore écrit
