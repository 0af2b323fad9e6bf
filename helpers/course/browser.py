"""A real browser for the course's checks: Debian's Chromium driven by Playwright, no browser download.

The deck's test (and any other browser check, e.g. of JupyterLab) launches Chromium through
:func:`chromium`: Playwright for Python pointed at the system's Chromium (``/usr/bin/chromium`` from
``apt-get install chromium``, or ``$MLS_CHROMIUM``), headless, with the flags that keep it quiet on a
machine with no network (no background traffic, no component updates, no sync), and ``--no-sandbox``
when running as root (containers, CI). :func:`why_no_browser` says what is missing, for a test that
must skip on a learner's machine without one. Playwright is imported only when a browser is needed.

Example::

    >>> with chromium() as browser:                                    # doctest: +SKIP
    ...     page = browser.new_page()
    ...     page.goto("file:///path/to/deck.html")
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

BROWSER_ENV = "MLS_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Flags for a machine whose network is closed: without them Chromium keeps trying to reach Google's
# services in the background.
QUIET_FLAGS = ("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-default-apps")
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: "
                f"`brew install --cask chromium`) or point {BROWSER_ENV} at a Chromium or Chrome")


def find_chromium() -> str | None:
    """The Chromium to use: ``$MLS_CHROMIUM``, else the first of :data:`BROWSERS` on PATH, else None."""
    if os.environ.get(BROWSER_ENV):
        return os.environ[BROWSER_ENV]
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def launch_flags() -> list[str]:
    """Chromium's command-line flags: :data:`QUIET_FLAGS`, and ``--no-sandbox`` for root.

    >>> "--disable-background-networking" in launch_flags()
    True
    """
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return [*QUIET_FLAGS, *(["--no-sandbox"] if root else [])]


def why_no_browser() -> str | None:
    """Why no browser check can run here (Playwright or Chromium missing), or None when one can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed: run `make setup` (it is in requirements.txt)"
    if find_chromium() is None:
        return f"no Chromium found: {INSTALL_HINT}"
    return None


@contextmanager
def chromium(headless: bool = True) -> Iterator[Any]:
    """A launched Chromium (a Playwright ``Browser``), closed on the way out, also after an error.

    Raises:
        RuntimeError: Playwright or Chromium is missing; the message says how to install it.
    """
    reason = why_no_browser()
    if reason:
        raise RuntimeError(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=headless,
                                             args=launch_flags())
        try:
            yield browser
        finally:
            browser.close()
