// Real SDKs streaming through Bedrock Meter with only a base URL and a token (a Bedrock API key):
//   node stream.mjs <base URL> <token> <model id>
// prints one JSON object: each SDK's text and the usage its stream reported.
//
// The AWS SDK for JavaScript v3 runs with its defaults: it opens these operations over HTTP/2 (plain-text h2c here)
// and sends GOAWAY as soon as the answer's headers arrive, which the proxy's server lets the stream outlive.
import { BedrockRuntimeClient, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';

const [base, token, model] = process.argv.slice(2);
process.env.AWS_BEARER_TOKEN_BEDROCK = token; // how the AWS SDKs take a Bedrock API key
const results = {};

const aws = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: base });
const invoked = await aws.send(new InvokeModelWithResponseStreamCommand({
  modelId: model, contentType: 'application/json',
  body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100,
    messages: [{ role: 'user', content: 'Hello from JavaScript' }] }) }));
let text = '';
let metrics = null;
for await (const event of invoked.body) {
  if (event.chunk) {
    const e = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
    if (e.type === 'content_block_delta') text += e.delta.text;
    if (e['amazon-bedrock-invocationMetrics']) metrics = e['amazon-bedrock-invocationMetrics'];
  }
}
results.awsInvokeStream = { text, inputTokens: metrics.inputTokenCount, outputTokens: metrics.outputTokenCount };

const conversed = await aws.send(new ConverseStreamCommand({ modelId: model,
  messages: [{ role: 'user', content: [{ text: 'Hello from Converse' }] }] }));
let ctext = '';
let usage = null;
for await (const event of conversed.stream) {
  if (event.contentBlockDelta) ctext += event.contentBlockDelta.delta.text;
  if (event.metadata) usage = event.metadata.usage;
}
results.awsConverseStream = { text: ctext, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };

const anthropic = new AnthropicBedrock({ baseURL: base, awsRegion: 'us-east-1', apiKey: token });
const stream = anthropic.messages.stream({ model, max_tokens: 100,
  messages: [{ role: 'user', content: 'Hello from Anthropic' }] });
let atext = '';
stream.on('text', (t) => { atext += t; });
const final = await stream.finalMessage();
results.anthropicStream = { text: atext, inputTokens: final.usage.input_tokens, outputTokens: final.usage.output_tokens };

console.log(JSON.stringify(results));
