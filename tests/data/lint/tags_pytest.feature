# language: fr
@EXG-001 @v1.2
Fonctionnalité: Tags que pytest interprète

  @not @lot#3
  Scénario: Tags non sélectionnables
    Étant donné un salarié existe

  @skip
  Scénario: Tag de pytest
    Étant donné un salarié existe
