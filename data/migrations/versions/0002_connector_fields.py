"""connector fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 12:47:49.429154
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_topics',
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('activity_id', 'topic', name=op.f('pk_activity_topics'))
    )
    op.create_table('feedback',
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_record_id', sa.String(length=200), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=True),
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('rating', sa.Float(), nullable=True),
    sa.Column('recommendation', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('source', 'source_record_id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_activity_id'), ['activity_id'], unique=False)

    op.create_table('occupation_skills',
    sa.Column('occupation_id', sa.String(length=512), nullable=False),
    sa.Column('skill_id', sa.String(length=512), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('occupation_id', 'skill_id', name=op.f('pk_occupation_skills'))
    )
    op.create_table('occupations',
    sa.Column('occupation_id', sa.String(length=512), nullable=False),
    sa.Column('label', sa.String(length=500), nullable=False),
    sa.Column('isco_group', sa.String(length=16), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('occupation_id', name=op.f('pk_occupations'))
    )
    op.create_table('validation_results',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('suite', sa.String(length=100), nullable=False),
    sa.Column('expectation', sa.String(length=200), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('element_count', sa.Integer(), nullable=False),
    sa.Column('unexpected_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('run_id', 'suite', 'expectation', name=op.f('pk_validation_results'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('join_url', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('online', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('location', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('parent_activity_id', sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column('planned_meetings', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_activities_join_url'), ['join_url'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_parent_activity_id'), ['parent_activity_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counterpart_id', sa.String(length=32), nullable=True))

    with op.batch_alter_table('person_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_code', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('cost_center', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('manager_id', sa.String(length=32), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('person_versions', schema=None) as batch_op:
        batch_op.drop_column('manager_id')
        batch_op.drop_column('cost_center')
        batch_op.drop_column('job_code')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('counterpart_id')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_parent_activity_id'))
        batch_op.drop_index(batch_op.f('ix_activities_join_url'))
        batch_op.drop_column('planned_meetings')
        batch_op.drop_column('parent_activity_id')
        batch_op.drop_column('location')
        batch_op.drop_column('online')
        batch_op.drop_column('join_url')
        batch_op.drop_column('ends_at')

    op.drop_table('validation_results')
    op.drop_table('occupations')
    op.drop_table('occupation_skills')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_activity_id'))

    op.drop_table('feedback')
    op.drop_table('activity_topics')
