"""Manual tests (tests utilisateurs): ``manual.*``, in the PV and in the commands that
import, assign and export them."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "manual.by_tester": (
        "Tests utilisateurs par testeur ({count} scénarios manuels)",
        "Manual tests per tester ({count} manual scenarios)",
    ),
    "manual.by_requirement": ("Tests utilisateurs par exigence", "Manual tests per requirement"),
    "manual.col.tester": ("Testeur", "Tester"),
    "manual.step": ("étape {number}", "step {number}"),
    "manual.col.comment": ("Commentaire du testeur", "Tester's comment"),
    "manual.col.done": ("Faits", "Done"),
    "manual.col.blocked": ("bloqué", "blocked"),
    "manual.imported": (
        "{count} exécution(s) manuelle(s) enregistrée(s) pour {campaign} : {complete} complète(s), "
        "{partial} partielle(s)",
        "{count} manual execution(s) recorded for {campaign}: {complete} complete, {partial} partial",
    ),
    "manual.imported_partial": (
        "Partielles (des étapes restent à faire, le scénario reste en attente) : {scenarios}",
        "Partial (steps left to do, the scenario stays pending): {scenarios}",
    ),
    "manual.unassigned": ("(non attribués)", "(unassigned)"),
    "manual.assigned": (
        "{count} scénario(s) manuel(s) attribué(s) à {tester}",
        "{count} manual scenario(s) assigned to {tester}",
    ),
    "manual.exported": ("Classeur écrit : {path}", "Workbook written: {path}"),
}
