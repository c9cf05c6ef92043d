"""Private files in S3-compatible object storage (``OPENDAY_S3_BUCKET``, see settings).

Only loaded when a bucket is configured (``STORAGES["private"]`` names it), so boto3 is not
imported by every command. Like ``storage.PrivateStorage`` on disk, the storage has no URL:
objects are written with a private ACL and the app streams them through its access-checked
views, so neither a template nor a leaked link can reach a file around those checks.
"""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    default_acl = "private"
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Activity files have no URL; serve them through an access-checked view.")
