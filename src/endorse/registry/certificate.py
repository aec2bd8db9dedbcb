"""The endorsement certificate as a PDF (WeasyPrint), from an HTML template: made to be framed,
naming the association, the holder, the category in full, the number and dates, who signs for
the association, and the verification address in words and as a QR code."""

from __future__ import annotations

import base64
from pathlib import Path

import qrcode  # type: ignore[import-untyped]  # no type information published
import qrcode.image.svg  # type: ignore[import-untyped]
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from endorse.associations.routing import association_of
from endorse.links import absolute_url

from .models import Endorsement

LOGO_FILES = ("endorse/logo.svg", "endorse/logo.png")


def verification_url(endorsement: Endorsement) -> str:
    """The public page where anyone checks that this endorsement is current."""
    return absolute_url("registry:verify", number=endorsement.number)


def verification_qr(url: str) -> qrcode.QRCode:
    """A QR code holding `url` and nothing else, with the error correction that survives a
    scuffed or photocopied certificate (about a quarter of the code)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=2)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_image_uri(code: qrcode.QRCode) -> str:
    """The code as an SVG image in a data URI: the certificate's HTML takes it as an image's
    source, so nothing in the page is markup that escaping would have to let through."""
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg: bytes = image.to_string(encoding="utf-8")
    return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}"


def _logo(own: str = "") -> str:
    """The association's logo (its own static path, else the installation's) as a file URI,
    when the static files hold one."""
    for name in (own, *LOGO_FILES) if own else LOGO_FILES:
        found = finders.find(name)
        if isinstance(found, str):
            return Path(found).as_uri()
    return ""


def certificate_context(endorsement: Endorsement) -> dict[str, object]:
    """The certificate of the association that holds the endorsement: its name, logo and
    signatory (the coordinator who issued it when the association names none)."""
    issuer = endorsement.issued_by
    url = verification_url(endorsement)
    association = association_of(endorsement.association_id)
    assert association is not None
    return {
        "endorsement": endorsement,
        "association": association.name,
        "logo": _logo(association.logo),
        "signatory": association.signatory_name or (issuer.name if issuer else ""),
        "signatory_title": association.signatory_title,
        "verify": url,
        "verify_readable": url.split("://", 1)[-1],
        "qr": qr_image_uri(verification_qr(url)),
    }


def certificate_pdf(endorsement: Endorsement) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loading pango takes a moment

    html = render_to_string("registry/certificate.html", certificate_context(endorsement))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
