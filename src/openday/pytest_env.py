"""pytest plugin: the test suite runs in development settings.

openday runs in production unless ``OPENDAY_ENV=development`` is set. pytest-django loads the
settings in its ``pytest_load_initial_conftests`` hook, before any ``conftest.py`` is
imported, so the variable is set here instead: pyproject's ``addopts`` loads this module with
``-p`` while pytest reads its options, before any plugin hook runs. Commands the tests start
(``openday …``, ``scripts/demo-serve.sh``) inherit it. Tests of production behaviour start
their own process with ``OPENDAY_ENV=production``.
"""

import os

os.environ["OPENDAY_ENV"] = "development"
