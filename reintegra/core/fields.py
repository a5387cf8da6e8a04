"""Model fields whose values are encrypted at rest (`reintegra.core.crypto`, AES-256-GCM).

    body = EncryptedTextField(_("note"))

What the field does:

- **On save** the plaintext is sealed for this table, column and primary key (the AAD), so
  the row's primary key must be known before the row is inserted. The field therefore
  requires a model whose primary key is assigned on instantiation, e.g.
  ``id = models.UUIDField(primary_key=True, default=uuid.uuid4)``, or a one-to-one primary
  key onto such a model (a child safeguard is bound to its person's key). A model with a
  database-assigned key names a unique UUID column given on instantiation instead:
  ``seal_key = seal_key_field()`` and ``EncryptedTextField(..., row_key="seal_key")``.
  A system check (`reintegra.E001`) refuses other models, and saving a row without its key
  raises.
- **On load** the envelope is kept sealed until the attribute is first read; it is then
  opened with the instance's own primary key. Anything that is not an envelope sealed for
  exactly this row and column raises `reintegra.core.crypto.DecryptionError` (fail closed).
- ``""`` is encrypted like any other text (an empty note is an envelope too, so a blanked
  column in the database is detected, not shown as empty). ``None`` is stored as NULL and
  only where the field is ``null=True``.
- **Filtering, ordering by content, `QuerySet.update()` and `bulk_update()` cannot work**
  on ciphertext and are refused: the field has no lookups except ``isnull``, and writes that
  do not go through `Model.save()` raise. Search uses other columns (e.g. `name_key`).
- `values()` / `values_list()` return `Sealed` objects that refuse to turn into text:
  read encrypted values through model instances.
"""

import uuid
from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import IsNull
from django.utils.functional import cached_property

from reintegra.core import crypto


class EncryptedFieldError(ValueError):
    """An encrypted field was used in a way that cannot work on ciphertext."""


class Sealed:
    """An envelope read from the database and not opened yet (no row to bind it to)."""

    __slots__ = ("envelope",)

    def __init__(self, envelope: str) -> None:
        self.envelope = envelope

    def __repr__(self) -> str:
        return "<Sealed>"

    def __str__(self) -> str:
        raise crypto.DecryptionError(
            "an encrypted value was read without its row (values()/values_list()); "
            "read it through the model instance"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.envelope == self.envelope

    def __hash__(self) -> int:
        return hash(self.envelope)


class Ciphertext(str):
    """An envelope produced for one row by the field itself; the only text written to the column."""

    __slots__ = ()


class EncryptedFieldDescriptor:
    """Opens the sealed value with the instance's primary key on first read."""

    def __init__(self, field: "EncryptedTextField") -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, cls: type | None = None) -> Any:
        if instance is None:
            return self
        name = self.field.attname
        data = instance.__dict__
        if name not in data:  # a deferred field: load it, as Django's DeferredAttribute does
            instance.refresh_from_db(fields=[name])
        value = data[name]
        if isinstance(value, Sealed):
            value = self.field.open(instance, value)
            data[name] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


def _pk_known_before_insert(model: type[models.Model]) -> bool:
    """A default primary key, or a one-to-one primary key onto a model that has one: either
    way the row's key exists before the INSERT, so it can be part of the envelope."""
    pk = model._meta.pk
    if pk.has_default():
        return True
    if pk.one_to_one and pk.remote_field is not None:
        return _pk_known_before_insert(pk.remote_field.model)
    return False


