"""Secrets of apprise URLs never shown: every shape of secret, in URLs we show and in log records."""

from __future__ import annotations

import logging

import pytest

from amoa_workflow.redaction import LogRedaction, mask_url, redact, secrets_of

SHAPES = {
    # url: the secrets it holds
    "mailtos://recette:pw-Secret1@smtp.example.org:587?from=a@example.org&to=b@example.org": ["pw-Secret1"],
    "json://127.0.0.1:8080/hooks/tok-Secret2": ["tok-Secret2"],
    "json://127.0.0.1:8080/hook?+X-Api-Key=hdr-Secret3&+Authorization=Bearer%20hdr-Secret4": [
        "hdr-Secret3",
        "Bearer hdr-Secret4",
        "Bearer%20hdr-Secret4",
    ],
    "jsons://example.org/hook?-token=get-Secret5&:password=body-Secret6": ["get-Secret5", "body-Secret6"],
    "xml://example.org/x?apikey=qs-Secret7&format=html": ["qs-Secret7"],
    "tgram://123456789:bot-Secret8/987654321": ["123456789:bot-Secret8", "bot-Secret8"],
    "discord://webhook-id-Secret9/webhook-token-Secret10": ["webhook-id-Secret9", "webhook-token-Secret10"],
    "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnl-Secret11/#general": ["TIiajkdnl-Secret11"],
}


@pytest.mark.parametrize("url", SHAPES)
def test_every_secret_of_a_url_is_found(url: str) -> None:
    found = secrets_of(url)

    for secret in SHAPES[url]:
        assert secret in found
    text = f"POST {url} failed; header {SHAPES[url][0]}"
    assert not any(secret in redact(text, found) for secret in SHAPES[url])


@pytest.mark.parametrize("url", SHAPES)
def test_a_masked_url_shows_no_secret(url: str) -> None:
    shown = mask_url(url)

    assert "***" in shown
    assert not any(secret in shown for secret in SHAPES[url])


def test_a_masked_url_keeps_the_scheme_and_the_server_when_they_are_not_tokens() -> None:
    assert mask_url("json://127.0.0.1:8080/hooks/tok") == "json://127.0.0.1:8080/***"
    assert mask_url("mailto://user:pw@smtp.example.org") == "mailto://smtp.example.org/***"
    assert mask_url("mailto://smtp.example.org") == "mailto://smtp.example.org"
    assert mask_url("tgram://123:abc/456") == "tgram://***"
    assert mask_url("not a url") == "***"


def test_settings_in_the_query_string_are_not_taken_for_secrets() -> None:
    found = secrets_of("mailto://127.0.0.1:2525?from=recette@example.org&to=dupont@example.org&format=html")

    assert not {"recette@example.org", "dupont@example.org", "html"} & found


def test_while_a_channel_is_in_use_log_records_of_any_logger_are_redacted_message_arguments_and_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    redaction = LogRedaction()
    previous = logging.getLogRecordFactory()
    caplog.set_level(logging.DEBUG)
    try:
        with redaction.hiding(secrets_of("json://127.0.0.1:9/hooks/tok-Secret2?+X-Api-Key=hdr-Secret3")):
            logging.getLogger("urllib3.connectionpool").debug('"POST %s HTTP/1.1" 200', "/hooks/tok-Secret2")
            logging.getLogger("apprise").warning("headers: {'X-Api-Key': 'hdr-Secret3'}")
            try:
                raise ConnectionError("Max retries exceeded with url: /hooks/tok-Secret2")
            except ConnectionError:
                logging.getLogger("anything").exception("sending failed")
        logging.getLogger("anything").info("later, the hooks are left alone")
    finally:
        logging.setLogRecordFactory(previous)

    assert "tok-Secret2" not in caplog.text and "hdr-Secret3" not in caplog.text
    assert '"POST /***/*** HTTP/1.1"' in caplog.text and "{'X-Api-Key': '***'}" in caplog.text
    assert "Max retries exceeded with url: /***/***" in caplog.text
    assert "later, the hooks are left alone" in caplog.text
