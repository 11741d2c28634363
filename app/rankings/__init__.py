"""Rankings and awards: competitive rankings in editions (preview, publication, scorrimento,
review requests), rolling calls decided in protocol order, awards that never exceed a budget
or a fund's ceiling."""

from flask import Blueprint

bp = Blueprint("rankings", __name__)

from app.applications.admissibility import DECIDED  # noqa: E402
from app.applications.submission import SUBMITTED  # noqa: E402
from app.evaluations.scoring import COMPLETED  # noqa: E402
from app.rankings import messages, routes, services  # noqa: E402, F401
from app.rankings.rolling import decide_rolling  # noqa: E402

# A rolling call decides its queue, in protocol order, whenever an application arrives, is
# declared admissible or not, or has its required evaluations in.
for _hooks in (SUBMITTED, DECIDED, COMPLETED):
    _hooks.append(lambda actor, application: decide_rolling(application.call, actor))
