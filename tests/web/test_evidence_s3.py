"""Evidence on an S3-compatible object store: a real S3 server (moto's) on 127.0.0.1.

The storage is configured exactly as ``settings.py`` builds it from the ``S3_*`` variables;
uploads, downloads, the check before reuse and the verify command go through it, and the
damage is done to the objects directly with boto3.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

moto_server = pytest.importorskip(
    "moto.server",
    reason="moto[server] is not installed (pip install -e '.[dev]'): no S3 server to test on",
)

import boto3  # noqa: E402  (boto3 comes with moto)
from django.core.files.storage import storages  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.urls import reverse  # noqa: E402
from test_evidence_files import pdf_bytes  # noqa: E402

from parindex.config.settings import s3_storage  # noqa: E402
from parindex.web.evidence import blobs, services  # noqa: E402
from parindex.web.evidence.models import DocumentVersion  # noqa: E402

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DATA = pdf_bytes("y" * 200_000)
SHA = hashlib.sha256(DATA).hexdigest()
PREFIX = "parindex-test"
KEY = f"{PREFIX}/{blobs.blob_name(SHA)}"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(endpoint, settings, monkeypatch, tmp_path):
    """A fresh bucket, made the default storage through the settings' S3_* variables."""
    name = f"evidence-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name)
    env = {
        **CREDENTIALS,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_PREFIX": PREFIX,
        "S3_ADDRESSING_STYLE": "path",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: nothing is stored locally
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(name)}
    client.bucket = name
    return client


def upload(demo, users, data: bytes = DATA, title: str = "Báo cáo CCHC năm 2020"):
    return services.document_upload(
        unit=demo.unit,
        title=title,
        file=io.BytesIO(data),
        original_name="bao-cao.pdf",
        actor=users["focal"],
    )


def stored(bucket, key: str = KEY) -> bytes:
    return bucket.get_object(Bucket=bucket.bucket, Key=key)["Body"].read()


def keys(bucket) -> list[str]:
    listing = bucket.list_objects_v2(Bucket=bucket.bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def verify() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("evidence_verify", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_upload_and_download_go_through_the_object_store(demo, users, bucket, as_user, settings):
    assert type(storages["default"]).__name__ == "S3Storage"
    client = as_user("focal")
    response = client.post(
        reverse("evidence:library_upload", args=[demo.unit_id]),
        {"file": SimpleUploadedFile("bao-cao.pdf", DATA), "title": "Báo cáo"},
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert (version.blob, version.sha256, version.size) == (blobs.blob_name(SHA), SHA, len(DATA))
    assert keys(bucket) == [KEY]
    assert stored(bucket) == DATA
    assert not Path(settings.MEDIA_ROOT).exists()

    download = client.get(reverse("evidence:download", args=[version.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == DATA


def test_a_corrupted_object_is_reported_and_repaired_by_uploading_it_again(demo, users, bucket):
    first = upload(demo, users)
    bucket.put_object(Bucket=bucket.bucket, Key=KEY, Body=DATA[: len(DATA) // 2])

    out, error = verify()
    assert error is not None and error.returncode == 1
    assert out.splitlines()[0] == (
        f"Tệp hỏng {first.blob}: {vi(len(DATA) // 2)} byte, đúng ra {vi(len(DATA))} byte."
    )
    assert out.splitlines()[-1] == "Đã kiểm tra 1 tệp: 0 nguyên vẹn, 1 hỏng, 0 thiếu."

    second = upload(demo, users, title="Bản tải lại")
    assert second.blob == first.blob
    assert stored(bucket) == DATA
    assert keys(bucket) == [KEY]
    out, error = verify()
    assert error is None
    assert out == "Đã kiểm tra 1 tệp: 1 nguyên vẹn, 0 hỏng, 0 thiếu.\n"


def test_same_size_other_content_and_missing_objects_are_reported(demo, users, bucket):
    changed = upload(demo, users)
    gone = upload(demo, users, pdf_bytes("mất"), title="Quyết định")
    bucket.put_object(Bucket=bucket.bucket, Key=KEY, Body=b"\x00" * len(DATA))
    bucket.delete_object(Bucket=bucket.bucket, Key=f"{PREFIX}/{gone.blob}")

    out, error = verify()
    assert error is not None
    problems = [line for line in out.splitlines() if not line.startswith("  ")]
    assert sorted(problems[:-1]) == sorted(
        [
            f"Tệp hỏng {changed.blob}: nội dung khác mã SHA-256 đã ghi.",
            f"Thiếu tệp {gone.blob} (đúng ra {gone.size} byte).",
        ]
    )
    upload(demo, users)
    upload(demo, users, pdf_bytes("mất"))
    assert verify() == ("Đã kiểm tra 2 tệp: 2 nguyên vẹn, 0 hỏng, 0 thiếu.\n", None)


def test_an_intact_object_is_reused_not_uploaded_again(demo, users, bucket):
    upload(demo, users)
    before = bucket.head_object(Bucket=bucket.bucket, Key=KEY)["ETag"]
    bucket.put_object_tagging(
        Bucket=bucket.bucket, Key=KEY, Tagging={"TagSet": [{"Key": "seen", "Value": "1"}]}
    )
    upload(demo, users, title="Lần hai")
    tags = bucket.get_object_tagging(Bucket=bucket.bucket, Key=KEY)["TagSet"]
    assert tags == [{"Key": "seen", "Value": "1"}]  # a new PUT would have dropped the tag
    assert bucket.head_object(Bucket=bucket.bucket, Key=KEY)["ETag"] == before


def test_settings_switch_to_s3_by_environment_variables(tmp_path):
    show = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    base["PARINDEX_VAR"] = str(tmp_path)

    def default_storage(**env: str) -> dict:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", show],
            env={**base, **env},
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        return json.loads(result.stdout)

    assert default_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert default_storage(
        S3_BUCKET="parindex-evidence",
        S3_ENDPOINT_URL="https://s3.tinh.gov.vn",
        S3_PREFIX="/lao-cai/",
        **CREDENTIALS,
    ) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "parindex-evidence",
            "location": "lao-cai",
            "file_overwrite": True,
            "default_acl": None,
            "max_memory_size": 4 * 1024 * 1024,
            "endpoint_url": "https://s3.tinh.gov.vn",
            "access_key": "testing",
            "secret_key": "testing",
        },
    }
