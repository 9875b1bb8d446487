"""Brand checks: WCAG contrast refused in pt-BR, shipped fonts only, logos rasterised offline."""

from __future__ import annotations

import io
import socket
import threading

import pytest
from PIL import Image

from poc_tracker.errors import Invalid
from poc_tracker.video.branding import check_colours, check_font, rasterise_logo
from poc_tracker.video.colors import contrast, parse_hex


def test_contrast_ratio_matches_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast(parse_hex("#777"), parse_hex("#fff")) == pytest.approx(4.48, abs=0.01)


def test_a_low_contrast_pair_is_refused_with_a_clear_portuguese_message():
    with pytest.raises(Invalid) as err:
        check_colours("#777777", "#ffffff")
    assert err.value.code == "low_contrast" and err.value.details["ratio"] == 4.48
    message = err.value.localized("pt_BR")
    assert "contraste de 4,48:1" in message and "mínimo de 4,5:1" in message
    with pytest.raises(Invalid) as err:
        check_colours("#777777", "#ffffff", "en")
    assert "contrast of 4.48:1" in err.value.localized("en")
    assert check_colours("#5b21b6", "#ffffff") == ((91, 33, 182), (255, 255, 255))


def test_colours_must_be_hex_and_fonts_must_be_shipped():
    with pytest.raises(Invalid):
        check_colours("red", "#fff")
    with pytest.raises(Invalid):
        check_font("Comic Sans")
    assert check_font("noto-serif") == "noto-serif"


def _listener() -> tuple[socket.socket, list[int]]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.settimeout(1.5)
    hits: list[int] = []

    def accept() -> None:
        try:
            conn, _ = srv.accept()
            hits.append(1)
            conn.close()
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    return srv, hits


def test_an_svg_logo_is_rasterised_without_fetching_anything():
    srv, hits = _listener()
    port = srv.getsockname()[1]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100">'
        '<rect width="200" height="100" fill="#00aa77"/>'
        f'<image xlink:href="http://127.0.0.1:{port}/track.png" width="50" height="50"/>'
        '<image href="file:///etc/passwd" width="50" height="50"/></svg>'
    ).encode()
    png = rasterise_logo(svg, "logo.svg")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (512, 256)
    assert image.convert("RGB").getpixel((400, 200)) == (0, 170, 119)
    threading.Event().wait(0.3)
    srv.close()
    assert hits == []


def test_xml_entities_and_non_images_are_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    with pytest.raises(Invalid) as err:
        rasterise_logo(evil, "logo.svg")
    assert err.value.code == "invalid_logo"
    with pytest.raises(Invalid):
        rasterise_logo(b"GIF89a....", "logo.gif")
    with pytest.raises(Invalid):
        rasterise_logo(b"x" * (1 << 20 + 1), "logo.png")


def test_a_png_logo_is_bounded():
    buf = io.BytesIO()
    Image.new("RGBA", (2000, 500), (10, 20, 30, 255)).save(buf, "PNG")
    image = Image.open(io.BytesIO(rasterise_logo(buf.getvalue(), "logo.png")))
    assert image.size == (512, 128)
