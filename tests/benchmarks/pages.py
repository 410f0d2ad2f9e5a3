"""Timing a page as a person gets it: the median server time of several requests through the test client."""

import statistics
import time


def p50_ms(client, url: str, runs: int = 7) -> float:
    """The median of `runs` GETs of `url` in milliseconds, after one warm-up request; each must answer 200."""
    client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return round(statistics.median(timings), 1)
