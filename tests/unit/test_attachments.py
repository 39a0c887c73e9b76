"""Files attached to a step result: typed from their bytes, size-limited, SVG refused
whatever it holds, names stripped of every path trick; and the multipart body they come in."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from amoa_workflow.domain.attachments import (
    DEFAULT_POLICY,
    AttachmentPolicy,
    checked,
    neutral_name,
    new_files,
    sniff,
)
from amoa_workflow.errors import AttachmentRefused, UserError
from amoa_workflow.web.multipart import parse_multipart

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))  # CR LF and every byte kept
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SVG_POLICY = AttachmentPolicy(types=("image/png", "image/svg+xml", "text/plain"))


def keep(name: str, content: bytes, policy: AttachmentPolicy = DEFAULT_POLICY) -> str:
    return checked(policy, name, content, "f.feature::s", 1, "leroy", NOW).name


def refusal(name: str, content: bytes, policy: AttachmentPolicy = DEFAULT_POLICY) -> str:
    with pytest.raises(AttachmentRefused) as refused:
        checked(policy, name, content, "f.feature::s", 1, "leroy", NOW)
    return refused.value.reason


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        ("Net à payer : 1 234,56 €\n".encode(), "text/plain"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml"),
        (b"<html><script>alert(1)</script></html>", None),
        (b"  <!DOCTYPE html><p>x", None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows program
        (b"\x00\x01\x02binary", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(content: bytes, found: str | None) -> None:
    assert sniff(content) == found


def test_a_file_is_typed_by_its_content_not_its_name_and_kept_with_its_sha256() -> None:
    attachment = checked(AttachmentPolicy(), "bulletin.html", PNG, "f.feature::s", 2, "leroy", NOW)

    assert (attachment.name, attachment.media_type) == ("bulletin.png", "image/png")
    assert attachment.size == len(PNG)
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert refusal("capture.png", b"<html><body onload=alert(1)>") == "type"


def test_oversized_empty_and_not_allowed_files_are_refused() -> None:
    small = AttachmentPolicy(max_bytes=100)

    assert refusal("capture.png", PNG, small) == "too_large"
    assert keep("capture.png", PNG[:100], small) == "capture.png"
    assert refusal("vide.png", b"") == "empty"
    assert refusal("bulletin.pdf", b"%PDF-1.7\n", AttachmentPolicy(types=("image/png",))) == "type"


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b'<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        b"<svg><foreignObject><body xmlns='http://www.w3.org/1999/xhtml'></body></foreignObject></svg>",
        b'<svg><image href="http://evil.example/x.png"/></svg>',
        b'<svg><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
        # what a blocklist of active SVG let through:
        b'<svg><a><animate attributeName="href" values="&#106;avascript:alert(1)"/><text>x</text></a></svg>',
        b'<svg><rect width="9" height="9"><set attributeName="onmouseover" to="alert(1)"/></rect></svg>',
        b"<svg><style>@import url(//evil.example/x.css);</style></svg>",
        b'<svg><rect width="9" height="9" style="fill:url(https://evil.example/leak)"/></svg>',
    ],
)
def test_an_svg_is_refused_whatever_it_holds_even_where_a_policy_lists_it(svg: bytes) -> None:
    assert sniff(svg) == "image/svg+xml"
    assert refusal("schema.svg", svg, SVG_POLICY) == "svg"
    assert refusal("schema.svg", svg) == "svg"
    assert refusal("capture.png", svg) == "svg"  # whatever its name says


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd.txt"),
        ("..\\..\\Windows\\win.ini", "win.txt"),
        ("C:\\Users\\sophie\\Capture d'écran 2026-03-02.png", "Capture_d_ecran_2026-03-02.txt"),
        ("/var/www/html/.htaccess", "htaccess.txt"),
        ("...", "piece-jointe.txt"),
        ("", "piece-jointe.txt"),
        ("capture\x00.png", "capture.txt"),
        ("cap\u202egnp.exe", "capgnp.txt"),  # a right-to-left override turning the name around
        ("CON", "CON.txt"),
        ("a" * 300 + ".png", "a" * 76 + ".txt"),
        ("bulletin..pdf.exe", "bulletin.pdf.txt"),
    ],
)
def test_names_lose_every_path_trick_and_take_the_extension_of_their_content(given: str, kept: str) -> None:
    name = neutral_name(given, "text/plain")

    assert name == kept
    assert "/" not in name and "\\" not in name and ".." not in name and not name.startswith(".")


def test_a_multipart_body_gives_its_fields_and_files_byte_for_byte() -> None:
    boundary = "----amoa7MA4YWxkTrZu0gW"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="s-1-comment"\r\n\r\nnet illisible\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="s-1-file"; filename="../écran.png"\r\n'
            "Content-Type: text/html\r\n\r\n"
        ).encode()
        + PNG
        + (
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="s-2-file"; filename=""\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"
        ).encode()
    )

    sent = parse_multipart(body, f"multipart/form-data; boundary={boundary}")

    assert sent.fields == {"csrf": "abc", "s-1-comment": "net illisible"}
    [upload] = sent.uploads  # the empty file input is no file
    assert (upload.field, upload.filename, upload.declared_type) == ("s-1-file", "../écran.png", "text/html")
    assert upload.content == PNG
    assert parse_multipart(body[:-10], f"multipart/form-data; boundary={boundary}").fields == {}
    assert parse_multipart(body, "multipart/form-data").fields == {}  # no boundary


def test_a_refused_file_is_a_user_error_said_in_french_and_english() -> None:
    with pytest.raises(UserError) as refused:
        checked(DEFAULT_POLICY, "../écran.svg", b"<svg></svg>", "f.feature::s", 1, "leroy", NOW)

    assert isinstance(refused.value, AttachmentRefused) and refused.value.reason == "svg"
    assert refused.value.render("fr").startswith("pièce jointe ecran refusée : image SVG")
    assert refused.value.render("en").startswith("attachment ecran refused: SVG image")


def test_a_file_already_on_its_step_is_kept_once_and_a_tester_keeps_up_to_the_quota() -> None:
    policy = AttachmentPolicy(max_per_tester=2)
    first = checked(policy, "a.png", PNG, "f.feature::s", 1, "leroy", NOW)
    same_step_again = checked(policy, "b.png", PNG, "f.feature::s", 1, "leroy", NOW)
    other_step = checked(policy, "c.png", PNG, "f.feature::s", 2, "leroy", NOW)
    someone_elses = checked(policy, "d.png", PNG + b"d", "f.feature::t", 1, "benali", NOW)

    assert new_files(policy, [someone_elses], [first, same_step_again, other_step], "leroy") == [0, 2]
    with pytest.raises(AttachmentRefused) as refused:
        new_files(policy, [first, other_step], [checked(policy, "e.png", PNG + b"e", "f.feature::s", 3,
                                                        "leroy", NOW)], "leroy")  # fmt: skip
    assert refused.value.reason == "quota" and "at most 2 files" in refused.value.render("en")
