"""Settings: documented, validated in one plain sentence, and the token never shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pydantic import AliasChoices

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SECRET = "MTIz.fake-token-for-tests.never-printed"


def env_names() -> list[str]:
    names = []
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        assert isinstance(alias, AliasChoices)
        names.append(str(alias.choices[0]))
    return names


def test_env_example_documents_every_setting():
    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = [name for name in env_names() if f"\n{name}=" not in "\n" + documented]
    assert missing == []


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in env_names() if f"`{name}`" not in readme] == []


def run_cli(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DESKREVIEW_") and k != "DISCORD_TOKEN"}
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT / "tests", check=False, timeout=60)


def test_run_without_a_token_exits_2_naming_it():
    done = run_cli("run")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "DISCORD_TOKEN" in done.stderr and "Traceback" not in done.stderr


def test_an_invalid_setting_is_named_and_the_token_never_shown():
    done = run_cli("run", DISCORD_TOKEN=SECRET, DESKREVIEW_GUILD_ID="not-a-number")
    assert done.returncode == 2
    assert "DESKREVIEW_GUILD_ID is invalid" in done.stderr
    assert SECRET not in done.stderr + done.stdout
    zone = run_cli("run", DISCORD_TOKEN=SECRET, DESKREVIEW_GUILD_ID="1",
                   DESKREVIEW_TIMEZONE="Mars/Olympus")
    assert zone.returncode == 2 and "DESKREVIEW_TIMEZONE" in zone.stderr
    assert SECRET not in zone.stderr + zone.stdout


def test_the_token_is_hidden_in_the_settings_repr():
    settings = Settings(_env_file=None, discord_token=SECRET)  # type: ignore[call-arg]
    assert SECRET not in repr(settings) and SECRET not in str(settings.model_dump())


def test_a_log_line_carrying_the_token_is_redacted(capsys):
    import logging

    from bot import logs

    logs.configure(logging.INFO, SECRET)
    try:
        logging.getLogger("deskreview.test").error("login failed with %s", SECRET)
        try:
            raise RuntimeError(f"bad token {SECRET}")
        except RuntimeError:
            logging.getLogger("deskreview.test").exception("connecting")
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert "login failed with [redacted]" in err
    assert SECRET not in err


def test_a_token_in_a_chained_exception_or_a_traceback_is_redacted(capsys):
    import logging

    from bot import logs

    logs.configure(logging.INFO, SECRET)
    log = logging.getLogger("deskreview.test")
    try:
        try:
            try:
                raise KeyError(f"header Authorization: Bot {SECRET}")
            except KeyError:
                raise ValueError("while logging in") from None
        except ValueError as inner:
            raise RuntimeError("gateway closed") from ConnectionError(f"token={SECRET}; {inner}")
    except RuntimeError:
        log.exception("startup failed")
    try:
        raise OSError("no secret here") from OSError(SECRET)
    except OSError as exc:
        log.error("second", exc_info=exc, stack_info=True)
    log.warning("%s and %r", SECRET, {"token": SECRET})
    logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert SECRET not in err
    assert "gateway closed" in err and "ConnectionError: token=[redacted]" in err
    assert "The above exception was the direct cause" in err  # the traceback is kept, redacted
    assert "[redacted] and {'token': '[redacted]'}" in err
