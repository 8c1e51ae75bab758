"""Requests built and answers read for each service, from their published shapes.

Shapes:

- EU EORI validation (EOS, SOAP 1.1, namespace ``http://eori.ws.eos.dds.s/``):
  ``validateEORI`` with one qualified ``eori`` child a number (at most 10);
  the answer ``validateEORIResponse/return`` holds ``requestDate`` and one
  ``result`` a number (``eori``, ``status`` 0 valid / 1 not valid,
  ``statusDescr``, and where published ``name``, ``street``, ``postalCode``,
  ``city``, ``country``). Source: the service's WSDL, as used by
  OpenDPP/opendpp-interop ``packages/eori/src/soap.ts`` and the captured
  answer in annuaire-entreprises-data-gouv-fr/site ``clients/eori/index.ts``.
- EU AEO consultation (EOS ``aeo-retrieve``, namespace ``http://aeo.ws.eos.dds.s/``):
  ``retrieveAEO/aeoRequestType`` with qualified ``authorisationHolderName``,
  ``issuingCountry`` and the required ``authorisationType``; the answer
  ``retrieveAEOResponse/return`` holds ``requestDate`` and a ``result`` an
  authorisation (``authorisationHolderName``, ``issuingCountry`` as a country
  *name*, ``competentCustomsAuthority``, ``authorisation.type``,
  ``effectiveDate`` as DD/MM/YYYY); no ``result`` means nothing listed.
  Source: OpenDPP/opendpp-interop ``packages/aeo/src/soap.ts`` and its live
  captures in ``packages/aeo/test/soap.test.ts``.
- HMRC check EORI number (REST/JSON): POST ``{"eoris": [...]}`` (1 to 10
  numbers matching ``^GB[0-9]{12,15}$``) to
  ``/customs/eori/lookup/check-multiple-eori``; the answer is an array of
  ``{eori, valid, companyDetails?: {traderName, address: {streetAndNumber,
  cityName, postcode}}, processingDate}``. Source: hmrc/check-eori-number-api
  ``public/api/conf/1.0/application.yaml`` and its examples.

XML is read with defusedxml: a DTD, entity declarations and external
references are refused, whatever their size.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape

import attrs
import cattrs
import defusedxml
import defusedxml.ElementTree

from ctpat import _json
from ctpat._dates import iso_or_none
from ctpat.evidence import AeoAuthorisation, Evidence, Finding, OfficialService
from ctpat.identifiers import aeo
from ctpat.online.errors import MalformedAnswer, ServiceError

__all__ = [
    "aeo_request",
    "eu_eori_request",
    "hmrc_request",
    "is_client_fault",
    "read_aeo",
    "read_eu_eori",
    "read_hmrc",
]

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
EORI_NS = "http://eori.ws.eos.dds.s/"
AEO_NS = "http://aeo.ws.eos.dds.s/"
_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})", re.ASCII)


def _envelope(ns: str, body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_NS}" xmlns:s="{ns}">'
        f"<soapenv:Header/><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    ).encode()


def eu_eori_request(numbers: Sequence[str]) -> bytes:
    """The ``validateEORI`` envelope for up to 10 numbers."""
    items = "".join(f"<s:eori>{escape(n)}</s:eori>" for n in numbers)
    return _envelope(EORI_NS, f"<s:validateEORI>{items}</s:validateEORI>")


def aeo_request(number: str) -> bytes:
    """The ``retrieveAEO`` envelope asking for ``number`` at every type, in its country."""
    types = "".join(f"<s:authorisationType>{t}</s:authorisationType>" for t in aeo.TYPES)
    criteria = (
        f"<s:authorisationHolderName>{escape(number)}</s:authorisationHolderName>"
        f"<s:issuingCountry>{escape(aeo.country(number))}</s:issuingCountry>{types}"
    )
    return _envelope(
        AEO_NS, f"<s:retrieveAEO><s:aeoRequestType>{criteria}</s:aeoRequestType></s:retrieveAEO>"
    )


def hmrc_request(numbers: Sequence[str]) -> bytes:
    """The JSON body for HMRC's check-multiple-eori endpoint."""
    return json.dumps({"eoris": list(numbers)}).encode()


# -- XML ------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(parent: Element, name: str) -> Element | None:
    for child in parent:
        if _local(child.tag) == name:
            return child
    return None


def _children(parent: Element, name: str) -> list[Element]:
    return [child for child in parent if _local(child.tag) == name]


def _text(parent: Element, name: str) -> str | None:
    child = _child(parent, name)
    if child is None or child.text is None:
        return None
    text = " ".join(child.text.split())
    return text or None


def _fields(element: Element) -> dict[str, str]:
    """The element's children's texts by local name, whitespace collapsed, empty ones left out."""
    fields: dict[str, str] = {}
    for child in element:
        text = " ".join((child.text or "").split())
        if text:
            fields.setdefault(_local(child.tag), text)
    return fields


