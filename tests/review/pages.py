"""Reading staff pages in tests: the words a person sees in one list or element."""

from __future__ import annotations

import html
import re


def words(fragment: str) -> str:
    """The text of an HTML fragment, tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).replace(" ,", ",")


def items(page: str, element_id: str) -> list[str]:
    """The words of each <li> of the list with `element_id`."""
    found = re.search(rf'<(ul|ol)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert found, f"no list #{element_id} on the page"
    return [words(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", found.group(2), re.S)]


def section(page: str, heading: str) -> str:
    """The HTML after the <h2> reading `heading`, up to the next <h2>."""
    found = re.search(rf"<h2[^>]*>{re.escape(heading)}[^<]*</h2>(.*?)(?=<h2|\Z)", page, re.S)
    assert found, f"no heading {heading!r} on the page"
    return found.group(1)
