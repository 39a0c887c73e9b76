# language: fr
@EXG-001
Fonctionnalité: Retour chariot seul

  Scénario: Une étape coupée par un CR
    Étant donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste
