"""Every model, imported so that metadata (and Alembic) sees them all."""

from app.models.audit import AuditEntry
from app.models.city import City, CityKind
from app.models.user import CITY_ROLES, ApiToken, EmailFrequency, Role, RoleGrant, User

__all__ = [
    "CITY_ROLES",
    "ApiToken",
    "AuditEntry",
    "City",
    "CityKind",
    "EmailFrequency",
    "Role",
    "RoleGrant",
    "User",
]
