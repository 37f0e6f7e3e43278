"""`manage.py seed_scale_challenges`: adds 100,000 challenges and 20,000 recommendations to the
national-scale data set of `seed_scale` (run that first), through tooling.scale.challenges.
Idempotent."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boards.models import Board
from challenges.models import Challenge
from tooling.scale import LARGE_BOARD_NAME, challenges


class Command(BaseCommand):
    help = "Add 100,000 challenges and 20,000 recommendations to the seed_scale data set."

    def handle(self, *args, **options):
        if Challenge.objects.filter(question__startswith="[bench]").exists():
            self.stdout.write("Challenges already seeded")
            challenges.analyze()
            return
        large = Board.objects.filter(name=LARGE_BOARD_NAME).first()
        if large is None:
            raise CommandError("Run `manage.py seed_scale` first.")
        started = time.perf_counter()
        rng = random.Random(20261124)  # noqa: S311 - repeatable test data, not secrets
        with transaction.atomic():
            challenges.seed(rng, large, self.stdout)
        challenges.analyze()
        self.stdout.write(f"Seeded challenges and recommendations in "
                          f"{time.perf_counter() - started:.0f} s")
