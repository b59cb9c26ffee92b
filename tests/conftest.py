import sys
from pathlib import Path

# The project's Pelican plugins are imported by package name (e.g. `import places`).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def bundled_site(bundled_build):
    """The bundled content/ built once per test session with the real pelican command (must build)."""
    return bundled_build.ok().result


# The quality gates' sites (issue 6): the bundled site for the gates, and a small fixture site they break.
from quality.fixtures import bundled_build, small_copy, small_site  # noqa: E402,F401
