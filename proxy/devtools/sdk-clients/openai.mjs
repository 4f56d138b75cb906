// The official openai npm client against Bedrock Meter's OpenAI-compatible API, with nothing changed but its base
// URL and its API key (a customer's token). OpenAiClientIT runs it against the local stack:
//   BM_PROXY_URL=http://127.0.0.1:8081 BM_TOKEN=<token> BM_LIMITED_TOKEN=<token of a customer with a daily limit
//   of 10> BM_DISCONNECT_TOKEN=<token> BM_CHAT_MODEL=us.anthropic.claude-sonnet-4-5-20250929-v1:0
//   BM_EMBEDDING_MODEL=amazon.titan-embed-text-v2:0 node openai.mjs
// prints one JSON line per step: {"step":<name>, ...what the client got}, or {"step":<name>, "failed":{...}} if the
// step threw. Every call a step had answered is listed in its "answers" as {id, usage} (id null for embeddings,
// whose answer has none), so that the meter can be checked against what the client was told.
import OpenAI from 'openai';
import { crc32, deflateSync } from 'node:zlib';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name} (see the comment at the top of openai.mjs)`);
    process.exit(2);
  }
  return value;
};
const baseURL = `${env('BM_PROXY_URL')}/v1`;
const model = env('BM_CHAT_MODEL');
const embeddingModel = env('BM_EMBEDDING_MODEL');
const client = new OpenAI({ baseURL, apiKey: env('BM_TOKEN') });
const limitedToken = env('BM_LIMITED_TOKEN');
const disconnectToken = env('BM_DISCONNECT_TOKEN');

const weather = [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

/** Reads a chat.completion.chunk stream to its end: the text joined from the deltas, the last chunk and its usage. */
async function readStream(stream) {
  let text = '';
  let chunks = 0;
  let finishReason = null;
  let last = null;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    last = chunk;
  }
  return { id: last.id, object: last.object, text, chunks, finishReason, lastChoices: last.choices.length,
    usage: last.usage ?? null };
}

/** What the client raised: its class (one of OpenAI's error classes) and what it read from the answer. */
function raised(e) {
  return { name: e.constructor.name, status: e.status ?? null, type: e.type ?? null, code: e.code ?? null,
    param: e.param ?? null, message: e.message, retryAfter: e.headers?.get?.('retry-after') ?? null };
}

const answer = (completion) => ({ id: completion.id, usage: completion.usage });

/** A 2×2 RGB PNG made here (signature, IHDR, IDAT, IEND), as a data URL. */
function pngDataUrl() {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]); // filter byte + 2 pixels a row
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

const steps = {
  async chat() {
    const completion = await client.chat.completions.create({ model, max_tokens: 100, messages: [
      { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }] });
    return { object: completion.object, text: completion.choices[0].message.content,
      finishReason: completion.choices[0].finish_reason, usage: completion.usage, answers: [answer(completion)] };
  },

  async stream() {
    const read = await readStream(await client.chat.completions.create({ model, stream: true,
      stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream one two three' }] }));
    return { ...read, answers: [answer(read)] };
  },

  async tools() {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const asked = await client.chat.completions.create({ model, messages, tools: weather, tool_choice: 'required' });
    const call = asked.choices[0].message.tool_calls[0];
    // the client's own message goes back as it came, as the openai documentation's tool loop does
    messages.push(asked.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 degrees' });
    const answered = await client.chat.completions.create({ model, messages, tools: weather });
    return { askedFinishReason: asked.choices[0].finish_reason, toolName: call.function.name,
      toolArguments: JSON.parse(call.function.arguments), toolResult: 'Sunny, 21 degrees',
      text: answered.choices[0].message.content, finishReason: answered.choices[0].finish_reason,
      answers: [answer(asked), answer(answered)] };
  },

  // the client's stream helper puts the tool call back together from its deltas, and is strict about their shape
  async toolStream() {
    const stream = client.chat.completions.stream({ model, tools: weather, tool_choice: 'required',
      stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Weather in Lyon, streamed?' }] });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0].message.tool_calls[0];
    return { finishReason: final.choices[0].finish_reason, toolName: call.function.name,
      toolArguments: JSON.parse(call.function.arguments), answers: [answer(final)] };
  },

  async image() {
    const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: [
      { type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: pngDataUrl() } }] }] });
    return { text: completion.choices[0].message.content, usage: completion.usage, answers: [answer(completion)] };
  },

  async models() {
    const ids = [];
    for await (const listed of client.models.list()) {
      ids.push(listed.id);
    }
    return { ids };
  },

  async embeddings() {
    const embedded = await client.embeddings.create({ model: embeddingModel, input: ['a', 'b'] });
    return { object: embedded.object, model: embedded.model,
      vectors: embedded.data.map((d) => ({ index: d.index, length: d.embedding.length,
        allNumbers: d.embedding.every(Number.isFinite), norm: Math.hypot(...d.embedding) })),
      usage: embedded.usage, answers: [{ id: null, usage: embedded.usage }] };
  },

  async errors() {
    const attempt = async (call) => {
      try {
        await call();
        return { name: 'no error' };
      } catch (e) {
        return raised(e);
      }
    };
    const messages = [{ role: 'user', content: 'hi' }];
    const stranger = new OpenAI({ baseURL, apiKey: `bm_${'x'.repeat(43)}` });
    const badToken = await attempt(() => stranger.chat.completions.create({ model, messages }));
    const unknownModel = await attempt(() => client.chat.completions.create({ model: 'anthropic.claude-unknown-v9',
      messages }));
    const twoChoices = await attempt(() => client.chat.completions.create({ model, messages, n: 2 }));
    return { badToken, badTokenIsAuthenticationError: badToken.name === OpenAI.AuthenticationError.name,
      unknownModel, unknownModelIsNotFoundError: unknownModel.name === OpenAI.NotFoundError.name,
      twoChoices, twoChoicesIsBadRequestError: twoChoices.name === OpenAI.BadRequestError.name };
  },

  // 50 at once for a customer with a daily limit of 10; no retries, so that each 429 reaches the caller
  async dailyLimit() {
    const limited = new OpenAI({ baseURL, apiKey: limitedToken, maxRetries: 0 });
    const outcomes = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      try {
        const read = await readStream(await limited.chat.completions.create({ model, stream: true,
          stream_options: { include_usage: true }, messages: [{ role: 'user', content: `Concurrent call ${i}` }] }));
        return { ok: read };
      } catch (e) {
        return { refused: raised(e), rateLimitError: e instanceof OpenAI.RateLimitError };
      }
    }));
    const answered = outcomes.filter((o) => o.ok).map((o) => o.ok);
    const refused = outcomes.filter((o) => o.refused);
    return { answered: answered.length, completeStreams: answered.filter((a) => a.usage && a.text).length,
      rateLimitErrors: refused.filter((o) => o.rateLimitError).length,
      otherErrors: refused.filter((o) => !o.rateLimitError).map((o) => o.refused),
      refusals: [...new Set(refused.map((o) => `${o.refused.status} ${o.refused.type} ${o.refused.code}`))],
      retryAfter: refused.every((o) => Number(o.refused.retryAfter) > 0), answers: answered.map(answer) };
  },

  // A client that leaves after the first chunk. The simulator echoes at most 200 characters of text, so the long
  // answer is a tool call filling 2,000 required properties: about 26,000 chunks, still being written when the
  // client aborts. The same request read to its end (with the plain customer's token) says what it costs.
  async disconnect() {
    const properties = {};
    for (let i = 0; i < 2000; i++) {
      properties[`field_${i}`] = { type: 'string' };
    }
    const request = { model, stream: true, stream_options: { include_usage: true }, max_tokens: 100000,
      tools: [{ type: 'function', function: { name: 'fill_form', description: 'Fills in a long form',
        parameters: { type: 'object', properties, required: Object.keys(properties) } } }],
      tool_choice: { type: 'function', function: { name: 'fill_form' } },
      messages: [{ role: 'user', content: 'Fill in every field with this sentence, which is long enough to make '
        + 'each of the two thousand answers take a good number of chunks on the wire.' }] };
    const gone = new OpenAI({ baseURL, apiKey: disconnectToken });
    const stream = await gone.chat.completions.create(request);
    let received = 0;
    for await (const chunk of stream) {
      received++;
      stream.controller.abort();
      break;
    }
    const reference = await readStream(await client.chat.completions.create(request));
    return { receivedBeforeAbort: received, aborted: stream.controller.signal.aborted,
      reference: { chunks: reference.chunks, finishReason: reference.finishReason, usage: reference.usage },
      answers: [answer(reference)] };
  },
};

let failures = 0;
for (const [name, step] of Object.entries(steps)) {
  try {
    console.log(JSON.stringify({ step: name, ...(await step()) }));
  } catch (e) {
    failures++;
    console.log(JSON.stringify({ step: name, failed: { ...raised(e), error: e.error ?? null,
      stack: e.stack?.split('\n').slice(0, 4).join(' | ') } }));
  }
}
process.exit(failures === 0 ? 0 : 1);
