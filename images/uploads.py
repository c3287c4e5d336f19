"""Keep oversized uploads from ever landing whole in memory or on disk."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler


class ImageSizeLimitUploadHandler(FileUploadHandler):
    """Pass on at most ``NEWSROOM_IMAGE_MAX_BYTES`` + 1 bytes of each file.

    It runs before Django's memory and temporary-file handlers and drops the
    rest of an oversized file as it streams in, so at most the limit plus one
    byte is ever kept. The form then sees a file one byte over the limit and
    refuses it with its usual message, instead of a bare "required" error.
    (The web server's body limit should stop absurd requests even earlier;
    see the README.)
    """

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.passed = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        allowed = settings.NEWSROOM_IMAGE_MAX_BYTES + 1 - self.passed
        if allowed <= 0:
            return None  # None: later handlers never see this chunk
        chunk = raw_data[:allowed]
        self.passed += len(chunk)
        return chunk

    def file_complete(self, file_size: int) -> None:
        # The next handler (memory or temporary file) builds the upload.
        return None
