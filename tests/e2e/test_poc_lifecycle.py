"""Through the UI: a POC with files, edited twice, three versions, a diff, restore the first; star; collection."""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import sign_up

pytestmark = pytest.mark.e2e


def test_files_versions_diff_restore_star_and_collection(page, app_server, tmp_path):
    code = tmp_path / "main.py"
    code.write_text("def soma(a, b):\n    return a + b\n")
    (tmp_path / "README.md").write_text("# Calculadora\n")
    sign_up(page, app_server, f"l{int(time.time() * 1000) % 10**8}")
    page.goto(f"{app_server}/pocs/new")
    page.fill("input[name=name]", "Calculadora")
    page.click("button[type=submit]")
    page.wait_for_selector("#poc-name")
    page.wait_for_function("document.title === 'Calculadora · POC Tracker'")  # the tab names the POC

    page.click("role=tab[name=/Arquivos/]")
    page.set_input_files("#poc-upload input[type=file]", [str(code), str(tmp_path / "README.md")])
    page.click("text=Enviar arquivos")
    page.get_by_role("link", name="main.py").click()
    page.wait_for_selector("#file-viewer >> text=soma")  # highlighted source
    page.click("#close-viewer")

    code.write_text("def soma(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n")
    page.set_input_files("#poc-upload input[type=file]", [str(code)])
    page.click("text=Enviar arquivos")
    page.wait_for_selector("text=versão 3")

    page.click("role=tab[name=Histórico]")
    page.wait_for_selector("text=Ver diferenças")
    page.click("text=Ver diferenças")
    page.wait_for_selector("#diff-view >> text=def sub(a, b):")
    page.click("text=Restaurar >> nth=-1")  # the oldest version: the POC as created, with no files
    page.wait_for_selector("#restore-preview >> text=sem nenhum arquivo")  # it says so first
    page.click("#confirm-restore")
    page.wait_for_selector("text=versão 4")
    page.click("role=tab[name=/Arquivos/]")
    page.wait_for_selector("text=Nenhum arquivo ainda.")

    page.click("#star-button")
    page.wait_for_selector("#star-button >> text=Favorita")
    page.goto(f"{app_server}/collections")
    page.click("text=Nova coleção")
    page.fill("input[name=name]", "Matemática")
    page.click("button:has-text('Criar coleção')")
    page.wait_for_selector("#collection-name")
    page.goto(f"{app_server}/pocs")
    page.click("text=Calculadora >> visible=true")
    page.wait_for_selector("#poc-name")
    page.click("#collection-menu")
    page.click("role=menuitem[name='Matemática']")
    page.wait_for_selector("text=POC adicionada à coleção Matemática.")
    page.goto(f"{app_server}/collections")
    page.click("text=Matemática")
    page.wait_for_selector("#collection-name")
    page.wait_for_selector("text=Calculadora >> visible=true")
