"""Finding people by any part of their name or email, the way the staff queues search.

One meaning on both databases: the people whose name or email contains the text, letters in any
case. Behind it each database uses its own index (migration `0011_people_search`): on
PostgreSQL a trigram GIN index on UPPER(name) and UPPER(email), which serves the
case-insensitive "contains" Django writes; on SQLite an FTS5 table with the trigram tokenizer,
kept in step by triggers. A text shorter than three characters has no trigram: both databases
then compare every row, which is what such a short text asks for anyway. Accents count as
written ("Jose" does not find "José"): SQLite before 3.45 cannot fold them in FTS5.
"""

from __future__ import annotations

import sqlite3

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import User

# The trigram tokenizer came with SQLite 3.34; before it, words and their prefixes.
TRIGRAMS = sqlite3.sqlite_version_info >= (3, 34, 0)
SQLITE_TOKENIZER = "trigram" if TRIGRAMS else "unicode61"


def people_matching(text: str) -> QuerySet[User]:
    """The people whose name or email contains `text`, case ignored; everyone when `text` is
    blank. Lazy: inside another filter (`applicant__in=`) it is a subquery."""
    wanted = text.strip()
    people = User.objects.all()
    if not wanted:
        return people
    if connection.vendor == "sqlite" and len(wanted) >= 3:
        # A constant statement; the text is a parameter.
        return people.filter(pk__in=RawSQL(_FTS, [_fts_query(wanted)]))  # noqa: S611
    return people.filter(Q(name__icontains=wanted) | Q(email__icontains=wanted))


_FTS = "SELECT rowid FROM accounts_user_search WHERE accounts_user_search MATCH %s"


def _fts_query(wanted: str) -> str:
    """The FTS5 query for `wanted`: one quoted phrase (any character allowed, a quote doubled);
    under the trigram tokenizer a phrase matches anywhere inside the name or the email. Without
    it, each word as a prefix of a word."""
    if TRIGRAMS:
        return '"' + wanted.replace('"', '""') + '"'
    return " ".join('"' + word.replace('"', '""') + '"*' for word in wanted.split())
