"""applications: drafts and submitted applications to calls, with partners, budget lines,
indicators and attachments; the per-call protocol counter

Revision ID: 3752c3d42830
Revises: 580ac2553991
Create Date: 2026-12-01 20:58:49.496390

"""
from alembic import op
import sqlalchemy as sa

import app.models.base


# revision identifiers, used by Alembic.
revision = '3752c3d42830'
down_revision = '580ac2553991'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', 'withdrawn', 'admissible', 'inadmissible', 'funded', 'partly_funded', 'reserve', 'not_funded', 'renounced', 'revoked', name='applicationstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('duration_months', sa.Integer(), nullable=True),
    sa.Column('requested_grant', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('cofinancing', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('declarations', sa.JSON(), nullable=False),
    sa.Column('call_version', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('protocol_number', sa.Integer(), nullable=True),
    sa.Column('protocol', sa.String(length=20), nullable=True),
    sa.Column('submitted_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('admissibility_reason', sa.Text(), nullable=False),
    sa.Column('admissibility_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('granted', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_application_area_id_area')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_application_call_id_call')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_application_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_application_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('call_id', 'protocol_number', name='uq_application_call_protocol')
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_status'), ['status'], unique=False)

    op.create_table('application_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=True),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_attachment_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_application_attachment_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], name=op.f('fk_application_attachment_file_id_stored_file')),
    sa.ForeignKeyConstraint(['requirement_id'], ['call_attachment.id'], name=op.f('fk_application_attachment_requirement_id_call_attachment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_attachment'))
    )
    with op.batch_alter_table('application_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_attachment_application_id'), ['application_id'], unique=False)

    op.create_table('application_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('target', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_indicator_application_id_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_indicator')),
    sa.UniqueConstraint('application_id', 'code', name='uq_application_indicator_code')
    )
    with op.batch_alter_table('application_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_indicator_application_id'), ['application_id'], unique=False)

    op.create_table('application_need',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_need_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_application_need_need_id_need'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'need_id', name=op.f('pk_application_need'))
    )
    with op.batch_alter_table('application_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_need_need_id'), ['need_id'], unique=False)
    op.create_table('application_partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('co_applicant', 'supporter', name='applicantrole', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status', sa.Enum('invited', 'accepted', 'declined', name='partneranswer', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('contribution_kind', sa.Enum('space', 'volunteers', 'expertise', 'equipment', 'money', name='contributionkind', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('contribution_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('responded_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_partner_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_application_partner_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_application_partner_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_partner')),
    sa.UniqueConstraint('application_id', 'organisation_id', name='uq_application_partner')
    )
    with op.batch_alter_table('application_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_partner_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_partner_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('staff', 'services', 'goods', 'works', 'travel', 'indirect', 'other', name='budgetcategory', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('fund', sa.Enum('FSE+', 'FESR', name='cohesionfund', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('unit_cost_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('computed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_budget_line_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_cost_id'], ['call_unit_cost.id'], name=op.f('fk_budget_line_unit_cost_id_call_unit_cost'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_application_id'), ['application_id'], unique=False)

    op.create_table('application_idea',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_idea_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_application_idea_idea_id_idea'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'idea_id', name=op.f('pk_application_idea'))
    )
    with op.batch_alter_table('application_idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_idea_idea_id'), ['idea_id'], unique=False)
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('protocol_seq', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_column('protocol_seq')

    op.drop_table('application_idea')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_application_id'))

    op.drop_table('budget_line')
    with op.batch_alter_table('application_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_partner_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_application_partner_application_id'))

    op.drop_table('application_partner')
    op.drop_table('application_need')
    with op.batch_alter_table('application_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_indicator_application_id'))

    op.drop_table('application_indicator')
    with op.batch_alter_table('application_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_attachment_application_id'))

    op.drop_table('application_attachment')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status'))
        batch_op.drop_index(batch_op.f('ix_application_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_application_call_id'))

    op.drop_table('application')