def _row_key_known_before_insert(model: type[models.Model], name: str) -> bool:
    """`name` is a unique UUID column with a default: set on instantiation, never shared."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.UUIDField) and field.has_default() and bool(field.unique)


def seal_key_field() -> models.UUIDField:
    """The `row_key` column for a model whose primary key the database assigns: a UUID set on
    instantiation that names the row in the envelopes of its encrypted fields."""
    return models.UUIDField("seal key", default=uuid.uuid4, editable=False, unique=True)


class EncryptedTextField(models.TextField):
    """A TextField stored as an AES-256-GCM envelope bound to its table, column and row.

    The row is named by the primary key, or by `row_key` (a unique UUID column with a
    default) on models whose primary key the database assigns.
    """

    descriptor_class = EncryptedFieldDescriptor
    description = "Encrypted text"

    def __init__(self, *args: Any, row_key: str | None = None, **kwargs: Any) -> None:
        self.row_key = row_key
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.row_key:
            kwargs["row_key"] = self.row_key
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if self.row_key:
            if not _row_key_known_before_insert(self.model, self.row_key):
                errors.append(
                    checks.Error(
                        "row_key must name a unique UUIDField with a default on this model.",
                        obj=self,
                        id="reintegra.E001",
                    )
                )
        elif not _pk_known_before_insert(self.model):
            errors.append(
                checks.Error(
                    "EncryptedTextField needs a model whose primary key is assigned on "
                    "instantiation (e.g. UUIDField(primary_key=True, default=uuid.uuid4)): "
                    "the key is part of the encryption and must be known before the insert.",
                    obj=self,
                    id="reintegra.E001",
                )
            )
        if getattr(self, "db_index", False) or self.unique:
            errors.append(
                checks.Error("Encrypted fields cannot be indexed or unique.", obj=self, id="reintegra.E002")
            )
        return errors

    # --- where a value belongs -------------------------------------------------------

    def key_names(self) -> tuple[str, ...]:
        """What to select with the value to open it without loading the row: the primary
        key, and the row key when there is one (for key rotation)."""
        return ("pk", self.row_key) if self.row_key else ("pk",)

    def stub(self, keys: tuple[Any, ...]) -> models.Model:
        """An unsaved instance carrying just `keys` (as selected by `key_names`)."""
        instance = self.model(pk=keys[0])
        if self.row_key:
            setattr(instance, self.row_key, keys[1])
        return instance

    def _where(self, instance: models.Model) -> dict[str, str]:
        meta = self.model._meta
        key_field: Any = meta.get_field(self.row_key) if self.row_key else meta.pk
        key = getattr(instance, key_field.attname)
        if key is None:
            raise EncryptedFieldError(
                "{model}.{field}: the row has no key yet. Encrypted fields need a key assigned "
                "on instantiation (a UUIDField with a default).".format(
                    model=self.model._meta.label, field=self.name
                )
            )
        return {"table": meta.db_table, "column": str(self.column), "pk": str(key_field.to_python(key))}

    def open(self, instance: models.Model, sealed: Sealed) -> str:
        """Decrypt a value read from the database for `instance` (raises DecryptionError)."""
        return crypto.decrypt(sealed.envelope, **self._where(instance))

    def seal(self, instance: models.Model, value: str, key_id: str | None = None) -> Ciphertext:
        """Encrypt `value` for `instance`'s row (used by save and by key rotation)."""
        return Ciphertext(crypto.encrypt(value, key_id=key_id, **self._where(instance)))

    # --- Django field API ------------------------------------------------------------

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None:
            return None
        if not isinstance(value, str):
            raise EncryptedFieldError(
                "{model}.{field} holds {type}, not text".format(
                    model=self.model._meta.label, field=self.name, type=type(value).__name__
                )
            )
        return self.seal(model_instance, value)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Sealed | None:
        if value is None:
            return None
        return Sealed(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return value
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or isinstance(value, Ciphertext):
            return value
        raise EncryptedFieldError(
            "{model}.{field} is encrypted: it is written only by Model.save() (the row's key "
            "is part of the encryption) and cannot be filtered, updated in bulk or compared.".format(
                model=self.model._meta.label, field=self.name
            )
        )

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        value = self.get_prep_value(value)
        return None if value is None else str(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Only "is it NULL?" makes sense on ciphertext; every other lookup is refused.
        return IsNull if lookup_name == "isnull" else None

    def get_transform(self, name: str) -> Any:
        return None


class EncryptedCharField(EncryptedTextField):
    """Short encrypted text: a one-line form input and a length limit on the plaintext.

    The column is a text column (the envelope is longer than the plaintext).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, MaxLengthValidator(self.max_length)]

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        from django import forms

        # TextField.formfield takes keywords only
        return super().formfield(
            **{"form_class": form_class, "choices_form_class": choices_form_class, "widget": forms.TextInput}
            | kwargs
        )


# --- data migrations ------------------------------------------------------------------


def encrypt_existing(
    model: type[models.Model], field_name: str, batch_size: int = 500, row_key: str = "pk"
) -> int:
    """Encrypt a plain text column in place (for the migration that makes it encrypted).

    `model` is the historical model, in which the field is still a plain TextField. Values
    that already open as envelopes of this row are left alone, so the step can be re-run.
    Returns the number of rows encrypted.
    """
    meta = model._meta
    column = str(meta.get_field(field_name).column)  # type: ignore[union-attr]
    done = 0
    rows = model._base_manager.order_by("pk").values_list("pk", row_key, field_name)
    for pk, key, value in rows.iterator(chunk_size=batch_size):
        if value is None:
            continue
        where = {"table": meta.db_table, "column": column, "pk": str(key)}
        try:
            crypto.decrypt(value, **where)
        except crypto.DecryptionError:
            model._base_manager.filter(pk=pk).update(**{field_name: crypto.encrypt(value, **where)})
            done += 1
    return done


def encrypt_existing_rows(app_label: str, fields: list[tuple[str, ...]]) -> Any:
    """The migration step that encrypts (model, field[, row_key]) columns of `app_label` in
    place before they become EncryptedTextFields, and decrypts them when it is reversed."""
    from django.db import migrations

    def columns(apps: Any) -> Any:
        for model, field, *row_key in fields:
            yield apps.get_model(app_label, model), field, row_key[0] if row_key else "pk"

    def forwards(apps: Any, schema_editor: Any) -> None:
        for model, field, row_key in columns(apps):
            encrypt_existing(model, field, row_key=row_key)

    def backwards(apps: Any, schema_editor: Any) -> None:
        for model, field, row_key in columns(apps):
            decrypt_existing(model, field, row_key=row_key)

    return migrations.RunPython(forwards, backwards)


def decrypt_existing(
    model: type[models.Model], field_name: str, batch_size: int = 500, row_key: str = "pk"
) -> int:
    """The reverse of `encrypt_existing`: write the plaintext back (reversing the migration)."""
    meta = model._meta
    column = str(meta.get_field(field_name).column)  # type: ignore[union-attr]
    done = 0
    rows = model._base_manager.order_by("pk").values_list("pk", row_key, field_name)
    for pk, key, value in rows.iterator(chunk_size=batch_size):
        if value is None:
            continue
        plain = crypto.decrypt(value, table=meta.db_table, column=column, pk=str(key))
        model._base_manager.filter(pk=pk).update(**{field_name: plain})
        done += 1
    return done
