"""The links from challenges, recommendations and audits to the indicators they cite move to
those apps (they are on the floor above). The tables stay as they are: this changes only which
model Django says holds each link; challenges 0005 and audits 0002 take them up."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("performance", "0003_indicator_limits")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(model_name="indicator", name="audits"),
            migrations.RemoveField(model_name="indicator", name="challenges"),
            migrations.RemoveField(model_name="indicator", name="recommendations"),
        ]),
    ]
