import pytest
from django.urls import reverse

from parindex.web.assessments.models import InputValue
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def node(assessment, code: str) -> str:
    return reverse("assessments:node_update", args=[assessment.pk, code])


def test_anonymous_is_sent_to_login(client, demo) -> None:
    response = client.get(detail(demo))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_list_shows_the_users_assessments(as_user, demo) -> None:
    html = as_user("focal").get(reverse("assessments:list")).content.decode()
    assert "Tỉnh Lào Cai" in html
    assert detail(demo) in html


def test_list_of_an_outsider_is_empty(as_user, demo) -> None:
    html = as_user("outsider").get(reverse("assessments:list")).content.decode()
    assert detail(demo) not in html
    assert "chưa có phiếu đánh giá" in html


def test_detail_shows_tree_maxima_inputs_scores_and_lost_sentences(as_user, demo) -> None:
    html = as_user("focal").get(detail(demo)).content.decode()
    assert "Cải cách thủ tục hành chính" in html
    assert "61,4203/65" in html
    assert "1,4628/1,5" in html
    assert 'for="n-3-4-1-on_time"' in html
    assert 'value="180840"' in html
    assert "không đạt điểm tối đa do trong năm 2020" in html
    assert "hx-post=" in html


def test_viewer_sees_the_page_without_forms(as_user, demo) -> None:
    html = as_user("viewer").get(detail(demo)).content.decode()
    assert "61,4203/65" in html
    assert "hx-post=" not in html
    assert "Chỉ xem" in html


def test_htmx_post_saves_and_returns_the_row_result_area_and_total(as_user, demo) -> None:
    client = as_user("focal")
    response = client.post(
        node(demo, "3.4.1"),
        {"on_time": "185.443", "total": "185.443", "version-on_time": "1", "version-total": "1"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1,5/1,5" in html
    assert 'id="n-3-head" hx-swap-oob="true"' in html
    assert 'id="n-3-4-score" hx-swap-oob="true">3,981/4<' in html
    assert 'id="totals"' in html and "61,4575/65" in html
    assert 'name="version-on_time" value="2"' in html
    stored = InputValue.objects.get(assessment=demo, node_code="3.4.1", input_name="on_time")
    assert stored.value == "185443"


def test_a_bad_value_is_shown_back_and_not_saved(as_user, demo) -> None:
    client = as_user("focal")
    response = client.post(node(demo, "7.1.3"), {"rate": "abc", "version-rate": "1"}, **HTMX)
    assert "Giá trị không hợp lệ: abc" in response.content.decode()
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "82.598"


def test_a_stale_form_gets_a_conflict_message_and_the_latest_value(as_user, demo) -> None:
    client = as_user("focal")
    client.post(node(demo, "7.1.3"), {"rate": "90", "version-rate": "1"}, **HTMX)
    response = client.post(node(demo, "7.1.3"), {"rate": "95", "version-rate": "1"}, **HTMX)
    html = response.content.decode()
    assert "vừa được người khác cập nhật" in html
    assert 'name="version-rate" value="2"' in html
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "90"


def test_plain_post_without_htmx_redirects_back_to_the_row(as_user, demo) -> None:
    response = as_user("focal").post(node(demo, "7.1.3"), {"rate": "90", "version-rate": "1"})
    assert response.status_code == 302
    assert response.url == detail(demo) + "#n-7-1-3"
    assert AuditEvent.objects.filter(field="7.1.3/rate", after="90").exists()


def test_html_in_a_value_is_escaped(as_user, demo) -> None:
    response = as_user("focal").post(
        node(demo, "7.1.3"), {"rate": "<script>x</script>", "version-rate": "1"}, **HTMX
    )
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_detail_in_english_uses_english_titles_and_numbers(as_user, demo) -> None:
    html = as_user("focal").get(detail(demo), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Self-assessed total: 61.4203/65" in html
    assert "Administrative procedure reform" in html


def test_seed_sentence_with_the_units_comment(as_user, demo) -> None:
    html = as_user("viewer").get(detail(demo)).content.decode()
    assert "có 1 chỉ tiêu không đạt là số lượt khách du lịch" in html


def test_htmx_post_saves_the_comment(as_user, demo) -> None:
    response = as_user("focal").post(
        node(demo, "7.1.3"),
        {
            "rate": "82.598",
            "version-rate": "1",
            "_comment": "<b>đã</b> nâng cấp",
            "version-_comment": "0",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "&lt;b&gt;đã&lt;/b&gt; nâng cấp" in html
    assert 'name="version-_comment" value="1"' in html


def test_plain_post_with_a_bad_value_redirects_with_the_error_message(as_user, demo) -> None:
    client = as_user("focal")
    response = client.post(node(demo, "7.1.3"), {"rate": "abc", "version-rate": "1"}, follow=True)
    assert "7.1.3: Giá trị không hợp lệ: abc" in response.content.decode()
