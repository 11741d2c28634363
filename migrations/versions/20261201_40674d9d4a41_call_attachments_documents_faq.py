"""call attachments documents faq: what every application must attach, the PDF documents
published with a call (stored files) and its FAQ

Revision ID: 40674d9d4a41
Revises: 30675a559c3f
Create Date: 2026-12-01 20:40:42.731383

"""
from alembic import op
import sqlalchemy as sa

import app.models.base


# revision identifiers, used by Alembic.
revision = '40674d9d4a41'
down_revision = '30675a559c3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_stored_file_owner_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_file'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_owner_id'), ['owner_id'], unique=False)

    op.create_table('call_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_attachment_call_id_call'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_attachment'))
    )
    with op.batch_alter_table('call_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_attachment_call_id'), ['call_id'], unique=False)

    op.create_table('call_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_document_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_call_document_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], name=op.f('fk_call_document_file_id_stored_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_document'))
    )
    with op.batch_alter_table('call_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_document_call_id'), ['call_id'], unique=False)

    op.create_table('call_faq',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_faq_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_call_faq_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_faq'))
    )
    with op.batch_alter_table('call_faq', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_faq_call_id'), ['call_id'], unique=False)



def downgrade():
    with op.batch_alter_table('call_faq', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_faq_call_id'))

    op.drop_table('call_faq')
    with op.batch_alter_table('call_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_document_call_id'))

    op.drop_table('call_document')
    with op.batch_alter_table('call_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_attachment_call_id'))

    op.drop_table('call_attachment')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_owner_id'))

    op.drop_table('stored_file')
