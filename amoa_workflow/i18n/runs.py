"""A run of the scenarios and the flows around it: ``run.*`` (amoa run, its history, why a
scenario did not run), ``flow.*`` (the checkpoint flow's summary, its shards, the release lock)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "flow.summary.release": ("Version {release} ({campaign})", "Release {release} ({campaign})"),
    "flow.summary.scenarios": ("scénarios : {counts}", "scenarios: {counts}"),
    "flow.summary.gaps": (
        "{gaps} écart(s) dont {blocking} bloquant(s)",
        "{gaps} gap(s), {blocking} blocking",
    ),
    "flow.summary.recommendation": ("recommandation : {recommendation}", "recommendation: {recommendation}"),
    "flow.summary.gate": ("porte {gate} : {outcome}", "gate {gate}: {outcome}"),
    "flow.gate_pending": (
        "porte {gate} de {release} toujours en attente — décisions : {decided} ; attendu : {waiting}",
        "gate {gate} of {release} still pending — decisions: {decided}; awaiting: {waiting}",
    ),
    "flow.not_woken": (
        "la porte {gate} de {release} a changé, mais le serveur Prefect {url} {why} : l'exécution qui "
        "l'attend n'a pas été réveillée ; la prochaine relance (approval-reminders, ou amoa "
        "notifications --remind) la réveille une fois la porte close, ou reprenez-la depuis l'interface "
        "Prefect",
        "gate {gate} of {release} changed, but the Prefect server {url} {why}: the flow run waiting at "
        "it was not woken; the next reminders run (approval-reminders, or amoa notifications --remind) "
        "wakes it once the gate is closed, or resume it from the Prefect UI",
    ),
    "flow.manual_not_woken": (
        "la partie manuelle de {release} a changé, mais le serveur Prefect {url} {why} : le point de "
        "contrôle qui l'attend n'a pas été réveillé ; il l'est à l'échéance de la partie, ou reprenez-le "
        "depuis l'interface Prefect",
        "the manual part of {release} changed, but the Prefect server {url} {why}: the checkpoint "
        "waiting for it was not woken; it is woken at the part's deadline, or resume it from the Prefect UI",
    ),
    "flow.left_waiting_not_asked": (
        "le serveur Prefect {url} {why} : les exécutions restées en attente d'une porte close n'ont pas "
        "été cherchées ; la prochaine relance essaiera de nouveau",
        "the Prefect server {url} {why}: the flow runs left waiting at a closed gate were not looked "
        "for; the next reminders run tries again",
    ),
    "flow.refused_wake": (
        "l'exécution {run} en attente de la porte {gate} de {release} a refusé d'être réveillée",
        "flow run {run} at gate {gate} of {release} refused to wake",
    ),
    "flow.server_down": ("ne répond pas", "does not answer"),
    "flow.server_failed": ("a échoué ({error})", "failed ({error})"),
    "flow.gate_closed": ("porte {gate} de {release} : {outcome}", "gate {gate} of {release}: {outcome}"),
    "flow.summary.report": ("PV : {path}", "PV: {path}"),
    "flow.col.actual": ("Constaté", "Actual"),
    "flow.gates": ("Portes d'approbation", "Approval gates"),
    "flow.release_busy": (
        "Une autre recette de la version {release} est en cours : celle-ci attend "
        "qu'elle ait ouvert ses portes.",
        "Another checkpoint of release {release} is running: this one waits until it has opened its gates.",
    ),
    "flow.shard_started": (
        "shard {shard} de {run} sur {host} (projet {project}, essai Prefect {attempt})",
        "shard {shard} of {run} on {host} (project {project}, Prefect try {attempt})",
    ),
    "flow.shard_done": (
        "shard {shard} de {run} sur {host} : {scenarios} scénarios remis à la base (tentative {attempt})",
        "shard {shard} of {run} on {host}: {scenarios} scenarios handed to the database (attempt {attempt})",
    ),
    "flow.shard_beat_missed": (
        "shard {shard} de {run} : résultats non remis cette fois, renvoyés au prochain envoi ({error})",
        "shard {shard} of {run}: results not handed over this time, sent again with the next ones ({error})",
    ),
    "flow.shard_silent": (
        "aucune nouvelle depuis {since} UTC (shard_lost_after : {lost_after} s)",
        "no news since {since} UTC (shard_lost_after: {lost_after} s)",
    ),
    "flow.shard_not_taken": (
        "aucun worker du pool ne l'a pris en {start_within} s (shard_start_within) : démarrez un worker "
        "sur la file des shards, puis relancez",
        "no worker of the pool took it within {start_within} s (shard_start_within): start a worker "
        "on the shards' queue, then run again",
    ),
    "flow.shard_lost": (
        "shard {shard} de {run} : {why}, relancé sur le pool (essai {tries})",
        "shard {shard} of {run}: {why}, run again on the pool (try {tries})",
    ),
    "flow.shard_gave_up": (
        "shard {shard} de {run} abandonné après {tries} essai(s) : {why}",
        "shard {shard} of {run} given up after {tries} tries: {why}",
    ),
    "flow.database": ("Base de données : {url}", "Database: {url}"),
    "flow.database_default": (
        "AMOA_DATABASE_URL n'est pas défini pour ce worker : ce run d'un déploiement écrit dans la base par "
        "défaut du projet ({url}), pas dans celle que partagent les autres hôtes (décisions, runs, portes) ; "
        "définissez-le sur chaque worker",
        "AMOA_DATABASE_URL is not set for this worker: this deployment's run writes to the project's "
        "default database ({url}), not the one the other hosts share (decisions, runs, gates); set it on "
        "every worker",
    ),
    "run.scenario_timeout": (
        "délai dépassé après {seconds} s (scenario_timeout)",
        "timed out after {seconds} s (scenario_timeout)",
    ),
    "run.unreachable": ("système testé injoignable : {detail}", "system under test unreachable: {detail}"),
    "run.not_finished": (
        "non exécuté : l'exécution a dépassé {seconds} s (run_timeout)",
        "not run: the run went past {seconds} s (run_timeout)",
    ),
    "run.gherkin_refused": (
        "syntaxe Gherkin refusée par pytest-bdd, ligne « {content} » : tout le fichier est ignoré"
        " (amoa lint dit pourquoi)",
        "Gherkin syntax refused by pytest-bdd at « {content} »: the whole file is left out"
        " (amoa lint says why)",
    ),
    "run.interrupted_nothing": ("rien n'a été enregistré", "nothing was recorded"),
    "run.interrupted_recorded": (
        "{finished} scénario(s) terminé(s) enregistré(s), exécution {attempt} de la campagne {campaign}"
        " (amoa runs list)",
        "{finished} finished scenario(s) recorded as run {attempt} of campaign {campaign} (amoa runs list)",
    ),
    "run.progress": ("Scénarios", "Scenarios"),
    "run.all": ("tous les scénarios", "all scenarios"),
    "run.selection_manual": (
        "résultats manuels ({sources}) par {actor}",
        "manual results ({sources}) by {actor}",
    ),
    "run.selection_interrupted": (
        "interrompue ({signal}) après {count} scénarios de : {asked}",
        "interrupted ({signal}) after {count} scenarios of {asked}",
    ),
    "run.title": (
        "Exécution n°{attempt} — {campaign} — {selection}",
        "Run #{attempt} — {campaign} — {selection}",
    ),
    "run.nothing_to_rerun": (
        "Aucun scénario en échec dans l'exécution n°{attempt} de {campaign} : rien à relancer.",
        "No scenario failed in run #{attempt} of {campaign}: nothing to rerun.",
    ),
    "run.flaky_title": ("Scénarios instables ({count})", "Flaky scenarios ({count})"),
    "run.no_flaky": (
        "Aucun scénario instable (au moins {threshold} bascules sur les {window} dernières exécutions).",
        "No flaky scenario (at least {threshold} flips over the last {window} runs).",
    ),
    "run.history_title": ("Exécutions de {campaign}", "Runs of {campaign}"),
    "run.folder": ("Dossier de l'exécution : {path}", "Run folder: {path}"),
    "run.export_written": ("Export écrit : {path}", "Export written: {path}"),
    "run.flaky": ("instable", "flaky"),
    "run.no_steps": (
        "scénario sans étape : il ne vérifie rien, il n'est pas réussi",
        "scenario with no step: it checks nothing, it has not passed",
    ),
    "run.manual_pending": (
        "scénario manuel : en attente du résultat d'un testeur",
        "manual scenario: waiting for a tester's result",
    ),
    "run.undefined_step": (
        "étape sans définition : {keyword} « {text} » (ligne {line}) ; les étapes connues : amoa steps",
        'step without definition: {keyword} "{text}" (line {line}); the known steps: amoa steps',
    ),
    "run.no_api_url": (
        "Attention : AMOA_API_URL n'est pas défini ; les étapes REST intégrées n'ont aucune API à tester "
        "et « l'API de recette » échouera (export AMOA_API_URL=https://…).",
        "Warning: AMOA_API_URL is not set; the built-in REST steps have no API to test and "
        "'the acceptance API' will fail (export AMOA_API_URL=https://…).",
    ),
    "run.bound_twice": (
        "le scénario {scenario} est lié deux fois : {first} et {second} (un seul scenarios()/@scenario)",
        "scenario {scenario} is bound twice: {first} and {second} (keep one scenarios()/@scenario)",
    ),
    "run.conftest_broken": (
        "{conftest} ne se charge pas : {where}{error}",
        "{conftest} cannot be loaded: {where}{error}",
    ),
    "run.stopped": (
        "non exécuté : pytest s'est arrêté (code {code}) : {detail}",
        "not run: pytest stopped (exit code {code}): {detail}",
    ),
}
