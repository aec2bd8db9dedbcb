"""The checks and names shared by every upload."""

import pytest

from endorse.uploads import pdf_filename


@pytest.mark.parametrize(
    ("uploaded", "served"),
    [
        ("My Transcript.pdf", "My Transcript.pdf"),
        ("transcript.PDF", "transcript.pdf"),
        ("transcript.html", "transcript.pdf"),
        ("transcript.pdf.html", "transcript.pdf"),
        ("transcript.svg.pdf", "transcript.svg.pdf"),
        ("C:\\Users\\ada\\Relevé de notes (2009).pdf", "Relevé de notes (2009).pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ('a"b;c\r\nd\x00e.htm', "a b c d e.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("...", "document.pdf"),
        ("", "document.pdf"),
        (None, "document.pdf"),
        ("x" * 300 + ".pdf", "x" * 100 + ".pdf"),
    ],
)
def test_a_document_is_always_named_pdf_and_sanitized(uploaded, served):
    """Security review finding 15: whatever the uploader called the file, its stored and served
    name ends in .pdf and holds only letters, digits, spaces and - _ . ( )."""
    assert pdf_filename(uploaded) == served
