"""Demo data: Lào Cai's 2020 self-assessment as the seed states it."""

from pathlib import Path

DIRECTORY = Path(__file__).parent
LAO_CAI_2020 = DIRECTORY / "lao-cai-2020.yaml"
