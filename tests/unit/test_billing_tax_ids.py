"""CNPJ (numeric and the 2026 alphanumeric form) and CPF check digits; plans and what blocks a downgrade."""

from __future__ import annotations

import pytest

from poc_tracker.billing import plans, tax_ids
from poc_tracker.services.quotas import Usage


@pytest.mark.parametrize("value", ["11.222.333/0001-81", "11222333000181", "12.ABC.345/01DE-35", "12abc34501de35"])
def test_valid_cnpjs_pass(value: str) -> None:
    assert tax_ids.kind(value) == "br_cnpj"


@pytest.mark.parametrize("value", ["11.222.333/0001-82", "00.000.000/0000-00", "12.ABC.345/01DE-36", "1122233300018"])
def test_cnpjs_with_wrong_digits_or_length_fail(value: str) -> None:
    assert not tax_ids.is_cnpj(value)


def test_cpf_check_digits() -> None:
    assert tax_ids.kind("529.982.247-25") == "br_cpf"
    assert tax_ids.kind("529.982.247-24") == "" and tax_ids.kind("111.111.111-11") == ""


def test_tax_ids_are_formatted_as_stripe_expects() -> None:
    assert tax_ids.formatted("11222333000181") == "11.222.333/0001-81"
    assert tax_ids.formatted("52998224725") == "529.982.247-25"


def test_a_downgrade_names_what_to_remove() -> None:
    big = Usage("team", pocs=250, storage_bytes=(1 << 30) + 5, max_pocs=5000, max_storage_bytes=0, max_file_bytes=0)
    assert plans.downgrade_blockers(big, "basic") == {"pocs": 50, "storage_bytes": 5}
    assert plans.downgrade_blockers(big, "enterprise") == {}
