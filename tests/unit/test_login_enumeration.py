"""The login does not tell which 工号 exist (issue 11, "serve refuses other web sites").

An unknown 工号, a deactivated one, one without a PIN and a wrong PIN get the
same words, the same count-down and lockout, and the same work (one scrypt
hash), so neither the message nor the time taken tells them apart.
"""

from __future__ import annotations

import hashlib
import statistics
import time

import pytest
from conftest import ACTOR, ADMIN_PIN

from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.roster import new_person


def _answers(core, person_id: str, tries: int = 6) -> list[tuple[str, int | None, bool]]:
    out = []
    for _ in range(tries):
        with pytest.raises(LoginFailed) as info:
            core.auth.login(person_id, "000001")
        err = info.value
        out.append((str(err), err.tries_left, bool(err.until)))
    return out


@pytest.fixture
def people(core):
    core.roster.add(ACTOR, new_person("B1", "乙", "测试机关"), pin="482915")
    core.roster.set_active(ACTOR, "B1", False)
    core.roster.add_many(ACTOR, [new_person("C1", "丙", "测试机关")])  # no PIN yet
    return core


def test_unknown_inactive_and_pinless_answer_like_a_wrong_pin(people):
    core = people
    wrong = _answers(core, "A001")
    assert wrong[0][0].startswith("工号或 PIN 不正确") and wrong[0][1] == 4
    assert "锁定至" in wrong[4][0] and wrong[4][2]
    for other in ("NOPE", "B1", "C1"):
        assert _answers(core, other) == wrong, other
    for text, _left, _until in wrong:
        assert "不存在" not in text and "停用" not in text and "尚未设置" not in text


def test_a_lock_on_an_unknown_id_ends_like_a_real_one(people, clock):
    core = people
    _answers(core, "NOPE", tries=5)
    clock.advance(minutes=16)
    with pytest.raises(LoginFailed) as info:
        core.auth.login("NOPE", "000001")
    assert info.value.tries_left == 4


def test_every_attempt_costs_one_scrypt_hash(people, monkeypatch):
    core = people
    with pytest.raises(LoginFailed):
        core.auth.login("WARM", "000001")  # the decoy hash is made once per process
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    for pid in ("A001", "NOPE", "B1", "C1", "a" * 40, "not an id!"):
        calls.clear()
        with pytest.raises(LoginFailed):
            core.auth.login(pid, "000001")
        assert len(calls) == 1, pid
    calls.clear()
    core.auth.login("A001", ADMIN_PIN)
    assert len(calls) == 1


@pytest.mark.pin_cost  # the product's hash cost: it is what makes the two alike
def test_unknown_and_wrong_take_about_the_same_time(people):
    """A ratio in one run: the work is the same, so the times are too. The
    two are measured in turns and in this thread's CPU time, so a busy
    machine (other tests, a build) slows both alike instead of whichever ran
    while it was busy (wall-clock medians of four flaked at 0.499 under load)."""
    core = people
    times: dict[str, list[float]] = {"NOPE": [], "A001": []}
    for _ in range(4):
        for pid in times:
            start = time.thread_time()
            with pytest.raises(LoginFailed):
                core.auth.login(pid, "000001")
            times[pid].append(time.thread_time() - start)
            core.auth.login("A001", ADMIN_PIN)  # keeps both below the lockout

    ratio = statistics.median(times["NOPE"]) / statistics.median(times["A001"])
    assert 0.5 < ratio < 2.0, ratio
