# language: fr
@manuel
Fonctionnalité: Tests utilisateurs
  Contexte:
    Étant donné un bulletin imprimé

  @EXG-004
  Scénario: lecture du bulletin
    Quand je le lis
    Alors le net à payer est lisible
