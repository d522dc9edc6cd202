"""helpers.timeline: phases dated by events, and milestone labels that never overlap."""

import itertools

import matplotlib
import pandas as pd
import pytest

from helpers.style import new_figure
from helpers.timeline import PHASES, TRACKS, assign_phase, phase_spans, plot_timeline, stack_labels

matplotlib.use("Agg")


def fixture_events() -> pd.DataFrame:
    """One event opening each phase, plus crowded milestones in one month of 2024."""
    rows = [(event, f"{1994 + 7 * i}-03-01", "diplomacy", f"Phase {i} begins") for i, (_, event) in enumerate(PHASES)]
    rows += [(f"2024-crowd-{i}", f"2024-06-{i + 1:02d}", "dprk-russia", f"Crowded milestone {i}") for i in range(5)]
    rows += [("2010-unlabelled", "2010-01-01", "cyber", None)]
    frame = pd.DataFrame(rows, columns=["id", "date", "track", "label"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_phases_start_at_their_events_and_end_where_the_next_begins():
    spans = phase_spans(fixture_events())
    assert list(spans["phase"]) == [name for name, _ in PHASES]
    assert spans["start"].iloc[1] == pd.Timestamp("2001-03-01")
    assert (spans["end"].iloc[:-1].values == spans["start"].iloc[1:].values).all()
    assert spans["end"].iloc[-1] == pd.Timestamp("2024-12-31")


def test_a_missing_phase_event_is_an_error():
    events = fixture_events().iloc[1:]
    with pytest.raises(KeyError, match="1994-new-asia-strategy"):
        phase_spans(events)


def test_assign_phase_is_start_inclusive():
    spans = phase_spans(fixture_events())
    phases = assign_phase(pd.Series(pd.to_datetime(["2001-02-28", "2001-03-01", "1990-01-01"])), spans)
    assert phases.iloc[0] == "Engagement" and phases.iloc[1] == "Critical engagement"
    assert pd.isna(phases.iloc[2]), "a date before the first phase belongs to none"


def test_stack_labels_puts_overlapping_labels_on_new_rows():
    assert stack_labels([0, 1, 5, 2], [3, 3, 1, 1]) == [0, 1, 0, 2]
    assert stack_labels([], []) == []


def test_milestone_labels_do_not_overlap():
    fig, ax = new_figure(10, 6.5)
    plot_timeline(ax, fixture_events(), phase_spans(fixture_events()))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip().startswith(("Phase", "Crowded"))]
    assert len(boxes) == 10
    overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert not overlapping
    assert all(box.x1 <= fig.bbox.x1 for box in boxes), "a label runs off the figure"


def test_every_track_has_a_lane():
    fig, ax = new_figure()
    plot_timeline(ax, fixture_events(), phase_spans(fixture_events()))
    assert [t.get_text() for t in ax.get_yticklabels()] == list(TRACKS.values())
