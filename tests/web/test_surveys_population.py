"""N per unit and per unit × service from a loaded dossier log, through the service map."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal

import pytest
from dbstate import assert_unchanged
from django.urls import reverse
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from test_dossiers_import import dossier_root, import_log, log_csv, province  # noqa: F401

from parindex.surveys import plan_samples, sample_size
from parindex.web.audit.models import AuditEvent
from parindex.web.surveys import population
from parindex.web.surveys.models import PopulationSource, SurveyQuota
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.questionnaire import survey_create
from parindex.web.surveys.services.sampling import quotas_from_log, service_map_set
from parindex.web.surveys.services.selectors import service_map_of

# Survey units → the synthetic log's agencies (tests/… generator, seed 7).
AGENCIES = {"so_tu_phap": "01.STP", "so_xay_dung": "01.SXD", "ubnd_xa": "01.X085, 01.X105"}


def expected_counts(path) -> tuple[Counter, Counter]:
    """Dossiers received in 2020 per unit and per (unit, service), read straight from the CSV
    with the shipped default map: fields Hộ tịch, Chứng thực, Đất đai, Xây dựng…; rest → khac."""
    fields = {
        "Hộ tịch": "ho_tich",
        "Chứng thực": "chung_thuc",
        "Đất đai": "dat_dai",
        "Xây dựng": "xay_dung",
        "Đăng ký kinh doanh": "dang_ky_kinh_doanh",
        "Đăng ký doanh nghiệp": "dang_ky_kinh_doanh",
    }
    unit_of = {a.strip(): u for u, text in AGENCIES.items() for a in text.split(",")}
    totals: Counter = Counter()
    cells: Counter = Counter()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            unit = unit_of.get(row["Mã cơ quan"])
            if unit is None or not row["Ngày tiếp nhận"].endswith("/2020"):
                continue
            totals[unit] += 1
            cells[(unit, fields.get(row["Lĩnh vực"], "khac"))] += 1
    return totals, cells


@pytest.fixture
def logged(users, province, dossier_root, log_csv):  # noqa: F811
    """A 2020 SIPAS survey of the demo province, whose dossier log of 2020 is loaded."""
    import_log(users, province, log_csv)
    survey = survey_create(
        province=province, title="SIPAS 2020", year=2020, actor=users["secretariat"]
    )
    service_map_set(
        survey=survey, service_map=service_map_of(survey), agencies=AGENCIES, actor=None
    )
    return survey


def test_the_default_map_covers_the_shipped_services(survey) -> None:
    mapped = service_map_of(survey)
    assert mapped["rest"] == "khac"
    assert mapped["services"]["ho_tich"]["fields"] == ["Hộ tịch"]
    assert set(mapped["services"]) == {
        "ho_tich",
        "chung_thuc",
        "dat_dai",
        "xay_dung",
        "dang_ky_kinh_doanh",
    }
    assert survey.service_map is None  # nothing stored until someone edits it


def test_a_procedure_code_wins_over_its_field_and_matching_ignores_case() -> None:
    m = population.Matcher.of(
        {
            "services": {
                "ho_tich": {"fields": ["Hộ tịch"], "procedures": []},
                "chung_thuc": {"fields": [], "procedures": ["1.001"]},
            },
            "rest": "khac",
        }
    )
    assert m.service("hộ  TỊCH", "9.9") == "ho_tich"
    assert m.service("Hộ tịch", "1.001") == "chung_thuc"
    assert m.service("Đất đai", "2.2") == "khac"
    assert population.Matcher.of({"services": {}, "rest": ""}).service("Đất đai", "x") == ""


@pytest.mark.parametrize(
    ("raw", "code", "value"),
    [
        ({"services": {"nowhere": {"fields": ["A"]}}}, "unknown_service", "nowhere"),
        (
            {"services": {"ho_tich": {"fields": ["Đất đai"]}, "dat_dai": {"fields": ["đất  ĐAI"]}}},
            "duplicate_field",
            "đất ĐAI",
        ),
        (
            {
                "services": {
                    "ho_tich": {"procedures": ["1.1"]},
                    "dat_dai": {"procedures": ["1.1"]},
                }
            },
            "duplicate_procedure",
            "1.1",
        ),
        ({"services": {}, "rest": "nowhere"}, "unknown_service", "nowhere"),
    ],
)
def test_a_bad_map_is_refused_and_nothing_is_stored(survey, raw, code, value) -> None:
    with pytest.raises(SurveyServiceError) as err:
        service_map_set(survey=survey, service_map=raw, actor=None)
    assert (err.value.code, err.value.detail["value"]) == (code, value)
    survey.refresh_from_db()
    assert survey.service_map is None


def test_quotas_take_n_per_unit_and_service_from_the_loaded_log(logged, log_csv) -> None:  # noqa: F811
    totals, cells = expected_counts(log_csv)
    assert totals["so_tu_phap"] > 0 and cells[("ubnd_xa", "ho_tich")] > 0  # the data fit
    updated = quotas_from_log(survey=logged, actor=None)
    assert updated
    rows = {(q.unit_code, q.service_code): q for q in SurveyQuota.objects.filter(survey=logged)}
    for unit, n_unit in totals.items():
        whole = rows[(unit, "")]
        assert (whole.population, whole.population_source) == (n_unit, PopulationSource.LOG)
        assert whole.target == sample_size(n_unit, Decimal("0.05"))
        unit_cells = {k: v for k, v in cells.items() if k[0] == unit}
        for cell, n_cell in unit_cells.items():
            assert rows[cell].population == n_cell, cell
            assert rows[cell].population_source == PopulationSource.LOG
        # the default map sends every other field to "khac": the cells are the unit's n
        assert sum(rows[c].target for c in unit_cells) == whole.target
        assert [rows[c].target for c in unit_cells] == [
            plan_samples(unit_cells, Decimal("0.05"), allocation="proportional")[c].target
            for c in unit_cells
        ]
    # Sở Tư pháp's log has Hộ tịch, Lý lịch tư pháp, Luật sư: ho_tich and khac only
    assert {s for (u, s) in rows if u == "so_tu_phap" and s} == {"ho_tich", "khac"}
    # units not in the log keep what was entered
    assert rows[("ttphvhcc", "")].population_source == PopulationSource.ENTERED
    assert not any(u == "ttphvhcc" and s for (u, s) in rows)
    assert AuditEvent.objects.filter(action="surveys.quota_log").count() == 1


def test_a_procedure_mapped_to_another_service_moves_its_dossiers(logged, log_csv) -> None:  # noqa: F811
    with open(log_csv, encoding="utf-8-sig", newline="") as fh:
        stp = [
            r
            for r in csv.DictReader(fh)
            if r["Mã cơ quan"] == "01.STP" and r["Ngày tiếp nhận"].endswith("/2020")
        ]
    hộ_tịch = [r for r in stp if r["Lĩnh vực"] == "Hộ tịch"]
    procedure = Counter(r["Mã thủ tục"] for r in hộ_tịch).most_common(1)[0]
    service_map = service_map_of(logged)
    service_map["services"]["chung_thuc"]["procedures"] = [procedure[0]]
    service_map_set(survey=logged, service_map=service_map, actor=None)
    quotas_from_log(survey=logged, actor=None)
    rows = {
        q.service_code: q.population
        for q in SurveyQuota.objects.filter(survey=logged, unit_code="so_tu_phap")
    }
    assert rows["chung_thuc"] == procedure[1]
    assert rows["ho_tich"] == len(hộ_tịch) - procedure[1]
    assert rows[""] == len(stp)


def test_without_a_rest_service_unmapped_dossiers_stay_in_the_units_total(logged, log_csv):  # noqa: F811
    totals, cells = expected_counts(log_csv)
    service_map = service_map_of(logged)
    service_map["rest"] = ""
    service_map_set(survey=logged, service_map=service_map, actor=None)
    quotas_from_log(survey=logged, actor=None)
    rows = {
        q.service_code: q for q in SurveyQuota.objects.filter(survey=logged, unit_code="so_tu_phap")
    }
    assert set(rows) == {"", "ho_tich"}
    assert rows[""].population == totals["so_tu_phap"]
    assert rows["ho_tich"].population == cells[("so_tu_phap", "ho_tich")]
    assert rows["ho_tich"].target < rows[""].target


def test_without_a_log_nothing_changes(survey) -> None:
    with pytest.raises(SurveyServiceError) as err:
        quotas_from_log(survey=survey, actor=None)
    assert err.value.code == "no_log"


def test_coverage_page_shows_unit_by_service_after_taking_n_from_the_log(
    as_user,
    logged,
    log_csv,  # noqa: F811
) -> None:
    _totals, cells = expected_counts(log_csv)
    client = as_user("secretariat")
    r = client.post(reverse("surveys:quota", args=[logged.pk]), {"from_log": "1"}, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Đã lấy N từ nhật ký hồ sơ" in html
    rows = r.context["rows"]
    keys = [(row.quota.unit_code, row.quota.service_code) for row in rows]
    stp = keys.index(("so_tu_phap", ""))
    assert keys[stp + 1 : stp + 3] == [("so_tu_phap", "ho_tich"), ("so_tu_phap", "khac")]
    assert r.context["total_target"] == sum(
        row.quota.target for row in rows if not row.quota.service_code
    )
    n = cells[("so_tu_phap", "ho_tich")]
    assert f"<td>{n}</td>" in html or f"<td>{n:,}</td>".replace(",", ".") in html
    assert "Hộ tịch (khai sinh, kết hôn, khai tử…)" in html


def test_the_map_page_edits_fields_procedures_and_agencies(as_user, survey) -> None:
    client = as_user("secretariat")
    target = reverse("surveys:log_map", args=[survey.pk])
    page = client.get(target)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend>Hộ tịch (khai sinh, kết hôn, khai tử…)</legend>" in html
    assert "<code>" not in html
    data = {k: v for k, v in page.context["form"].initial.items()}
    data.update(
        {
            "fields_ho_tich": "Hộ tịch\n  \nQuốc tịch",
            "procedures_chung_thuc": "2.000815\n",
            "rest": "",
            "agency_so_tu_phap": "01.STP , 01.STP2",
        }
    )
    r = client.post(target, data)
    assert r.status_code == 302
    survey.refresh_from_db()
    assert survey.service_map["services"]["ho_tich"]["fields"] == ["Hộ tịch", "Quốc tịch"]
    assert survey.service_map["services"]["chung_thuc"]["procedures"] == ["2.000815"]
    assert survey.service_map["rest"] == ""
    q = SurveyQuota.objects.get(survey=survey, unit_code="so_tu_phap", service_code="")
    assert q.log_agency == "01.STP, 01.STP2"
    data["fields_dat_dai"] = "quốc tịch"
    r = client.post(target, data)
    assert r.status_code == 400
    assert "Một lĩnh vực chỉ được gán cho một dịch vụ: quốc tịch" in r.content.decode()
    survey.refresh_from_db()
    assert survey.service_map["services"]["dat_dai"]["fields"] == ["Đất đai"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("secretariat", 200), ("focal", 403), ("viewer", 403), ("outsider", 404)],
)
def test_only_the_secretariat_edits_the_map(as_user, survey, persona, status) -> None:
    target = reverse("surveys:log_map", args=[survey.pk])
    data = dict(as_user("secretariat").get(target).context["form"].initial)
    data["fields_ho_tich"] = "Hộ tịch\nQuốc tịch"
    client = as_user(persona)
    page = client.get(target)
    assert page.status_code == status
    heading = "<h1>Ánh xạ với nhật ký hồ sơ · SIPAS 2020</h1>"
    assert (heading in page.content.decode()) is (status == 200)
    if status == 200:
        assert client.post(target, data).status_code == 302
        survey.refresh_from_db()
        assert survey.service_map["services"]["ho_tich"]["fields"] == ["Hộ tịch", "Quốc tịch"]
        return
    with assert_unchanged(survey, SurveyQuota.objects.filter(survey=survey)):
        assert client.post(target, data).status_code == status
