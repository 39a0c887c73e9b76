# language: fr
@EXG-001
Fonctionnalité: Mots-clés avec apostrophe

  Scénario: Élision comprise
    Étant donné qu'un salarié existe
    Lorsqu'il calcule la paie
    Alors la paie est juste

  Scénario: Élision écrite dans la définition
    Étant donné qu'un contrat existe
    Alors la paie est juste

  Scénario: Apostrophe typographique
    Étant donné qu’un salarié existe
    Alors la paie est juste
