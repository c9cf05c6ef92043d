"""Where activity files live: a storage outside the media root that has no URL at all.

Filing plans name people and their phones; report photos stay unpublished until the office
publishes the report. So none of them is ever reachable by a media URL: they sit in
``PRIVATE_MEDIA_ROOT`` (default: ``private-media`` beside ``MEDIA_ROOT``, never under it, so a
web server that serves ``/media/`` cannot reach them) and are streamed by views that check
access first — staff views through ``access_activity``, the public photo view only for
published reports. ``url()`` refuses, so a template cannot leak a path by accident.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


def private_root() -> Path:
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).parent / "private-media"


class PrivateStorage(FileSystemStorage):
    # Read on every use, not cached: settings (and tests' per-test folders) decide.
    @property
    def base_location(self):
        return private_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Activity files have no URL; serve them through an access-checked view.")


_storage = PrivateStorage()


def private_storage() -> Storage:
    """The storage of FileFields (a callable, so migrations keep the reference): the
    ``"private"`` entry of ``STORAGES`` when there is one (object storage, see
    ``core.objectstorage``), otherwise the folder above."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return _storage


def fresh_name(suffix: str) -> str:
    """A new file name: never the uploader's, which may carry a path or personal data."""
    return f"{uuid.uuid4().hex}{suffix}"
