"""collectstatic: hashed names for every file, compressed twins (.gz, .br) for the hashed ones only.

Pages link to hashed names only ({% static %} reads the manifest); the unhashed copies stay for
anything that builds a path at run time, served uncompressed. Compressing both doubled the work.
"""

import re

from whitenoise.storage import CompressedManifestStaticFilesStorage

HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[^/]+$")


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def compress_files(self, paths):
        return super().compress_files([path for path in paths if HASHED_NAME.search(path)])
