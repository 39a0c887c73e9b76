# language: fr
Fonctionnalité: Portail salarié vérifié par l'API, sans code
  En tant qu'analyste AMOA
  Je veux tester l'API livrée par l'éditeur avec les étapes intégrées
  Afin de vérifier les exigences sans écrire de Python

  Contexte:
    Étant donné l'API de recette
    Et j'envoie une requête POST sur "/auth/connexion" avec le corps :
      """
      {"identifiant": "S001", "mot_de_passe": "Portail#S001"}
      """
    Et je retiens le champ "jeton" sous le nom "jeton"
    Et je m'authentifie avec le jeton "${jeton}"

  @EXG-002
  Scénario: Le salarié consulte son propre dossier par l'API
    Quand j'envoie une requête GET sur "/salaries/S001"
    Alors le code de réponse est 200
    Et le champ "matricule" vaut "S001"
    Et le champ "nom" vaut "Durand"
    Et le champ "prenom" correspond à "^Cam"
    Et le temps de réponse est inférieur à 2000 ms

  @EXG-010
  Scénario: Le dossier d'un autre salarié lui est refusé
    Quand j'envoie une requête GET sur "/salaries/S002"
    Alors le code de réponse est 403

  @EXG-009
  Scénario: Le salarié consulte son solde de congés par l'API
    Quand j'envoie une requête GET sur "/salaries/S001/conges?periode=2025-03"
    Alors le code de réponse est 200
    Et le champ "solde" vaut "25"
