"""helpers.course.browser: which Chromium, with which flags, and why none can run."""

from helpers.course import browser


def test_mls_chromium_wins_over_path(monkeypatch):
    monkeypatch.setenv(browser.BROWSER_ENV, "/opt/my/chromium")
    assert browser.find_chromium() == "/opt/my/chromium"


def test_no_chromium_anywhere_is_reported_with_the_install_command(monkeypatch):
    monkeypatch.delenv(browser.BROWSER_ENV, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert browser.find_chromium() is None
    reason = browser.why_no_browser()
    assert "apt-get install chromium" in reason


def test_the_flags_keep_chromium_off_the_network_and_unsandboxed_only_for_root(monkeypatch):
    monkeypatch.setattr(browser.os, "geteuid", lambda: 0)
    assert "--no-sandbox" in browser.launch_flags()
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    flags = browser.launch_flags()
    assert "--no-sandbox" not in flags and "--disable-background-networking" in flags
