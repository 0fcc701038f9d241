"""The project's form renderer: Django's own, with one accessibility fix for groups of choices."""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Widget


class ChoiceGroupBoundField(BoundField):
    """Django marks every input of an invalid group of choices (checkboxes, radio buttons, split
    date and time) aria-invalid, but ties the errors only to the group's fieldset. Each input
    here also names the error list, so a screen reader that lands on one checkbox hears why it
    is invalid, as it does for a single input."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Widget | None = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and self.errors and self.auto_id:
            attrs.setdefault("aria-describedby", f"{self.auto_id}_error")
        return attrs


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: every form's bound fields are ChoiceGroupBoundField."""

    bound_field_class = ChoiceGroupBoundField
