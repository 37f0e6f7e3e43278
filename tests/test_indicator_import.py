"""Uploading indicator figures from a spreadsheet: Wirral Council sends its child protection
and early help figures, Merseyside Police its missing episodes, in a CSV or an XLSX; a file with
anything wrong is refused whole, row by row, and nothing is saved."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import services
from performance.imports import EXAMPLE, parse_number, parse_period
from performance.models import (
    Benchmark,
    BenchmarkKind,
    Dimension,
    Frequency,
    IndicatorValue,
    Polarity,
    SubmittedVia,
    Theme,
    Unit,
    ValueStatus,
)

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
HEADER = ["Indicator", "Period", "Breakdown", "Value"]
AGES = ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17"]


@dataclass
class Dataset:
    cp3: object  # council, monthly percentage, by age band
    eh1: object  # council, quarterly count
    wf2: object  # council, annual percentage
    pp1: object  # police, monthly count
    pp2: object  # police, quarterly days


def build_dataset(cast) -> Dataset:
    """The Improvement Board's core dataset, in part: three council indicators (the codes of
    the documented example) and two police ones."""
    protection = Theme.objects.create(board=cast.board, name="Child protection", position=1)
    early_help = Theme.objects.create(board=cast.board, name="Early help", position=2)

    def indicator(code, name, theme, unit, frequency, agency, breakdowns=()):
        return services.indicator_create(
            board=cast.board, theme=theme, code=code, name=name,
            definition=f"{name}: the count at the end of the period.", source="Liquidlogic",
            unit=unit, polarity=Polarity.LOWER_IS_BETTER, frequency=frequency,
            owning_agency=agency, breakdowns=breakdowns)

    return Dataset(
        cp3=indicator("CP3", "Children on a plan for a second or subsequent time", protection,
                      Unit.PERCENTAGE, Frequency.MONTHLY, cast.council,
                      [(Dimension.AGE_BAND, label) for label in AGES]),
        eh1=indicator("EH1", "Early help assessments started", early_help, Unit.COUNT,
                      Frequency.QUARTERLY, cast.council),
        wf2=indicator("WF2", "Social worker vacancy rate", protection, Unit.PERCENTAGE,
                      Frequency.ANNUAL, cast.council),
        pp1=indicator("PP1", "Missing episodes reported to the police", protection,
                      Unit.COUNT, Frequency.MONTHLY, cast.police),
        pp2=indicator("PP2", "Days from referral to strategy discussion", protection,
                      Unit.DAYS, Frequency.QUARTERLY, cast.police),
    )


@pytest.fixture
def data(cast):
    return build_dataset(cast)


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client, board, name, content, **fields):
    return client.post(reverse("performance:import", args=[board.pk]),
                       {"file": SimpleUploadedFile(name, content), **fields})


def problems_of(response):
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


def flash(response):
    """The messages of the request (with any left unshown from the one before)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def figures():
    return {(v.indicator.code, v.period, v.breakdown.label if v.breakdown else None): v
            for v in IndicatorValue.objects.select_related("indicator", "breakdown")}


def publish(cast, indicator, period, value, by):
    """A figure through the whole pipeline: submitted, validated by the manager, published."""
    result = services.values_submit(by=by, entries=[services.Entry(
        indicator=indicator, period=period, breakdown=None, value=Decimal(value))])
    services.values_validate(by=cast.manager, values=result.values)
    services.values_publish(by=cast.manager, values=result.values)
    return IndicatorValue.objects.get(pk=result.values[0].pk)


# --- A good file -----------------------------------------------------------------------------


def test_the_police_csv_lands_as_submitted_figures_signed_by_the_officer(cast, data,
                                                                          client_for):
    rows = [HEADER,
            ["PP1", "2017-01", "", "112"],
            ["pp1", "2017-02-01", "", "1,116"],      # capitals and thousands
            [" PP1 ", "March 2017", "", "97"],       # as Excel writes a month back
            ["PP2", "2017-01", "", "4.5"]]           # Q4 2016-17
    response = upload(client_for(cast.partner), cast.board, "police.csv", csv_bytes(rows))

    # An agency cannot validate, so it is shown its figures waiting in the entry grid.
    assert response.status_code == 302, problems_of(response)
    assert response.url == reverse("performance:enter", args=[cast.board.pk])
    assert flash(response) == ["4 values submitted for validation."]
    saved = figures()
    assert {key: v.value for key, v in saved.items()} == {
        ("PP1", date(2017, 1, 1), None): Decimal("112"),
        ("PP1", date(2017, 2, 1), None): Decimal("1116"),
        ("PP1", date(2017, 3, 1), None): Decimal("97"),
        ("PP2", date(2017, 1, 1), None): Decimal("4.5"),
    }
    for value in saved.values():
        assert value.status == ValueStatus.SUBMITTED
        assert value.via == SubmittedVia.UPLOAD
        assert value.submitted_by == cast.partner
        assert value.corrects is None


