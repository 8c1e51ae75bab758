"""Ask the official services about partners' numbers (the optional ``ctpat[online]`` part).

Clients for the European Commission's EORI validation and AEO consultation
(EOS, SOAP) and HMRC's "Check an EORI number" API (REST/JSON), behind one
small interface, :class:`Checker`: check EORI numbers, find AEO
authorisations. Each answer is a :class:`ctpat.evidence.Evidence` record;
:func:`ctpat.evidence.weigh` adds it to a verdict. Only the numbers passed
are sent, and nothing is sent unless a client is asked.

``import ctpat`` never imports this package; it needs ``httpx`` and
``defusedxml`` (``pip install 'ctpat[online]'``).

>>> from ctpat.online import OfficialServices, Policy
>>> OfficialServices(policy=Policy(timeout=5.0)).eu_eori.url
'https://ec.europa.eu/taxation_customs/dds2/eos/validation/services/validation'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

try:
    import defusedxml  # noqa: F401 (checked here to name the extra)
    import httpx  # noqa: F401
except ImportError as err:  # pragma: no cover - exercised without the extra installed
    raise ImportError(
        f"ctpat.online needs the optional dependencies: pip install 'ctpat[online]' ({err})"
    ) from err

from ctpat.online._http import DECODE_STEP, ENCODINGS, MAX_TIMEOUT, ExpiringCache, Policy, Timing
from ctpat.online.clients import (
    EU_AEO_URL,
    EU_EORI_URL,
    HMRC_EORI_URL,
    Checker,
    EuAeoClient,
    EuEoriClient,
    HmrcEoriClient,
    OfficialServices,
    Progress,
)
from ctpat.online.errors import MalformedAnswer, ServiceError, ServiceUnavailable

__all__ = [
    "DECODE_STEP",
    "ENCODINGS",
    "EU_AEO_URL",
    "EU_EORI_URL",
    "HMRC_EORI_URL",
    "MAX_TIMEOUT",
    "Checker",
    "EuAeoClient",
    "EuEoriClient",
    "ExpiringCache",
    "HmrcEoriClient",
    "MalformedAnswer",
    "OfficialServices",
    "Policy",
    "Progress",
    "ServiceError",
    "ServiceUnavailable",
    "Timing",
]