def _xml(service: OfficialService, content: bytes) -> Element:
    try:
        root: Element = defusedxml.ElementTree.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as err:
        raise MalformedAnswer(service, f"forbidden XML construct ({type(err).__name__})") from None
    except ParseError as err:
        raise MalformedAnswer(service, f"not well-formed XML ({err})") from None
    except LookupError as err:
        # expat asks the codecs registry for the encoding the XML declaration names.
        raise MalformedAnswer(service, f"an unknown XML encoding ({err})") from None
    return root


def is_client_fault(content: bytes) -> bool:
    """Whether an HTTP 500's body is a SOAP fault blaming the request (not to be retried)."""
    try:
        root = _xml(OfficialService.EU_EORI, content)
    except MalformedAnswer:
        return False
    body = _child(root, "Body")
    fault = _child(body, "Fault") if body is not None else None
    code = _text(fault, "faultcode") if fault is not None else None
    return code is not None and code.rpartition(":")[2] == "Client"


def _response(service: OfficialService, content: bytes, wrapper: str) -> Element:
    root = _xml(service, content)
    if root.tag != f"{{{SOAP_NS}}}Envelope":
        raise MalformedAnswer(service, f"not a SOAP envelope (root element {_local(root.tag)!r})")
    body = _child(root, "Body")
    if body is None:
        raise MalformedAnswer(service, "the SOAP envelope has no Body")
    fault = _child(body, "Fault")
    if fault is not None:
        message = _text(fault, "faultstring") or "no faultstring"
        raise ServiceError(service, f"SOAP fault {_text(fault, 'faultcode') or ''}: {message}")
    response = _child(body, wrapper)
    answer = _child(response, "return") if response is not None else None
    if answer is None:
        raise MalformedAnswer(service, f"no {wrapper}/return in the SOAP body")
    return answer


