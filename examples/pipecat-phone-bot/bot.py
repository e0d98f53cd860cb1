"""A Pipecat phone bot on Vobiz that hands the caller to a human through the handoff gateway.

Vobiz answers the call with the gateway's `<Stream>` pointed at this server
(`answer: { kind: 'stream', url: 'wss://bot.example.com/ws', platform: 'pipecat' }` in the
gateway config). The bot learns the Vobiz CallUUID from the stream's `start` event, reports
every turn to the gateway, and when the LLM calls `transfer_to_human` the gateway moves the
call once the bot has spoken the farewell the core chose.

Written against pipecat-ai 1.7 (main @ acead05) and the Vobiz serializer of pipecat PR #3530.
NOT RUN HERE: Pipecat cannot be installed in this environment. See README.md for what was run.

    pip install "pipecat-ai[openai,silero,websocket]" fastapi uvicorn
    HANDOFF_GATEWAY_URL=https://handoff.example.com HANDOFF_API_KEY=... \
    HANDOFF_DEPARTMENTS=loans,support OPENAI_API_KEY=... python bot.py
"""

import asyncio
import os

import uvicorn
from fastapi import FastAPI, WebSocket
from loguru import logger

from handoff_client import TOOL_NAME, HandoffBridge, HandoffClient, parse_vobiz_start
from pipecat.adapters.schemas.function_schema import FunctionSchema
from pipecat.audio.vad.silero import SileroVADAnalyzer
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    FunctionCallResultProperties,
    LLMMessagesAppendFrame,
    LLMRunFrame,
    TTSSpeakFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.worker import PipelineParams, PipelineWorker
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.aggregators.llm_response_universal import (
    LLMContextAggregatorPair,
    LLMUserAggregatorParams,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.services.openai.llm import OpenAILLMService
from pipecat.services.openai.stt import OpenAIRealtimeSTTService
from pipecat.services.openai.tts import OpenAITTSService
from pipecat.transports.websocket.fastapi import FastAPIWebsocketParams, FastAPIWebsocketTransport
from pipecat.workers.runner import WorkerRunner

try:
    # pipecat PR #3530; not in pipecat main at 1.7.
    from pipecat.serializers.vobiz import VobizFrameSerializer
except ImportError:
    # Vobiz speaks Plivo's stream protocol (start.callId/streamId, media, playAudio, clearAudio).
    from pipecat.serializers.plivo import PlivoFrameSerializer as VobizFrameSerializer

GATEWAY = HandoffClient(os.environ["HANDOFF_GATEWAY_URL"], os.environ["HANDOFF_API_KEY"])
DEPARTMENTS = [d.strip() for d in os.environ.get("HANDOFF_DEPARTMENTS", "").split(",") if d.strip()]

# The core's transfer_to_human arguments (packages/core/src/tool.ts). `department` must be one
# of the deployment's destination keys: the LLM never supplies a phone number.
TRANSFER = FunctionSchema(
    name=TOOL_NAME,
    description=(
        "Transfer the caller to a human expert, carrying the conversation across so they never "
        "repeat themselves. Call it when the caller asks for a person or you cannot help."
    ),
    properties={
        "reason": {"type": "string", "description": 'Why the caller needs a human, e.g. "refund above limit".'},
        **({"department": {"type": "string", "enum": DEPARTMENTS, "description": "Which team."}} if DEPARTMENTS else {}),
        "summary": {"type": "string", "description": "What the caller needs and what was already tried."},
        "urgency": {"type": "string", "enum": ["low", "normal", "high", "immediate"]},
        "customer": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "accountNumber": {"type": "string"}},
        },
    },
    required=["reason"],
)


