"""The HTML report laid out by a real browser (headless Chromium) at a desktop and a phone width.

The page is put in a same-origin iframe of the width under test (Chromium's own window is never
narrower than 500 px), a script in the outer page measures the laid-out report and writes what
it found into the DOM, and `--dump-dom` hands that back. Skipped where no Chromium is installed
(Debian: `apt-get install chromium`; or AIGUARD_CHROMIUM=/path/to/chrome).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess

import pytest

from aiguard import config as config_mod
from aiguard.metrics import collect, merge, render_html, summary
from tests.repo import Repo, init_repo
from tests.test_metrics import ADA, AS_OF, BOB, CAROL, KEY_1, KEY_2, SECTIONS, build_history, commit, fake_pem

WIDTHS = {'desktop': 1280, 'phone': 390}

# Runs in the outer page once the report in the iframe has loaded; every fault is one line.
MEASURE = r"""
window.addEventListener('load', function () {
  var frame = document.getElementById('report'), d = frame.contentDocument, w = frame.contentWindow;
  var root = d.documentElement, problems = [], slack = 1;
  function name(el) {
    var text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
           (el.className && el.className.baseVal === undefined && el.className ? '.' + el.className : '') +
           ' "' + text + '"';
  }
  if (root.scrollWidth > root.clientWidth + slack)
    problems.push('page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
  d.querySelectorAll('main, section, .cards, .card, .two, table, .bars, .bar-row').forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + slack)
      problems.push('overflows: ' + name(el) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
  });
  var sections = [];
  d.querySelectorAll('section').forEach(function (s) {
    sections.push(s.id);
    var box = s.getBoundingClientRect();
    if (box.left < -slack || box.right > root.clientWidth + slack)
      problems.push('section off screen: ' + name(s));
    s.querySelectorAll('*').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left - slack || r.right > box.right + slack))
        problems.push('sticks out of #' + s.id + ': ' + name(el));
    });
  });
  d.querySelectorAll('body *').forEach(function (el) {
    if (el.closest('svg')) return;
    var cs = w.getComputedStyle(el);
    var hides = cs.overflowX === 'hidden' || cs.overflowX === 'clip' || cs.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + slack) problems.push('clipped: ' + name(el));
  });
  d.querySelectorAll('svg').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.left < box.left - slack || r.right > box.right + slack || r.top < box.top - slack ||
          r.bottom > box.bottom + slack)
        problems.push('svg text cut: "' + t.textContent + '"');
    });
  });
  if (root.clientWidth >= 1200) {  // on a desktop, a table has the room for its headings and numbers on one line
    d.querySelectorAll('th, td.n').forEach(function (el) {
      var range = d.createRange();
      range.selectNodeContents(el);
      var tops = {};
      Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = 1; });
      if (Object.keys(tops).length > 1) problems.push('squeezed onto two lines: ' + name(el));
    });
  }
  var out = document.createElement('pre');
  out.id = 'aiguard-measure';
  out.textContent = JSON.stringify({width: root.clientWidth, sections: sections, problems: problems,
                                   text: d.body.innerText});
  document.body.appendChild(out);
});
"""


def chromium() -> str | None:
    """The Chromium to use: AIGUARD_CHROMIUM, else Debian's or another on PATH."""
    named = os.environ.get('AIGUARD_CHROMIUM')
    if named:
        return named
    for candidate in ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def measure(page: str, width: int, tmp_path) -> dict:
    """Lay `page` out `width` px wide in headless Chromium; what the measuring script found."""
    browser = chromium()
    if browser is None:
        pytest.skip('headless Chromium not installed (Debian: apt-get install chromium; or set AIGUARD_CHROMIUM)')
    outer = tmp_path / f'measure-{width}.html'
    outer.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        f'<iframe id="report" style="border:0;width:{width}px;height:900px" srcdoc="{html.escape(page, quote=True)}">'
        f'</iframe><script>{MEASURE}</script></body></html>', encoding='utf-8')
    run = subprocess.run(
        [browser, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run',
         f'--user-data-dir={tmp_path / f"profile-{width}"}', f'--window-size={width + 100},1000',
         '--virtual-time-budget=5000', '--dump-dom', outer.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    found = re.search(r'<pre id="aiguard-measure">(.*?)</pre>', run.stdout, re.DOTALL)
    assert found, f'Chromium did not lay the page out (exit {run.returncode}): {run.stderr[-500:]}'
    return json.loads(html.unescape(found.group(1)))


LONG_TEAM = '@example-organisation/platform-security-and-compliance-engineering'
LONG_AUTHOR = ('Maximiliana Featherstonehaugh-Cholmondeley', 'maximiliana.featherstonehaugh@example.com')
TOOLS = ('claude-code', 'copilot', 'cursor', 'gemini-cli')  # one commit, four assistants: a long label
LONG_PATH = 'src/payments/internal/settlement_reconciliation_engine/adapters/legacy_ledger_bridge_impl.py'


def build_long_names(repo: Repo) -> None:
    """build_history's commits plus what a real organisation has: long names everywhere."""
    build_history(repo)
    commit(repo, 66, LONG_AUTHOR, {'.github/CODEOWNERS': f'* @example/everyone\nsrc/payments/ {LONG_TEAM}\n'},
           'Owners')
    commit(repo, 70, LONG_AUTHOR, {LONG_PATH: f'TOKEN = "{KEY_1}"\n'},
           'Bridge\n\n' + ''.join(f'AI-Assisted: {t}\n' for t in TOOLS))
    commit(repo, 71, CAROL, {'deploy/prod.pem': fake_pem('prod'), 'src/app/x.py': f'K = "{KEY_2}"\n'},
           'Prod key\n\nAI-Assisted: copilot')
    commit(repo, 72, BOB, {'docs/a.md': 'x\n'}, 'Docs')
    commit(repo, 73, ADA, {'docs/b.md': 'y\n'}, 'More docs')


@pytest.fixture(scope='module')
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict:
    repo = init_repo(str(tmp_path_factory.mktemp('browser') / 'repo'))
    build_long_names(repo)
    cfg = config_mod.parse({'human_only': ['deploy/**']}, 'x.yaml')
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
        doc = summary.summarize(collect.collect(repo.path, cfg, use_cache=False))
    assert doc['codeowners'] == '.github/CODEOWNERS' and doc['human_only']['ai_commits'] == 2
    assert LONG_TEAM in {t['team'] for t in doc['by_team']}
    assert ', '.join(TOOLS) in {t['tool'] for t in doc['by_tool']}
    return doc


@pytest.fixture(scope='module')
def page(doc: dict) -> str:
    return render_html.render(doc)


@pytest.mark.parametrize('device', WIDTHS)
def test_report_fits_the_screen_and_shows_every_section(page, device, tmp_path):
    found = measure(page, WIDTHS[device], tmp_path)
    assert found['width'] == WIDTHS[device]
    assert found['problems'] == []
    assert found['sections'] == list(SECTIONS)
    for whole in (LONG_TEAM, LONG_PATH, ', '.join(TOOLS), LONG_AUTHOR[0]):  # shown in full, never cut
        assert whole in found['text']


@pytest.mark.parametrize('device', WIDTHS)
def test_organisation_report_fits_the_screen(doc, device, tmp_path):
    other = {**doc, 'repository': 'a-repository-with-a-rather-long-name-for-the-organisation-table'}
    org = merge.merge(['one.json', 'two.json'], [merge.validate(doc, 'one'), merge.validate(other, 'two')])
    found = measure(merge.render_html(org), WIDTHS[device], tmp_path)
    assert found['problems'] == []
    assert found['sections'] == ['repositories', 'teams']
    assert other['repository'] in found['text'] and LONG_TEAM in found['text']


def test_the_measure_sees_an_overflow(page, tmp_path):
    """The check itself: a table squeezed into half a column, as the report had it, is caught."""
    squeezed = page.replace('<section id="authors">', '<div class="two"><section id="authors">', 1).replace(
        '<section id="directories">', '<section id="x"></section></div><section id="directories">', 1)
    squeezed = squeezed.replace('minmax(0, 1fr) minmax(0, 1fr)', '1fr 1fr').replace(
        'p, .label, td { overflow-wrap: anywhere; }', '')
    found = measure(squeezed, WIDTHS['desktop'], tmp_path)
    assert any('authors' in p or 'table' in p for p in found['problems']), found['problems']
