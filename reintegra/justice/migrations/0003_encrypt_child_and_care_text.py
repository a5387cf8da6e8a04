"""Encrypt the child's views, the best-interests note and gender-specific needs at rest
(reintegra/core/fields.py), bound to the person key these one-to-one rows use as their
primary key. Existing rows are encrypted first. Reversible."""

import reintegra.core.fields
from django.db import migrations

from reintegra.core.fields import encrypt_existing_rows

FIELDS = [
    ("CarePreference", "specific_needs"),
    ("ChildSafeguard", "best_interests"),
    ("ChildSafeguard", "child_views"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('justice', '0002_encrypt_sensitive_text'),
    ]

    operations = [
        encrypt_existing_rows("justice", FIELDS),
        migrations.AlterField(
            model_name='carepreference',
            name='specific_needs',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text='e.g. maternal health, a safe space, support after gender-based violence.', verbose_name="women's or gender-specific needs"),
        ),
        migrations.AlterField(
            model_name='childsafeguard',
            name='best_interests',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text="What is in the child's best interests and why; who was consulted.", verbose_name='best-interests note'),
        ),
        migrations.AlterField(
            model_name='childsafeguard',
            name='child_views',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text="In the child's own words, as far as possible.", verbose_name="the child's views"),
        ),
    ]
