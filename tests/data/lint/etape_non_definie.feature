# language: fr
@EXG-001
Fonctionnalité: Étapes non définies

  Scénario: Étape inconnue
    Étant donné un salarié existe
    Quand il recalcule la paie
    Alors la paie est juste

  Scénario: Bon texte, mauvais type
    Étant donné un salarié existe
    Et il calcule la paie
    Alors la paie est juste
