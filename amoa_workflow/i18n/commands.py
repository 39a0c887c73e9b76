"""What the commands say: ``cli.*``, ``init.*`` (amoa init), ``ingest.*`` (amoa ingest)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "cli.release_tag": (
        "{given} : version {release} (le « v » d'une étiquette ne fait pas partie du numéro)",
        "{given}: release {release} (a tag's leading 'v' is not part of the number)",
    ),
    "cli.report_written": ("Rapport écrit : {path}", "Report written: {path}"),
    "cli.report_file": ("{form} : {path}", "{form}: {path}"),
    "cli.report_stored_file": (
        "{kind} : {path} (sha256 {sha256}, {created})",
        "{kind}: {path} (sha256 {sha256}, {created})",
    ),
    "cli.report_stored_before_decisions": (
        "attention : {count} décision(s) enregistrée(s) depuis que ce PV a été gardé (la dernière le "
        "{last}) n'y figurent pas ; amoa report -r {release} le garde avec elles",
        "note: {count} decision(s) recorded since this PV was kept (the last at {last}) are not in it; "
        "amoa report -r {release} keeps it with them",
    ),
    "cli.report_stored_formats": ("--stored : html, pdf ou evidence", "--stored: html, pdf or evidence"),
    "cli.report_unknown_format": ("{formats} (au choix : {choices})", "{formats} (choose among {choices})"),
    "cli.evidence_pack_or_release": (
        "indiquez un fichier PACK ou --release, pas les deux",
        "give a PACK file or --release, not both",
    ),
    "cli.evidence_pack_missing": (
        "indiquez un fichier PACK, ou --release pour le pack conservé dans la base",
        "give a PACK file, or --release for the pack kept in the database",
    ),
    "cli.checkpoint_title": ("Recette {release} — {campaign}", "Acceptance {release} — {campaign}"),
    "cli.gaps_title": ("Écarts ({count})", "Gaps ({count})"),
    "cli.error": ("Erreur", "Error"),
    "cli.decision_recorded": (
        "Décision enregistrée : {approver} — {decision} (porte {gate}, version {release}, n°{sequence})",
        "Decision recorded: {approver} — {decision} (gate {gate}, release {release}, #{sequence})",
    ),
    "cli.decision_signed": (
        "Signée avec la clé {fingerprint} — PV {pv}",
        "Signed with the key {fingerprint} — PV {pv}",
    ),
    "cli.reservation_malformed": (
        "« {text} » n'est pas ÉCART|RESPONSABLE|DATE (ex. requirement_failing:EXG-004|MOE|15/12/2026)",
        "'{text}' is not GAP|OWNER|DATE (e.g. requirement_failing:EXG-004|MOE|15/12/2026)",
    ),
    "cli.reservation_bad_date": (
        "« {text} » : la date « {date} » n'existe pas (15/12/2026 ou 2026-12-15)",
        "'{text}': the date '{date}' does not exist (15/12/2026 or 2026-12-15)",
    ),
    "cli.no_go": (
        "la recommandation du PV est NO GO, critères de sortie non atteints : {missed}",
        "the PV's recommendation is NO GO, exit criteria missed: {missed}",
    ),
    "cli.no_go_warning": ("Attention : {no_go}.", "Warning: {no_go}."),
    "cli.no_go_confirm": ("Signer quand même ?", "Sign anyway?"),
    "cli.no_go_declined": ("Rien n'est signé.", "Nothing signed."),
    "cli.no_go_refused": (
        "{no_go} ; ajoutez --yes pour signer quand même",
        "{no_go}; add --yes to sign anyway",
    ),
    "cli.decision_by_link": ("Par le lien {link} — PV {pv}", "Through the link {link} — PV {pv}"),
    "cli.gate_state": (
        "Porte {gate} ({label}), version {release} : {outcome}",
        "Gate {gate} ({label}), release {release}: {outcome}",
    ),
    "cli.decision_not_verified": (
        "Porte {gate}, version {release} : la décision {id} ({approver}) n'est pas vérifiée : {why} ; "
        "elle ne compte pas — lancez amoa audit verify",
        "Gate {gate}, release {release}: decision {id} ({approver}) is not verified: {why}; it does "
        "not count — run amoa audit verify",
    ),
    "cli.gate_not_established": (
        "Porte {gate}, version {release} : l'issue enregistrée « {outcome} » ne découle pas de ses "
        "décisions vérifiées — lancez amoa audit verify",
        "Gate {gate}, release {release}: the outcome recorded '{outcome}' does not follow from its "
        "verified decisions — run amoa audit verify",
    ),
    "cli.gap_move_signed": (
        "Signé par {approver} avec la clé {fingerprint}",
        "Signed by {approver} with the key {fingerprint}",
    ),
    "cli.gate_waiting": ("Décisions attendues de : {names}", "Decisions awaited from: {names}"),
    "cli.gate_how": (
        "Pour décider (signé avec votre clé, amoa keys generate) : amoa approve --release {release} "
        "--gate {gate} --approver ID --decision approve|approve_with_reservations|reject --comment « … »",
        "To decide (signed with your key, amoa keys generate): amoa approve --release {release} "
        "--gate {gate} --approver ID --decision approve|approve_with_reservations|reject --comment '…'",
    ),
    "cli.no_gates": (
        "Aucune porte ouverte pour la version {release}.",
        "No gate opened for release {release}.",
    ),
    "cli.audit_ok": (
        "Journal d'audit intègre : {count} entrée(s), dernière empreinte {hash}",
        "Audit log intact: {count} entries, last hash {hash}",
    ),
    "cli.audit_broken": ("Journal d'audit altéré : {what}", "Audit log tampered with: {what}"),
    "cli.serving": (
        "Déploiements servis (Ctrl-C pour arrêter) : {names}",
        "Serving deployments (Ctrl-C to stop): {names}",
    ),
    "cli.deploy_written": (
        "{file} écrit depuis config/amoa.toml ; ensuite, de tout dossier : "
        "prefect --no-prompt deploy --all --prefect-file {quoted}",
        "{file} written from config/amoa.toml; next, from any folder: "
        "prefect --no-prompt deploy --all --prefect-file {quoted}",
    ),
    "cli.deploy_current": ("{file} est à jour de config/amoa.toml", "{file} matches config/amoa.toml"),
    "cli.deploy_stale": (
        "{file} n'est plus ce que config/amoa.toml décrit : lancez amoa deploy",
        "{file} is no longer what config/amoa.toml describes: run amoa deploy",
    ),
    "cli.release_removed": (
        "Version {release} supprimée : {campaigns} campagne(s), {gates} porte(s), {gaps} écart(s) suivi(s)"
        " mis à jour ; entrée release.removed au journal d'audit",
        "Release {release} removed: {campaigns} campaign(s), {gates} gate(s), {gaps} tracked gap(s)"
        " updated; release.removed entry in the audit log",
    ),
    "init.done": (
        "Projet créé. Ensuite : cd {folder} && amoa steps, puis export AMOA_API_URL=<l'API livrée> "
        "&& amoa checkpoint --release 0.1.0 (ou amoa init --demo pour une API de démonstration)",
        "Project created. Next: cd {folder} && amoa steps, then export AMOA_API_URL=<the delivered API> "
        "&& amoa checkpoint --release 0.1.0 (or amoa init --demo for a demo API)",
    ),
    "init.done_demo": (
        "Projet créé avec une API de démonstration (features/support/api_demo.py), testée tant "
        "que AMOA_API_URL n'est pas défini. Ensuite : cd {folder} && amoa checkpoint --release 0.1.0",
        "Project created with a demo API (features/support/api_demo.py), tested while AMOA_API_URL "
        "is unset. Next: cd {folder} && amoa checkpoint --release 0.1.0",
    ),
    "ingest.title": (
        "Notes de version {release}{date} — format {format}",
        "Release notes {release}{date} — {format}",
    ),
    "ingest.count": ("Éléments", "Items"),
    "ingest.requirements": ("Exigences citées", "Requirements referenced"),
    "ingest.anomalies": ("Anomalies citées", "Anomalies referenced"),
    "ingest.tickets": ("Tickets", "Tickets"),
    "ingest.issues": ("Numéros d'incident", "Issue numbers"),
    "ingest.links": ("Demandes de fusion", "Pull requests"),
    "ingest.warning": ("Attention :", "Warning:"),
    "ingest.not_announced": (
        "Attention : version {release} enregistrée, mais le serveur Prefect {url} ne répond pas : aucun "
        "point de contrôle ne sera déclenché pour cette version (lancez-le vous-même : amoa checkpoint "
        "--release {release})",
        "Warning: release {release} stored, but the Prefect server {url} does not answer: no checkpoint "
        "will be triggered for this release (run it yourself: amoa checkpoint --release {release})",
    ),
    "ingest.unknown": ("Exigences inconnues du référentiel :", "Requirements unknown to the repository:"),
    "ingest.created": ("Version enregistrée (révision {revision}).", "Release stored (revision {revision})."),
    "ingest.updated": (
        "Notes modifiées : nouvelle révision {revision}.",
        "Notes changed: new revision {revision}.",
    ),
    "ingest.unchanged": (
        "Notes identiques à la révision {revision} : rien à enregistrer.",
        "Same notes as revision {revision}: nothing to store.",
    ),
    "ingest.dry_run": ("Lecture seule : rien n'a été enregistré.", "Dry run: nothing was stored."),
}
