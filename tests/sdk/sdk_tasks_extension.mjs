// The 2026-07-28 tasks extension ("io.modelcontextprotocol/tasks") driven by its official
// requester, @modelcontextprotocol/ext-tasks 0.2.2, on the v2 client (@modelcontextprotocol/client
// 2.4.0) pinned to 2026-07-28, against build/pixverse-mcp and build/pixverse-sim. The library
// decides what is a task, polls tasks/get, cancels, and validates every message with its own
// schemas; the tap on the transport shows what really went out and came back.
//   node sdk_tasks_extension.mjs build/pixverse-mcp build/pixverse-sim
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import {
  createSessionPortFromClient, createTaskSessionFromClient, resultFromTaskOutcome, JsonRpcResponseError, TaskCancelledError,
} from '@modelcontextprotocol/ext-tasks/client';
import {
  CallToolResultV2Schema, CancelTaskRequestV2Schema, CancelTaskResultV2Schema, CreateTaskResultV2Schema,
  GetTaskRequestV2Schema, GetTaskResultV2Schema, UpdateTaskRequestV2Schema, hasTaskClientCapabilityV2,
  hasTaskServerCapabilityV2,
} from '@modelcontextprotocol/ext-tasks/core/v2';
import { isIdString, reporter, serverEnv, startSim, tapTransport } from './sdk_common.mjs';

const [serverPath, simPath] = process.argv.slice(2);
if (!serverPath || !simPath) {
  console.error('usage: node sdk_tasks_extension.mjs <pixverse-mcp> <pixverse-sim>');
  process.exit(2);
}
const MODERN = '2026-07-28';
const TASKS = 'io.modelcontextprotocol/tasks';
const PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
const CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
const CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
const LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// The library sends tools/call and tasks/* past the SDK's request path ("rawDispatch"), because
// the SDK refuses them: its tools/call decoder rejects resultType "task" (SdkError
// UNSUPPORTED_RESULT_TYPE). On stdio the SDK owns the transport, so this coordinator shares it:
// its ids ("ext-tasks-N") never collide with the SDK's numbers, and it takes its own responses
// off the wire before the SDK would call them unknown. Installed after tapTransport, so the tap
// still records everything.
function rawCoordinator(transport) {
  const pending = new Map();
  let next = 0;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const deliver = transport.onmessage;
    transport.onmessage = (msg, ...rest) => {
      const waiter = ('result' in msg || 'error' in msg) ? pending.get(msg.id) : undefined;
      if (!waiter) return deliver?.(msg, ...rest);
      pending.delete(msg.id);
      waiter(msg);
    };
    return start();
  };
  return async (request, { signal, context } = {}) => {
    signal?.throwIfAborted();
    const id = `ext-tasks-${++next}`;
    const limitMs = context?.requestTimeoutMs ?? 10000;  // a lost answer fails the step, never hangs it
    const answer = await new Promise((resolve, reject) => {
      const done = (fn, v) => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); fn(v); };
      const timer = setTimeout(() => { pending.delete(id); done(reject, new Error(`${request.method} ${id}: no answer in ${limitMs} ms`)); }, limitMs);
      // An abandoned request is cancelled on the wire as the SDK would, in the 2026 envelope.
      const onAbort = () => {
        pending.delete(id);
        transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled',
                         params: { requestId: id, _meta: { [PROTOCOL_VERSION]: request.params?._meta?.[PROTOCOL_VERSION] } } })
          .catch(() => {});
        done(reject, signal.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, (msg) => done(resolve, msg));
      transport.send({ jsonrpc: '2.0', id, ...request }).catch((e) => { pending.delete(id); done(reject, e); });
    });
    return 'error' in answer ? { kind: 'error', error: answer.error } : { kind: 'result', result: answer.result };
  };
}

// The library's wire schemas, as a check that names what failed.
function accepts(schema, value, what) {
  const parsed = schema.safeParse(value);
  assert.ok(parsed.success, `${what} fails the ext-tasks schema: ${parsed.error?.message}\n${JSON.stringify(value)}`);
}

