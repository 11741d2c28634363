"""The stages of an idea, in order, with their labels in the reader's language (SPEC §3.3):
proposed → in co-design → ready for a call → in a call → funded → carried out.

In Italian the labels agree with "idea" (feminine: "finanziata")."""

from __future__ import annotations

from flask_babel import gettext as _

from app.models import IdeaStage

ORDER: list[IdeaStage] = list(IdeaStage)

#: Bootstrap Italia badge colours, so the stage reads at a glance (text is always shown too).
BADGES = {
    IdeaStage.PROPOSED: "bg-secondary",
    IdeaStage.IN_CODESIGN: "bg-primary",
    IdeaStage.READY_FOR_CALL: "bg-warning text-dark",
    IdeaStage.IN_CALL: "bg-warning text-dark",
    IdeaStage.FUNDED: "bg-success",
    IdeaStage.CARRIED_OUT: "bg-success",
}


def labels() -> dict[IdeaStage, str]:
    """Every stage's label in the current language."""
    return {
        IdeaStage.PROPOSED: _("Proposed"),
        IdeaStage.IN_CODESIGN: _("In co-design"),
        IdeaStage.READY_FOR_CALL: _("Ready for a call"),
        IdeaStage.IN_CALL: _("In a call"),
        IdeaStage.FUNDED: _("Funded"),
        IdeaStage.CARRIED_OUT: _("Carried out"),
    }


def parse(value) -> IdeaStage | None:
    """The stage named by ``value`` (an IdeaStage or its value), or None."""
    if isinstance(value, IdeaStage):
        return value
    try:
        return IdeaStage(value)
    except ValueError:
        return None


def label(stage: IdeaStage | str) -> str:
    stage = parse(stage)
    return labels()[stage] if stage is not None else ""


def choices() -> list[tuple[str, str]]:
    names = labels()
    return [(s.value, names[s]) for s in ORDER]


def step(stage: IdeaStage) -> int:
    """1-based position in the pipeline (for "stage 2 of 6")."""
    return ORDER.index(stage) + 1
