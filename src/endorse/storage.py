"""Where uploaded documents are kept when the installation grows past one machine: a bucket on
S3-compatible object storage (settings: ENDORSE_S3_*; docs/deployment.md). Without a bucket they
stay in files under the data folder.

Objects are private: they are written without an ACL (the bucket's own, private, applies) and the
storage hands out no address for them. A document is read only through the product's
access-checked views, which stream it from the storage like any other file.
"""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):  # type: ignore[misc]  # django-storages publishes no types
    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise NotImplementedError(
            "Documents have no address of their own: they are served only through the "
            "product's access-checked views."
        )
