// Type declarations for dmarc-lens-widget.js: the <dmarc-lens-record>
// element and the JavaScript API. The shapes are those of
// `dmarc-lens explain --json` and `dmarc-lens plan --json`.

/** A span of the text: byte offsets (UTF-8), end exclusive. */
export interface Span { start: number; end: number; }

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  code: string;
  severity: Severity;
  span: Span;
  message: string;
  help: string;
  reference: string;
}

export interface Tag {
  name: string;
  value: string | null;
  span: Span | null;
  meaning: string;
  default: string;
  effective: string;
  /** For SPF terms: DNS lookups against the limit of 10. */
  lookups?: number;
}

export type Kind =
  | "dmarc" | "dmarc-report-auth" | "spf" | "dkim" | "bimi" | "mta-sts"
  | "mta-sts-policy" | "tls-rpt" | "headers" | "several" | "unknown";

export interface Explanation {
  kind: Kind;
  input: string;
  name?: string;
  value?: string;
  diagnostics: Diagnostic[];
  tags: Tag[];
  corrected: string | null;
  records?: Array<{ kind: Kind; name: string | null; value: string; span: Span; diagnostics: Diagnostic[]; tags: Tag[]; corrected: string | null }>;
  key?: { algorithm: "rsa" | "ed25519"; bits: number };
  alignment?: unknown;
}

export interface ExplainOptions {
  /** Read the text as this kind instead of detecting it. */
  kind?: Exclude<Kind, "several" | "unknown">;
}

export interface PlanOptions {
  domain: string;
  parked?: boolean;
  receives_mail?: boolean;
  rua?: string[];
  ruf?: string[];
  subdomains?: Array<{ name: string; current?: string }>;
  mailing_lists?: boolean;
  style?: "pct" | "testing" | "both";
  pace?: "standard" | "conservative";
  /** YYYY-MM-DD; today (UTC) when absent. */
  start?: string;
  /** The record at _dmarc.<domain> today. */
  current?: string;
}

export interface DnsRecord {
  name: string;
  type: "TXT" | "MX";
  ttl: number;
  value: string;
  kind: string | null;
  note?: string;
}

export interface Stage {
  name: string;
  records: DnsRecord[];
  min_days: number;
  start: string;
  exit_criteria: string[];
  rollback: { name: string; value: string };
  rollback_also?: Array<{ name: string; value: string }>;
  why: string;
}

export interface Plan {
  domain: string;
  purpose: "sending" | "parked";
  style: "pct" | "testing" | "both";
  pace: "standard" | "conservative";
  end_policy: "reject" | "quarantine";
  stages: Stage[];
  extra_records: DnsRecord[];
  notes: string[];
  diagnostics: Array<{ subject: string; text: string | null } & Diagnostic>;
}

/** Loads the WebAssembly (once per page). */
export function ready(): Promise<unknown>;
/** Explains a record, zone-file lines or message headers. Rejects on an unknown kind. */
export function explain(text: string, options?: ExplainOptions): Promise<Explanation>;
/** A staged rollout plan, or a parked-domain kit. Rejects on options that are not a plan's. */
export function plan(options: PlanOptions): Promise<Plan>;

/** <dmarc-lens-record record? kind? editable? compact? theme?> */
export interface DmarcLensRecordElement extends HTMLElement {
  /** The record shown. */
  readonly text: string;
}

declare global {
  interface HTMLElementTagNameMap {
    "dmarc-lens-record": DmarcLensRecordElement;
  }
}
