"""helpers.lessons.data: the letter data's download (checksum, atomic write, clear errors), samples."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pyspark.mllib.regression import LabeledPoint

from helpers.lessons.data import LETTER_DATA_SHA256, DataError, letter_data_path, sample_data_path, to_arrays

GOOD_ROW = "T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8"


@pytest.fixture(scope="module")
def letter_bytes() -> bytes:
    """The real data set (make setup / .ci/run put it in data/, verified)."""
    return letter_data_path(progress=False).read_bytes()


@pytest.fixture(autouse=True)
def no_overrides(monkeypatch):
    for name in ("MLS_LETTER_DATA", "MLS_LETTER_DATA_URL", "MLS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_the_real_data_matches_its_published_checksum(letter_bytes):
    assert hashlib.sha256(letter_bytes).hexdigest() == LETTER_DATA_SHA256
    assert letter_bytes.count(b"\n") == 20_000


def test_a_good_download_is_verified_and_saved(httpserver, tmp_path, letter_bytes):
    httpserver.expect_request("/letters.data").respond_with_data(letter_bytes)
    path = letter_data_path(url=httpserver.url_for("/letters.data"), data_dir=tmp_path, progress=False)
    assert path == tmp_path / "letter-recognition.data"
    assert path.read_bytes() == letter_bytes
    assert [p.name for p in tmp_path.iterdir()] == ["letter-recognition.data"]


def test_a_verified_file_is_not_downloaded_again(httpserver, tmp_path, letter_bytes):
    (tmp_path / "letter-recognition.data").write_bytes(letter_bytes)
    path = letter_data_path(url=httpserver.url_for("/never-asked"), data_dir=tmp_path, progress=False)
    assert path.read_bytes() == letter_bytes
    assert httpserver.log == []


@pytest.mark.parametrize(
    "served",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data.replace(b"T,2,8", b"T,9,9", 1), id="corrupt"),
    ],
)
def test_a_bad_download_is_refused_and_leaves_nothing_behind(httpserver, tmp_path, letter_bytes, served):
    httpserver.expect_request("/letters.data").respond_with_data(served(letter_bytes))
    with pytest.raises(DataError, match="corrupt or truncated"):
        letter_data_path(url=httpserver.url_for("/letters.data"), data_dir=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_a_server_error_says_what_to_do_and_leaves_nothing_behind(httpserver, tmp_path):
    httpserver.expect_request("/letters.data").respond_with_data("oops", status=500)
    with pytest.raises(DataError, match=r"(?s)Could not download.*500.*download the file by hand"):
        letter_data_path(url=httpserver.url_for("/letters.data"), data_dir=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_the_url_and_folder_can_come_from_the_environment(httpserver, tmp_path, letter_bytes, monkeypatch):
    httpserver.expect_request("/mirror").respond_with_data(letter_bytes)
    monkeypatch.setenv("MLS_LETTER_DATA_URL", httpserver.url_for("/mirror"))
    monkeypatch.setenv("MLS_DATA_DIR", str(tmp_path))
    assert letter_data_path(progress=False) == tmp_path / "letter-recognition.data"


def test_an_override_path_is_used_as_it_is(tmp_path, monkeypatch):
    sample = tmp_path / "sample.data"
    sample.write_text(GOOD_ROW + "\n")
    assert letter_data_path(sample) == sample
    monkeypatch.setenv("MLS_LETTER_DATA", str(sample))
    assert letter_data_path() == sample


def test_a_missing_override_path_is_an_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        letter_data_path(tmp_path / "nope.data")


@pytest.mark.parametrize("name", ["mllib/ridge-data/lpsa.data", "mllib/kmeans_data.txt"])
def test_pyspark_s_sample_data_is_found(name):
    path = sample_data_path(name)
    assert path.is_file() and path.stat().st_size > 0
    assert Path(*path.parts[-len(Path(name).parts):]) == Path(name)


def test_an_unknown_sample_lists_what_is_there():
    with pytest.raises(DataError, match=r"ships no sample file 'mllib/nope.txt'.*mllib/"):
        sample_data_path("mllib/nope.txt")


def test_to_arrays_stacks_features_and_labels():
    features, labels = to_arrays([LabeledPoint(1.0, [2.0, 3.0]), LabeledPoint(4.0, [5.0, 6.0])])
    assert features.tolist() == [[2.0, 3.0], [5.0, 6.0]]
    assert labels.tolist() == [1.0, 4.0]
