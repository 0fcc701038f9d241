"""The networks' recurring themes, present in every database (the demo and the agenda use them)."""

from django.db import migrations

THEMES = [
    ("disinformation-and-misinformation", "Disinformation and misinformation"),
    ("conspiracy", "Conspiracy"),
    ("anti-government-and-anti-democratic-sentiment", "Anti-government and anti-democratic sentiment"),
    ("extremism-and-hate", "Extremism and hate"),
    ("safeguarding-local-democracy", "Safeguarding local democracy"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("sessions_app", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("sessions_app", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
