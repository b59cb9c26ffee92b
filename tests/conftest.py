import pytest


@pytest.fixture(scope="session")
def bundled_site(bundled_build):
    """The bundled content/ built once per test session with the real pelican command (must build)."""
    return bundled_build.ok().result


# The quality gates' sites (issue 6): the bundled site for the gates, and a small fixture site they break.
from quality.fixtures import bundled_build, small_copy, small_site  # noqa: E402,F401