const sim = await startSim(simPath);
const client = new Client({ name: 'sdk-test-ext-tasks', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
const transport = new StdioClientTransport({ command: serverPath, args: [], stderr: 'ignore', env: serverEnv(sim.baseUrl) });
// The pinned client probes with server/discover on a short-lived sibling process it builds as
// `new transport.constructor(params)`; tapping what that builds shows the probe's raw answer.
const probes = [];
transport.constructor = function TappedProbeSibling(params) {
  const sibling = new StdioClientTransport(params);
  probes.push(tapTransport(sibling));
  return sibling;
};
const tap = tapTransport(transport);
const rawDispatch = rawCoordinator(transport);
const { step, finish } = reporter();

// What the sim (standing in for PixVerse) accepted: its job list, by prompt.
const simJobs = async () => (await (await fetch(`${sim.baseUrl}/_sim/jobs`)).json());
const answerTo = (request) => tap.received.find((m) => m.id === request.id && ('result' in m || 'error' in m));
const sentSince = (mark, method) => tap.sent.slice(mark).filter((m) => m.method === method);
const direct = async (name, args = {}) => {
  const r = await client.callTool({ name, arguments: args });
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  return r.structuredContent;
};

let session;
const backgroundErrors = [];  // what the library reports outside any call
try {
  let connected;
  await step(`connect pinned to ${MODERN}: server/discover lists the tasks extension, and ext-tasks sees generation v2`, async () => {
    await client.connect(transport);
    assert.equal(client.getNegotiatedProtocolVersion(), MODERN);
    const discover = probes[0]?.received.find((m) => m.result?.supportedVersions);
    assert.ok(discover, 'no server/discover answer on the probe');
    assert.deepEqual(discover.result.capabilities.extensions?.[TASKS], {}, JSON.stringify(discover.result.capabilities));
    assert.ok(hasTaskServerCapabilityV2(discover.result.capabilities));
    assert.ok(hasTaskServerCapabilityV2(client.getServerCapabilities()), 'the client dropped the extension');
    // Generation v2 is what makes the adapter insist on a raw request path; a v1 or task-less
    // server would not.
    assert.throws(() => createTaskSessionFromClient(client, { endpointId: 'pixverse-sim' }),
                  /V2 task session requires options.rawDispatch/);
    const port = createSessionPortFromClient(client, 'pixverse-sim', {
      rawDispatch, v2RequestFraming: { protocolVersion: MODERN, clientInfo: {}, clientCapabilities: {} } });
    try {
      assert.equal(port.taskCapabilities.generation, 'v2');
    } finally {
      port[Symbol.dispose]();
    }
    connected = true;
  });

  await step('a task session frames its requests with the envelope the SDK client itself sends', async () => {
    await client.listTools();
    // The framing is read off the wire, so the library's requests say what the SDK's say.
    const meta = tap.sent.find((m) => m.method === 'tools/list').params._meta;
    assert.equal(meta[PROTOCOL_VERSION], MODERN);
    assert.equal(meta[CLIENT_INFO].name, 'sdk-test-ext-tasks');
    assert.ok(!hasTaskClientCapabilityV2({ _meta: meta }), 'the SDK declared tasks by itself');
    session = createTaskSessionFromClient(client, {
      endpointId: 'pixverse-sim', rawDispatch,
      v2RequestFraming: { protocolVersion: meta[PROTOCOL_VERSION], clientInfo: meta[CLIENT_INFO],
                          clientCapabilities: meta[CLIENT_CAPABILITIES] },
      onError: (e) => backgroundErrors.push(e),
    });
    // The v2 shape of the capabilities: known handles only, no requested retention (v1 has one).
    assert.deepEqual(session.capabilities, { inventory: 'known-handles', execution: true, cancellation: true,
                                             inputResponses: true, requestedRetention: false });
  }, connected);

  let videoId;
  await step('text_to_video on a slow job becomes a task, polled with tasks/get to completed: succeeded with a video_id', async () => {
    const prompt = '[sim:ms=3000] a lighthouse at dusk';
    const mark = tap.sent.length;
    const markIn = tap.received.length;
    // Asking for progress and logs: a direct call would get both while it waits.
    const metadata = { progressToken: 'ext-tasks-progress', [LOG_LEVEL]: 'info' };
    const execution = await session.callTool('text_to_video', { prompt, wait_seconds: 60 }, { metadata });
    assert.equal(execution.kind, 'task');
    const [call] = sentSince(mark, 'tools/call');
    assert.equal(call.params._meta[PROTOCOL_VERSION], MODERN);
    assert.equal(call.params._meta.progressToken, metadata.progressToken);
    assert.equal(call.params._meta[LOG_LEVEL], 'info');
    assert.ok(hasTaskClientCapabilityV2(call.params), 'the call did not declare the tasks extension');
    const created = answerTo(call).result;
    assert.equal(created.resultType, 'task');
    assert.equal(created.status, 'working');
    assert.equal(created.taskId, execution.handle.taskId);
    assert.match(created.createdAt, ISO_TIME);
    assert.match(created.lastUpdatedAt, ISO_TIME);
    assert.ok(Number.isInteger(created.ttlMs) && created.ttlMs > 0, `ttlMs ${created.ttlMs}`);
    assert.ok(Number.isInteger(created.pollIntervalMs) && created.pollIntervalMs > 0, `pollIntervalMs ${created.pollIntervalMs}`);
    accepts(CreateTaskResultV2Schema, created, 'the task handle');

    const seen = [];
    const { outcome } = await execution.settle({ onEvent: (e) => { if (e.type === 'task') seen.push(e.task.status); } });
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
    const result = resultFromTaskOutcome(outcome);
    assert.equal(result.resultType, 'complete');
    assert.ok(!result.isError, JSON.stringify(result.content));
    assert.equal(result.structuredContent.status, 'succeeded');
    assert.ok(isIdString(result.structuredContent.video_id), JSON.stringify(result.structuredContent.video_id));

    // Polled: the job needs 3 s and the first poll comes after pollIntervalMs (2 s), so at
    // least one tasks/get saw it working, and the last one completed with the CallToolResult.
    const gets = sentSince(mark, 'tasks/get');
    assert.ok(gets.length >= 2, `${gets.length} tasks/get`);
    const answers = gets.map((g) => answerTo(g)?.result);
    for (const [i, g] of gets.entries()) {
      assert.equal(g.params.taskId, created.taskId);
      assert.equal(g.params._meta[PROTOCOL_VERSION], MODERN);
      accepts(GetTaskRequestV2Schema, g, 'the tasks/get request');
      accepts(GetTaskResultV2Schema, answers[i], 'a tasks/get answer');
    }
    assert.deepEqual(answers.map((a) => a.status), [...answers.slice(0, -1).map(() => 'working'), 'completed']);
    assert.deepEqual(answers.at(-1).result, result);
    accepts(CallToolResultV2Schema, answers.at(-1).result, 'the task result');
    // The library's own view followed the same course.
    assert.equal(seen[0], 'working');
    assert.equal(seen.at(-1), 'completed');
    // Nothing arrives for a task once its handle is sent: no progress, no logs.
    const notes = tap.received.slice(markIn).filter((m) => m.method);
    assert.deepEqual(notes, []);
    videoId = result.structuredContent.video_id;
  }, session);

  await step('the job the task made is the one PixVerse ran: get_video_status answers succeeded for its video_id', async () => {
    const job = await direct('get_video_status', { video_id: videoId, wait_seconds: 0 });
    assert.equal(job.video_id, videoId);
    assert.equal(job.status, 'succeeded');
  }, videoId);

  for (const [tool, check] of [['get_balance', (s) => assert.ok(Number.isInteger(s.credits_total), JSON.stringify(s))],
                               ['list_jobs', (s) => assert.ok(s.jobs.some((j) => j.video_id === videoId), JSON.stringify(s))]]) {
    await step(`${tool}, which may not run as a task, answers directly (resultType "complete") though the call declares tasks`, async () => {
      const mark = tap.sent.length;
      const execution = await session.callTool(tool, {});
      assert.equal(execution.kind, 'immediate');
      const [call] = sentSince(mark, 'tools/call');
      assert.ok(hasTaskClientCapabilityV2(call.params), 'the call did not declare the tasks extension');
      const answer = answerTo(call).result;
      assert.equal(answer.resultType, 'complete');
      accepts(CallToolResultV2Schema, answer, `the ${tool} result`);
      const { outcome } = await execution.settle();
      assert.equal(outcome.status, 'completed');
      const result = resultFromTaskOutcome(outcome);
      assert.ok(!result.isError, JSON.stringify(result.content));
      check(result.structuredContent);
      assert.deepEqual(sentSince(mark, 'tasks/get'), []);
    }, videoId);
  }

  let cancelled;
  await step('cancel() on a running task sends tasks/cancel; the task ends cancelled; its PixVerse job stays findable', async () => {
    const before = new Set((await direct('list_jobs')).jobs.map((j) => j.video_id));
    const mark = tap.sent.length;
    const execution = await session.callTool('text_to_video', { prompt: '[sim:ms=60000] a wait cut short', wait_seconds: 60 });
    assert.equal(execution.kind, 'task');
    const { taskId } = execution.handle;
    // Cancel only once PixVerse has accepted the job (the server lists it as "submitting" until
    // then, without a video_id), so there is one to find afterwards. Each look is a round trip;
    // the job runs for a minute, so the task is still working when it is seen.
    const accepted = (j) => isIdString(j.video_id) && !before.has(j.video_id) && j.status === 'running';
    let job;
    for (const until = Date.now() + 10000; !job && Date.now() < until;) job = (await direct('list_jobs')).jobs.find(accepted);
    assert.ok(job, 'the task submitted no job PixVerse accepted');

    await execution.cancel();
    const [cancel] = sentSince(mark, 'tasks/cancel');
    assert.ok(cancel, 'no tasks/cancel on the wire');
    assert.equal(cancel.params.taskId, taskId);
    accepts(CancelTaskRequestV2Schema, cancel, 'the tasks/cancel request');
    const ack = answerTo(cancel);
    assert.equal(ack.result?.resultType, 'complete', JSON.stringify(ack));
    accepts(CancelTaskResultV2Schema, ack.result, 'the tasks/cancel answer');
    const { outcome } = await execution.settle();
    assert.equal(outcome.status, 'cancelled');
    assert.throws(() => resultFromTaskOutcome(outcome), TaskCancelledError);

    // The server's own word, through the library's tasks/get: cancelled, and no result.
    const view = await session.task(taskId).snapshot();
    assert.equal(view.status, 'cancelled');
    assert.equal(view.raw.result, undefined);
    // What the work left once it stopped (the job's handle) shows as the status message; a look
    // before the tool has stopped shows the cancellation's own note.
    assert.match(view.statusMessage ?? '', new RegExp(`video_id ${job.video_id}|cancelled by request`));
    const get = sentSince(mark, 'tasks/get').at(-1);
    accepts(GetTaskResultV2Schema, answerTo(get).result, 'the cancelled task');

    // Cancelling stopped the wait, not the job: PixVerse still runs it, and it is listed.
    const status = await direct('get_video_status', { video_id: job.video_id, wait_seconds: 0 });
    assert.equal(status.status, 'running');
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === `pixverse://jobs/${job.video_id}`), JSON.stringify(resources.map((r) => r.uri)));
    cancelled = { taskId };
  }, session);

  await step('after the cancel the server stays usable: a task session call answers', async () => {
    const execution = await session.callTool('get_balance', {});
    const { outcome } = await execution.settle();
    assert.ok(resultFromTaskOutcome(outcome).structuredContent.credits_total > 0);
  }, cancelled);

  await step('a cancelled task cannot be cancelled again: tasks/cancel answers -32602', async () => {
    await assert.rejects(session.task(cancelled.taskId).cancel(), (e) => {
      assert.ok(e instanceof JsonRpcResponseError, String(e));
      assert.equal(e.code, -32602);
      assert.match(e.message, /terminal status 'cancelled'/);
      return true;
    });
  }, cancelled);

  await step('tasks/update is refused with -32602: the server never asks for input', async () => {
    await assert.rejects(session.task(cancelled.taskId).update({ anything: { action: 'cancel' } }), (e) => {
      assert.ok(e instanceof JsonRpcResponseError, String(e));
      assert.equal(e.code, -32602);
      assert.match(e.message, /not waiting for input/);
      return true;
    });
    const update = tap.sent.findLast((m) => m.method === 'tasks/update');
    accepts(UpdateTaskRequestV2Schema, update, 'the tasks/update request');
  }, cancelled);

  // The server checks a call's arguments inside the task (the same code as a direct call), so a
  // broken rule is a task that completes with the tool error, and nothing reaches PixVerse.
  await step('a call breaking a rule (v5.6, 1080p, 10 s) becomes a task that completes with isError true; no job is made', async () => {
    const prompt = 'ten seconds at 1080p on v5.6';
    const mark = tap.sent.length;
    const execution = await session.callTool('text_to_video', { prompt, model: 'v5.6', quality: '1080p', duration: 10 });
    assert.equal(execution.kind, 'task');
    assert.equal(answerTo(sentSince(mark, 'tools/call')[0]).result.resultType, 'task');
    const { outcome } = await execution.settle();
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
    const result = resultFromTaskOutcome(outcome);
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /Invalid arguments for text_to_video: duration: .*10 s is not available at 1080p/);
    assert.match(result.content[0].text, /Nothing was sent to PixVerse/);
    const last = answerTo(sentSince(mark, 'tasks/get').at(-1)).result;
    assert.equal(last.status, 'completed');
    assert.equal(last.result.isError, true);
    accepts(GetTaskResultV2Schema, last, 'the task with the tool error');
    assert.ok(!(await simJobs()).some((j) => j.prompt === prompt), 'PixVerse got a job for the refused call');
  }, session);

  await step('no request the library sent went unanswered, and every answer is the 2026-07-28 shape', async () => {
    assert.deepEqual(backgroundErrors.map(String), []);
    const ours = tap.sent.filter((m) => typeof m.id === 'string' && m.id.startsWith('ext-tasks-'));
    assert.ok(ours.length >= 8, `${ours.length} library requests`);
    for (const m of ours) {
      const answer = answerTo(m);
      assert.ok(answer, `${m.method} ${m.id} unanswered`);
      if (answer.result) assert.ok(['complete', 'task'].includes(answer.result.resultType), `${m.method}: ${answer.result.resultType}`);
    }
  }, session);
} finally {
  await session?.close().catch(() => {});
  await client.close().catch(() => {});
  sim.stop();
}
finish();
