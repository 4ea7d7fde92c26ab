"""renovation's rules stay pure: no database, web framework or broker, and no clock (times are passed in)."""
from pathlib import Path

from kefulib.testing.domain_purity import impurities

DOMAIN = Path(__file__).resolve().parents[2] / "renovation" / "domain"


def test_no_domain_module_imports_io_or_reads_the_clock():
    assert impurities(DOMAIN) == []
