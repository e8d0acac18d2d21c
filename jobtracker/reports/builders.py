"""Turn a ReportFile's recorded choices into its file: the season report as a PDF, or the workbook."""

from django.http import QueryDict

from jobtracker.reports import pdf, season, selectors, workbook
from jobtracker.reports.models import ReportFile
from jobtracker.reports.scope import applications_for_query

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render(report_file: ReportFile, target, progress) -> None:
    user = report_file.owner
    data = QueryDict(report_file.query)
    if report_file.kind == ReportFile.Kind.PDF:
        report = season.build(user=user, options=selectors.options_from_query(user, data))
        target.write(pdf.render_pdf(report, paper=data.get("paper", "A4"), progress=progress))
    else:
        applications, _description = applications_for_query(user, data)
        workbook.write_workbook(user=user, applications=applications, target=target, progress=progress)
