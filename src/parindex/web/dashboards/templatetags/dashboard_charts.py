from django import template
from django.utils.safestring import SafeString, mark_safe

from parindex.charts import Chart, render_svg

register = template.Library()


@register.simple_tag
def chart_svg(chart: Chart) -> SafeString:
    """The chart as inline SVG (written and escaped by parindex.charts.svg)."""
    return mark_safe(render_svg(chart, id_prefix=f"chart-{chart.key}", show_title=False))
