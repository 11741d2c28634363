"""What other parts of the platform may hang on a project's life, each run inside the
writing transaction (lineage notifications, the dashboards' live counters):

- ``PROJECT_CREATED``: ``fn(actor, project)`` when an award or agreement makes a project;
- ``REPORT_APPROVED``: ``fn(actor, report)`` when staff approve a spend or indicator report.
"""

PROJECT_CREATED: list = []
REPORT_APPROVED: list = []


def run(hooks: list, *args) -> None:
    for hook in hooks:
        hook(*args)
