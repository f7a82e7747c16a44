// Good manners towards a busy API server, per cluster: a client-side rate limit (a token bucket with
// client-go's defaults, which kubectl uses for every non-discovery request), a cap on requests in flight,
// and the retry rule for answers that ask the client to come back later (429 Too Many Requests, or a 5xx
// with Retry-After), with a bounded number of attempts, jitter and an overall deadline.

import { ConfigError } from './errors.js';

export interface ThrottleOptions {
  /** Requests per second the bucket refills; 0 turns the client-side rate limit off. */
  qps: number;
  /** Requests that may start at once before the rate applies. */
  burst: number;
  /** Requests in flight at most (watch streams are long-running and not counted). */
  maxInflight: number;
  /** Retries of one request after 429 / Retry-After answers. */
  maxRetries: number;
  /** No retry is started that would end after this many ms since the first attempt. */
  retryDeadlineMs: number;
}

/**
 * kubectl's rate for a burst of requests: cli-runtime's ConfigFlags give discovery 50 QPS (burst 300).
 * client-go's rest.DefaultQPS / DefaultBurst (5 / 10) suit a controller's steady trickle, not one command
 * asking at once: `doctor` sends one access review per needed permission, all together.
 */
export const DEFAULT_THROTTLE: ThrottleOptions = {
  qps: 50,
  burst: 100,
  maxInflight: 16,
  maxRetries: 5,
  retryDeadlineMs: 60_000,
};

/** `kubectl diag mcp`: the same rate, per context, for bursts of tool calls. */
export const MCP_THROTTLE: ThrottleOptions = DEFAULT_THROTTLE;

/** Upper bound of a flag value: far above anything useful, low enough to catch typos. */
const FLAG_MAX = { qps: 10_000, burst: 10_000, maxInflight: 1_000 } as const;

/** Checks the --qps / --burst / --max-inflight values; a bad one is a ConfigError naming the flag. */
export function throttleOptions(
  given: { qps?: number; burst?: number; maxInflight?: number } = {},
  defaults: ThrottleOptions = DEFAULT_THROTTLE,
): ThrottleOptions {
  const check = (flag: string, value: number | undefined, min: number, max: number, integer: boolean) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
      throw new ConfigError(
        `--${flag} ${String(value)} is out of range`,
        `Use ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`,
      );
  };
  check('qps', given.qps, 0, FLAG_MAX.qps, false);
  check('burst', given.burst, 1, FLAG_MAX.burst, true);
  check('max-inflight', given.maxInflight, 1, FLAG_MAX.maxInflight, true);
  return {
    ...defaults,
    ...(given.qps !== undefined ? { qps: given.qps } : {}),
    ...(given.burst !== undefined ? { burst: given.burst } : {}),
    ...(given.maxInflight !== undefined ? { maxInflight: given.maxInflight } : {}),
  };
}

/** --qps takes a decimal number (client-go's QPS is a float32). */
export function parseQps(raw: string): number {
  const text = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new ConfigError(
      `--qps "${text.slice(0, 40)}" is not a number`,
      'Use a number such as 5, 20 or 0.5; 0 turns the limit off.',
    );
  return Number(text);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A token bucket like client-go's flowcontrol.NewTokenBucketRateLimiter: `burst` at once, then `qps`. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  /** Callers in arrival order; each takes one token. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly pause: (ms: number) => Promise<void> = sleep,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when the caller may start a request (first come, first served). */
  take(): Promise<void> {
    if (this.qps <= 0) return Promise.resolve();
    const turn = this.tail.then(() => this.wait());
    this.tail = turn;
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.pause(Math.ceil(((1 - this.tokens) / this.qps) * 1000));
    }
  }
}

/** At most `max` holders at once; the others wait in arrival order. */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async acquire(): Promise<() => void> {
    if (this.used < this.max) this.used++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `used` stays the same.
      if (next) next();
      else this.used--;
    };
  }

  get inUse(): number {
    return this.used;
  }
}

/** The API Priority and Fairness classification the apiserver put on an answer (UIDs, never names). */
export interface FlowClassification {
  flowSchemaUid?: string;
  priorityLevelUid?: string;
}

/**
 * The headers every answer that passed APF carries, served or rejected (k8s.io/apiserver
 * pkg/server/filters/priority-and-fairness.go setResponseHeaders; names in k8s.io/api flowcontrol/v1
 * ResponseHeaderMatchedFlowSchemaUID / ResponseHeaderMatchedPriorityLevelConfigurationUID). The server
 * sends UIDs on purpose, so names need a read of the flowcontrol objects.
 */
export const FLOW_SCHEMA_HEADER = 'x-kubernetes-pf-flowschema-uid';
export const PRIORITY_LEVEL_HEADER = 'x-kubernetes-pf-prioritylevel-uid';

type HeaderValue = string | string[] | undefined;

function first(value: HeaderValue): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  // A UID is short; anything long or odd is not shown to anyone.
  return text !== undefined && /^[A-Za-z0-9-]{1,64}$/.test(text) ? text : undefined;
}

export function flowOf(headers: Record<string, HeaderValue>): FlowClassification | undefined {
  const flowSchemaUid = first(headers[FLOW_SCHEMA_HEADER]);
  const priorityLevelUid = first(headers[PRIORITY_LEVEL_HEADER]);
  if (flowSchemaUid === undefined && priorityLevelUid === undefined) return undefined;
  return { flowSchemaUid, priorityLevelUid };
}

/** Retry-After in whole seconds (the apiserver sends integers: 1 from max-in-flight, 1-32 from APF). */
export function retryAfterSeconds(value: HeaderValue): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d{1,6}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

export interface RetryPlan {
  /** How long to wait before the next attempt; never less than the server asked. */
  delayMs: number;
  /** What the server asked for, if it said. */
  askedSeconds?: number;
}

/**
 * Whether and when to try again after `status`. 429 is always retryable (with Retry-After as asked,
 * else exponential back-off from 1 s); a 5xx only when the server sent Retry-After, as client-go does
 * (rest/with_retry.go checkWait). Jitter only lengthens the wait (up to +20 %), so the server's request
 * is always honoured and a burst of clients does not come back in lock-step.
 */
export function retryPlan(
  status: number,
  retryAfter: number | undefined,
  retriesSoFar: number,
  random: () => number = Math.random,
): RetryPlan | undefined {
  const retryable = status === 429 || (status >= 500 && retryAfter !== undefined);
  if (!retryable) return undefined;
  const baseMs = retryAfter !== undefined ? retryAfter * 1000 : Math.min(1000 * 2 ** retriesSoFar, 16_000);
  const delayMs = Math.round(baseMs * (1 + 0.2 * random()));
  return { delayMs, ...(retryAfter !== undefined ? { askedSeconds: retryAfter } : {}) };
}

/** Names of the flow schema and priority level a request landed in, or their UIDs when unreadable. */
export interface FlowControlInfo {
  flowSchema?: string;
  priorityLevel?: string;
  flowSchemaUid?: string;
  priorityLevelUid?: string;
  /** False when the flowcontrol objects could not be read (names unknown, UIDs shown). */
  named: boolean;
}

/** `flow schema "x", priority level "y"`, with UIDs for what could not be named. */
export function flowText(info: FlowControlInfo): string {
  const part = (what: string, name?: string, uid?: string) =>
    name ? `${what} "${name}"` : uid ? `${what} uid ${uid}` : `${what} unknown`;
  return `${part('flow schema', info.flowSchema, info.flowSchemaUid)}, ${part('priority level', info.priorityLevel, info.priorityLevelUid)}`;
}

export { sleep as waitMs };
