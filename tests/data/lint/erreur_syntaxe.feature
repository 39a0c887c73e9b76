# language: fr
@EXG-001
Fonctionnalité: Erreur de syntaxe

  Scénario: Calcul
    Étant donné un salarié existe
    Alors la paie est juste
  Exemple de calcul sans deux-points
    Quand il calcule la paie
