# language: fr
@EXG-002
Fonctionnalité: Étape ambiguë

  Scénario: Deux définitions correspondent
    Étant donné le salarié Paul est connecté
    Alors la paie est juste

  Scénario: La première définie n'est pas celle retenue
    Étant donné le contrat C1 est signé
    Alors la paie est juste
