"""An import file with the portfolio files its rows name (the applications template): a .zip
holding the sheet and the files, or the sheet and the files given one by one. The command and
the coordinator's page read them the same way, then check or apply as for any file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .columns import Kind
from .reader import ImportFileError, Table, read_table

SHEETS = (".csv", ".xlsx")
# A zip's limits: what a coordinator's applications in progress need, far below what a crafted
# archive could unpack to.
MAX_MEMBERS = 5000
MAX_UNPACKED = 200 * 1024 * 1024


@dataclass
class Bundle:
    """The sheet's name and table, and the files beside it by name."""

    name: str
    table: Table
    files: dict[str, bytes] = field(default_factory=dict)

    def portfolio(self, name: str) -> bytes | None:
        """A file a row names: only by its bare name (no folder), as the CLI reads the sheet's
        folder."""
        if PurePosixPath(name).name != name:
            return None
        return self.files.get(name)


def read_bundle(
    kind: Kind, name: str, data: bytes, beside: Iterable[tuple[str, bytes]] = ()
) -> Bundle:
    """The sheet `name` (or, for a .zip, the one sheet inside it) read as `kind`, with the
    files `beside` it (or beside it in the zip). Raises ImportFileError."""
    files = {PurePosixPath(n).name: content for n, content in beside}
    if name.lower().endswith(".zip"):
        name, data, unpacked = _unzip(data)
        files = unpacked | files
    return Bundle(name=name, table=read_table(kind, name, data), files=files)


def _unzip(data: bytes) -> tuple[str, bytes, dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFileError("not a readable .zip file") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(f"the .zip holds more than {MAX_MEMBERS} files")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise ImportFileError(f"the .zip unpacks to more than {MAX_UNPACKED // 2**20} MB")
    members = [m for m in members if not _hidden(m.filename)]
    sheets = [m for m in members if m.filename.lower().endswith(SHEETS)]
    if len(sheets) != 1:
        found = ", ".join(m.filename for m in sheets) or "none"
        raise ImportFileError(f"expected one .csv or .xlsx sheet in the .zip, found {found}")
    files: dict[str, bytes] = {}
    try:
        for member in members:
            if member is not sheets[0]:
                files[PurePosixPath(member.filename).name] = archive.read(member)
        sheet = archive.read(sheets[0])
    except (zipfile.BadZipFile, OSError, NotImplementedError) as error:
        raise ImportFileError(f"the .zip cannot be read ({error})") from None
    return PurePosixPath(sheets[0].filename).name, sheet, files


def _hidden(name: str) -> bool:
    """What an operating system adds to a zip it makes (macOS's `__MACOSX/`, `.DS_Store`)."""
    path = PurePosixPath(name)
    return path.parts[0] == "__MACOSX" or path.name.startswith(".")
