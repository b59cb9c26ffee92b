"""khaosan without its photo_privacy stage: the photo gate's test shows the gate fails without it."""
from khaosan import wiring


def register():
    wiring.connect(skip=frozenset({"photo_privacy"}))
