"""Courses: validation, CRUD, the plan-item link and the CPE a finished course earns."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.db.opening import Database
from cso_planner.services import courses as svc
from cso_planner.services import plans
from cso_planner.services.courses import CourseDraft
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.errors import InvalidDraftError


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.cybrary.it/course/soc", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org", False),
        ("https://", False),
        ("www.example.org", False),
        ("http://[::1", False),
    ],
)
def test_only_web_urls(url: str, ok: bool) -> None:
    assert svc.is_web_url(url) is ok
    errors = svc.validate_course(CourseDraft("Course", url=url))
    assert ("url" not in errors) is ok


def test_validation() -> None:
    errors = svc.validate_course(
        CourseDraft(" ", hours=-1, progress=101, cost=float("nan"), cpe_credits=-2)
    )
    assert set(errors) == {"title", "hours", "progress", "cost", "cpe_credits"}
    assert svc.validate_course(CourseDraft("Course", url="")) == {}
    future = dt.date.today() + dt.timedelta(days=3)
    assert "completed_on" in svc.validate_course(CourseDraft("C", completed_on=future))


def test_crud_and_plan_item_link(db: Database) -> None:
    with db.session_factory.begin() as s:
        plan = plans.create_plan(s, "Plan")
        stage = plans.add_stage(s, plan, StageDraft("Analyst"))
        item = plans.add_item(s, stage, ItemDraft("Cybrary SOC path", kind="course"))
    with db.session_factory() as s:
        assert svc.plan_item_choices(s) == [(item, "Cybrary SOC path · Analyst")]
    draft = CourseDraft("SOC path", "Cybrary", "https://cybrary.it", 40, 50, plan_item_id=item)
    with db.session_factory.begin() as s:
        course_id = svc.add_course(s, draft)
    with db.session_factory() as s:
        (row,) = svc.list_courses(s)
        assert row.draft == draft and row.plan_item_title == "Cybrary SOC path"
    with db.session_factory.begin() as s:
        svc.update_course(s, course_id, CourseDraft("SOC path", progress=100))
        assert svc.course_draft(s, course_id).url is None
        old = svc.delete_course(s, course_id)
        svc.add_course(s, old, course_id)
    with db.session_factory.begin() as s, pytest.raises(InvalidDraftError) as info:
        svc.add_course(s, CourseDraft("X", plan_item_id=9999))
    assert "plan_item_id" in info.value.errors


def test_cpe_draft_for_a_finished_course() -> None:
    day = dt.date(2024, 5, 1)
    unfinished = CourseDraft("SEC401", "SANS", progress=60, cpe_credits=36)
    assert svc.cpe_draft_for(unfinished, ("CISSP",)) is None
    assert svc.cpe_draft_for(CourseDraft("x", progress=100), ()) is None  # no credits
    done = CourseDraft("SEC401", "SANS", progress=100, completed_on=day, cpe_credits=36)
    cpe = svc.cpe_draft_for(done, ("CISSP",))
    assert cpe is not None
    assert (cpe.date, cpe.activity, cpe.provider, cpe.credits, cpe.certifications) == (
        day, "SEC401", "SANS", 36, ("CISSP",),
    )  # fmt: skip
