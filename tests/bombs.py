"""Small files built to explode, shared by the tests of every door that reads a file.

Each is a few kilobytes on disk and is built in the test run (no real gigabytes): a zip whose
directory declares far more than any limit, YAML whose aliases expand to 9**9 values, and text
nested 100 000 levels deep.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

MIB = 1024 * 1024

# A billion laughs: nine levels of nine aliases each, 342 bytes that expand to 9**9 values.
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)
#: YAML (and JSON) nested deeper than any parser's stack.
DEEP = "[" * 100_000


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@cache
def office_bomb(part: str = "xl/worksheets/sheet1.xml", unpacked: int = 80 * MIB) -> bytes:
    """An Office package (.xlsx by default) whose one part unpacks to ``unpacked`` zero bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with archive.open(part, "w", force_zip64=True) as member:
            chunk = bytes(MIB)
            for _ in range(unpacked // MIB):
                member.write(chunk)
    return buffer.getvalue()
