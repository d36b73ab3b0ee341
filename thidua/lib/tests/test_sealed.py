"""Objects kept on disk between two processes of the service: sealed, private, never loaded
when the seal is not this service's."""

from __future__ import annotations

import stat

import pytest

from thidua.lib import sealed


def test_an_object_round_trips_through_a_private_file(tmp_path):
    path = tmp_path / "kept.plan"
    sealed.dump({"rows": [1, 2, 3], "text": "Công an xã"}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sealed.load(path) == {"rows": [1, 2, 3], "text": "Công an xã"}
    assert [p.name for p in tmp_path.iterdir()] == ["kept.plan"]  # no partial file left


def test_a_file_sealed_under_another_secret_key_is_refused(tmp_path, settings):
    path = tmp_path / "kept.plan"
    sealed.dump([1, 2], path)
    settings.SECRET_KEY = "another-key-" + "x" * 40
    with pytest.raises(sealed.Unsealed):
        sealed.load(path)


@pytest.mark.parametrize("blob", [b"", b"short", b"\0" * 32 + b"\x80\x05K\x01."])
def test_a_missing_short_or_forged_file_is_refused_without_unpickling(tmp_path, blob):
    path = tmp_path / "kept.plan"
    with pytest.raises(sealed.Unsealed):
        sealed.load(path)
    path.write_bytes(blob)
    with pytest.raises(sealed.Unsealed):
        sealed.load(path)
