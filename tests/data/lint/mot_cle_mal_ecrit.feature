# language: fr
@EXG-001
Fonctionnalité: Mots-clés mal écrits
  Scénarioo: Faute de frappe dans le mot-clé
    Étant donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste

  Scénario: Étapes en anglais dans un fichier français
    Given un salarié existe
    When il calcule la paie
    Then la paie est juste

  Scénario: Espace avant les deux-points
  Scénario : Fusionné dans le précédent
    Étant donné un salarié existe
    Quand il calcule la paie

  Scénario: Étape mal orthographiée
    Etan donné un salarié existe
    Quand il calcule la paie
    Alors la paie est juste

  Scénario: Mot-clé court mal écrit
    Soi un salarié existe
    Quand il calcule la paie
