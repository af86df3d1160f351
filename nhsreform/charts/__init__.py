"""The course's data figures: one module per subject, one function per figure.

Each ``plot_*`` function takes the loaded dataset(s) (``nhsreform.data.load_dataset``) and
returns ``(fig, alt)``: a matplotlib Figure and alt text composed from the data, naming its key
and extreme values. It is the same contract as the models' plot functions
(``nhsreform/models/*.py``), and the notebook shows the result with
:func:`nhsreform.figures.show_figure`, which adds the caption and each dataset's attribution::

    from nhsreform.charts import waiting_lists
    from nhsreform.data import load_dataset
    from nhsreform.figures import show_figure

    fig, alt = waiting_lists.plot_rtt_waiting_list(load_dataset("rtt_waiting_list_2007_2018"))
    show_figure(fig, alt=alt, caption="...", datasets=("rtt_waiting_list_2007_2018",))

Functions never change the frames they are given. Colours come from the course palette
(:mod:`nhsreform.style`); like the models' plots they assume ``use_course_style()`` has been
called, as every notebook does in its first cell.

Modules (and the chapter that shows them):

- :mod:`~nhsreform.charts.waiting_lists` — long waits for admission 1978–1998 and the RTT
  waiting list 2007–2018 (chapter 2);
- :mod:`~nhsreform.charts.ae_performance` — the four-hour series against the target, and official
  figures against a patient survey (chapter 2);
- :mod:`~nhsreform.charts.ratings` — star ratings, the annual health check and CQC ratings
  (chapter 3);
- :mod:`~nhsreform.charts.infections` — MRSA and C. difficile (chapter 3);
- :mod:`~nhsreform.charts.foundation_trusts` — foundation trust counts as read (chapter 4);
- :mod:`~nhsreform.charts.reorganisations` — the timeline of reorganisations (chapter 5);
- :mod:`~nhsreform.charts.managers` — NHS managers around the 2013 reorganisation (chapter 5);
- :mod:`~nhsreform.charts.ae_monthly` — A&E four-hour performance month by month, 2016–2019, and
  the spread between providers (exercise 1);
- :mod:`~nhsreform.charts.engagement` — staff engagement and hospital mortality (SHMI) across
  acute trusts, and the national engagement score (chapter 6, exercise 6);
- :mod:`~nhsreform.charts.spc` — run charts and XmR charts of weekly deaths and one hospital's A&E
  attendances (chapter 7, exercise 7);
- :mod:`~nhsreform.charts.integration` — delayed transfers of care, readmissions, Greater
  Manchester devolution estimates (chapter 8, exercise 8);
- :mod:`~nhsreform.charts.funnel` — funnel plots of A&E four-hour performance between type 1
  departments in one month, plain and allowing for over-dispersion (chapter 9, exercise 9);
- :mod:`~nhsreform.charts.proposals` — the report's approaches, shifts, features, pairs and eleven
  proposals mapped to the chapters that teach them (chapter 12);
- :mod:`~nhsreform.charts.patients` — patients in the national surveys: involvement in decisions,
  overall ratings, choice of hospital, the GP Patient Survey (chapter 10, exercise 10);
- :mod:`~nhsreform.charts.leadership` — Secretaries of State for Health's days in office since
  1987, and chief executive turnover against CQC ratings (chapter 11, exercise 11);
- :mod:`~nhsreform.charts.dates` — readable month ticks ("Apr 2016") for date axes.
"""

MODULES = (
    "waiting_lists",
    "ae_performance",
    "ratings",
    "infections",
    "foundation_trusts",
    "reorganisations",
    "managers",
    "ae_monthly",
    "engagement",
    "spc",
    "integration",
    "funnel",
    "patients",
    "proposals",
    "leadership",
    "dates",
)
