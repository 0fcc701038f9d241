"""The project's form renderer ties each input of an invalid group of choices to its errors."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class Choices(forms.Form):
    colours = forms.MultipleChoiceField(
        choices=[("red", "Red"), ("blue", "Blue")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(help_text="Your name")


def _inputs(html: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)


def test_each_checkbox_of_an_invalid_group_names_the_error_list() -> None:
    form = Choices(data={"name": "Astrid"})
    assert not form.is_valid()
    html = str(form["colours"])
    inputs = _inputs(html, "colours")
    assert len(inputs) == 2
    for tag in inputs:
        assert 'aria-invalid="true"' in tag
        assert 'aria-describedby="id_colours_error"' in tag
    # The list those inputs name is on the page, in the fieldset the house template draws.
    field_html = render_to_string("registrations/_field.html", {"field": form["colours"]})
    assert '<ul class="errorlist" id="id_colours_error">' in field_html


def test_a_valid_group_and_a_single_input_keep_djangos_attributes() -> None:
    form = Choices(data={"colours": ["red"], "name": ""})
    assert not form.is_valid()
    assert all("aria-describedby" not in tag for tag in _inputs(str(form["colours"]), "colours"))
    (name,) = _inputs(str(form["name"]), "name")
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
