"""Encrypt the plan's free text at rest (reintegra/core/fields.py): the aim, goals and
actions, the participant's words, the accepted snapshot, review notes and concern
resolutions. Existing rows first. Reversible."""

import reintegra.core.fields
from django.db import migrations

from reintegra.core.fields import encrypt_existing_rows

FIELDS = [
    ("Goal", "participant_words"),
    ("Goal", "title"),
    ("Plan", "summary"),
    ("PlanAction", "description"),
    ("PlanReview", "notes"),
    ("PlanVersion", "participant_words"),
    ("PlanVersion", "snapshot_text"),
    ("Session", "concern_resolution"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_drop_json_snapshot'),
    ]

    operations = [
        encrypt_existing_rows("plans", FIELDS),
        migrations.AlterField(
            model_name='goal',
            name='participant_words',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text='How the participant puts this goal. Their own aim matters more than ours.', verbose_name="the goal in the participant's words"),
        ),
        migrations.AlterField(
            model_name='goal',
            name='title',
            field=reintegra.core.fields.EncryptedCharField(max_length=300, verbose_name='goal'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='summary',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text='What the plan is for, in a few plain sentences the participant would recognise.', verbose_name='aim of the plan'),
        ),
        migrations.AlterField(
            model_name='planaction',
            name='description',
            field=reintegra.core.fields.EncryptedCharField(max_length=300, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='planreview',
            name='notes',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text='Progress on the goals, what the participant said, what changes.', verbose_name='what was reviewed'),
        ),
        migrations.AlterField(
            model_name='planversion',
            name='participant_words',
            field=reintegra.core.fields.EncryptedTextField(help_text='Write down what the participant said about the goals, as close to their words as you can.', verbose_name="in the participant's own words"),
        ),
        migrations.AlterField(
            model_name='planversion',
            name='snapshot_text',
            field=reintegra.core.fields.EncryptedTextField(blank=True, default='', verbose_name='goals as accepted'),
        ),
        migrations.AlterField(
            model_name='session',
            name='concern_resolution',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='what was done about the concern'),
        ),
    ]
