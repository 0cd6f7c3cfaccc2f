"""Signing in: PIN checks, lockout across processes, PIN change rules."""

from __future__ import annotations

import pytest
from conftest import ACTOR, ADMIN_PIN

from xiaoneng.errors import UserError
from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.core import open_core
from xiaoneng.services.pins import check_pin, hash_pin, weakness
from xiaoneng.services.roster import new_person


def test_pin_hash_is_salted_and_checks():
    a, b = hash_pin("482915"), hash_pin("482915")
    assert a != b and a.startswith("scrypt$")
    assert check_pin("482915", a) and not check_pin("482916", a)
    assert not check_pin("482915", None) and not check_pin("482915", "garbage")


@pytest.mark.pin_cost
def test_pin_hashes_cost_what_the_product_asks():
    """The cheaper hashes of the other tests (tests/conftest.py) stay in the tests."""
    stored = hash_pin("482915")
    assert stored.startswith("scrypt$16384$8$1$")
    assert check_pin("482915", stored)


@pytest.mark.parametrize("pin", ["12345", "111111", "123456", "654321", "12a456", "1" * 13])
def test_weak_pins_are_refused(pin):
    assert weakness(pin)


def test_login_and_wrong_pin_counts_down(core):
    assert core.auth.login("A001", ADMIN_PIN).name == "管理员甲"
    with pytest.raises(LoginFailed) as info:
        core.auth.login("A001", "000001")
    assert info.value.tries_left == 4 and "还可尝试 4 次" in str(info.value)
    core.auth.login("A001", ADMIN_PIN)  # a success resets the count
    with pytest.raises(LoginFailed) as info:
        core.auth.login("A001", "000001")
    assert info.value.tries_left == 4


def test_unknown_and_inactive_people(core):
    # Neither says why: the login must not tell which 工号 exist.
    with pytest.raises(LoginFailed, match="工号或 PIN 不正确"):
        core.auth.login("NOPE", "123123")
    core.roster.add(ACTOR, new_person("B1", "乙", "测试机关"), pin="482915")
    core.roster.set_active(ACTOR, "B1", False)
    with pytest.raises(LoginFailed, match="工号或 PIN 不正确"):
        core.auth.login("B1", "482915")


def test_five_wrong_pins_lock_for_fifteen_minutes(core, clock):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            core.auth.login("A001", "000001")
    with pytest.raises(LoginFailed) as info:
        core.auth.login("A001", "000001")
    assert info.value.until and "锁定至" in str(info.value)
    with pytest.raises(LoginFailed, match="锁定"):
        core.auth.login("A001", ADMIN_PIN)  # even the right PIN
    clock.advance(minutes=14)
    with pytest.raises(LoginFailed, match="锁定"):
        core.auth.login("A001", ADMIN_PIN)
    clock.advance(minutes=2)
    assert core.auth.login("A001", ADMIN_PIN).failed == 0


def test_initial_pin_must_be_changed_and_rules_apply(core):
    person, pin = core.roster.add(ACTOR, new_person("B2", "丙", "测试机关"))
    assert person.pin_initial and len(pin) == 6
    me = core.auth.login("B2", pin)
    with pytest.raises(UserError, match="相同"):
        core.auth.change_pin(me, pin, pin)
    with pytest.raises(UserError, match="连续"):
        core.auth.change_pin(me, pin, "234567")
    with pytest.raises(LoginFailed):
        core.auth.change_pin(me, "999999", "482915")
    after = core.auth.change_pin(me, pin, "482915")
    assert not after.pin_initial
    assert core.auth.login("B2", "482915").id == "B2"


def test_reset_pin_lifts_a_lockout(core):
    core.roster.add(ACTOR, new_person("B3", "丁", "测试机关"), pin="482915")
    for _ in range(5):
        with pytest.raises(LoginFailed):
            core.auth.login("B3", "000001")
    new = core.roster.reset_pin(ACTOR, "B3")
    assert open_core(core.root, clock=core.clock).auth.login("B3", new).pin_initial
