"""One bitext builder: the CLI, the batch and the app upload turn two documents into the same Bitext."""

from __future__ import annotations

from pathlib import Path

from aligner.batch.document import DocInput, _bitext
from aligner.config import Config
from aligner.ingest import bitext_from_documents, open_inputs
from aligner.model import Layout
from aligner.ui.upload import bitext_from_documents as upload_bitext

EN = "The talks begin on Monday in the capital. They will last three days, the minister said.\n"
AR = "تبدأ المحادثات يوم الاثنين في العاصمة. وستستمر ثلاثة أيام، بحسب الوزير.\n"


def test_cli_batch_and_upload_build_the_same_bitext_and_swap_alike(tmp_path: Path) -> None:
    (tmp_path / "ar.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    cli = open_inputs([tmp_path / "ar.txt", tmp_path / "en.txt"])  # given the wrong way round
    batch = _bitext(DocInput(str(tmp_path / "ar.txt"), AR.encode()), DocInput(str(tmp_path / "en.txt"), EN), Config())
    upload = upload_bitext((AR.encode(), str(tmp_path / "ar.txt")), (EN.encode(), str(tmp_path / "en.txt")))
    built = bitext_from_documents((AR.encode(), str(tmp_path / "ar.txt")), (EN.encode(), str(tmp_path / "en.txt")))
    for bitext in (cli, batch, upload, built):
        assert bitext.name == "en.txt | ar.txt" and bitext.layout is Layout.DOCUMENTS
        assert (bitext.src.lang, bitext.tgt.lang) == ("en", "ar")
        assert bitext.src.text == EN and bitext.tgt.text == AR
        assert bitext.src.meta["swapped"] == "true"
        assert (bitext.src.id, bitext.tgt.id) == (cli.src.id, cli.tgt.id)
