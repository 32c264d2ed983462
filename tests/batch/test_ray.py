from __future__ import annotations

import pytest

from aligner.batch import run_batch
from aligner.config import Config
from tests.batch.test_run import content

ray = pytest.importorskip("ray", reason='ray is not installed (pip install "ray[data]")')


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


@pytest.mark.timeout(120)
def test_ray_engine_equals_local_engine(pair_dir, tmp_path, local_ray):
    config = Config(encoder="hashing")
    run_batch(pair_dir, tmp_path / "local", shard_size=2, config=config)
    on_ray = run_batch(pair_dir, tmp_path / "ray", engine="ray", workers=2, shard_size=2, config=config)
    assert on_ray.engine == "ray" and on_ray.shards_run == 3 and "ray" in on_ray.versions
    assert content(tmp_path / "ray") == content(tmp_path / "local")
    (tmp_path / "ray" / "docs-00002.parquet").unlink()
    again = run_batch(pair_dir, tmp_path / "ray", engine="ray", workers=2, shard_size=2, config=config)
    assert (again.shards_run, again.shards_skipped) == (1, 2)
    assert content(tmp_path / "ray") == content(tmp_path / "local")
