import sys
from pathlib import Path

# The project's Pelican plugins are imported by package name (e.g. `import places`).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