class SpeechMonitor(FrameProcessor):
    """Sits after transport.output(): tells the bridge when a line it queued has been heard."""

    def __init__(self):
        super().__init__()
        self._waiters: list[list] = []

    async def process_frame(self, frame, direction):
        await super().process_frame(frame, direction)
        if isinstance(frame, BotStartedSpeakingFrame):
            for waiter in self._waiters:
                waiter[0] = True
        elif isinstance(frame, BotStoppedSpeakingFrame):
            for waiter in [w for w in self._waiters if w[0]]:
                waiter[1].set()
        await self.push_frame(frame, direction)

    async def say(self, queue, text: str, timeout: float = 20.0) -> bool:
        waiter = [False, asyncio.Event()]
        self._waiters.append(waiter)
        try:
            await queue(TTSSpeakFrame(text))
            await asyncio.wait_for(waiter[1].wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            self._waiters.remove(waiter)


async def run_bot(websocket: WebSocket) -> None:
    # The first frame on a Vobiz stream is `start`: the call UUID is the handoff's call id.
    start = parse_vobiz_start(await websocket.receive_text())
    serializer = VobizFrameSerializer(
        start.stream_id,
        call_id=start.call_id,
        # Never hang up from the bot: when the gateway transfers the call the stream closes and
        # the pipeline ends, and auto hang-up would cut the caller off from the human.
        params=VobizFrameSerializer.InputParams(auto_hang_up=False),
    )
    transport = FastAPIWebsocketTransport(
        websocket,
        FastAPIWebsocketParams(audio_in_enabled=True, audio_out_enabled=True, serializer=serializer),
    )
    stt = OpenAIRealtimeSTTService(api_key=os.environ["OPENAI_API_KEY"])
    tts = OpenAITTSService(api_key=os.environ["OPENAI_API_KEY"])
    llm = OpenAILLMService(
        api_key=os.environ["OPENAI_API_KEY"],
        settings=OpenAILLMService.Settings(
            system_instruction=(
                "You are a bank's phone assistant. Be brief. If the caller asks for a person, or "
                f"needs what you cannot do, call {TOOL_NAME}."
            )
        ),
    )
    context = LLMContext(tools=[TRANSFER])
    user, assistant = LLMContextAggregatorPair(
        context, user_params=LLMUserAggregatorParams(vad_analyzer=SileroVADAnalyzer())
    )
    monitor = SpeechMonitor()
    pipeline = Pipeline([transport.input(), stt, user, llm, tts, transport.output(), monitor, assistant])
    # No RTVI client on a phone call: RTVI messages would only reach Vobiz's socket.
    worker = PipelineWorker(pipeline, params=PipelineParams(enable_metrics=False), enable_rtvi=False)

    async def instruct(text: str, respond: bool) -> None:
        await worker.queue_frames([LLMMessagesAppendFrame(messages=[{"role": "developer", "content": text}], run_llm=respond)])

    bridge = HandoffBridge(
        GATEWAY,
        start.call_id,
        speak=lambda text: monitor.say(tts.queue_frame, text),
        instruct=instruct,
        quiet_result=lambda: FunctionCallResultProperties(run_llm=False),
    )
    llm.register_function(TOOL_NAME, bridge.transfer_to_human)

    @user.event_handler("on_user_turn_stopped")
    async def on_user_turn_stopped(aggregator, strategy, message):
        bridge.add_turn("caller", message.content, message.timestamp)

    @assistant.event_handler("on_assistant_turn_stopped")
    async def on_assistant_turn_stopped(aggregator, message):
        bridge.add_turn("agent", message.content, message.timestamp, interrupted=message.interrupted)

    @worker.event_handler("on_pipeline_error")
    async def on_pipeline_error(worker, frame):
        # A fatal error, or a processor that can no longer work (an LLM whose key was
        # rejected): the AI side is gone and the core hands the caller to a human.
        processor = getattr(frame, "processor", None)
        if frame.fatal or (processor is not None and not processor.is_usable):
            await bridge.ai_unavailable(frame.error)

    @transport.event_handler("on_client_connected")
    async def on_client_connected(transport, client):
        context.add_message({"role": "developer", "content": "Greet the caller and ask how you can help."})
        await worker.queue_frames([LLMRunFrame()])

    @transport.event_handler("on_client_disconnected")
    async def on_client_disconnected(transport, client):
        # A transfer closes the stream too: the gateway ends the call's session on Vobiz's hang-up.
        await bridge.idle()
        await runner.cancel()

    runner = WorkerRunner(handle_sigint=False)
    await runner.add_workers(worker)
    await runner.run()


app = FastAPI()


@app.websocket("/ws")
async def ws(websocket: WebSocket):
    await websocket.accept()
    try:
        await run_bot(websocket)
    except Exception as error:  # one call's failure must not take the server down
        logger.exception(f"call failed: {error}")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8765")))
