"""The links of the lineage (``app.lineage.chain``) as the panel shows them and the API
answers them: one :class:`Item` per need, idea, workshop, call, application or project,
with the link to its page (none where the reader may not open it) and its status in words;
a project carries its indicators' latest approved values."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.applications import labels as application_labels
from app.calls import labels as call_labels
from app.extensions import db
from app.ideas import links, stages
from app.lineage import labels
from app.models import Application, Idea, Need, Project, Workshop
from app.models.call import Call
from app.needs.labels import status_label as need_status_label
from app.projects import queries as project_queries
from app.projects.links import project_path
from app.workshops.common import workshop_url

ORDER = ("need", "idea", "workshop", "call", "application", "project")


@dataclass
class Item:
    """One link of the chain: what the panel shows and the API answers."""

    kind: str
    id: int
    title: str
    url: str | None
    status: str
    label: str
    relation: str = ""  # workshops: "produced" (the idea was born there) or "worked_on"
    call_id: int | None = None
    results: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        answer = {"id": self.id, "title": self.title, "url": links.absolute(self.url) if self.url else None}
        answer.update(status=self.status, status_label=self.label)
        if self.kind == "workshop":
            answer["relation"] = self.relation
        if self.kind in ("application", "project"):
            answer["call_id"] = self.call_id
        if self.kind == "project":
            answer["results"] = [result_json(r) for r in self.results]
        return answer


def result_json(result: dict) -> dict:
    """A result as the API answers it: numbers as strings, the date in ISO form."""
    value, measured_on = result["value"], result["measured_on"]
    return {
        **result,
        "baseline": str(result["baseline"]),
        "target": str(result["target"]),
        "value": None if value is None else str(value),
        "measured_on": None if measured_on is None else measured_on.isoformat(),
    }


@dataclass
class Chain:
    """``came_from`` and ``became``: ``{kind: [Item]}``, in the order of :data:`ORDER`."""

    came_from: dict[str, list[Item]] = field(default_factory=dict)
    became: dict[str, list[Item]] = field(default_factory=dict)
    #: A project's own indicator results (see :func:`latest_results`).
    results: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.came_from.values()) and not any(self.became.values()) and not self.results


# --- items -------------------------------------------------------------------------------


def need_item(need: Need) -> Item:
    return Item(
        "need", need.id, need.title, links.need_path(need), need.status.value, need_status_label(need.status.value)
    )


def idea_item(idea: Idea) -> Item:
    return Item("idea", idea.id, idea.title, links.idea_path(idea), idea.stage.value, stages.label(idea.stage))


def workshop_item(workshop: Workshop, produced: set[int]) -> Item:
    relation = "produced" if workshop.id in produced else "worked_on"
    label = str(labels.WORKSHOP_STATUSES[workshop.status])
    return Item("workshop", workshop.id, workshop.title, workshop_url(workshop), workshop.status.value, label, relation)


def call_item(call: Call) -> Item:
    url = links.path_for("calls.detail", call_id=call.id)
    return Item("call", call.id, call.title, url, call.status.value, str(call_labels.STATUSES[call.status]))


def application_item(application: Application, user) -> Item:
    """A link to the application only for who may read it; the others read title and status."""
    url = (
        links.path_for("applications.submit_page", application_id=application.id)
        if application.can_view(user)
        else None
    )
    label = str(application_labels.STATUSES[application.status])
    return Item(
        "application",
        application.id,
        application.title,
        url,
        application.status.value,
        label,
        call_id=application.call_id,
    )


def project_items(projects: list[Project]) -> list[Item]:
    results = latest_results([p.id for p in projects])
    return [
        Item(
            "project",
            p.id,
            p.title,
            project_path(p),
            p.status.value,
            str(labels.PROJECT_STATUSES[p.status]),
            call_id=p.call_id,
            results=results.get(p.id, []),
        )
        for p in projects
    ]


def latest_results(project_ids: list[int]) -> dict[int, list[dict]]:
    """Per project, each indicator with its latest approved value (by measurement date):
    ``{code, name, unit, baseline, target, value, measured_on}`` (Decimals and a date;
    value ``None`` while none is approved)."""
    if not project_ids:
        return {}
    projects = list(db.session.scalars(sa.select(Project).where(Project.id.in_(project_ids))))
    results = project_queries.indicator_results(projects)
    return {
        pid: [
            {
                "code": row["indicator"].code,
                "name": row["indicator"].name,
                "unit": row["indicator"].unit,
                "baseline": row["indicator"].baseline,
                "target": row["indicator"].target,
                "value": row["value"],
                "measured_on": row["measured_on"],
            }
            for row in results.get(pid, [])
        ]
        for pid in project_ids
    }
