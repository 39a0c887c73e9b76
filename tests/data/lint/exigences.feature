# language: fr
Fonctionnalité: Tags d'exigence

  @EXG-009
  Scénario: Exigence inconnue
    Étant donné un salarié existe

  @exg-002
  Scénario: Exigence en minuscules
    Étant donné un salarié existe

  Scénario: Sans exigence
    Étant donné un salarié existe
