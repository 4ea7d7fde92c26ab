"""The web app's own unit tests (Vitest: countdown, masking, money, dates), run as part of `make test`."""
import re
import shutil
import subprocess
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "web"


def test_the_web_apps_vitest_suite_passes():
    assert shutil.which("npm"), "npm is needed to test the console's web app (Node 20)"
    assert (WEB / "node_modules").exists(), "run `make install` (npm ci in console/web) first"
    run = subprocess.run(["npm", "test", "--silent"], cwd=WEB, capture_output=True, text=True, timeout=300,
                         env={"CI": "true", "NO_COLOR": "1", "PATH": __import__("os").environ["PATH"]})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    passed = re.search(r"Tests\s+(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 10, output  # the suite really ran
    assert "failed" not in output.split("Tests", 1)[1].splitlines()[0], output
