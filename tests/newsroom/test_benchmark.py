from django.test import RequestFactory

from newsroom.benchmark import ceiling


def test_ceiling_returns_exactly_the_size_asked():
    response = ceiling(RequestFactory().get("/"), size=12_345)

    assert response.status_code == 200
    assert len(response.content) == 12_345


def test_ceiling_is_not_routed_unless_the_benchmark_asks(client, settings, db):
    # db: a 404 looks up the old addresses of imported articles
    # (importer.middleware).
    response = client.get("/_bench/ceiling/100/")

    assert settings.BENCH_CEILING is False
    assert response.status_code == 404
