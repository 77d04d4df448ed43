"""The `partnerplan` command: everything a user runs, in one place.

`partnerplan serve` starts the production server (gunicorn); every other word is a
Django management command (migrate, demo, generate, createmanager, ...).
"""

from __future__ import annotations

import argparse
import os
import sys


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="partnerplan serve", description="Serve partnerplan.")
    parser.add_argument("--bind", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args(argv)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "--bind",
        options.bind,
        "--workers",
        str(options.workers),
        "--threads",
        str(options.threads),
        "--access-logfile",
        "-",
        "--config",
        "python:partnerplan.gunicorn_conf",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "partnerplan.wsgi:application",
    ]
    run()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerplan.settings")
    argv = sys.argv[1:]
    if argv[:1] == ["serve"]:
        serve(argv[1:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnerplan", *argv])


if __name__ == "__main__":
    main()
