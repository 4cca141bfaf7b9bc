"""canonical model

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 12:21:02.489014
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activities',
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('activity_type', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('planned_minutes', sa.Float(), nullable=True),
    sa.Column('community', sa.String(length=200), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_activities'))
    )
    op.create_table('activity_skills',
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('skill_id', sa.String(length=512), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('activity_id', 'skill_id', name=op.f('pk_activity_skills'))
    )
    op.create_table('enrolments',
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=False),
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=True),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('source', 'actor_id', 'activity_id', name=op.f('pk_enrolments'))
    )
    op.create_table('events',
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_record_id', sa.String(length=200), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=False),
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('verb', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('success', sa.Boolean(), nullable=True),
    sa.Column('completion', sa.Boolean(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('source', 'source_record_id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_activity_id', ['activity_id'], unique=False)
        batch_op.create_index('ix_events_actor_id', ['actor_id'], unique=False)
        batch_op.create_index('ix_events_occurred_at', ['occurred_at'], unique=False)

    op.create_table('expertise',
    sa.Column('actor_id', sa.String(length=32), nullable=False),
    sa.Column('skill_id', sa.String(length=512), nullable=False),
    sa.Column('declared_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('actor_id', 'skill_id', name=op.f('pk_expertise'))
    )
    op.create_table('org_units',
    sa.Column('org_unit_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.String(length=64), nullable=True),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('org_unit_id', name=op.f('pk_org_units'))
    )
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_units_parent_id'), ['parent_id'], unique=False)

    op.create_table('person_identities',
    sa.Column('identity_id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('identity_id', name=op.f('pk_person_identities'))
    )
    with op.batch_alter_table('person_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_identities_person_id'), ['person_id'], unique=False)

    op.create_table('person_versions',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('hire_date', sa.Date(), nullable=False),
    sa.Column('exit_date', sa.Date(), nullable=True),
    sa.Column('fte', sa.Float(), nullable=False),
    sa.Column('employment_type', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('location', sa.String(length=100), nullable=True),
    sa.Column('job_family', sa.String(length=100), nullable=True),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('org_unit_id', sa.String(length=64), nullable=True),
    sa.Column('age_band', sa.String(length=16), nullable=True),
    sa.Column('gender', sa.String(length=8), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('person_id', 'valid_from', name=op.f('pk_person_versions'))
    )
    with op.batch_alter_table('person_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_versions_org_unit_id'), ['org_unit_id'], unique=False)

    op.create_table('quarantine',
    sa.Column('quarantine_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=1000), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('quarantine_id', name=op.f('pk_quarantine'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarantine_run_id'), ['run_id'], unique=False)

    op.create_table('role_skill_requirements',
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('skill_id', sa.String(length=512), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('role', 'skill_id', name=op.f('pk_role_skill_requirements'))
    )
    op.create_table('skill_relations',
    sa.Column('skill_id', sa.String(length=512), nullable=False),
    sa.Column('broader_skill_id', sa.String(length=512), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('skill_id', 'broader_skill_id', name=op.f('pk_skill_relations'))
    )
    op.create_table('skills',
    sa.Column('skill_id', sa.String(length=512), nullable=False),
    sa.Column('label', sa.String(length=500), nullable=False),
    sa.Column('skill_type', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('skill_id', name=op.f('pk_skills'))
    )
    op.create_table('sync_runs',
    sa.Column('run_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('records_read', sa.Integer(), nullable=False),
    sa.Column('loaded', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('quarantined', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_sync_runs'))
    )
    with op.batch_alter_table('sync_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_runs_source'), ['source'], unique=False)

    op.create_table('sync_state',
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('source', name=op.f('pk_sync_state'))
    )
    op.create_table('voided_records',
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_record_id', sa.String(length=200), nullable=False),
    sa.Column('voided_by', sa.String(length=200), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('source', 'source_record_id', name=op.f('pk_voided_records'))
    )


def downgrade() -> None:
    op.drop_table('voided_records')
    op.drop_table('sync_state')
    with op.batch_alter_table('sync_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_runs_source'))

    op.drop_table('sync_runs')
    op.drop_table('skills')
    op.drop_table('skill_relations')
    op.drop_table('role_skill_requirements')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarantine_run_id'))

    op.drop_table('quarantine')
    with op.batch_alter_table('person_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_versions_org_unit_id'))

    op.drop_table('person_versions')
    with op.batch_alter_table('person_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_identities_person_id'))

    op.drop_table('person_identities')
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_units_parent_id'))

    op.drop_table('org_units')
    op.drop_table('expertise')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_occurred_at')
        batch_op.drop_index('ix_events_actor_id')
        batch_op.drop_index('ix_events_activity_id')

    op.drop_table('events')
    op.drop_table('enrolments')
    op.drop_table('activity_skills')
    op.drop_table('activities')
