"""Evidence on an S3-compatible store is backed up and restored through the storage API.

The store is moto's real S3 server on 127.0.0.1, set as the default storage exactly as
``settings.py`` builds it (tests/web/test_evidence_s3.py); the archive names files as the
storage does, so the same archive also restores onto local disk.
"""

from __future__ import annotations

import hashlib
import tarfile

import pytest
from test_evidence_s3 import bucket, endpoint, keys  # noqa: F401  (fixtures)
from test_operations_backup import backup, installation, run, wipe  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def objects(client) -> dict[str, str]:
    return {
        key: hashlib.sha256(
            client.get_object(Bucket=client.bucket, Key=key)["Body"].read()
        ).hexdigest()
        for key in keys(client)
    }


def test_evidence_on_an_object_store_comes_back_to_the_store(bucket, installation, tmp_path):  # noqa: F811
    before = objects(bucket)
    assert len(before) == 2 and all(k.startswith("parindex-test/evidence/") for k in before)
    archive = backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = {m.name for m in tar.getmembers() if m.name.startswith("storage/")}
    assert names == {"storage/" + k.removeprefix("parindex-test/") for k in before}
    for key in before:
        bucket.delete_object(Bucket=bucket.bucket, Key=key)
    wipe(installation)

    said = run("restore", str(archive))

    assert "Mọi tệp và số dòng của mọi bảng khớp danh mục" in said
    assert objects(bucket) == before
    assert "2 nguyên vẹn, 0 hỏng, 0 thiếu" in run("evidence_verify")
