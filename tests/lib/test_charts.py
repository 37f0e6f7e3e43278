"""Chart geometry (safeguard/lib/charts.py): round steps, the scale, where things fall."""

import pytest

from safeguard.lib.charts import Chart, Plot, Scale, Series, nice_step, path_of, spark_points


@pytest.mark.parametrize(("span", "step"), [
    (4, 1), (8, 2), (10, 2.5), (20, 5), (36, 10), (0.4, 0.1), (1000, 250), (0, 1),
])
def test_steps_are_round(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_a_scale_holds_every_number_in_round_steps():
    scale = Scale.fitted([3.2, 17.9])
    assert (scale.low, scale.top, scale.step) == (0, 20, 5)
    assert list(scale.ticks()) == [0, 5, 10, 15, 20]
    assert scale.decimals == 0


def test_a_scale_starts_from_nought_only_when_asked_and_nothing_is_below_it():
    assert Scale.fitted([40, 44]).low == 40
    assert Scale.fitted([40, 44], from_zero=True).low == 0
    assert Scale.fitted([-3, 44], from_zero=True).low < 0


def test_one_number_still_makes_a_scale():
    scale = Scale.fitted([7, 7])
    assert scale.low <= 7 < scale.top


def test_fractional_steps_show_their_decimals():
    scale = Scale.fitted([0.11, 0.52])
    assert scale.step == pytest.approx(0.2) and scale.decimals == 1
    assert Scale(0, 0.5, 0.25).decimals == 2


def test_the_plot_places_slots_and_values_inside_the_plot_area():
    chart = Chart(title="t", desc="", width=200, height=120, left=20, right=10, top=10,
                  bottom=20)
    plot = Plot(chart, 5, Scale(0, 100, 25))
    assert plot.x(0) == 20 and plot.x(4) == 190 and plot.x(2) == 105
    assert plot.y(0) == 100 and plot.y(100) == 10 and plot.y(50) == 55
    assert plot.half_slot == pytest.approx(170 / 4 / 2)
    assert plot.span(0, 0) == (20, pytest.approx(20 + 170 / 8))  # kept within the plot
    assert plot.band(20, 60, 25, 75) == (20, plot.y(75), 40, plot.y(25) - plot.y(75))
    assert [label for _, label in plot.y_ticks("%")] == ["0%", "25%", "50%", "75%", "100%"]


def test_a_lone_slot_sits_in_the_middle():
    chart = Chart(title="t", desc="", width=100, left=0, right=0)
    assert Plot(chart, 1, Scale(0, 1, 1)).x(0) == 50


def test_about_eight_x_labels_always_with_the_last():
    chart = Chart(title="t", desc="", width=1000)
    labels = [f"M{n}" for n in range(24)]
    ticks = Plot(chart, 24, Scale(0, 1, 1)).x_ticks(labels)
    shown = [label for _, label in ticks]
    assert shown[0] == "M0" and shown[-1] == "M23" and 6 <= len(shown) <= 10


def test_a_label_crowding_the_last_is_dropped():
    chart = Chart(title="t", desc="", width=300, left=0, right=0)
    plot = Plot(chart, 10, Scale(0, 1, 1))  # slots 33 px apart
    ticks = plot.x_ticks([str(n) for n in range(10)], most=5)  # every 2nd, and the last
    assert [label for _, label in ticks] == ["0", "2", "4", "6", "9"]  # 8 was 33 px from 9
    wide = Plot(Chart(title="t", desc="", width=500, left=0, right=0), 10, Scale(0, 1, 1))
    assert [label for _, label in wide.x_ticks([str(n) for n in range(10)], most=5)] == [
        "0", "2", "4", "6", "8", "9"]  # 55 px apart: both kept


def test_paths_and_sparklines():
    assert path_of([(1, 2.26), (3.04, 4)]) == "1.0,2.3 3.0,4.0"
    assert Series("s", "value", [(0, 0), (1, 1)]).path == "0.0,0.0 1.0,1.0"
    points = spark_points([5, 10, 0], width=20, height=12, pad=2)
    assert points == [(2, 6), (10, 2), (18, 10)]
    flat = spark_points([3, 3], width=20, height=12, pad=2)
    assert [y for _, y in flat] == [10, 10]
