"""Serializer plumbing: fields of categories the actor may not see are left out entirely."""

from collections.abc import Callable, Mapping
from typing import Any

from rest_framework import serializers


class CategorisedSerializer(serializers.Serializer):
    """Drops every field whose data category the actor may not see for this instance.

    Subclasses declare `field_categories`; the view puts `categories_of` (a callable from
    instance to the allowed categories) into the serializer context. Without it nothing
    categorised is shown, so forgetting it fails closed.
    """

    field_categories: Mapping[str, str] = {}

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        categories_of: Callable[[Any], frozenset[str]] = self.context.get(
            "categories_of", lambda _instance: frozenset()
        )
        allowed = categories_of(instance)
        for name, category in self.field_categories.items():
            if category not in allowed:
                data.pop(name, None)
        return data


class VersionedInput(serializers.Serializer):
    """Input that edits a versioned record must say which version it was based on."""

    version = serializers.IntegerField(
        min_value=1, help_text="The `version` you read; a newer one on the server answers 409."
    )
