"""Tests for handoff_client.py, with python3's standard library only.

The parsing tests run anywhere. The gateway tests need a running gateway with a live
(sandbox) call, and are skipped without one; `src/python-client.test.ts` starts both and
runs this file:

    HANDOFF_GATEWAY_URL=http://127.0.0.1:PORT HANDOFF_API_KEY=... HANDOFF_CALL_ID=<CallUUID> \
        python3 -m unittest -v test_handoff_client

Pipecat is not installed here: `FunctionCallParams` is a stand-in with the two members the
bridge uses (`arguments`, `result_callback(result, properties=None)`), and `speak` stands for
the bot's TTS (bot.py's SpeechMonitor.say).
"""

import asyncio
import json
import os
import time
import unittest
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from handoff_client import GatewayError, HandoffBridge, HandoffClient, parse_vobiz_start, to_epoch_ms

GATEWAY = os.environ.get("HANDOFF_GATEWAY_URL")
API_KEY = os.environ.get("HANDOFF_API_KEY", "")
CALL_ID = os.environ.get("HANDOFF_CALL_ID", "")


@dataclass
class FunctionCallParams:
    """Stand-in for pipecat.services.llm_service.FunctionCallParams (pipecat 1.7)."""

    function_name: str
    tool_call_id: str
    arguments: dict
    results: list = field(default_factory=list)

    async def result_callback(self, result: Any, *, properties: Optional[Any] = None) -> None:
        self.results.append((result, properties))


class ParseVobizStart(unittest.TestCase):
    def test_nested_start_as_vobiz_sends_it(self):
        start = parse_vobiz_start(
            json.dumps(
                {
                    "sequenceNumber": 0,
                    "event": "start",
                    "start": {
                        "callId": "5401fd2e-2b1c-4d7e-9a0f-3c1b2a4d5e6f",
                        "streamId": "c4dfd815-0a1b-4c2d-8e3f-9a8b7c6d5e4f",
                        "accountId": "500025",
                        "tracks": ["inbound"],
                        "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000},
                    },
                    "extra_headers": "{}",
                }
            )
        )
        self.assertEqual(start.call_id, "5401fd2e-2b1c-4d7e-9a0f-3c1b2a4d5e6f")
        self.assertEqual(start.stream_id, "c4dfd815-0a1b-4c2d-8e3f-9a8b7c6d5e4f")
        self.assertEqual(start.account_id, "500025")
        self.assertEqual((start.encoding, start.sample_rate), ("audio/x-mulaw", 8000))

    def test_flat_start_of_the_older_docs(self):
        start = parse_vobiz_start({"event": "start", "callId": "c-1", "streamId": "s-1", "from": "+91"})
        self.assertEqual((start.call_id, start.stream_id), ("c-1", "s-1"))

    def test_anything_else_is_refused(self):
        for message in ['{"event":"media"}', {"event": "start", "start": {"callId": "c"}}, "[]", {"event": "start"}]:
            with self.assertRaises(ValueError):
                parse_vobiz_start(message)


class Timestamps(unittest.TestCase):
    def test_iso_from_pipecat(self):
        self.assertEqual(to_epoch_ms("2026-08-21T10:15:02.480+00:00"), 1787307302480)
        self.assertEqual(to_epoch_ms("2026-08-21T10:15:02.480Z"), 1787307302480)
        self.assertEqual(to_epoch_ms("2026-08-21T15:45:02.480+05:30"), 1787307302480)

    def test_nothing_usable(self):
        for value in [None, "", "yesterday", "2026-08-21T10:15:02", 1787307302480]:
            self.assertIsNone(to_epoch_ms(value))


@unittest.skipUnless(GATEWAY and CALL_ID, "needs a running gateway and a live call (see the module docstring)")
class AgainstARunningGateway(unittest.TestCase):
    def test_a_phone_call_hands_off_after_the_farewell(self):
        asyncio.run(self._phone_call())

    async def _phone_call(self):
        spoken: list[tuple[str, int]] = []
        instructed: list[tuple[str, bool]] = []
        errors: list[tuple[str, str]] = []

        async def speak(text: str) -> bool:
            await asyncio.sleep(0.05)  # the TTS plays the line
            spoken.append((text, int(time.time() * 1000)))
            return True

        async def instruct(text: str, respond: bool) -> None:
            instructed.append((text, respond))

        bridge = HandoffBridge(
            HandoffClient(GATEWAY, API_KEY),
            CALL_ID,
            speak=speak,
            instruct=instruct,
            quiet_result=lambda: {"run_llm": False},
            on_error=lambda error, where: errors.append((where, str(error))),
        )
        # As the aggregators stamp turns (time_now_iso8601); the last one without a time.
        started = datetime.now(timezone.utc) - timedelta(seconds=20)
        stamp = lambda s: (started + timedelta(seconds=s)).isoformat(timespec="milliseconds")  # noqa: E731
        bridge.add_turn("agent", "Welcome to Sahayak Bank. How can I help you today?", stamp(0))
        bridge.add_turn("caller", "Hi, I would like to apply for a home loan for a flat in Pune.", stamp(4))
        bridge.add_turn("agent", "Happy to help. May I have your name?", stamp(7))
        bridge.add_turn("caller", "My name is Rahul Mehta.", None)
        params = FunctionCallParams(
            "transfer_to_human",
            "call_7Qk2",
            {
                "reason": "Qualified home-loan applicant",
                "department": "loans",
                "summary": "Rahul Mehta wants a 45 lakh home loan.",
                "callId": "not-this-call",
            },
        )
        await bridge.transfer_to_human(params)
        self.assertEqual(len(params.results), 1)
        result, properties = params.results[0]
        self.assertEqual(result["status"], "transferring")
        self.assertTrue(result["ok"])
        self.assertEqual(result["team"], "Relationship manager")
        # The bridge speaks the farewell itself, so the LLM must not answer the result.
        self.assertEqual(properties, {"run_llm": False})
        await bridge.idle()
        self.assertEqual([text for text, _ in spoken], [result["said"]])
        self.assertEqual(errors, [])
        print(json.dumps({"farewell": spoken[0][0], "farewellDoneAt": spoken[0][1]}))

    def test_a_client_token_works_for_its_call_only(self):
        client = HandoffClient(GATEWAY, API_KEY)
        issued = client.client_token(call_id=CALL_ID, ttl_seconds=60)
        self.assertTrue(issued["token"].startswith("hct_"))
        scoped = HandoffClient(GATEWAY, issued["token"])
        with self.assertRaises(GatewayError) as refused:
            scoped.turns("another-call", [{"role": "caller", "text": "hi"}])
        self.assertEqual((refused.exception.status, refused.exception.code), (403, "forbidden"))
        with self.assertRaises(GatewayError) as unknown:
            HandoffClient(GATEWAY, issued["token"] + "x").turns(CALL_ID, [{"role": "caller", "text": "hi"}])
        self.assertEqual(unknown.exception.status, 401)
        with self.assertRaises(GatewayError) as minting:
            scoped.client_token(call_id=CALL_ID)
        self.assertEqual(minting.exception.status, 403)


if __name__ == "__main__":
    unittest.main()
