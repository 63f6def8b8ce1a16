import datetime

import pytest
from django.core.management import call_command

from parindex.web.organisations.models import ChangeKind, Unit, UnitChange, UnitKind
from parindex.web.organisations.selectors import province_of
from parindex.web.organisations.services import units_load_provinces

pytestmark = pytest.mark.django_db

PROVINCE = UnitKind.PROVINCE


def test_load_units_gives_63_provinces_before_and_34_after_the_2025_merger() -> None:
    call_command("load_units", verbosity=0)
    before = Unit.objects.filter(kind=PROVINCE).valid_on(datetime.date(2025, 6, 30))
    after = Unit.objects.filter(kind=PROVINCE).valid_on(datetime.date(2025, 7, 1))
    assert before.count() == 63
    assert after.count() == 34
    assert Unit.objects.filter(kind=PROVINCE).current().count() == 34


def test_new_lao_cai_merges_old_lao_cai_and_yen_bai_under_code_15() -> None:
    units_load_provinces()
    new = Unit.objects.get(kind=PROVINCE, code="15", valid_from=datetime.date(2025, 7, 1))
    assert new.name == "Tỉnh Lào Cai"
    assert sorted(p.name for p in new.predecessors.all()) == ["Tỉnh Lào Cai", "Tỉnh Yên Bái"]
    old = Unit.objects.get(kind=PROVINCE, code="10")
    assert old.valid_to == datetime.date(2025, 6, 30)
    change = UnitChange.objects.get(predecessor=old)
    assert (change.kind, change.date) == (ChangeKind.MERGE, datetime.date(2025, 7, 1))
    assert list(old.successors.all()) == [new]


def test_every_old_province_has_exactly_one_successor_or_continues() -> None:
    units_load_provinces()
    for unit in Unit.objects.filter(kind=PROVINCE, valid_from=None):
        successors = unit.successors.count()
        assert successors == (0 if unit.valid_to is None else 1), unit


def test_unchanged_province_continues_as_the_same_unit_and_hue_is_renamed() -> None:
    units_load_provinces()
    hue = Unit.objects.get(kind=PROVINCE, code="46")
    assert hue.valid_to is None and hue.name == "Thành phố Huế"
    assert Unit.objects.get(kind=PROVINCE, code="01").valid_to is None


def test_loading_twice_changes_nothing() -> None:
    units_load_provinces()
    counts = Unit.objects.count(), UnitChange.objects.count()
    result = units_load_provinces()
    assert (Unit.objects.count(), UnitChange.objects.count()) == counts
    assert result.changes == 0


def test_demo_units_hang_under_old_lao_cai(demo) -> None:
    province = demo.unit
    names = set(province.children.values_list("name", flat=True))
    assert {"Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Sở Tài chính"} <= names
    commune = Unit.objects.get(kind=UnitKind.COMMUNE, name="Phường Sa Pa")
    assert [u.code for u in commune.ancestors()] == ["088", "10"]


def test_a_unit_lies_in_the_province_above_it_however_deep() -> None:
    province = Unit.objects.create(code="P1", name="Tỉnh A", kind=PROVINCE)
    district = Unit.objects.create(
        code="D1", name="Huyện B", kind=UnitKind.DISTRICT, parent=province
    )
    commune = Unit.objects.create(code="C1", name="Xã C", kind=UnitKind.COMMUNE, parent=district)
    orphan = Unit.objects.create(code="C2", name="Xã D", kind=UnitKind.COMMUNE)
    assert province_of(commune) == province
    assert province_of(district) == province
    assert province_of(province) == province
    assert province_of(orphan) is None
    assert province_of(None) is None


def test_a_parent_loop_ends_the_walk_instead_of_hanging() -> None:
    first = Unit.objects.create(code="L1", name="A", kind=UnitKind.DEPARTMENT)
    second = Unit.objects.create(code="L2", name="B", kind=UnitKind.DEPARTMENT, parent=first)
    Unit.objects.filter(pk=first.pk).update(parent=second)
    first.refresh_from_db()
    assert province_of(first) is None
