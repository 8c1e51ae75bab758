"""Write examples/suppliers.csv and examples/suppliers.xlsx: a supplier export as teams keep it.

The companies are synthetic. The CSV has what such exports have: a UTF-8
byte-order mark, CRLF line ends, headers of its own, country names, programs as
people write them, US-style dates and a status column. The workbook holds the
same rows with real date cells on a sheet named "Suppliers". Run it again after
editing ROWS: ``python examples/make_suppliers.py`` (the workbook needs openpyxl).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = [
    "Supplier Name",
    "Country",
    "Certification Program",
    "Cert Number",
    "Certified Since",
    "Status",
    "Buyer",
]

#: name, country, program, certificate number, certified since (m/d/Y), status, buyer
ROWS = [
    (
        "Rhein Werkzeug GmbH",
        "Germany",
        "EU AEO (AEOS)",
        "DEAEOS2017001",
        "03/01/2017",
        "Certified",
        "K. Lang",
    ),
    ("Lyon Textiles SA", "France", "AEO-C", "FRAEOC2018045", "05/02/2018", "Certified", "M. Roux"),
    (
        "Basel Pharma AG",
        "Switzerland",
        "AEO Switzerland",
        "CHAEO2014112",
        "11/20/2014",
        "Active",
        "K. Lang",
    ),
    (
        "Hanil Precision Co.",
        "Korea, Republic of",
        "AEO Korea AAA",
        "KR-AAA-0931",
        "02/08/2024",
        "Certified",
        "J. Park",
    ),
    (
        "Busan Marine Parts",
        "South Korea",
        "AEO Korea AA",
        "KR-AA-1177",
        "07/14/2022",
        "Suspended",
        "J. Park",
    ),
    ("Toronto Freight Ltd", "CA", "PIP", "PIP-55120", "09/30/2016", "Certified", "D. Smith"),
    (
        "Maple Leaf Packaging",
        "Canada",
        "Partners in Protection",
        "PIP-60311",
        "01/11/2015",
        "Expired",
        "D. Smith",
    ),
    (
        "Gulf Coast Imports LLC",
        "United States",
        "C-TPAT",
        "CT-4471-0092",
        "06/03/2012",
        "Certified",
        "A. Brown",
    ),
    (
        "Lone Star Logistics",
        "US",
        "Customs-Trade Partnership Against Terrorism",
        "CT-5512-3310",
        "10/21/2018",
        "Revoked",
        "A. Brown",
    ),
    (
        "Istanbul Dokuma AS",
        "Türkiye",
        "AEO Turkey",
        "TRAEO-88120",
        "04/17/2020",
        "Certified",
        "M. Roux",
    ),
    ("Saigon Furniture JSC", "Viet Nam", "VN-AEO", "", "", "Pending", "J. Park"),
    (
        "Midlands Castings Ltd",
        "UK",
        "UK AEO AEOF",
        "GBAEOF2021777",
        "03/15/2021",
        "Certified",
        "K. Lang",
    ),
    (
        "Porto Cork Lda",
        "Portugal",
        "EU AEO (AEOF)",
        "PTAEOF2019020",
        "08/08/2019",
        "Certified",
        "M. Roux",
    ),
    (
        "Monterrey Steel SA de CV",
        "Mexico",
        "OEA Mexico",
        "OEA-MX-20877",
        "02/28/2018",
        "",
        "A. Brown",
    ),
    ("Quiet Supplier Ltd", "Ireland", "None", "", "", "", "K. Lang"),
    ("Shenzhen Bright Electronics", "China", "N/A", "", "", "", "J. Park"),
]


def write_csv() -> None:
    with open(HERE / "suppliers.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(ROWS)


def write_xlsx() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Suppliers"
    sheet.append(HEADER)
    for row in ROWS:
        since = dt.datetime.strptime(row[4], "%m/%d/%Y") if row[4] else None
        sheet.append([*row[:4], since, *row[5:]])
        if since is not None:
            sheet.cell(sheet.max_row, 5).number_format = "mm/dd/yyyy"
    notes = book.create_sheet("Notes")
    notes.append(["Exported from the purchasing system on 01/10/2026."])
    book.save(HERE / "suppliers.xlsx")


if __name__ == "__main__":
    write_csv()
    write_xlsx()
