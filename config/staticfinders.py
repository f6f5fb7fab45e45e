"""Only the npm files the pages link to are static files, not the whole package.

Bootstrap's dist/ holds 44 files (23 MB once hashed and compressed, mostly source maps and
variants no page loads); collecting and compressing them made most of collectstatic's time.
Bootstrap's stylesheet is not among them: the pages link static/css/bootstrap.portal.css, the rules
they use (`manage.py build_css`).
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# URL path below STATIC_URL -> file below node_modules/.
NODE_MODULES_STATIC = {
    "vendor/bootstrap/js/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "vendor/bootstrap/js/bootstrap.bundle.min.js.map": "bootstrap/dist/js/bootstrap.bundle.min.js.map",
}


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = Path(settings.BASE_DIR) / "node_modules"
        self.storages = {}
        for url_path, source in NODE_MODULES_STATIC.items():
            prefix = url_path.rpartition("/")[0]
            folder = str((self.root / source).parent)
            if folder not in self.storages:
                storage = FileSystemStorage(location=folder)
                storage.prefix = prefix
                self.storages[folder] = storage

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        source = NODE_MODULES_STATIC.get(path)
        if source is None or not (self.root / source).is_file():
            return []
        found = str(self.root / source)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for source in NODE_MODULES_STATIC.values():
            if (self.root / source).is_file():
                yield Path(source).name, self.storages[str((self.root / source).parent)]
