"""A stand-in for Discord's REST API and gateway, for watching `deskreview run` fail to start.

It runs on 127.0.0.1 in a thread of its own (the CLI runs its own event loop) and answers in
one of three ways: ``refuse_token`` answers the login with 401, as Discord does for a bad token;
``refuse_intent`` accepts the login, then closes the gateway with 4014 after IDENTIFY, as Discord
does when a privileged intent is not enabled in the developer portal; ``no_guilds`` lets the bot
in, in no server at all (READY with an empty guild list).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web

USER = {"id": "1001", "username": "deskreview", "discriminator": "0", "avatar": None,
        "bot": True, "global_name": None}
APPLICATION = {"id": "2002", "name": "deskreview", "icon": None, "description": "",
               "bot_public": False, "bot_require_code_grant": False, "owner": USER,
               "verify_key": "00", "flags": 0, "summary": ""}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _json(value: Any, status: int = 200) -> web.Response:
    # discord.py reads a body as JSON only under exactly this content type
    return web.Response(body=json.dumps(value).encode(), status=status,
                        headers={"Content-Type": "application/json"})


def _app(mode: str, port: int, seen: list[str]) -> web.Application:
    async def any_route(request: web.Request) -> web.StreamResponse:
        seen.append(f"{request.method} {request.path}")
        path = request.path.removeprefix("/api/v10")
        if path == "/users/@me":
            if mode == "refuse_token":
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
            return _json(USER)
        if path == "/oauth2/applications/@me":
            return _json(APPLICATION)
        if path == "/gateway/bot":
            return _json({
                "url": f"ws://127.0.0.1:{port}/gateway", "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0,
                                        "max_concurrency": 1}})
        if path == "/gateway":
            return await gateway(request)
        return _json([])

    async def gateway(request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        async for message in ws:
            data: Any = message.json()
            if data.get("op") == 2:  # IDENTIFY
                seen.append("IDENTIFY")
                if mode == "no_guilds":
                    await ws.send_json({"op": 0, "t": "READY", "s": 1, "d": {
                        "v": 10, "user": USER, "guilds": [], "session_id": "s",
                        "resume_gateway_url": f"ws://127.0.0.1:{port}/gateway",
                        "application": {"id": APPLICATION["id"], "flags": 0}}})
                    continue
                await ws.close(code=4014,
                               message=b"Disallowed intent(s).")
                break
        return ws

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", any_route)
    return app


@contextmanager
def fake_discord(mode: str) -> Iterator[tuple[str, list[str]]]:
    """Serve in a thread; yield the address (REST under /api/v10, the gateway under /gateway)
    and the requests seen."""
    port = free_port()
    seen: list[str] = []
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(_app(mode, port, seen), access_log=None)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield f"127.0.0.1:{port}", seen
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
