"""Data: open a folder or upload files; what is wrong with them; what was set aside; the style scale."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import hosting
import show
import state
from toolkit.errors import DataValidationError, NetoutError
from toolkit.io.files import neutralise_formulas
from toolkit.io.importers.history import import_warnings, rows_left_out_on_import
from toolkit.wording import GLOSSARY, format_number

st.title("Your event data")
answer_box = st.empty()  # the answer first: filled once the folder is checked
st.write("Open a folder of event tables (attendees, sessions, participation, and optionally survey, contacts, "
         "follow-ups, known ties), or upload the files or one zip. Names and emails are replaced by codes on "
         "reading and never shown.")

folder = state.current_folder()
root = state.data_root()
left, right = st.columns(2)
with left:
    typed = st.text_input(f"Folder in the data folder ({root.name})", key="folder_input",
                          value=state.inside_root(folder) or "",
                          help="The name of a folder inside the dashboard's data folder, for example E01 "
                               "(leave it empty for the data folder itself). Other folders of this computer "
                               "cannot be opened from here.")
    open_clicked = st.button("Open folder", type="primary")
    if st.button("Back to the demo data"):
        state.set_folder(state.DEMO_FOLDER)
        st.rerun()
with right:
    uploads = st.file_uploader("…or upload the tables (CSV, Excel, Parquet, netout.toml) or a zip",
                               type=["csv", "xlsx", "parquet", "toml", "zip"], accept_multiple_files=True)
    upload_clicked = st.button("Use the uploaded files", disabled=not uploads)

if open_clicked:
    if state.open_typed_folder(typed.strip() or str(root)):
        st.rerun()
    st.error(hosting.FOLDER_REFUSED)
if upload_clicked and uploads:
    try:
        uploaded = state.save_uploads(uploads)
    except DataValidationError as exc:  # an unsafe or broken zip: say why, open nothing
        st.error(state.shown("The upload was not used: " + "; ".join(str(problem) for problem in exc.report.errors)))
    else:
        # read it once where running out of memory or time ends a child process, not the server
        with st.spinner("Checking the upload…"):
            refused = hosting.check_upload_in_child(uploaded)
        if refused:
            import shutil

            shutil.rmtree(uploaded, ignore_errors=True)
            st.error(refused)
        else:
            state.remember_upload(uploaded, state.upload_label(uploads))
            st.rerun()

folder = state.current_folder()


def _answer(sentence: str, *, usable: bool = True) -> None:
    with answer_box.container():
        show.answer(sentence, note=state.formats_note(str(folder), fp) if usable else None)


st.subheader("Checks")
if not folder.is_dir():
    st.error(f"The folder {state.folder_label(folder)} is no longer there. Open another one above.")
    st.stop()
fp = state.fingerprint(folder)
# one read of the folder gives both the data and its report (a folder with errors raises, with the report)
data = None
try:
    data = state.event_data(str(folder), fp)
    report = data.report
except DataValidationError as exc:
    report = exc.report
except NetoutError as exc:
    st.error(state.shown(exc))
    st.stop()

problems = report.to_frame()
n_errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
n_warnings = int((problems["severity"] == "warning").sum()) if len(problems) else 0
label = "The demo data" if state.folder_label(folder) == "demo data" else f"“{state.folder_label(folder)}”"
if n_errors:
    _answer(usable=False, sentence=f"{label} cannot be used yet: {n_errors} problem(s) must be fixed first. "
                "Each row below names the file, the spreadsheet row and column, and what is wrong.")
elif n_warnings:
    _answer(f"{label} can be used. {n_warnings} warning(s): some rows were set aside (listed below).")
else:
    _answer(f"{label} passed every check and can be used.")
if len(problems):
    # the report redacts quoted cells already; the page applies the same rule again in case a problem was
    # added by other code (an email or phone number must never reach the screen), and hides server paths
    for column in ("file", "value", "message"):
        problems[column] = problems[column].map(lambda v: v if v is None or v != v else state.shown(v))
    shown = problems.rename(columns={"severity": "kind", "message": "what is wrong / what to do"})
    shown = shown.drop(columns=["table"], errors="ignore")
    st.dataframe(shown, hide_index=True, width="stretch")
for note in report.notes:
    st.info(state.shown(note))

if data is None:
    st.stop()

st.subheader("What was read")
counts = pd.DataFrame({"table": list(data.tables()), "rows": [len(t) for t in data.tables().values()]})
st.dataframe(counts, hide_index=True)

st.subheader("Rows set aside")
aside = data.report.set_aside_frame()
left_out = rows_left_out_on_import(folder)
for warned in import_warnings(folder).itertuples():  # what an import went ahead with although it looked wrong
    st.warning(show.literal(state.shown(f"The import of {warned.file} ({warned.event}) warned: {warned.reason}")))
if aside.empty:
    st.write("No row of these tables was set aside: every row is used." if len(left_out) else
             "No row was set aside: every row is used.")
else:
    st.write(f"{len(aside):,} row(s) were left out of the analysis, each with its reason. "
             "Fix them in the source file to bring them back.")
    reasons = aside.groupby(["table", "reason"]).size().rename("rows").reset_index()
    st.dataframe(reasons, hide_index=True, width="stretch")
    for column in ("file", "reason"):  # no server path, email or phone number in the file people take away
        aside[column] = aside[column].map(state.shown)
    st.download_button("Download the list of set-aside rows (CSV)",
                       neutralise_formulas(aside).to_csv(index=False).encode(),
                       file_name="set_aside_rows.csv", mime="text/csv")

if len(left_out):
    st.write(f"The import left out {int(left_out['rows'].sum()):,} row(s) of the exports before these tables were "
             "written (cancelled tickets, no-shows, badges not on the attendee list, repeats); import_report.csv "
             "in each event folder lists them row by row.")
    st.dataframe(left_out.assign(file=left_out["file"].map(state.shown), reason=left_out["reason"].map(state.shown))
                 .rename(columns={"file": "export", "rows": "rows left out"}), hide_index=True, width="stretch")

st.subheader("The networking-style questions")
st.caption("Reliability: " + GLOSSARY["reliability"] + ".")
try:
    reliability = state.scale_reliability(str(folder), fp)
except NetoutError as exc:
    st.warning(state.shown(exc))
    reliability = None
if reliability is None:
    st.write("This folder has no networking-style scale in netout.toml, so each attendee's style comes from the "
             "`networking_style` column of the attendee list (where there is one).")
else:
    alpha = getattr(reliability, "alpha", None)
    if alpha is None and isinstance(reliability, dict):
        alpha = reliability.get("alpha")
    st.metric("How well the style questions agree", format_number(alpha, digits=2),
              help="0.7 or more: the questions measure one thing well enough to sort people by it. "
                   "(Statisticians call this Cronbach's alpha.)")
    items = getattr(reliability, "items", None)
    if items is None and isinstance(reliability, dict):
        items = reliability.get("items")
    if isinstance(items, pd.DataFrame) and not items.empty:
        plain = {"item": "question", "reversed": "reversed", "n_answered": "answers", "mean": "average",
                 "sd": "spread (sd)", "item_rest_r": "agreement with the other questions",
                 "alpha_if_dropped": "agreement without this question"}
        if items["alpha_if_dropped"].isna().all():
            # with two questions, dropping one leaves a single question, which agrees with nothing: an empty
            # column read as the word "None"
            items = items.drop(columns="alpha_if_dropped")
        st.dataframe(items.round(2).rename(columns=plain), hide_index=True)
        st.caption("A question that agrees little (or negatively) with the others may be worded the other way round "
                   "and need to be listed as reversed in netout.toml.")
    warnings = getattr(reliability, "warnings", None)
    if warnings is None and isinstance(reliability, dict):
        warnings = reliability.get("warnings")
    for warning in warnings or []:
        st.warning(state.shown(warning))
