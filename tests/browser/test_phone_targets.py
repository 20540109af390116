"""A checker's claim on a touch screen: the stance radios, the Primary source tick, the
small buttons beside a source and the links at the top and the bottom are big enough for a
finger, and the page does not offer keyboard shortcuts to a phone with no keyboard. A
desktop keeps its layout and its hint."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.test_autosave import _claim_assigned_to_the_checker
from tests.browser.test_journeys import _login
from tests.browser.test_phone_offline import _phone

pytestmark = pytest.mark.browser

CONTROL = 24  # px: WCAG 2.2's minimum target (2.5.8)
LINE = 44  # px: the phone platforms' guidance for a finger


def _height(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["height"])


def _sizes(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    evidence = "form[action$='/evidence']"
    return {
        "stance radio": _height(page, f"{evidence} input[type=radio][value=supports]"),
        "stance label": _height(page, f"{evidence} label.choice:has(input[type=radio])"),
        "primary tick": _height(page, f"{evidence} input[type=checkbox]"),
        "notifications": _height(page, "header.site a.bell"),
        "name": _height(page, "header.site a.who"),
        "sign out": _height(page, "header.site button.link"),
        "footer link": _height(page, "footer.site nav a"),
        "remove source": _height(page, "button.btn.small:has-text('Remove')"),
    }


def test_a_phone_gets_finger_sized_targets_and_no_keyboard_hint(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """On a 390 px touch screen the radios and ticks were 13 px and their labels about 25 px
    high, the header's Notifications and name links sat close together, and the footer said
    "Press ? for keyboard shortcuts" to a phone with no keyboard."""
    claim_id = _claim_assigned_to_the_checker(live_server)
    phone = _phone(browser, live_server)
    phone.goto(f"{live_server.url}/desk/claims/{claim_id}")
    sizes = _sizes(phone)
    assert sizes["stance radio"] >= CONTROL, sizes
    assert sizes["primary tick"] >= CONTROL, sizes
    targets = ("stance label", "notifications", "name", "sign out", "footer link", "remove source")
    for target in targets:
        assert sizes[target] >= LINE, (target, sizes)
    assert not phone.locator(".shortcut-hint").is_visible()
    # The larger radio is still the one a tap on its label chooses.
    phone.locator("form[action$='/evidence'] label.choice", has_text="Refutes").tap()
    assert phone.locator("form[action$='/evidence'] input[value=refutes]").is_checked()
    phone.context.close()


def test_a_desktop_keeps_its_sizes_and_the_keyboard_hint(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id = _claim_assigned_to_the_checker(live_server)
    desk = _login(browser, live_server, live_server.users()["checker"])
    desk.goto(f"{live_server.url}/desk/claims/{claim_id}")
    sizes = _sizes(desk)
    assert sizes["stance radio"] < CONTROL, sizes
    assert sizes["notifications"] < LINE, sizes
    assert sizes["remove source"] < LINE, sizes
    assert desk.locator(".shortcut-hint").is_visible()
    desk.context.close()
