# language: fr
Fonctionnalité: Statuts en français
  @EXG-006
  Scénario: réussi en français
    Étant donné une chose
    Quand j'ajoute 2
    Alors la valeur est ok
