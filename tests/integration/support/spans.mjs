// Produces real SDK spans and their OTLP request bodies for tests that send
// raw HTTP requests.

import api from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

const { SpanKind, context, trace } = api;

// Makes one trace of `count` spans (a SERVER root and count-1 INTERNAL
// children) for `serviceName`, with optional extra root attributes. Returns
// {spans, traceId, spanIds}.
export async function makeTrace(serviceName, count, rootAttrs = {}) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('raw-sender');
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER, attributes: rootAttrs });
  const ctx = trace.setSpan(context.active(), root);
  for (let i = 1; i < count; i++) tracer.startSpan(`child-${i}`, {}, ctx).end();
  root.end();
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return { spans, traceId: root.spanContext().traceId, spanIds: spans.map((s) => s.spanContext().spanId) };
}

// Serializes spans as an ExportTraceServiceRequest protobuf (Buffer).
export function protoBody(spans) {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
}

// Serializes spans as an OTLP/JSON ExportTraceServiceRequest (Buffer).
export function jsonBody(spans) {
  return Buffer.from(JsonTraceSerializer.serializeRequest(spans));
}
