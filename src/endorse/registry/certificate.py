"""The endorsement certificate as a PDF (WeasyPrint), from an HTML template."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from .models import Endorsement


def certificate_pdf(endorsement: Endorsement) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loading pango takes a moment

    html = render_to_string(
        "registry/certificate.html",
        {
            "endorsement": endorsement,
            "verify": f"{settings.ENDORSE_BASE_URL}/verify/{endorsement.number}/",
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
