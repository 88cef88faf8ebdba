"""Template learning measured: a footer and a promo shared by a site's pages disappear
from the cleaned text once they were seen on `min_pages` (N = 3) pages, from the next run."""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

import pytest
from httpserver import LocalServer, Response
from runsite import article, documents, story, write_job

from scraper.cron.job import load_job
from scraper.cron.run import run_job

pytestmark = pytest.mark.slow
FOOTER = "The Harbour Gazette is published by Coastline Media Group in Portsmouth."
PROMO = "Read our weekend edition for the best long reads from the coast and the city."
HTML = (("Content-Type", "text/html; charset=utf-8"),)


def test_footer_and_promo_vanish_after_three_pages(tmp_path: Path, warm_pool: Executor) -> None:
    with LocalServer() as server:
        urls = []
        for number in range(1, 7):
            path = f"/story{number}"
            body = article(f"Story {number}", story(path), [FOOTER, PROMO])
            server.route(path, Response(body=body, headers=HTML))
            urls.append(server.url(path))
            # one new page per run, as a feed would bring them
            job = write_job(tmp_path, [{"kind": "urls", "urls": urls}])
            report = run_job(load_job(job), executor=warm_pool)
            assert report.counts["written"] == 1
    texts = [doc["text"] for doc in documents(tmp_path / "out")]
    assert [doc["title"] for doc in documents(tmp_path / "out")] == [
        f"Story {n}" for n in range(1, 7)
    ]
    with_template = [FOOTER in text and PROMO in text for text in texts]
    assert with_template == [True, True, True, False, False, False]  # N = 3
    for text in texts[3:]:
        assert text.count("\n\n") == 3  # the four article paragraphs remain


def test_same_input_and_state_give_the_same_output(tmp_path: Path, warm_pool: Executor) -> None:
    outputs = []
    for attempt in range(2):
        with LocalServer() as server:
            for number in range(4):
                body = article(f"S{number}", story(f"s{number}"), [FOOTER, PROMO])
                server.route(f"/s{number}", Response(body=body, headers=HTML))
            root = tmp_path / str(attempt)
            root.mkdir()
            urls = [server.url(f"/s{n}") for n in range(3)]
            run_job(load_job(write_job(root, [{"kind": "urls", "urls": urls}])), executor=warm_pool)
            urls.append(server.url("/s3"))
            run_job(load_job(write_job(root, [{"kind": "urls", "urls": urls}])), executor=warm_pool)
            # pages of one run finish in any order: compare them by title, not position
            outputs.append({doc["title"]: doc["text"] for doc in documents(root / "out")})
    assert outputs[0] == outputs[1]
    assert FOOTER not in outputs[0]["S3"]
