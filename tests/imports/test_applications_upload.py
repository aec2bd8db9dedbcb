"""Applications in progress from the coordinator's page: the sheet with its portfolio files, in
a .zip or chosen beside it, read as the command reads them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from endorse.applications.models import Application
from endorse.cli import main
from endorse.imports.bundle import read_bundle
from endorse.imports.columns import Kind
from endorse.imports.reader import ImportFileError

from ..conftest import sign_in

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"
PORTFOLIOS = ("family-specialist-in-progress.json", "mentor-clinical-in-progress.json")
SHEET = (EXAMPLES / "applications.csv").read_bytes()
APPLIED = "applications: 2 rows: 2 created, 0 updated, 0 unchanged; 2 unclaimed accounts made"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _examples_zip() -> bytes:
    return _zip(
        {"records/applications.csv": SHEET}
        | {f"records/{name}": (EXAMPLES / name).read_bytes() for name in PORTFOLIOS}
        | {"__MACOSX/records/._applications.csv": b"junk"}
    )


def _post(client, action: str, name: str, data: bytes, portfolios=()):
    return client.post(
        reverse("staff:imports"),
        {
            "kind": "applications",
            "file": SimpleUploadedFile(name, data),
            "portfolios": [SimpleUploadedFile(n, d) for n, d in portfolios],
            "action": action,
        },
    )


def _applicants() -> list[str]:
    return sorted(Application.objects.values_list("applicant__email", flat=True))


def test_import_page_applies_an_applications_zip_with_its_portfolio_files(client, coordinator):
    sign_in(client, coordinator)

    checked = _post(client, "check", "applications.zip", _examples_zip())
    applied = _post(client, "apply", "applications.zip", _examples_zip())

    assert checked.status_code == 200
    assert checked.context["report"].summary() == (
        "applications: 2 rows: 2 would be created, 0 would be updated, 0 unchanged; "
        "2 unclaimed accounts would be made (dry run: nothing written)"
    )
    assert applied.status_code == 302
    assert APPLIED in client.get(applied["Location"]).content.decode()
    assert _applicants() == ["grace.hopper@example.org", "katherine.johnson@example.org"]


def test_import_page_applies_an_applications_sheet_with_the_files_chosen_beside_it(
    client, coordinator
):
    sign_in(client, coordinator)
    files = [(name, (EXAMPLES / name).read_bytes()) for name in PORTFOLIOS]

    response = _post(client, "apply", "applications.csv", SHEET, files)

    assert response.status_code == 302
    assert _applicants() == ["grace.hopper@example.org", "katherine.johnson@example.org"]


def test_import_page_names_a_portfolio_file_missing_from_the_upload(client, coordinator):
    sign_in(client, coordinator)
    files = [(PORTFOLIOS[0], (EXAMPLES / PORTFOLIOS[0]).read_bytes())]

    response = _post(client, "apply", "applications.csv", SHEET, files)

    assert response.status_code == 400
    assert [str(p) for p in response.context["report"].problems] == [
        "row 3, portfolio ('mentor-clinical-in-progress.json'): no such file beside the import file"
    ]
    assert _applicants() == []


def test_import_page_refuses_a_zip_without_one_sheet(client, coordinator):
    sign_in(client, coordinator)

    response = _post(client, "check", "applications.zip", _zip({"a.json": b"{}"}))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["Expected one .csv or .xlsx sheet in the .zip, found none."]
    }


def test_read_bundle_refuses_a_file_that_is_not_a_zip():
    with pytest.raises(ImportFileError, match=r"not a readable \.zip file"):
        read_bundle(Kind.APPLICATIONS, "applications.zip", b"not a zip")


def test_read_bundle_reads_a_portfolio_only_by_its_bare_name():
    bundle = read_bundle(Kind.APPLICATIONS, "applications.zip", _examples_zip())

    assert (bundle.name, bundle.portfolio(PORTFOLIOS[0]) is not None) == ("applications.csv", True)
    assert bundle.portfolio(f"records/{PORTFOLIOS[0]}") is None
    assert bundle.portfolio("._applications.csv") is None


def test_cli_import_applies_an_applications_zip(tmp_path, capsys):
    archive = tmp_path / "applications.zip"
    archive.write_bytes(_examples_zip())

    code = main(["import", "applications", str(archive), "--association", "mi-aimh", "--apply"])

    assert (code, capsys.readouterr().out.splitlines()[-1]) == (0, APPLIED)
    assert _applicants() == ["grace.hopper@example.org", "katherine.johnson@example.org"]
