from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0007_fold_free_text_needs"),
    ]

    operations = [
        migrations.RemoveField(model_name="registration", name="interpretation_needs"),
        migrations.RemoveField(model_name="registration", name="dietary_needs"),
        migrations.RemoveField(model_name="registration", name="accessibility_needs"),
    ]
