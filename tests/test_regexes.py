"""regexes.lazy: a re.compile stand-in that compiles on first use and then costs nothing extra."""
from __future__ import annotations

import re

import pytest

from aiguard.regexes import LazyRegex, lazy


def test_nothing_is_compiled_until_first_use() -> None:
    rx = lazy(r'(?P<word>[a-z]+)-(\d+)', re.IGNORECASE)
    assert isinstance(rx, LazyRegex)
    assert 'search' not in vars(rx)
    assert rx.search('x ABC-12 y').group('word') == 'ABC'
    assert 'search' in vars(rx)  # later calls skip the lookup hook


def test_methods_and_attributes_match_re_compile() -> None:
    source, flags = r'^(\w+)=(\w*)$', re.MULTILINE
    rx, real = lazy(source, flags), re.compile(source, flags)
    text = 'a=1\nb=\nnot a pair\nc=3'
    assert [m.groups() for m in rx.finditer(text)] == [m.groups() for m in real.finditer(text)]
    assert rx.findall(text) == real.findall(text)
    assert rx.sub(r'\1', text) == real.sub(r'\1', text)
    assert rx.subn('', text) == real.subn('', text)
    assert rx.split(text) == real.split(text)
    assert rx.match('a=1') and not rx.fullmatch('a=1\n')
    assert (rx.pattern, rx.flags, rx.groups, rx.groupindex) == (real.pattern, real.flags, real.groups, real.groupindex)


def test_bytes_patterns_work() -> None:
    assert lazy(rb'@@ -(\d+)').match(b'@@ -12 +1 @@').group(1) == b'12'


def test_a_bad_pattern_fails_when_first_used() -> None:
    rx = lazy(r'(unclosed')
    with pytest.raises(re.error):
        rx.search('x')


def test_dunder_probes_do_not_compile() -> None:
    rx = lazy(r'(unclosed')
    assert not hasattr(rx, '__deepcopy__')
    assert repr(rx) == "lazy('(unclosed', 0)"


def test_a_bad_rule_pattern_names_its_pack_and_key() -> None:
    from aiguard.rules import RuleDataError

    rx = lazy(r'(unclosed', 0, 'patterns-js.yaml: JS001.pattern')
    with pytest.raises(RuleDataError, match=r'patterns-js.yaml: JS001.pattern is not a regex'):
        rx.search('x')


def test_compiled_is_the_re_pattern() -> None:
    rx = lazy(r'a+')
    assert rx.compiled is re.compile(r'a+') and rx.compiled.search('baa').group() == 'aa'  # type: ignore[attr-defined]
