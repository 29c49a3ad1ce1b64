"""Tagged PDF from reportlab: structure recorded while drawing, written in afterwards.

reportlab has no tagging API, so the work is split in three (see docs/outputs.md):

- `tree`: structure slots and the elements they become, recorded in the order they are drawn
  (which is the reading order); no reportlab in it.
- `marking`: the drawing side. Flowables wrap their `drawOn` in marked content
  (`/P <</MCID n>> BDC ... EMC`); table cells are tagged through Table's public `renderCB`
  hook; page furniture, table rules and backgrounds and repeated header rows are artifacts.
- `writer`: a deterministic pass that writes the structure tree, parent tree, StructParents,
  MarkInfo, Lang, ViewerPreferences and XMP (with the PDF/UA identifier): pikepdf reads
  reportlab's file, and `increment` appends what changes as an incremental update.

`audit` checks a finished PDF (every painting operator marked or an artifact, every MCID in the
parent tree on its page, /Alt on every Figure, header cells, /Lang, /DisplayDocTitle).
"""
