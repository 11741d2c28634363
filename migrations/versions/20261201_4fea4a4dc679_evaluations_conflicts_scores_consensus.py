"""evaluations: assignments of evaluators with their conflict-of-interest declaration,
scores per criterion with comments, and staff's consensus scores

Revision ID: 4fea4a4dc679
Revises: b7d1e2a4c9f0
Create Date: 2026-12-01 21:04:31.310505

"""
from alembic import op
import sqlalchemy as sa

import app.models.base


# revision identifiers, used by Alembic.
revision = '4fea4a4dc679'
down_revision = 'b7d1e2a4c9f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consensus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('total', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_consensus_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_consensus_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consensus'))
    )
    with op.batch_alter_table('consensus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consensus_application_id'), ['application_id'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('evaluator_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('assigned', 'declared', 'conflict', 'submitted', 'replaced', name='evaluationstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('conflict_note', sa.Text(), nullable=False),
    sa.Column('declared_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_evaluation_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], name=op.f('fk_evaluation_assigned_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['evaluator_id'], ['user.id'], name=op.f('fk_evaluation_evaluator_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('application_id', 'evaluator_id', name='uq_evaluation_application_evaluator')
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_evaluator_id'), ['evaluator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_status'), ['status'], unique=False)

    op.create_table('evaluation_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['call_criterion.id'], name=op.f('fk_evaluation_score_criterion_id_call_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_score_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_score')),
    sa.UniqueConstraint('evaluation_id', 'criterion_id', name='uq_evaluation_score_criterion')
    )
    with op.batch_alter_table('evaluation_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_score_evaluation_id'), ['evaluation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evaluation_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_score_evaluation_id'))

    op.drop_table('evaluation_score')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_status'))
        batch_op.drop_index(batch_op.f('ix_evaluation_evaluator_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_application_id'))

    op.drop_table('evaluation')
    with op.batch_alter_table('consensus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consensus_application_id'))

    op.drop_table('consensus')
