from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_input_bounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="discipline",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản"),
        ),
        migrations.AddField(
            model_name="initiative",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản"),
        ),
        migrations.AddField(
            model_name="yearlyresult",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản"),
        ),
    ]
