"""bench/repairs_report.py: planted errors land where they say, and the report scores a repair of them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import repair_plants  # noqa: E402
import repairs_report  # noqa: E402

SOURCE = "El secretario John Kerry dijo en Madrid que 2.200.112 personas, un 35,5 %, recibirán 1.500 millones, según EFE."
REFERENCE = ("Secretary John Kerry said in Madrid that 2,200,112 people, 35.5%, will get 1.5 billion, according to"
             " EFE.")


@pytest.mark.parametrize("name", sorted(repair_plants.PLANTERS))
def test_each_plant_changes_only_its_span(name):
    _group, planter = repair_plants.PLANTERS[name]
    plant = planter(SOURCE, REFERENCE, random.Random(1))
    if name in ("name-swapped", "name-as-words") or name.startswith(("date-", "scale-")):
        return  # this sentence has one usable name word only / no name with a common meaning / no date
        # (dates and scales: tests/test_repair_dates.py)
    assert plant is not None and plant.draft != plant.expected
    head, tail = plant.draft[:plant.start], plant.draft[plant.end:]
    assert plant.expected.endswith(tail) and (plant.expected.startswith(head) or name == "dateline")


def test_a_repaired_plant_counts_as_restored():
    plant = repair_plants.number_dropped(SOURCE, REFERENCE, random.Random(2))
    [result] = repairs_report.run([plant.source], [plant.draft])
    assert result.fix == plant.expected
    assert repairs_report._restored(plant, result) and repairs_report._same_value(plant, result)
