"""Validate REST bodies the bot sent against Discord's OpenAPI document."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = (
    Path(__file__).resolve().parents[2].parent / "shared" / "discord-api-spec" / "openapi.json.gz"
)


def spec_available() -> bool:
    return SPEC_PATH.exists()


@cache
def _document() -> dict[str, Any]:
    with gzip.open(SPEC_PATH, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    # discord.py sends some snowflakes (overwrite ids) as integers; Discord accepts both.
    doc["components"]["schemas"]["SnowflakeType"] = {
        "anyOf": [{"type": "string", "pattern": "^(0|[1-9][0-9]*)$"}, {"type": "integer"}]
    }
    return doc


@cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    routes = []
    for template in _document()["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template))
        routes.append((re.compile(f"^{pattern}$"), template))
    # literal segments beat placeholders: longer literal text first
    routes.sort(key=lambda r: -len(re.sub(r"\{[^}]+\}", "", r[1])))
    return routes


def template_for(path: str) -> str | None:
    path = path.split("?")[0]
    if path.startswith("/api/v10"):
        path = path[len("/api/v10"):]
    for pattern, template in _routes():
        if pattern.match(path):
            return template
    return None


@cache
def _validator(template: str, method: str) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    doc = _document()
    operation = doc["paths"][template].get(method.lower())
    if operation is None or "requestBody" not in operation:
        return None
    content = operation["requestBody"]["content"]
    if "application/json" not in content:
        return None
    uri = "urn:discord-openapi"
    registry = Registry().with_resource(uri, Resource.from_contents(doc, default_specification=
                                                                     _draft()))
    escaped = template.replace("~", "~0").replace("/", "~1")
    schema = {"$ref": f"{uri}#/paths/{escaped}/{method.lower()}/requestBody/content/"
                      "application~1json/schema"}
    return Draft202012Validator(schema, registry=registry)


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def problems(method: str, path: str, body: Any) -> list[str]:
    """Every way this body breaks the document (empty when it conforms or has no schema)."""
    if body is None:
        return []
    template = template_for(path)
    if template is None:
        return [f"{method} {path}: no such route in Discord's document"]
    validator = _validator(template, method)
    if validator is None:
        return []
    return [f"{method} {template}: {e.message[:300]} at {list(e.absolute_path)}"
            for e in validator.iter_errors(body)]
