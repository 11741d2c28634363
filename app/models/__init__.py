"""Every model, imported so that metadata (and Alembic) sees them all."""

from app.models.accompaniment import (
    AccompanimentSession,
    AccompanimentTrack,
    ChecklistTemplateItem,
    ReadinessItem,
)
from app.models.agreement import Agreement, AgreementPartner, AgreementRole
from app.models.application import (
    ApplicantRole,
    Application,
    ApplicationAttachment,
    ApplicationIndicator,
    ApplicationPartner,
    ApplicationStatus,
    BudgetCategory,
    BudgetLine,
    PartnerAnswer,
)
from app.models.area import Area, AreaIndicator
from app.models.audit import AuditEntry
from app.models.board import BoardEvent, BoardGroup, BoardNote, BoardVote, ChatMessage
from app.models.call import (
    Call,
    CallArea,
    CallComment,
    CallCriterion,
    CallFund,
    CallIndicator,
    CallKind,
    CallStatus,
    CallUnitCost,
    CallVersion,
    CohesionFund,
    CommentOutcome,
    CommentSection,
    ProfitRole,
)
from app.models.call_documents import CallAttachment, CallDocument, CallFaq
from app.models.call_participation import CallAnswer, CallInterest, InterestStatus
from app.models.city import City, CityKind
from app.models.clarification import ClarificationRequest
from app.models.evaluation import Consensus, Evaluation, EvaluationScore, EvaluationStatus
from app.models.idea import Idea, IdeaStage, IdeaStageChange, IdeaVersion, Volunteer, idea_need
from app.models.need import Need, NeedCategory, NeedStatus, NeedStatusChange
from app.models.notification import Notification
from app.models.organisation import (
    ContributionKind,
    LegalForm,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    Partner,
    PartnerRole,
    Partnership,
    PartnerStatus,
)
from app.models.participation import Comment, Follow, Report, Support
from app.models.project import (
    GoodPractice,
    Milestone,
    PracticeStatus,
    Programme,
    ProgrammeAction,
    Project,
    ProjectBudgetLine,
    ProjectFund,
    ProjectIndicator,
    ProjectReport,
    ProjectState,
    ProjectStatus,
    ReportKind,
    ReportStatus,
    Tranche,
    TrancheKind,
    TrancheStatus,
)
from app.models.ranking import EditionCause, RankingEdition, ReviewRequest, ReviewStatus
from app.models.space import Booking, Fund, Space, SpaceKind
from app.models.upload import Photo, StoredFile
from app.models.user import CITY_ROLES, Anonymous, ApiToken, EmailFrequency, Role, RoleGrant, User
from app.models.workshop import (
    AgendaPhase,
    Minutes,
    PhaseKind,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopMode,
    WorkshopStatus,
)

__all__ = [name for name in dir() if not name.startswith("_")]
