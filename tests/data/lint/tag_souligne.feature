# language: fr
@EXG-001
Fonctionnalité: Tag commençant par un souligné

  @_brouillon
  Scénario: Brouillon
    Étant donné un salarié existe
