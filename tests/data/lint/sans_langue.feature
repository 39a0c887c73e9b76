@EXG-001
Fonctionnalité: Fichier français sans ligne de langue
  Scénario: Calcul sans langue
    Étant donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste
