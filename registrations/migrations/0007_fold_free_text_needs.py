"""Issue #18: the free-text interpretation, dietary and accessibility needs on the registration
move into the needs row's "anything else" (other_needs), each under its old label, so nothing
is lost. Their old values leave the history lines: needs are special-category data, which no
history line records (registrations.models.needs), and retention no longer looks for them
there. 0008 then drops the old columns (a separate migration, so that PostgreSQL does not
alter a table that has rows just written in the same transaction)."""

from django.db import migrations, models

LEGACY = (
    ("interpretation_needs", "Interpretation needs"),
    ("dietary_needs", "Dietary needs"),
    ("accessibility_needs", "Accessibility needs"),
)


def fold(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    RegistrationNeeds = apps.get_model("registrations", "RegistrationNeeds")
    RegistrationChange = apps.get_model("registrations", "RegistrationChange")
    has_text = models.Q()
    for name, _label in LEGACY:
        has_text |= ~models.Q(**{name: ""})
    rows = Registration.objects.filter(has_text).values_list("pk", *(n for n, _l in LEGACY))
    for pk, *values in rows.iterator(chunk_size=500):
        text = "\n".join(
            f"{label}: {value}" for (_n, label), value in zip(LEGACY, values) if value
        )
        needs, _created = RegistrationNeeds.objects.get_or_create(registration_id=pk)
        needs.other_needs = f"{needs.other_needs}\n{text}" if needs.other_needs else text
        needs.save(update_fields=["other_needs"])
    names = [name for name, _label in LEGACY]
    lines = RegistrationChange.objects.filter(fields__has_any_keys=names)
    for line in lines.only("pk", "fields").iterator(chunk_size=500):
        line.fields = {k: v for k, v in line.fields.items() if k not in names}
        line.save(update_fields=["fields"])


def unfold(apps, schema_editor):
    """Back into the old columns: the labelled lines where they came from, the rest (typed
    into "anything else" since) into the accessibility needs; 500 characters each at most."""
    Registration = apps.get_model("registrations", "Registration")
    RegistrationNeeds = apps.get_model("registrations", "RegistrationNeeds")
    for needs in RegistrationNeeds.objects.exclude(other_needs="").iterator(chunk_size=500):
        values = {name: [] for name, _label in LEGACY}
        for line in needs.other_needs.splitlines():
            name = next((n for n, label in LEGACY if line.startswith(f"{label}: ")), None)
            if name:
                values[name].append(line.split(": ", 1)[1])
            else:
                values["accessibility_needs"].append(line)
        Registration.objects.filter(pk=needs.registration_id).update(
            **{name: "\n".join(lines)[:500] for name, lines in values.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0006_list_order_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationneeds",
            name="other_needs",
            field=models.CharField(
                blank=True,
                help_text="Any other need for interpretation, food or access that the list misses.",
                max_length=2000,
                verbose_name="anything else",
            ),
        ),
        migrations.RunPython(fold, unfold),
    ]
