"""application partner: contribution note

Revision ID: b7d1e2a4c9f0
Revises: 3752c3d42830
Create Date: 2026-12-01 21:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b7d1e2a4c9f0'
down_revision = '3752c3d42830'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application_partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contribution_note', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('application_partner', schema=None) as batch_op:
        batch_op.drop_column('contribution_note')
