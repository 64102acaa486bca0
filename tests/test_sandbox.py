"""`deskreview sandbox` serves the simulated server's pages on loopback and stops on Ctrl-C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_sandbox_serves_persona_pages_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "sandbox", "--out", str(tmp_path), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        output = "".join(lines)
        url = re.search(r"open (http://127\.0\.0\.1:\d+/#\S+)", output)
        assert url, output
        assert "outsider (passer-by) cannot see" in output  # no page for an outsider
        assert "expert of the State under review" in output
        with urllib.request.urlopen(url.group(1).split("#")[0], timeout=10) as page:
            assert page.status == 200
            assert "html" in page.headers.get("Content-Type", "")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode in (0, 130)
    assert "Traceback" not in err
