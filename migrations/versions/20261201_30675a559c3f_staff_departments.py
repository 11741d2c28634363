"""staff departments: a staff grant may name the department (settore) it belongs to

Revision ID: 30675a559c3f
Revises: 2704aa68fc5f
Create Date: 2026-12-01 20:30:38.074766

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '30675a559c3f'
down_revision = '2704aa68fc5f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department', sa.String(length=120), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_column('department')

