"""The chat in a real browser: headless Chromium (Debian's package) driven by Playwright.

One server (the session's `served_chat`, real model) and one browser serve every test here. Pages open at a
laptop size (1366×768) or a phone size (390×844); axe-core scans them for accessibility problems.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from chat_server import HOSTILE_QUESTION
from conftest import ADMIN, HEADLINE, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
QA_TITLE = "What are the common models of collaboration between schools and institutions?"
ARTICLE = "Exploring Effective Partnership Models in Education for Success"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000
HOMEWORK = b"# Homework clubs\n\nThe homework clubs meet after school twice a week in the school library.\n"
HOMEWORK_QUESTION = "How often do the homework clubs meet?"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (make test installs Debian's chromium when run as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e .[dev]")
    with sync_api.sync_playwright() as playwright:
        executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium"))
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, viewport: dict, *, clipboard: bool = False, dark: bool = False):
    """A fresh page on the chat; every dialog that opens is recorded (and dismissed)."""
    context = browser.new_context(
        viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE,
        color_scheme="dark" if dark else "light",
    )
    if clipboard:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + ("/?__theme=dark" if dark else ""))
    page.wait_for_selector("#question textarea")
    page.wait_for_function("() => window.eduqa !== undefined")
    return page


@pytest.fixture
def page(browser, served_chat):
    page = open_page(browser, served_chat.url, LAPTOP, clipboard=True)
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def phone(browser, served_chat):
    page = open_page(browser, served_chat.url, PHONE)
    try:
        yield page
    finally:
        page.context.close()


def ask(page, question: str):
    """Type a question, press Enter, and return the reply (a locator) once it is shown."""
    replies = page.locator("[data-testid='bot']")
    before = replies.count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='bot']\").length > n", arg=before, timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(150)  # the page script scrolls the new question into view
    return replies.nth(before)


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= size["height"]


def _feedback(path: Path, question: str, page, attempts: int = 40) -> list[dict]:
    for _ in range(attempts):
        if path.exists():
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            mine = [r for r in records if r["question"] == question]
            if mine:
                return mine
        page.wait_for_timeout(250)
    raise AssertionError(f"no feedback for {question!r} in {path}")


def _shown_passage_ids(reply) -> list[str]:
    """The passage ids of the sources a reply shows unfolded (from their "Show it in the document" links)."""
    links = reply.locator(".eduqa-sources > details.eduqa-source a.eduqa-open")
    return [re.match(r"#show:([^:]+):", links.nth(i).get_attribute("href")).group(1) for i in range(links.count())]


# --- accessibility, layout, screenshots --------------------------------------------------------------


@pytest.mark.parametrize("size", ["laptop", "phone", "phone-dark"])
def test_no_serious_accessibility_problem_before_and_after_an_answer(browser, served_chat, size):
    viewport = LAPTOP if size == "laptop" else PHONE
    page = open_page(browser, served_chat.url, viewport, dark=size.endswith("dark"))
    try:
        assert page.evaluate("window.scrollY") == 0  # the page opens at the top, title in view
        assert in_view(page, page.get_by_role("heading", name="eduqa"))
        ask_button = page.get_by_role("button", name="Ask", exact=True)
        assert in_view(page, ask_button)  # reachable without scrolling past the conversation
        assert serious_violations(page) == []
        assert page.get_by_role("textbox", name="Your question").count() == 1  # named, not "Textbox"

        reply = ask(page, HEADLINE)
        assert serious_violations(page) == []
        name = reply.get_attribute("aria-label")
        assert name.startswith("eduqa: “Community Collaboration Model (CCM)") and "<" not in name
        assert "Sources:" in name and f"[1] {QA_TITLE} › Community Collaboration Model (CCM)" in name
        question = page.locator("[data-testid='user']").last
        assert in_view(page, question) and in_view(page, reply.locator(".eduqa-answer"))
        assert in_view(page, ask_button)
        chat_box = page.locator("#chat").bounding_box()
        for control in ("#question", "#ask", "#clear"):  # nothing overlaps the conversation
            box = page.locator(control).bounding_box()
            assert box["y"] >= chat_box["y"] + chat_box["height"] - 1, control
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"chat-{size}.png"))
    finally:
        page.context.close()


def test_keyboard_only_ask_open_a_source_vote_and_clear(page, served_chat):
    def tab_to(selector: str, limit: int = 60, back: bool = False) -> None:
        for _ in range(limit):
            if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
                return
            page.keyboard.press("Shift+Tab" if back else "Tab")
        raise AssertionError(f"Tab never reached {selector}")

    question = "How can the impact of school-community partnerships be measured?"
    tab_to("#question textarea")
    page.keyboard.type(question)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid='bot'] .eduqa-cite")
    reply = page.locator("[data-testid='bot']").last
    tab_to("a.eduqa-cite")
    target = page.evaluate("document.activeElement.getAttribute('href')")[1:]
    page.evaluate("id => { document.getElementById(id).open = false; }", target)
    page.keyboard.press("Enter")
    assert page.evaluate("id => document.getElementById(id).open", target)  # the marker opened its source
    assert page.evaluate("id => document.activeElement.closest('details').id === id", target)
    tab_to("button[aria-label='Like']")
    page.keyboard.press("Enter")
    records = _feedback(served_chat.feedback, question, page)
    assert records[-1]["vote"] == "like" and records[-1]["passage_ids"] == _shown_passage_ids(reply)
    tab_to("#clear")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='bot']\").length === 0")


# --- answers and sources --------------------------------------------------------------------------------


def test_headline_answer_cited_with_sources_folded_and_feedback_of_what_was_shown(page, served_chat):
    reply = ask(page, HEADLINE)
    text = reply.inner_text()
    assert "Community Collaboration Model (CCM)" in text and "[1]" in text
    assert f"{QA_TITLE} › Community Collaboration Model (CCM)" in text  # the source is told apart by its item
    highlight = reply.locator("mark").first
    assert "non-academic barriers to learning" in highlight.inner_text()
    more = reply.locator("details.eduqa-more")
    assert more.count() == 1 and re.search(r"More sources \(\d\)", more.locator("summary").first.inner_text())
    shown = _shown_passage_ids(reply)

    page.get_by_label("Like").last.click()
    records = _feedback(served_chat.feedback, HEADLINE, page)
    assert records[-1]["vote"] == "like" and "Community Collaboration Model" in records[-1]["answer"]
    assert records[-1]["passage_ids"] == shown and len(shown) < 5  # only what the reader was shown


def test_citation_marker_opens_and_scrolls_to_a_folded_source_and_the_document_view(page):
    reply = ask(page, HEADLINE)
    folded = reply.locator("details.eduqa-more details.eduqa-source").first
    number = folded.get_attribute("id").rsplit("-", 1)[1]
    page.evaluate(  # a marker for a folded source, as a list answer would have
        "([id, n]) => { const a = document.querySelector('a.eduqa-cite').cloneNode(true);"
        " a.setAttribute('href', '#' + id); a.textContent = '[' + n + ']'; a.id = 'test-marker';"
        " document.querySelector('.eduqa-answer').appendChild(a); }",
        [folded.get_attribute("id"), number],
    )
    page.click("#test-marker")
    assert folded.evaluate("d => d.open && d.parentElement.closest('details').open")
    assert in_view(page, folded.locator("summary"))

    reply.locator("a.eduqa-open").first.click()
    view = page.locator("#document-view")
    view.locator("#eduqa-focus").wait_for()
    assert QA_TITLE in view.inner_text() and "Full-Service Schools" in view.inner_text()  # the whole document
    assert "non-academic barriers" in view.locator("#eduqa-focus mark").inner_text()
    page.wait_for_function(  # the page script scrolls the passage into view once the document is shown
        "() => { const r = document.getElementById('eduqa-focus').getBoundingClientRect();"
        " return r.top >= 0 && r.top + Math.min(r.height, 40) <= window.innerHeight; }",
        timeout=5_000,
    )


def test_copy_gives_the_answer_and_its_sources_as_text(page):
    reply = ask(page, HEADLINE)
    reply.get_by_role("button", name="Copy answer").click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("“Community Collaboration Model (CCM):") and "” [1]" in copied
    assert f"[1] {QA_TITLE} › Community Collaboration Model (CCM) (common-models-of-collaboration.md" in copied
    assert "<" not in copied and "class=" not in copied

    ask(page, "What is the capital of France?")
    page.get_by_role("button", name="Copy conversation").click()
    page.wait_for_timeout(200)
    conversation = page.evaluate("navigator.clipboard.readText()")
    assert conversation.startswith(f"Question: {HEADLINE}\n\n“Community Collaboration Model")
    assert "Question: What is the capital of France?\n\nI could not find an answer" in conversation
    assert "<p>" not in conversation and "class=" not in conversation  # text, not the page's HTML


def test_list_question_and_follow_up(page):
    reply = ask(page, QA_TITLE)
    items = reply.locator("ol.eduqa-list > li")
    assert items.count() >= 5
    for i in range(items.count()):  # each item cites its own source, which its marker opens
        assert items.nth(i).locator("a.eduqa-cite").count() == 1
    ids = {items.nth(i).locator("a.eduqa-cite").get_attribute("href") for i in range(items.count())}
    assert len(ids) >= 3
    assert "Full-Service Schools" in reply.inner_text()

    follow_up = ask(page, "Tell me more about the third one")
    text = follow_up.inner_text()
    assert "Full-Service Schools" in text
    assert f"Read as a follow-up to “{QA_TITLE}”" in text
    assert follow_up.locator("a.eduqa-cite").count() >= 1


def test_a_comparison_shows_its_sides_side_by_side_each_cited(page):
    reply = ask(page, "How is the Community Schools Model different from the Public-Private Partnership Model?")
    sides = reply.locator(".eduqa-compare > .eduqa-side")
    assert sides.count() == 2
    names = [sides.nth(i).locator(".eduqa-side-name").inner_text() for i in range(2)]
    assert names == ["Community Schools Model", "Public-Private Partnership Model"]
    for i in range(2):
        assert sides.nth(i).locator("a.eduqa-cite").count() == 1
    first, second = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1  # side by side
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-comparison.png"))


def test_examples_stay_reachable_and_a_dislike_on_a_refusal_is_logged(page, served_chat):
    page.get_by_role("button", name=HEADLINE).click()
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='bot']\").length > 0")
    assert "Community Collaboration Model" in page.locator("[data-testid='bot']").first.inner_text()
    assert page.get_by_role("button", name=HEADLINE).is_visible()  # still there after the first question

    long_question = "Why " * 700
    reply = ask(page, long_question)
    assert "too long" in reply.inner_text() and "2,000" in reply.inner_text()
    page.get_by_label("Dislike").last.click()
    record = _feedback(served_chat.feedback, long_question.strip()[:299] + "…", page)[-1]
    assert record["vote"] == "dislike" and record["passage_ids"] == [] and "limit" in record["reason"]

    users = page.locator("[data-testid='user']").count()
    page.fill("#question textarea", "   ")
    page.press("#question textarea", "Enter")
    page.get_by_text("Type a question first").first.wait_for()
    assert page.locator("[data-testid='user']").count() == users


def test_hostile_question_and_document_show_as_text(page):
    reply = ask(page, HOSTILE_QUESTION).inner_text()
    user = page.locator("[data-testid='user']").last.inner_text()
    assert "<script>alert(1)</script>" in user and "<img src=x onerror=alert(1)>" in user
    assert "**bold**" in user
    assert "could not find an answer" in reply
    assert "Field trips <script>alert(1)</script>" in reply  # the hostile document's title, listed literally

    reply = ask(page, "What do field trips let students do?").inner_text()
    assert "Field trips" in reply
    assert "<script>alert(1)</script>" in reply or "<img src=x onerror=alert(1)>" in reply

    assert page.locator("img[src='x']").count() == 0
    assert page.locator("[data-testid='bot'] script, [data-testid='user'] script").count() == 0
    assert page.locator("[data-testid='user'] a, [data-testid='user'] strong").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


# --- documents ------------------------------------------------------------------------------------------


def test_documents_panel_and_filter_chip(page):
    page.get_by_text("Documents (3) and search options").click()
    listed = page.locator("#documents-list").inner_text()
    assert QA_TITLE in listed and "common-models-of-collaboration.md" in listed and "field-trips.txt" in listed
    page.click("#documents input")
    page.get_by_role("option", name=ARTICLE).click()
    page.keyboard.press("Escape")
    chip = page.locator("#filter-chip")
    chip.get_by_text("Searching only:").wait_for()
    assert ARTICLE in chip.inner_text()
    chip_box, question_box = chip.bounding_box(), page.locator("#question").bounding_box()
    assert 0 <= chip_box["y"] - (question_box["y"] + question_box["height"]) < 80  # by the question box
    reply = ask(page, HEADLINE).inner_text()
    assert ARTICLE in reply and QA_TITLE not in reply


def test_no_upload_control_without_the_maintainers_login(page):
    assert page.locator("#upload").count() == 0 or not page.locator("#upload").is_visible()
    page.get_by_text("For maintainers").click()
    page.get_by_label("Maintainer name").fill(ADMIN[0])
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("do not match").first.wait_for()
    assert not page.locator("#upload").is_visible()


def test_a_maintainer_adds_a_document_and_it_is_answered_then_removes_it(page, served_chat):
    page.get_by_text("For maintainers").click()
    page.get_by_label("Maintainer name").fill(ADMIN[0])
    page.get_by_label("Password").fill(ADMIN[1])
    page.get_by_role("button", name="Sign in").click()
    page.locator("#upload").wait_for(state="visible")

    page.locator("#upload input[type=file]").set_input_files(
        [
            {"name": "homework.md", "mimeType": "text/markdown", "buffer": HOMEWORK},
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"<html>not a PDF</html>"},
        ]
    )
    page.get_by_role("button", name="Add and update the index").click()
    status = page.locator("#upload-status")
    status.get_by_text("The index is up to date").wait_for(timeout=120_000)
    assert "Added homework.md" in status.inner_text()
    assert "report.pdf" in status.inner_text() and "not a PDF" in status.inner_text()
    assert (served_chat.corpus / "homework.md").exists() and not (served_chat.corpus / "report.pdf").exists()

    reply = ask(page, HOMEWORK_QUESTION).inner_text()
    assert "twice a week" in reply and "homework.md" in reply
    page.get_by_text("and search options").click()
    page.wait_for_function(
        "() => (document.querySelector('#documents-list') || {innerText: ''}).innerText.includes('homework.md')",
        timeout=15_000,
    )
    page.click("#documents input")
    page.get_by_role("option", name="Homework clubs").wait_for(timeout=10_000)  # the filter lists it too
    page.keyboard.press("Escape")

    page.click("#remove-choice input")
    page.get_by_role("option", name="homework.md").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Remove and update the index").click()
    status.get_by_text("Removed homework.md").wait_for(timeout=120_000)
    assert not (served_chat.corpus / "homework.md").exists()
    assert "homework.md" not in ask(page, HOMEWORK_QUESTION).inner_text()


def test_stale_notice_is_shown_exactly_while_the_documents_differ(page, served_chat):
    notice = page.locator("#corpus-notice")
    assert "have changed" not in notice.inner_text()
    page.get_by_text("and search options").click()
    page.locator("#documents-list").wait_for()
    extra = served_chat.corpus / "assemblies.md"
    extra.write_text("# Assemblies\n\nThe whole school meets for assembly on Monday mornings.\n", encoding="utf-8")
    try:
        notice.get_by_text("The documents have changed").wait_for(timeout=15_000)
        assert "assemblies.md" in notice.inner_text()
        assert "Ask the person who looks after this chat" in notice.inner_text()
        assert "eduqa build" not in notice.inner_text()

        page.get_by_text("For maintainers").click()
        page.get_by_label("Maintainer name").fill(ADMIN[0])
        page.get_by_label("Password").fill(ADMIN[1])
        page.get_by_role("button", name="Sign in").click()
        notice.get_by_text("press “Update the index”").wait_for(timeout=15_000)
        page.get_by_role("button", name="Update the index", exact=True).click()
        page.locator("#upload-status").get_by_text("The index is up to date").wait_for(timeout=120_000)
        page.wait_for_function(  # the rebuilt index is in service: the notice goes, the panel lists it
            "() => !document.querySelector('#corpus-notice').innerText.includes('have changed')"
            " && document.querySelector('#documents-list').innerText.includes('assemblies.md')",
            timeout=15_000,
        )
    finally:
        extra.unlink()
    notice.get_by_text("The documents have changed").wait_for(timeout=15_000)  # removed: differs again
    page.get_by_role("button", name="Update the index", exact=True).click()
    page.wait_for_function(
        "() => !document.querySelector('#corpus-notice').innerText.includes('have changed')", timeout=120_000
    )
