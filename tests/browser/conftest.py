"""Playwright driving Debian's Chromium against a live server.

Chromium comes from the system (`apt-get install chromium`); nothing is downloaded. Locally the
browser tests are skipped when Chromium is absent; under CI (CI=true) its absence is a failure.
Screenshots of every step go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ENDORSE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Chromium not found at {CHROMIUM}; CI must install it (apt-get install chromium)."
            )
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, chromium: object) -> Iterator[object]:
    context = chromium.new_context(viewport=VIEWPORTS[request.param])  # type: ignore[attr-defined]
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def screenshot(page: object, step: str) -> Path:
    """Save a full-page screenshot named after the test's viewport and step."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{page.viewport_name}-{step}.png"  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def pdf_screenshot(content: bytes, name: str) -> Path:
    """Save the first page of a PDF (a certificate) as a PNG beside the screenshots, so a person
    can look at what the product printed."""
    import pypdfium2

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    document = pypdfium2.PdfDocument(content)
    document[0].render(scale=1.5).to_pil().save(path)
    document.close()
    return path


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Sign-in and email rate limits count in the cache; each browser test starts afresh."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def phone(chromium: object) -> Iterator[object]:
    """One page at phone size (375 px wide)."""
    context = chromium.new_context(viewport=VIEWPORTS["phone"])  # type: ignore[attr-defined]
    page = context.new_page()
    page.viewport_name = "phone"
    yield page
    context.close()
