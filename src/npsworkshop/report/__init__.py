"""The committee-ready action plan PDF: `report.pdf.render_pdf(snapshot) -> bytes`."""
