// CloudWatch Logs calls (docs/cloudwatch-logs.md) and the shapes of their
// answers, as the Logs pages use them.
import { awsCall } from '../api';

export interface LogGroup {
  logGroupName: string;
  creationTime?: number;
  retentionInDays?: number;
  metricFilterCount?: number;
  storedBytes?: number;
  arn?: string;
  logGroupClass?: string;
}

export interface LogStream {
  logStreamName: string;
  creationTime?: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes?: number;
}

export interface LogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime?: number;
  eventId: string;
}

export interface MetricTransformation {
  metricName: string;
  metricNamespace: string;
  metricValue: string;
  defaultValue?: number;
  unit?: string;
  dimensions?: Record<string, string>;
}

export interface MetricFilter {
  filterName: string;
  filterPattern: string;
  logGroupName: string;
  creationTime?: number;
  metricTransformations: MetricTransformation[];
}

export interface QueryField {
  field: string;
  value: string;
}

export interface QueryResults {
  status: string;
  results: QueryField[][];
  statistics?: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number };
}

// GET /api/v1/metric_filters/series: one point per period with events.
export interface MetricSeries {
  metric_name: string;
  metric_namespace: string;
  unit?: string;
  points: Array<{ time: number; value: number; matches: number; events: number }>;
}

// Calls Logs_20140328.<op> with `body`.
export function logs<T>(op: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return awsCall<T>(`Logs_20140328.${op}`, body, signal);
}

// "Never expire" or "30 days".
export function retention(days: number | undefined): string {
  if (!days) return 'Never expire';
  return `${days} day${days === 1 ? '' : 's'}`;
}

// The trace a log message names: a `trace_id`/`traceId` (or `traceID`,
// `otelTraceID`) key of a JSON message, else such a key in the text, as 32
// hex digits (X-Ray's 1-xxxxxxxx-yyyy… ids converted); '' when none.
export function traceIdOf(message: string, json: unknown): string {
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    for (const k of ['trace_id', 'traceId', 'traceID', 'otelTraceID', 'trace.id']) {
      const id = normaliseTraceId(o[k]);
      if (id) return id;
    }
  }
  const m = /\b(?:trace[_.]?id|otelTraceID)["']?\s*[:=]\s*["']?(1-[0-9a-f]{8}-[0-9a-f]{24}|[0-9a-f]{32})\b/i.exec(message);
  return m ? normaliseTraceId(m[1]) : '';
}

function normaliseTraceId(v: unknown): string {
  if (typeof v !== 'string') return '';
  const s = v.trim().toLowerCase();
  if (/^[0-9a-f]{32}$/.test(s) && !/^0+$/.test(s)) return s;
  const x = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(s);
  return x ? x[1] + x[2] : '';
}

// The parsed message when it is a JSON object or array, else undefined.
export function jsonOf(message: string): unknown {
  const t = message.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}
