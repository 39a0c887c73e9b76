# language: fr
@EXG-001
Fonctionnalité: Fichier enregistré avec un BOM
  Scénario: Calcul avec BOM
    Étant donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste
