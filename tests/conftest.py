import sys
from pathlib import Path

# The project's Pelican plugins are imported by package name (e.g. `import places`).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    """The bundled content/ built once per test session with the real pelican command."""
    from sitebuilder import ROOT, build

    result = build(tmp_path_factory.mktemp("bundled"), content=ROOT / "content")
    assert result.returncode == 0, f"the bundled site does not build:\n{result.stderr}\n{result.stdout}"
    return result


# The quality gates' sites (issue 6): the bundled site for the gates, and a small fixture site they break.
from quality.fixtures import bundled_build, small_copy, small_site  # noqa: E402,F401
