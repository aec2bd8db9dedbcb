"""The endorsement certificate as a PDF (WeasyPrint), from an HTML template."""

from __future__ import annotations

from django.template.loader import render_to_string

from endorse.links import absolute_url

from .models import Endorsement


def certificate_pdf(endorsement: Endorsement) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loading pango takes a moment

    html = render_to_string(
        "registry/certificate.html",
        {
            "endorsement": endorsement,
            "verify": absolute_url("registry:verify", number=endorsement.number),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
