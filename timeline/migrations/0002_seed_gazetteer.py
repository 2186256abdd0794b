"""Data migration: the starting gazetteer (actors, places, topics with aliases)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from timeline.ingestion.gazetteer_seed import seed_gazetteer

    seed_gazetteer(apps.get_model("timeline", "Actor"), apps.get_model("timeline", "Place"), apps.get_model("timeline", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    # Reversing keeps the rows: editors may have attached events to them since.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
