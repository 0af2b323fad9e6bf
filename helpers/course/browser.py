"""A real browser for checking what the course shows: Debian's Chromium, driven by Playwright, headless.

Playwright never downloads a browser here: it starts the system's Chromium (``apt-get install
chromium``; ``.ci/run`` installs it when missing), or the one ``$MLS_CHROMIUM`` names. Shared by the
checks that look at the course in a browser (JupyterLab, the slides). Example::

    >>> from playwright.sync_api import sync_playwright                     # doctest: +SKIP
    >>> with sync_playwright() as playwright:                               # doctest: +SKIP
    ...     browser = launch_chromium(playwright)
    ...     page = browser.new_page()
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM_ENV = "MLS_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


def chromium_path() -> Path | None:
    """The Chromium to use: ``$MLS_CHROMIUM``, else Debian's ``/usr/bin/chromium``, else one on PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return Path(named) if Path(named).is_file() else None
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def missing_chromium() -> str | None:
    """Why no browser check can run on this machine, or None when Chromium is there.

    >>> missing_chromium() is None or "apt-get install chromium" in missing_chromium()
    True
    """
    if chromium_path() is not None:
        return None
    named = os.environ.get(CHROMIUM_ENV)
    where = f"${CHROMIUM_ENV} names {named}, which does not exist" if named else "no Chromium found"
    return f"{where}: install Debian's (sudo apt-get install chromium) or point ${CHROMIUM_ENV} at one"


def launch_chromium(playwright: Playwright, *, headless: bool = True) -> Browser:
    """Start the system's Chromium through Playwright (no browser download).

    Raises:
        FileNotFoundError: there is no Chromium; the message says how to install one.
    """
    path = chromium_path()
    if path is None:
        raise FileNotFoundError(missing_chromium())
    return playwright.chromium.launch(executable_path=str(path), headless=headless)
