"""Rankings and awards: competitive rankings in editions (preview, publication, scorrimento,
review requests), rolling calls decided in protocol order, awards that never exceed a budget
or a fund's ceiling."""

from flask import Blueprint

bp = Blueprint("rankings", __name__)

from app.evaluations.scoring import COMPLETED  # noqa: E402
from app.rankings import messages, routes, services  # noqa: E402, F401
from app.rankings.rolling import decide_rolling  # noqa: E402

# A rolling call decides an application as soon as its required evaluations are in.
COMPLETED.append(lambda actor, application: decide_rolling(application.call, actor))
