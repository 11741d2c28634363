"""call review days: the days after the ranking in which applicants may ask for a review

Revision ID: 459075083cb7
Revises: 3a17892c9669
Create Date: 2026-12-01 22:15:29.564148

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '459075083cb7'
down_revision = '3a17892c9669'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_days', sa.Integer(), server_default='10', nullable=False))



def downgrade():
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_column('review_days')

