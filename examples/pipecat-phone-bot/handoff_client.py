"""A dependency-free client for the handoff gateway's /v1 API, for Pipecat phone bots.

Python 3.9+ standard library only, so it drops into any bot without touching its
dependencies. `HandoffClient` is the HTTP contract; `HandoffBridge` is the glue a
Pipecat bot needs (turns in, `transfer_to_human` out, the core's lines voiced and
acknowledged) written against callables, so it runs with or without Pipecat
installed. `bot.py` wires it into a Pipecat pipeline.

The gateway decides everything (which team, what the caller hears, what the LLM is
told); this module only carries turns in and the core's actions out.
"""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Awaitable, Callable, Optional

log = logging.getLogger("handoff")

PLATFORM = "pipecat"
TOOL_NAME = "transfer_to_human"
# Body fields the bridge sets; the LLM's arguments never override them.
_RESERVED = {"callId", "callbackNumber", "transcript", "platform", "trigger", "playout", "from", "to"}


class GatewayError(Exception):
    """A /v1 request the gateway refused (or that never reached it)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class HandoffClient:
    """The gateway's /v1 API over urllib. The bearer (an API key on a server, or a
    client token) goes only in the Authorization header and is never logged."""

    def __init__(self, gateway_url: str, token: str, timeout: float = 15.0):
        self._base = gateway_url.rstrip("/")
        parts = urllib.parse.urlsplit(self._base)
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._token = token
        self._timeout = timeout

    def turns(self, call_id: str, turns: list[dict], platform: str = PLATFORM) -> dict:
        path = f"/v1/calls/{urllib.parse.quote(call_id, safe='')}/turns"
        return self._post(self._base + path, {"platform": platform, "playout": "ack", "turns": turns})

    def handoff(self, body: dict) -> dict:
        return self._post(self._base + "/v1/handoffs", body)

    def played(self, ack: str) -> dict:
        """`ack` is the path the gateway sent with the line, its base path included."""
        return self._post(urllib.parse.urljoin(self._origin, ack), {})

    def ai_unavailable(self, call_id: str, detail: str, platform: str = PLATFORM) -> dict:
        path = f"/v1/calls/{urllib.parse.quote(call_id, safe='')}/ai-unavailable"
        return self._post(self._base + path, {"detail": detail, "platform": platform})

    def end(self, call_id: str) -> dict:
        return self._post(self._base + f"/v1/calls/{urllib.parse.quote(call_id, safe='')}/end", {})

    def client_token(self, call_id: Optional[str] = None, callback_number: Optional[str] = None, ttl_seconds: Optional[int] = None) -> dict:
        """A short-lived token for a browser, scoped to one call (needs an API key)."""
        body: dict[str, Any] = {"callId": call_id} if call_id else {"callbackNumber": callback_number}
        if ttl_seconds is not None:
            body["ttlSeconds"] = ttl_seconds
        return self._post(self._base + "/v1/client-tokens", body)

    def _post(self, url: str, body: dict) -> dict:
        request = urllib.request.Request(
            url,
            data=json.dumps(body).encode("utf-8"),
            method="POST",
            headers={"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                text = response.read().decode("utf-8")
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as error:
            raise _refusal(error) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise GatewayError(0, "unreachable", str(getattr(error, "reason", error))) from None


def _refusal(error: urllib.error.HTTPError) -> GatewayError:
    try:
        detail = json.loads(error.read().decode("utf-8")).get("error", {})
    except (ValueError, AttributeError):
        detail = {}
    return GatewayError(
        error.code,
        str(detail.get("code") or "http_error"),
        str(detail.get("message") or f"gateway answered {error.code}"),
    )


@dataclass(frozen=True)
class VobizStart:
    """What the first message on a Vobiz `<Stream>` socket says about the call."""

    call_id: str
    stream_id: str
    account_id: Optional[str] = None
    encoding: Optional[str] = None
    sample_rate: Optional[int] = None


def parse_vobiz_start(message: Any) -> VobizStart:
    """The call UUID (the handoff's call id) and stream id from a Vobiz `start` event.

    Current Vobiz nests them (`{"event": "start", "start": {"callId", "streamId", ...}}`);
    older docs show them flat at the top level. Both are read. Raises ValueError for
    anything else, e.g. a socket that opened with `media`.
    """
    data = json.loads(message) if isinstance(message, (str, bytes)) else message
    if not isinstance(data, dict) or data.get("event") != "start":
        raise ValueError("not a Vobiz start event")
    start = data.get("start") if isinstance(data.get("start"), dict) else data
    call_id, stream_id = start.get("callId"), start.get("streamId")
    if not isinstance(call_id, str) or not call_id or not isinstance(stream_id, str) or not stream_id:
        raise ValueError("the Vobiz start event has no callId or streamId")
    media = start.get("mediaFormat") if isinstance(start.get("mediaFormat"), dict) else {}
    rate = media.get("sampleRate")
    return VobizStart(
        call_id=call_id,
        stream_id=stream_id,
        account_id=str(start["accountId"]) if start.get("accountId") is not None else None,
        encoding=media.get("encoding"),
        sample_rate=int(rate) if isinstance(rate, (int, float, str)) and str(rate).isdigit() else None,
    )


def to_epoch_ms(timestamp: Any) -> Optional[int]:
    """Epoch ms from a Pipecat timestamp (ISO 8601, as `time_now_iso8601` writes it)."""
    if not isinstance(timestamp, str) or not timestamp.strip():
        return None
    text = timestamp.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return int(moment.timestamp() * 1000)


Speak = Callable[[str], Awaitable[bool]]
Instruct = Callable[[str, bool], Awaitable[None]]


class HandoffBridge:
    """One phone call's link to the gateway, for a Pipecat bot.

    - `add_turn(role, text, timestamp)`: a final turn (from the context aggregators'
      `on_user_turn_stopped` / `on_assistant_turn_stopped`); posted in order in the
      background. The core runs its rules on it and may answer with actions.
    - `transfer_to_human(params)`: the LLM's tool call, as a Pipecat function handler
      (`params.arguments`, `params.result_callback`).
    - `speak(text) -> played?` voices a line with the bot's TTS and returns once it has
      been heard (bot stopped speaking); the bridge then acknowledges it, and the call
      moves only after that. `instruct(text, respond)` gives the LLM the core's line.
    - `quiet_result()` returns the result properties that stop the LLM from replying to a
      transfer result while the bridge speaks the farewell (Pipecat's
      `FunctionCallResultProperties(run_llm=False)`).
    """

    def __init__(
        self,
        client: HandoffClient,
        call_id: str,
        speak: Speak,
        instruct: Optional[Instruct] = None,
        quiet_result: Optional[Callable[[], Any]] = None,
        platform: str = PLATFORM,
        on_error: Optional[Callable[[Exception, str], None]] = None,
    ):
        self.client = client
        self.call_id = call_id
        self._speak = speak
        self._instruct = instruct
        self._quiet_result = quiet_result
        self._platform = platform
        self._on_error = on_error or (lambda error, where: log.warning("handoff %s: %s", where, error))
        self._turns: Optional[asyncio.Future] = None
        self._voice: Optional[asyncio.Future] = None
        self._ai_down = False

    # -- turns ---------------------------------------------------------------------------

    def add_turn(self, role: str, text: Optional[str], timestamp: Any = None, interrupted: bool = False) -> None:
        if not text or not text.strip():
            return
        turn: dict[str, Any] = {"role": role, "text": text.strip(), "final": True}
        at = to_epoch_ms(timestamp)
        if at is not None:
            turn["at"] = at
        if interrupted:
            turn["interrupted"] = True

        async def post() -> None:
            response = await asyncio.to_thread(self.client.turns, self.call_id, [turn], self._platform)
            self._perform(response.get("actions") or [])

        self._turns = self._chain(self._turns, post, "turns")

    async def flush(self) -> None:
        """Waits until every turn so far has reached the gateway."""
        if self._turns is not None:
            await asyncio.shield(self._turns)

    async def idle(self) -> None:
        """Waits for the turns and for every line the core asked for (spoken and acknowledged)."""
        await self.flush()
        if self._voice is not None:
            await asyncio.shield(self._voice)

    # -- the tool call -----------------------------------------------------------------------

    async def transfer_to_human(self, params: Any) -> None:
        await self.flush()
        arguments = params.arguments if isinstance(params.arguments, dict) else {}
        body = {k: v for k, v in dict(arguments).items() if k not in _RESERVED}
        body.update(platform=self._platform, trigger="tool", playout="ack", callId=self.call_id)
        try:
            response = await asyncio.to_thread(self.client.handoff, body)
        except GatewayError as error:
            self._on_error(error, "handoff")
            # The gateway's own code and words, not ours: the LLM tells the caller.
            await params.result_callback({"ok": False, "status": "error", "code": error.code, "message": error.message})
            return
        reply = response.get("reply") or {k: v for k, v in response.items() if k not in ("actions", "handoff")}
        actions = response.get("actions") or []
        farewell = any(a.get("type") == "say" and a.get("purpose") == "farewell" for a in actions)
        if farewell and self._quiet_result is not None:
            await params.result_callback(reply, properties=self._quiet_result())
        else:
            await params.result_callback(reply)
        # The farewell plays after the handler returns: the function call is settled, and
        # a barge-in cancelling it cannot cut the line short.
        self._perform(actions)

    async def ai_unavailable(self, detail: str) -> None:
        """The LLM (or STT/TTS) gave up: the core hands the caller to a human, no farewell."""
        if self._ai_down:
            return
        self._ai_down = True
        await self.flush()
        try:
            await asyncio.to_thread(self.client.ai_unavailable, self.call_id, detail, self._platform)
        except GatewayError as error:
            self._on_error(error, "ai-unavailable")

    # -- what the core asks for ---------------------------------------------------------------

    def _perform(self, actions: list[dict]) -> None:
        for action in actions:
            if action.get("type") == "say":
                self._voice = self._chain(self._voice, lambda a=action: self._say(a), "say")
            elif action.get("type") == "instruct" and self._instruct is not None:
                instruct = self._instruct
                self._voice = self._chain(
                    self._voice,
                    lambda a=action: instruct(str(a.get("text", "")), bool(a.get("respond"))),
                    "instruct",
                )

    async def _say(self, action: dict) -> None:
        played = await self._speak(str(action.get("text", "")))
        if played and action.get("ack"):
            await asyncio.to_thread(self.client.played, action["ack"])

    def _chain(self, previous: Optional[asyncio.Future], work: Callable[[], Awaitable[None]], where: str) -> asyncio.Future:
        async def run() -> None:
            if previous is not None:
                await asyncio.gather(previous, return_exceptions=True)
            try:
                await work()
            except Exception as error:  # reported, and the next turn still goes
                self._on_error(error, where)

        return asyncio.ensure_future(run())