def _date(service: OfficialService, field: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    match = _DMY.fullmatch(text)
    # The services write DD/MM/YYYY; read as YYYY-MM-DD it is the one date reader's.
    day = iso_or_none(f"{match[3]}-{match[2]}-{match[1]}" if match else text)
    if day is not None:
        return day
    raise MalformedAnswer(service, f"{field} {text!r} is not a date (DD/MM/YYYY)")


def _address(*parts: str | None) -> str | None:
    text = ", ".join(" ".join(part.split()) for part in parts if part and part.strip())
    return text or None


def _asked(service: OfficialService, number: str, asked: Sequence[str]) -> str:
    """``number`` if it was asked; else the whole answer is unreadable
    (:class:`MalformedAnswer`): it cannot be told which question it answers."""
    if number not in asked:
        raise MalformedAnswer(
            service, f"it answered about {number!r}, which was not asked ({', '.join(asked)})"
        )
    return number


def _by_number(
    service: OfficialService, answers: Iterable[Evidence], checked_at: dt.datetime
) -> dict[str, Evidence]:
    """The answers by number: the one rule for an answer that lists a number twice.

    Each record's number was asked (see :func:`_asked`). A number answered
    twice alike counts once; answered twice differently ("not valid", then
    "valid"), the service contradicted itself and the number is
    ``unavailable``, with the reason: never the more favourable answer, never
    the later one.
    """
    found: dict[str, Evidence] = {}
    contradicted: dict[str, list[Evidence]] = {}
    for record in answers:
        number = record.query
        if number in contradicted:
            contradicted[number].append(record)
        elif number not in found or found[number] == record:
            found[number] = record
        else:
            contradicted[number] = [found[number], record]
    for number, records in contradicted.items():
        findings = [record.finding.value for record in records]
        said = (
            ", then ".join(findings)
            if len(set(findings)) > 1
            else f"{findings[0]} each time, with different details"
        )
        found[number] = Evidence(
            service,
            number,
            Finding.UNAVAILABLE,
            checked_at=checked_at,
            reason=f"contradictory answer: it answered about {number} {len(records)} times "
            f"and the answers differ ({said})",
        )
    return found


def read_eu_eori(
    content: bytes, asked: Sequence[str], checked_at: dt.datetime
) -> dict[str, Evidence]:
    """The evidence in a ``validateEORIResponse``, by number.

    Raises :class:`~ctpat.online.errors.MalformedAnswer` for anything but the
    documented shape, :class:`~ctpat.online.errors.ServiceError` for a fault.
    """
    service = OfficialService.EU_EORI
    answer = _response(service, content, "validateEORIResponse")
    request_date = _date(service, "requestDate", _text(answer, "requestDate"))
    return _by_number(
        service,
        (
            _eu_eori_result(_fields(result), asked, checked_at, request_date)
            for result in _children(answer, "result")
        ),
        checked_at,
    )


def _eu_eori_result(
    fields: dict[str, str],
    asked: Sequence[str],
    checked_at: dt.datetime,
    request_date: dt.date | None,
) -> Evidence:
    service = OfficialService.EU_EORI
    number = _asked(service, "".join(fields.get("eori", "").split()).upper(), asked)
    status = fields.get("status")
    if status == "0":
        finding = Finding.REGISTERED
    elif status == "1":
        finding = Finding.NOT_REGISTERED
    else:
        raise MalformedAnswer(service, f"status {status!r} for {number} is not 0 or 1")
    registered = finding is Finding.REGISTERED
    city = " ".join(p for p in (fields.get("postalCode"), fields.get("city")) if p)
    return Evidence(
        service,
        number,
        finding,
        checked_at=checked_at,
        request_date=request_date,
        name=fields.get("name") if registered else None,
        address=_address(
            fields.get("street") or fields.get("address"), city, fields.get("country")
        )
        if registered
        else None,
    )


def read_aeo(content: bytes, number: str, checked_at: dt.datetime) -> Evidence:
    """The evidence in a ``retrieveAEOResponse`` for ``number``.

    Raises :class:`~ctpat.online.errors.MalformedAnswer` or
    :class:`~ctpat.online.errors.ServiceError` as :func:`read_eu_eori` does.
    """
    service = OfficialService.EU_AEO
    answer = _response(service, content, "retrieveAEOResponse")
    request_date = _date(service, "requestDate", _text(answer, "requestDate"))
    found = []
    for result in _children(answer, "result"):
        fields = _fields(result)
        kind = fields.get("authorisation.type")
        if kind not in aeo.TYPES:
            raise MalformedAnswer(
                service, f"authorisation.type {kind!r} is not AEOC, AEOS or AEOF"
            )
        found.append(
            AeoAuthorisation(
                kind,
                holder=fields.get("authorisationHolderName"),
                issuing_country=fields.get("issuingCountry"),
                authority=fields.get("competentCustomsAuthority"),
                effective_on=_date(service, "effectiveDate", fields.get("effectiveDate")),
            )
        )
    return Evidence(
        service,
        number,
        Finding.AEO_FOUND if found else Finding.AEO_NOT_LISTED,
        checked_at=checked_at,
        request_date=request_date,
        authorisations=tuple(found),
    )


# -- JSON -----------------------------------------------------------------------------


@attrs.frozen
class _HmrcAddress:
    streetAndNumber: str
    cityName: str
    postcode: str


@attrs.frozen
class _HmrcCompany:
    traderName: str
    address: _HmrcAddress


@attrs.frozen
class _HmrcResult:
    eori: str
    valid: bool
    processingDate: str
    companyDetails: _HmrcCompany | None = None


def _strict(value: Any, cls: type[Any]) -> Any:
    if type(value) is not cls:
        raise TypeError(f"expected {cls.__name__}, got {type(value).__name__}")
    return value


_hmrc = cattrs.Converter(detailed_validation=True)
_hmrc.register_structure_hook(str, _strict)
_hmrc.register_structure_hook(bool, _strict)


def _hmrc_json(content: bytes) -> Any:
    """HMRC's answer decoded as JSON: the one place it is decoded, so that the
    one JSON decoder policy of ctpat applies to it; :class:`MalformedAnswer` if
    it is not JSON."""
    try:
        return _json.loads(content)
    except (UnicodeDecodeError, ValueError) as err:
        raise MalformedAnswer(OfficialService.HMRC_EORI, f"not JSON ({err})") from None


def read_hmrc(
    content: bytes, asked: Sequence[str], checked_at: dt.datetime
) -> dict[str, Evidence]:
    """The evidence in HMRC's answer, by number; :class:`MalformedAnswer` if it is not the documented shape."""
    service = OfficialService.HMRC_EORI
    data = _hmrc_json(content)
    if type(data) is not list:
        raise MalformedAnswer(service, f"expected a JSON array, got {type(data).__name__}")
    try:
        results = _hmrc.structure(data, list[_HmrcResult])
    except cattrs.BaseValidationError as err:
        raise MalformedAnswer(service, "; ".join(cattrs.transform_error(err))) from None
    return _by_number(
        service, (_hmrc_result(result, asked, checked_at) for result in results), checked_at
    )


def _hmrc_result(result: _HmrcResult, asked: Sequence[str], checked_at: dt.datetime) -> Evidence:
    service = OfficialService.HMRC_EORI
    number = _asked(service, result.eori, asked)
    try:
        processed = dt.datetime.fromisoformat(result.processingDate.replace("Z", "+00:00"))
    except ValueError:
        raise MalformedAnswer(
            service, f"processingDate {result.processingDate!r} is not an ISO date and time"
        ) from None
    company = result.companyDetails if result.valid else None
    return Evidence(
        service,
        number,
        Finding.REGISTERED if result.valid else Finding.NOT_REGISTERED,
        checked_at=checked_at,
        request_date=processed.date(),
        name=(" ".join(company.traderName.split()) or None) if company else None,
        address=_address(
            company.address.streetAndNumber, company.address.postcode, company.address.cityName
        )
        if company
        else None,
    )
