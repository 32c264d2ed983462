"""The Quality report page (AppTest): MQM verdict and scorecard, pages left out, downloads, links into Review."""

from __future__ import annotations

import pytest

from aligner.model import ReviewStatus
from tests.app.conftest import open_page

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TSV = (
    "en\tar\n"
    "The ministry said 15,000 people attended the meeting on Monday.\tقالت الوزارة إن 1500 شخص حضروا الاجتماع.\n"
    "Prices rose by 3 percent last year.\tارتفعت الأسعار بنسبة 3 بالمئة العام الماضي.\n"
    "The president met the head of the council.\tالتقى الرئيس رئيس المجلس.\n"
    "\tفقرة عربية بلا مصدر إنجليزي.\n"
)


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")


@pytest.fixture
def tsv_run(store) -> tuple[str, str]:
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest import read_bitext
    from aligner.pipeline import process

    config = Config(encoder="hashing", report={"cut_score": 90})
    result = process(read_bitext(TSV.encode(), "t.tsv"), encoder=load_encoder("hashing"), config=config)
    project = store.create_project("TSV", config=config.as_dict())
    return project, store.save_run(project, result, name="vendor A", config=config.as_dict())


def test_seed_page_is_not_scored_as_100(make_app, seeded) -> None:
    at = open_page(make_app(run=seeded), "quality")
    assert not at.error and not at.exception
    assert at.warning and plain(at.warning[0].value).startswith("NOT SCORED")  # Arabic-only rows are not 100s
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["OQS"] == "-" and metrics[next(k for k in metrics if k.startswith("Pairs scored (of "))] == "0"
    assert any("no English source on the page" in e.label for e in at.expander)


def test_scorecard_verdict_downloads_and_link_to_review(make_app, store, tsv_run) -> None:
    _, run_id = tsv_run
    store.record_review(run_id, "p2", status=ReviewStatus.REJECTED, reviewer="Sami", expected_version=0)
    store.record_review(
        run_id, "p1", status=ReviewStatus.EDITED, reviewer="Sami", expected_version=0, edited_text="ارتفعت الأسعار 3%."
    )
    at = open_page(make_app(run=tsv_run), "quality")
    assert not at.exception
    verdict = plain(at.error[0].value)
    assert verdict.startswith("FAIL: OQS") and verdict.endswith("< cut score 90")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cut score"] == "90" and metrics["Pairs scored (of 4)"] == "2"
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 2
    metrics_table = next(d.value for d in at.dataframe if "sacrebleu signature" in d.value.columns)
    assert metrics_table["metric"].tolist()[0] == "BLEU (0-100, higher is better)"  # labelled, not raw JSON
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Report (HTML)", "Report (PDF)", "Report (XLSX)", "Report (JSON)"}
    at.radio(key="report_scope").set_value("Whole project").run()
    assert not at.exception
    at.button(key="open_in_review").click().run()
    assert not at.exception
    assert at.session_state["run_id"] == run_id and at.session_state["pair_position"] == 0  # p0: the worst pair
    assert any('data-pair="p0"' in h.value for h in at.html)


def test_review_opens_the_pair_a_link_names(make_app, store, tsv_run) -> None:
    _, run_id = tsv_run
    at = make_app(run=tsv_run)
    at.session_state["f_issues_only"] = True
    at.query_params["open"], at.query_params["run"] = "1", run_id
    at.query_params["pair"] = "p1"
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception
    assert at.session_state["pair_position"] == 1 and not at.toggle(key="f_issues_only").value
    assert any('data-pair="p1"' in h.value for h in at.html)


def test_compare_with_another_run(make_app, store, tsv_run) -> None:
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest import read_bitext
    from aligner.pipeline import process

    project, _ = tsv_run
    config = Config(encoder="hashing")
    fixed = TSV.replace("1500", "15,000").encode()
    result = process(read_bitext(fixed, "t.tsv"), encoder=load_encoder("hashing"), config=config)
    other = store.save_run(project, result, name="vendor B", config=config.as_dict())
    at = make_app(run=tsv_run)
    at.session_state["run_id"] = tsv_run[1]
    at = open_page(at, "quality")
    at.selectbox(key="compare_run").set_value(other).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Comparison: vendor A (A) vs vendor B (B)") for c in captions)
