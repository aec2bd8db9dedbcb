"""Each rating's wording stored once: the `questions` JSON of every rating (the same few
kilobytes in thousands of rows) becomes a row of `QuestionSet`, found by the SHA-256 of its
canonical JSON, and the rating points at it. Ratings with equal wordings share one row; each
keeps exactly the wording it held. Reversible: going back copies each wording into its ratings.
"""

import hashlib
import json
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def _digest(data: Any) -> str:
    # The form of `references.models.wording_digest`, fixed here as it was when this ran.
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def store_once(apps: Any, schema_editor: Any) -> None:
    Rating = apps.get_model("references", "Rating")
    QuestionSet = apps.get_model("references", "QuestionSet")
    ratings = Rating._base_manager.order_by("pk")
    by_digest: dict[str, list[int]] = {}
    last = 0
    while True:
        rows = list(ratings.filter(pk__gt=last).values_list("pk", "questions")[:BATCH])
        if not rows:
            break
        for pk, data in rows:
            digest = _digest(data)
            if digest not in by_digest:
                by_digest[digest] = []
                if not QuestionSet._base_manager.filter(digest=digest).exists():
                    QuestionSet._base_manager.create(
                        digest=digest, version=data.get("version", "")[:40], data=data
                    )
            by_digest[digest].append(pk)
        last = rows[-1][0]
    for digest, pks in by_digest.items():
        question_set = QuestionSet._base_manager.get(digest=digest)
        for start in range(0, len(pks), BATCH):
            Rating._base_manager.filter(pk__in=pks[start : start + BATCH]).update(
                question_set=question_set
            )


def copy_back(apps: Any, schema_editor: Any) -> None:
    Rating = apps.get_model("references", "Rating")
    QuestionSet = apps.get_model("references", "QuestionSet")
    for question_set in QuestionSet._base_manager.all():
        Rating._base_manager.filter(question_set=question_set).update(questions=question_set.data)


class Migration(migrations.Migration):
    dependencies = [("references", "0002_rating_protected")]

    operations = [
        migrations.CreateModel(
            name="QuestionSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("version", models.CharField(max_length=40)),
                ("data", models.JSONField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AddField(
            model_name="rating",
            name="question_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="references.questionset",
            ),
        ),
        # Nullable while the wording moves, so that going back can re-add the column first.
        migrations.AlterField(model_name="rating", name="questions", field=models.JSONField(null=True)),
        migrations.RunPython(store_once, copy_back),
        migrations.RemoveField(model_name="rating", name="questions"),
        migrations.AlterField(
            model_name="rating",
            name="question_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="references.questionset",
            ),
        ),
    ]
