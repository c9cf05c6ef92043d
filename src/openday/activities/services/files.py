"""Files written inside a transaction, so a failure leaves none behind.

The database rolls back by itself; files do not. ``FileJournal`` remembers what a workflow
wrote and deletes it when the block raises; files the workflow replaced are deleted only once
the transaction has committed, so a rolled-back resubmission keeps the earlier ones.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile


class FileJournal:
    def __init__(self) -> None:
        self.written: list[tuple[object, str]] = []
        self.replaced: list[tuple[object, str]] = []

    def save(self, fieldfile: FieldFile, name: str, content) -> None:
        content.seek(0)
        fieldfile.save(name, File(content, name=name), save=False)
        self.written.append((fieldfile.storage, fieldfile.name))

    def drop_after_commit(self, fieldfile: FieldFile) -> None:
        if fieldfile:
            self.replaced.append((fieldfile.storage, fieldfile.name))

    def _delete(self, files: list[tuple[object, str]]) -> None:
        for storage, name in files:
            storage.delete(name)


@contextmanager
def file_journal() -> Iterator[FileJournal]:
    """Use inside ``transaction.atomic()``: the deletions after commit hook on to it."""
    journal = FileJournal()
    try:
        yield journal
    except BaseException:
        journal._delete(journal.written)
        raise
    replaced = list(journal.replaced)
    transaction.on_commit(lambda: journal._delete(replaced))
