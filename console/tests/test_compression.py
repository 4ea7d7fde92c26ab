"""The console's gzip: JSON answers and built assets compressed for browsers that accept it, the event stream and
images never (console/compression.py)."""
import gzip
import json

from console.compression import AssetCache, compress_answer
from flask import Flask, Response, jsonify, stream_with_context


def app_with_routes():
    app = Flask(__name__)
    app.after_request(compress_answer)
    app.add_url_rule("/big", "big", lambda: jsonify({"items": [{"title": "厨房水管爆裂", "n": n} for n in range(200)]}))
    app.add_url_rule("/small", "small", lambda: jsonify({"ok": True}))
    app.add_url_rule("/stream", "stream", lambda: Response(stream_with_context(iter(["data: x\n\n"] * 200)),
                                                            mimetype="text/event-stream"))
    app.add_url_rule("/png", "png", lambda: Response(b"\x89PNG" + b"\x00" * 5000, mimetype="image/png"))
    return app.test_client()


def test_a_large_json_answer_is_gzipped_for_a_browser_that_accepts_it_and_plain_otherwise():
    client = app_with_routes()
    zipped = client.get("/big", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert json.loads(gzip.decompress(zipped.data))["items"][199]["n"] == 199
    plain = client.get("/big")
    assert "Content-Encoding" not in plain.headers and plain.json["items"][0]["title"] == "厨房水管爆裂"
    assert len(zipped.data) < len(plain.data) / 5


def test_small_answers_the_event_stream_and_images_are_sent_as_they_are():
    client = app_with_routes()
    for path in ("/small", "/stream", "/png"):
        answer = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in answer.headers, path
    assert client.get("/stream", headers={"Accept-Encoding": "gzip"}).data.startswith(b"data: x")


def test_an_asset_is_compressed_once_and_again_when_its_file_changes(tmp_path):
    asset = tmp_path / "index-abc.js"
    asset.write_text("console.log('看板');\n" * 500)
    cache = AssetCache()
    first = cache.gzipped(asset)
    assert cache.gzipped(asset) is first  # kept, not compressed on every request
    assert gzip.decompress(first) == asset.read_bytes()
    asset.write_text("console.log('rebuilt');\n" * 400)
    assert gzip.decompress(cache.gzipped(asset)) == asset.read_bytes()
