"""A WSGI app that streams a response slowly: four seconds of CSV lines, like a very long export."""

import time

LINES = 40


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/csv; charset=utf-8")])

    def rows():
        yield b"line,value\n"
        for number in range(LINES):
            time.sleep(0.1)
            yield f"{number},{'x' * 40}\n".encode()

    return rows()
