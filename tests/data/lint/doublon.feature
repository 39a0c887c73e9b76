# language: fr
@EXG-001
Fonctionnalité: Scénarios de même nom

  Scénario: Calcul de la paie
    Étant donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste

  Scénario: Calcul de la paie
    Étant donné le salarié Zoé
    Alors la paie est juste