def test_the_council_xlsx_with_date_cells_percentages_and_breakdowns(cast, data, client_for):
    """As a business manager keeps it: a title above the header, date cells, percentage cells
    (which Excel stores as 0.051), numbers as numbers and the columns in its own order."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Wirral core dataset – March 2017"])
    sheet.append(["value", "BREAKDOWN", "indicator ", "Period", "Notes"])
    sheet.append([0.051, None, "CP3", date(2017, 3, 1), "total"])
    sheet.append(["7.2%", "under 1", "CP3", date(2017, 3, 1), None])
    sheet.append([4.9, "1 TO 4", "CP3", "2017-03", None])
    sheet.append([None, None, None, None, None])          # a blank row is skipped
    sheet.append([1116, None, "EH1", date(2017, 1, 1), None])
    sheet.append([0.17500000000000002, None, "WF2", "2016-04", None])  # a formula's noise
    sheet["A3"].number_format = "0.0%"
    sheet["A8"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client_for(cast.manager), cast.board, "Core dataset.xlsx",
                      buffer.getvalue())

    assert response.status_code == 302, problems_of(response)
    assert response.url == reverse("performance:validate", args=[cast.board.pk])
    assert flash(response) == ["5 values submitted for validation."]
    saved = figures()
    assert {key: v.value for key, v in saved.items()} == {
        ("CP3", date(2017, 3, 1), None): Decimal("5.1"),
        ("CP3", date(2017, 3, 1), "Under 1"): Decimal("7.2"),
        ("CP3", date(2017, 3, 1), "1 to 4"): Decimal("4.9"),
        ("EH1", date(2017, 1, 1), None): Decimal("1116"),
        ("WF2", date(2016, 4, 1), None): Decimal("17.5"),
    }
    assert all(v.via == SubmittedVia.UPLOAD and v.submitted_by == cast.manager
               for v in saved.values())
    assert saved["CP3", date(2017, 3, 1), "Under 1"].breakdown.indicator == data.cp3


def test_the_same_file_again_changes_nothing_and_a_new_figure_replaces_the_waiting_one(
        cast, data, client_for):
    client = client_for(cast.partner)
    first_upload = upload(client, cast.board, "police.csv",
                          csv_bytes([HEADER, ["PP1", "2017-01", "", "112"]]))
    assert flash(first_upload) == ["1 value submitted for validation."]
    first = IndicatorValue.objects.get()

    again = upload(client, cast.board, "police.csv",
                   csv_bytes([HEADER, ["PP1", "2017-01", "", "112"]]))
    assert flash(again)[-1] == "0 values submitted for validation; 1 unchanged."
    assert list(IndicatorValue.objects.all()) == [first]

    upload(client, cast.board, "police.csv", csv_bytes([HEADER, ["PP1", "2017-01", "", "113"]]))
    first.refresh_from_db()
    assert first.status == ValueStatus.SUPERSEDED
    assert IndicatorValue.objects.get(status=ValueStatus.SUBMITTED).value == 113


def test_the_documented_example_imports_as_it_stands(cast, data, client_for):
    client = client_for(cast.manager)
    download = client.get(reverse("performance:import_format", args=[cast.board.pk]),
                          {"download": "1"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    content = download.content
    assert list(csv.reader(io.StringIO(content.decode()))) == EXAMPLE

    response = upload(client, cast.board, "example.csv", content)
    assert response.status_code == 302, problems_of(response)
    assert flash(response) == ["5 values submitted for validation; 2 benchmarks saved."]


# --- Benchmarks ------------------------------------------------------------------------------


def test_benchmark_columns_are_saved_for_total_rows(cast, data, client_for):
    rows = [["Indicator", "Period", "Breakdown", "Value", "Statistical Neighbours", "England"],
            ["CP3", "2017-03", "", "5.1", "4.8%", "5.3"],
            ["CP3", "2017-03", "Under 1", "7.2", "", ""],
            ["EH1", "2017-01", "", "1116", "", "1,020.5"]]
    response = upload(client_for(cast.manager), cast.board, "dataset.csv", csv_bytes(rows))
    assert response.status_code == 302, problems_of(response)
    assert flash(response) == ["3 values submitted for validation; 3 benchmarks saved."]
    assert {(b.indicator.code, b.period, b.kind, b.value, b.entered_by)
            for b in Benchmark.objects.select_related("indicator")} == {
        ("CP3", date(2017, 3, 1), BenchmarkKind.STATISTICAL_NEIGHBOURS, Decimal("4.8"),
         cast.manager),
        ("CP3", date(2017, 3, 1), BenchmarkKind.ENGLAND, Decimal("5.3"), cast.manager),
        ("EH1", date(2017, 1, 1), BenchmarkKind.ENGLAND, Decimal("1020.5"), cast.manager),
    }

    # The same benchmark again is left alone; a changed one is updated and keeps its note.
    Benchmark.objects.filter(kind=BenchmarkKind.ENGLAND, indicator=data.cp3).update(
        note="DfE Children in need census")
    rows[1][5] = "5.4"
    response = upload(client_for(cast.manager), cast.board, "dataset.csv", csv_bytes(rows))
    assert flash(response) == ["0 values submitted for validation; 3 unchanged; 1 benchmark "
                               "saved."]
    england = Benchmark.objects.get(kind=BenchmarkKind.ENGLAND, indicator=data.cp3)
    assert (england.value, england.note) == (Decimal("5.4"), "DfE Children in need census")


def test_benchmarks_only_on_totals_and_only_from_the_performance_team(cast, data, client_for):
    rows = [["Indicator", "Period", "Breakdown", "Value", "England"],
            ["CP3", "2017-03", "Under 1", "7.2", "6.0"]]
    response = upload(client_for(cast.manager), cast.board, "dataset.csv", csv_bytes(rows))
    assert problems_of(response) == [
        (2, "England", "Benchmarks are for the total: leave England blank on breakdown rows")]

    rows = [["Indicator", "Period", "Value", "England"], ["PP1", "2017-03", "97", "80"]]
    response = upload(client_for(cast.partner), cast.board, "police.csv", csv_bytes(rows))
    assert problems_of(response) == [
        (2, "England", "Only the board’s performance officers and business manager enter "
                       "benchmarks: leave England blank")]
    assert not Benchmark.objects.exists() and not IndicatorValue.objects.exists()


# --- A bad file ------------------------------------------------------------------------------


def test_a_bad_file_is_refused_whole_row_by_row_and_nothing_is_saved(cast, data, client_for):
    rows = [HEADER,
            ["CP3", "2017-03", "", "5.1"],               # 2: fine, but not saved either
            ["CP9", "2017-03", "", "5"],                 # 3: no such indicator
            ["EH1", "2017-02", "", "1116"],              # 4: EH1 is quarterly
            ["CP3", "2017-02", "", "about five"],        # 5: not a number
            ["CP3", "2017-02", "Over 18", "3"],          # 6: no such breakdown
            ["CP3", "2017-03", "", "5.2"],               # 7: row 2 again
            ["CP3", "March 2017", "", "101"],            # 8: row 2 again, and over 100%
            ["EH1", "2017-01", "", "5,1"],               # 9: a decimal comma
            ["EH1", "2017-13", "", "7"],                 # 10: no 13th month
            ["EH1", "2017-04", "", "7%"],                # 11: not a percentage
            ["PP1", "2099-01", "", "7"],                 # 12: the future
            ["", "", "", ""],                            # 13: blank, skipped
            ["", "2017-01", "", ""]]                     # 14: no indicator, no value
    response = upload(client_for(cast.manager), cast.board, "bad.csv", csv_bytes(rows))

    assert response.status_code == 200
    problems = problems_of(response)
    assert [(row, column) for row, column, _ in problems] == [
        (3, "Indicator"), (4, "Period"), (5, "Value"), (6, "Breakdown"), (7, ""),
        (8, "Value"), (9, "Value"), (10, "Period"), (11, "Value"), (12, "Period"),
        (14, "Indicator"), (14, "Value")]
    messages = {(row, column): message for row, column, message in problems}
    assert messages[3, "Indicator"] == ("“CP9” is not an indicator of Wirral Improvement "
                                        "Board: check the code")
    assert messages[4, "Period"] == (
        "EH1 is quarterly: the period must be a quarter's first month (April, July, October "
        "or January), e.g. 2017-01 for Q4 2016-17")
    assert messages[5, "Value"] == "“about five” is not a number: write it like 5.1 or 1,116"
    assert messages[6, "Breakdown"] == (
        "“Over 18” is not a breakdown of CP3: use “Under 1”, “1 to 4”, “5 to 9”, “10 to 15” "
        "or “16 to 17”, or leave it blank for the total")
    assert messages[7, ""] == "CP3 March 2017 is given twice (also row 2)"
    assert messages[8, "Value"] == "A percentage is between 0 and 100"
    assert messages[9, "Value"] == ("“5,1” is not a number: use a point before the "
                                    "decimals, like 5.1")
    assert messages[10, "Period"] == ("“2017-13” is not a period: write the month it starts, "
                                      "like 2017-03")
    assert messages[11, "Value"].startswith("“7%” is a percentage, but this indicator is not")
    assert messages[12, "Period"] == "January 2099 has not started yet"

    html = response.content.decode()
    assert "<title>Error:" in html
    assert html.count('class="govuk-error-summary"') == 1
    assert "The file has 12 problems: nothing has been saved" in html
    assert "Row 3, Indicator: “CP9” is not an indicator of Wirral Improvement Board" in html
    assert "2 more problems: see the table below" in html
    assert "Row 14" not in html.split('id="import-problems"')[0]  # past the summary's ten
    assert 'id="import-problem-12"' in html
    assert not IndicatorValue.objects.exists()


def test_a_duplicate_row_names_both_rows_even_when_the_breakdown_is_typed_differently(
        cast, data, client_for):
    rows = [HEADER, ["CP3", "2017-03", "Under 1", "7.2"], ["CP3", "2017-03", "UNDER  1", "7.2"]]
    response = upload(client_for(cast.manager), cast.board, "dup.csv", csv_bytes(rows))
    assert problems_of(response) == [(3, "", "CP3 March 2017 (Under 1) is given twice "
                                             "(also row 2)")]
    assert not IndicatorValue.objects.exists()


def test_another_agencys_indicator_is_a_row_error_and_spoils_the_file(cast, data, client_for):
    rows = [HEADER, ["PP1", "2017-03", "", "97"], ["CP3", "2017-03", "", "5.1"]]
    response = upload(client_for(cast.partner), cast.board, "police.csv", csv_bytes(rows))
    assert response.status_code == 200
    assert problems_of(response) == [
        (3, "Indicator", "You may not submit figures for CP3: it belongs to Wirral Council")]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("figures.csv", b"", "The selected file is empty"),
    ("figures.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel",
     "The selected file must be a CSV or XLSX spreadsheet: save it as “Excel Workbook "
     "(.xlsx)” or “CSV UTF-8” and upload it again"),
    ("figures.pdf", b"%PDF-1.4", "The selected file must be a CSV or XLSX spreadsheet"),
    ("figures.xlsx", b"Indicator,Period,Value\r\n",
     "The selected file is not an XLSX spreadsheet: its contents do not match its name"),
    ("figures.xlsx", b"PK\x03\x04 not really a zip",
     "The selected file could not be read as an XLSX spreadsheet: open it in Excel, save it "
     "again and upload it"),
    ("figures.csv", b"Code,When,Value\r\nCP3,2017-03,5\r\n",
     "The header row (row 1) must have the column Period: it is missing"),
    ("figures.csv", b"Indicator,Figure\r\nCP3,5\r\n",
     "The header row (row 1) must have the column Period: it is missing"),
    ("figures.csv", b"Period,Value\r\n2017-03,5\r\n",
     "The header row (row 1) must have the column Indicator: it is missing"),
    ("figures.csv", b"Indicator,Period,Breakdown,Value\r\n",
     "The file has no rows under its header row"),
])
def test_a_file_that_cannot_be_read_is_answered_next_to_the_field(cast, data, client_for,
                                                                   name, content, message):
    response = upload(client_for(cast.manager), cast.board, name, content)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors["file"]
    html = response.content.decode()
    assert "govuk-error-message" in html and 'href="#id_file"' in html
    assert not IndicatorValue.objects.exists()


def test_too_big_a_file_is_refused(cast, data, client_for, monkeypatch):
    from performance import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [HEADER] + [["PP1", f"2016-{m:02d}", "", "1"] for m in range(1, 5)]
    response = upload(client_for(cast.partner), cast.board, "police.csv", csv_bytes(rows))
    assert response.context["form"].errors["file"] == [
        "The file has more than 3 rows: split it into smaller files"]

    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    response = upload(client_for(cast.partner), cast.board, "police.csv", csv_bytes(rows))
    assert response.context["form"].errors["file"] == [
        "The selected file must be smaller than 10\xa0bytes"]


# --- Corrections -----------------------------------------------------------------------------


def test_a_correction_to_a_published_figure_needs_a_reason_and_names_the_old_figure(
        cast, data, client_for):
    published = publish(cast, data.pp1, date(2017, 3, 1), "97", by=cast.partner)
    client = client_for(cast.partner)
    rows = [HEADER, ["PP1", "2017-02", "", "80"], ["PP1", "2017-03", "", "99"]]

    refused = upload(client, cast.board, "police.csv", csv_bytes(rows))
    assert refused.status_code == 200
    assert problems_of(refused) == [
        (3, "Value", "97.0 is already published for March 2017: give a reason for the "
                     "correction")]
    assert list(IndicatorValue.objects.all()) == [published]

    accepted = upload(client, cast.board, "police.csv", csv_bytes(rows),
                      correction_reason="Two episodes were recorded late on Niche.")
    assert accepted.status_code == 302, problems_of(accepted)
    assert flash(accepted) == ["2 values submitted for validation; 1 of them correcting "
                               "published figures."]
    correction = IndicatorValue.objects.get(period=date(2017, 3, 1),
                                            status=ValueStatus.SUBMITTED)
    assert correction.value == 99 and correction.corrects == published
    assert correction.correction_reason == "Two episodes were recorded late on Niche."
    published.refresh_from_db()
    assert published.status == ValueStatus.PUBLISHED  # until the correction is published


def test_too_long_a_reason_is_answered_next_to_its_field(cast, data, client_for):
    response = upload(client_for(cast.partner), cast.board, "police.csv",
                      csv_bytes([HEADER, ["PP1", "2017-03", "", "99"]]),
                      correction_reason="x" * 2001)
    assert response.status_code == 200
    assert response.context["form"].errors["correction_reason"]
    assert not IndicatorValue.objects.exists()


# --- Who may upload --------------------------------------------------------------------------


def test_the_upload_page_documents_the_format(cast, data, client_for):
    page = client_for(cast.partner).get(reverse("performance:import", args=[cast.board.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for column in [*HEADER, "Statistical neighbours", "England"]:
        assert column in html
    assert 'enctype="multipart/form-data"' in html and "Reason for corrections" in html
    assert reverse("performance:import_format", args=[cast.board.pk]) in html


def test_the_format_page_lists_the_persons_own_indicators(cast, data, client_for):
    url = reverse("performance:import_format", args=[cast.board.pk])
    police_page = client_for(cast.partner).get(url).content.decode()
    assert "PP1" in police_page and "PP2" in police_page and "CP3" not in police_page.split(
        'id="indicators"')[1]
    manager_page = client_for(cast.manager).get(url).content.decode()
    assert "Under 1; 1 to 4; 5 to 9; 10 to 15; 16 to 17" in manager_page


@pytest.mark.parametrize(("who", "status"), [
    ("outsider", 404), ("reader", 404), ("lay_member", 403), ("adviser", 403),
    ("partner", 200), ("chair", 200), ("manager", 200),
])
def test_who_may_open_the_upload_and_format_pages(cast, data, client_for, who, status):
    client = client_for(cast.by_role(who))
    for name in ("performance:import", "performance:import_format"):
        assert client.get(reverse(name, args=[cast.board.pk])).status_code == status, name


def test_an_outsider_posting_a_file_gets_404_and_nothing_is_saved(cast, data, client_for):
    for who, status in (("outsider", 404), ("lay_member", 403)):
        response = upload(client_for(cast.by_role(who)), cast.board, "police.csv",
                          csv_bytes([HEADER, ["PP1", "2017-03", "", "97"]]))
        assert response.status_code == status
    assert client_for(None).get(reverse("performance:import", args=[cast.board.pk])
                                ).status_code == 302  # to sign in
    assert not IndicatorValue.objects.exists()


# --- Reading cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("2017-03", date(2017, 3, 1)), ("2017-3", date(2017, 3, 1)),
    ("2017-03-01", date(2017, 3, 1)), ("2017/03", date(2017, 3, 1)),
    ("March 2017", date(2017, 3, 1)), ("mar-17", date(2017, 3, 1)),
    ("Sept 2016", date(2016, 9, 1)), ("01/03/2017", date(2017, 3, 1)),
    ("42795", date(2017, 3, 1)),  # Excel's serial number for 1 March 2017
    ("2017-03-31", None), ("31/03/2017", None), ("Q4 2016-17", None), ("soon", None),
    ("", None), ("1999-12", None),
])
def test_periods_are_read_in_the_ways_spreadsheets_write_them(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(("text", "percentage_ok", "expected"), [
    ("5.1", False, Decimal("5.1")), ("1,116", False, Decimal("1116")),
    ("1,234,567.25", False, Decimal("1234567.25")), ("-3", False, Decimal("-3")),
    (" 5.1 % ", True, Decimal("5.1")), (".5", False, Decimal("0.5")),
    ("5,1", False, None), ("1,11", False, None), ("12,34,5", False, None),
    ("five", False, None), ("5.1%", False, None), ("", False, None), ("-", False, None),
    ("1e5", False, None), ("NaN", False, None),
])
def test_numbers_are_read_strictly(text, percentage_ok, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_number(text, percentage_ok=percentage_ok)
    else:
        assert parse_number(text, percentage_ok=percentage_ok) == expected


# --- At scale --------------------------------------------------------------------------------


def test_ten_thousand_rows_load_in_a_small_constant_number_of_queries(
        cast, data, client_for, django_assert_max_num_queries):
    """Four monthly indicators of the police, each with a total and nine localities, over 250
    months: 10,000 rows. The board's indicators and breakdowns are read once; the figures are
    written in batches."""
    theme = Theme.objects.get(board=cast.board, name="Child protection")
    localities = [f"Locality {n}" for n in range(1, 10)]
    codes = [f"MS{n}" for n in range(1, 5)]
    for code in codes:
        services.indicator_create(
            board=cast.board, theme=theme, code=code, name=f"Missing episodes {code}",
            definition="Episodes.", source="Niche", unit=Unit.COUNT,
            polarity=Polarity.LOWER_IS_BETTER, frequency=Frequency.MONTHLY,
            owning_agency=cast.police,
            breakdowns=[(Dimension.LOCALITY, label) for label in localities])
    months = [date(2000 + m // 12, m % 12 + 1, 1) for m in range(3, 253)]
    rows = [HEADER] + [[code, f"{month:%Y-%m}", locality, str(n % 500)]
                       for code in codes for month in months
                       for n, locality in enumerate(["", *localities])]
    assert len(rows) == 10_001
    client = client_for(cast.partner)
    ten = [HEADER] + [["MS1", "2022-01", locality, "5"] for locality in ["", *localities]]
    with CaptureQueriesContext(connection) as small:
        assert upload(client, cast.board, "ten.csv", csv_bytes(ten)).status_code == 302

    with django_assert_max_num_queries(25) as large:
        response = upload(client, cast.board, "ten thousand.csv", csv_bytes(rows))

    assert response.status_code == 302, problems_of(response)[:5]
    assert IndicatorValue.objects.filter(via=SubmittedVia.UPLOAD).count() == 10_010
    assert flash(response)[-1] == "10,000 values submitted for validation."
    # The same queries but for the inserts, 2,000 rows at a time.
    assert len(large.captured_queries) == len(small.captured_queries) + 4


def test_a_second_agency_officer_on_the_board_may_upload_for_the_agency(cast, data,
                                                                       client_for):
    """The agency answers for its figures, not one named officer."""
    colleague = PersonFactory(full_name="Sam Hughes", agency=cast.police)
    MembershipFactory(person=colleague, board=cast.board)
    response = upload(client_for(colleague), cast.board, "police.csv",
                      csv_bytes([HEADER, ["PP1", "2017-03", "", "97"]]))
    assert response.status_code == 302, problems_of(response)
    assert IndicatorValue.objects.get().submitted_by == colleague
