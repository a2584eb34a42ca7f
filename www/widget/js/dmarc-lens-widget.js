// dmarc-lens widget: <dmarc-lens-record> and the JavaScript API.
//
//   <script type="module" src="https://…/dmarc-lens-widget.js"></script>
//   <dmarc-lens-record>v=DMARC1; p=none; rua=mailto:d@example.com</dmarc-lens-record>
//
//   import { explain, plan } from "https://…/dmarc-lens-widget.js";
//   const e = await explain("v=spf1 -all");            // explain --json shape
//   const p = await plan({ domain: "example.com", rua: ["mailto:d@example.com"] });
//
// The WebAssembly is fetched once, when the first element is connected or
// the API is first called, and shared by every element on the page: a small
// module that explains DNS records, and a full one (message headers and
// plans) fetched only on the first headers or plan() call. Everything a record or an explanation holds is
// put on the page as text (textContent), never as markup. No eval, no
// inline styles: the element's styles are a constructed stylesheet inside
// its shadow root, so nothing leaks in or out.

const here = import.meta.url;
const modules = { core: null, full: null };

/** Loads one of the two WebAssembly modules once; callers share it. */
function load(name) {
  if (!modules[name]) {
    const loading = import(new URL(`./dmarc-lens-widget-${name}.js`, here).href).then(async (module) => {
      await module.default({ module_or_path: new URL(`./dmarc-lens-widget-${name}_bg.wasm`, here) });
      return module;
    });
    loading.catch(() => { modules[name] = null; });
    modules[name] = loading;
  }
  return modules[name];
}

/** Loads the small module (DNS records), once; every caller shares it. */
export function ready() {
  return load("core");
}

/** The module that explains `text`: the small one, or the full one for
 *  message headers (fetched on first need). */
async function moduleFor(text, kind) {
  const core = await ready();
  return core.needs_full(text, kind) ? load("full") : core;
}

/** explain(text, {kind?}) → {kind, input, diagnostics, tags, corrected, …}. */
export async function explain(text, options = {}) {
  const value = String(text ?? "");
  const opts = options ?? {};
  return (await moduleFor(value, opts.kind ?? undefined)).explain(value, opts);
}

/** plan(options) → {domain, purpose, stages, extra_records, notes, diagnostics, …}. */
export async function plan(options) {
  return (await load("full")).plan(options ?? {});
}

const CSS = `
:host { display: block; min-height: var(--dmarc-lens-reserve, 5rem); margin: 1rem 0; }
:host([hidden]) { display: none; }
.w {
  --bg: var(--dmarc-lens-bg, #ffffff); --fg: var(--dmarc-lens-fg, #1b1f24);
  --muted: var(--dmarc-lens-muted, #59636e); --line: var(--dmarc-lens-line, #d5dae0);
  --panel: var(--dmarc-lens-panel, #f5f7f9); --accent: var(--dmarc-lens-accent, #0b5cad);
  --error: var(--dmarc-lens-error, #b3261e); --error-bg: var(--dmarc-lens-error-bg, #fde8e7);
  --warning: var(--dmarc-lens-warning, #8a5a00); --warning-bg: var(--dmarc-lens-warning-bg, #fff3d6);
  --info: var(--dmarc-lens-info, #0b5cad); --info-bg: var(--dmarc-lens-info-bg, #e5f0fb);
  all: initial; display: block; box-sizing: border-box;
  color: var(--fg); background: var(--bg);
  font: 400 15px/1.5 var(--dmarc-lens-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif);
  border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.85rem;
}
.dark {
  --bg: var(--dmarc-lens-bg, #14171b); --fg: var(--dmarc-lens-fg, #e6e9ed);
  --muted: var(--dmarc-lens-muted, #a4adb8); --line: var(--dmarc-lens-line, #353c45);
  --panel: var(--dmarc-lens-panel, #1d2127); --accent: var(--dmarc-lens-accent, #7db8f2);
  --error: var(--dmarc-lens-error, #ff9a91); --error-bg: var(--dmarc-lens-error-bg, #3d1d1b);
  --warning: var(--dmarc-lens-warning, #f2c562); --warning-bg: var(--dmarc-lens-warning-bg, #372b10);
  --info: var(--dmarc-lens-info, #8ec3f5); --info-bg: var(--dmarc-lens-info-bg, #16293d);
}
.w * { box-sizing: border-box; color: inherit; font: inherit; }
code, pre, textarea { font-family: var(--dmarc-lens-mono, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace) !important; font-size: 0.92em !important; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0; padding: 0.4rem 0.6rem; background: var(--panel); border-radius: 4px; }
p { margin: 0.25rem 0; }
.summary { font-weight: 600 !important; }
mark { color: inherit; background: transparent; text-decoration-thickness: 2px; text-underline-offset: 3px; }
mark.error { background: var(--error-bg); text-decoration-line: underline; text-decoration-style: wavy; text-decoration-color: var(--error); }
mark.warning { background: var(--warning-bg); text-decoration-line: underline; text-decoration-style: dashed; text-decoration-color: var(--warning); }
mark.info { background: var(--info-bg); text-decoration-line: underline; text-decoration-style: dotted; text-decoration-color: var(--info); }
mark.point { display: inline-block; width: 0.5em; height: 1em; vertical-align: text-bottom; border-bottom: 3px solid var(--error); }
ol { list-style: none; margin: 0.4rem 0; padding: 0; display: grid; gap: 0.4rem; }
li { border-left: 4px solid var(--info); padding: 0.2rem 0.6rem; background: var(--panel); border-radius: 0 4px 4px 0; }
li.error { border-left-color: var(--error); }
li.warning { border-left-color: var(--warning); border-left-style: double; border-left-width: 6px; }
li.info { border-left-style: dotted; }
.sev { font-weight: 700 !important; margin-right: 0.5rem; }
li.error .sev { color: var(--error); } li.warning .sev { color: var(--warning); } li.info .sev { color: var(--info); }
.code, .ref, .muted { color: var(--muted); }
.ref { font-size: 0.88em !important; }
details { margin-top: 0.4rem; }
summary { cursor: pointer; color: var(--accent); }
summary:focus-visible, textarea:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em !important; margin-top: 0.3rem; }
th, td { text-align: left; vertical-align: top; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600 !important; }
label { display: block; font-weight: 600 !important; margin-bottom: 0.2rem; }
textarea { display: block; width: 100%; min-height: 3.2em; padding: 0.4rem 0.5rem; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; resize: vertical; }
.fallback { color: var(--muted); }
`;

let sheet = null;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** A new element with a class and text (text only, never markup). */
function el(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function darkWanted(theme) {
  if (theme === "dark") return true;
  if (theme === "light") return false;
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

class DmarcLensRecord extends HTMLElement {
  static get observedAttributes() {
    return ["record", "kind", "editable", "compact", "theme"];
  }

  #root;
  #frame;
  #input = null;
  #output;
  #typed = null;
  #queued = false;
  #observer = null;
  #media = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.adoptedStyleSheets = [styles()];
    this.#frame = el("div", "w");
    this.#frame.setAttribute("part", "frame");
    this.#output = el("div", "out");
    this.#output.setAttribute("aria-live", "polite");
    this.#frame.append(this.#output);
    this.#root.append(this.#frame);
  }

  /** The record shown: what the reader typed, else `record`, else the content. */
  get text() {
    if (this.#typed !== null) return this.#typed;
    return this.getAttribute("record") ?? (this.textContent || "").trim();
  }

  connectedCallback() {
    if (!this.#observer) {
      this.#observer = new MutationObserver(() => {
        if (!this.hasAttribute("record")) this.#update();
      });
    }
    this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    if (!this.#media && typeof matchMedia === "function") {
      this.#media = matchMedia("(prefers-color-scheme: dark)");
      this.#media.addEventListener("change", () => this.#theme());
    }
    this.#theme();
    this.#editor();
    if (!this.#output.firstChild) {
      // Until the WebAssembly is in: the record itself, in the same place.
      this.#output.replaceChildren(el("pre", "record fallback", this.text));
    }
    this.#update();
  }

  disconnectedCallback() {
    if (this.#observer) this.#observer.disconnect();
  }

  attributeChangedCallback(name, before, after) {
    if (!this.isConnected || before === after) return;
    if (name === "theme") return this.#theme();
    if (name === "record") this.#typed = null;
    if (name === "editable") this.#editor();
    this.#update();
  }

  #theme() {
    this.#frame.classList.toggle("dark", darkWanted(this.getAttribute("theme") || "auto"));
  }

  #editor() {
    const wanted = this.hasAttribute("editable");
    if (wanted && !this.#input) {
      const id = "dmarc-lens-try";
      const label = el("label", "", "Try a record");
      label.htmlFor = id;
      const input = el("textarea", "");
      input.id = id;
      input.spellcheck = false;
      input.value = this.text;
      input.addEventListener("input", () => {
        this.#typed = input.value;
        this.#update();
      });
      this.#input = el("div", "editor");
      this.#input.append(label, input);
      this.#frame.prepend(this.#input);
    } else if (!wanted && this.#input) {
      this.#input.remove();
      this.#input = null;
      this.#typed = null;
    }
  }

  #update() {
    if (this.#queued) return;
    this.#queued = true;
    moduleFor(this.text, this.getAttribute("kind") || undefined).then(
      (module) => {
        this.#queued = false;
        this.#render(module);
      },
      (error) => {
        this.#queued = false;
        this.#output.replaceChildren(
          el("pre", "record fallback", this.text),
          el("p", "muted", "The explanation could not load: " + (error && error.message ? error.message : error)),
        );
      },
    );
  }

  #render(module) {
    const kind = this.getAttribute("kind") || undefined;
    let view;
    try {
      if (module.needs_full(this.text, kind)) {
        // The text became message headers while the small module loaded.
        this.#update();
        return;
      }
      view = module.view(this.text, kind);
    } catch (error) {
      this.#output.replaceChildren(el("p", "muted", String(error && error.message ? error.message : error)));
      return;
    }
    const compact = this.hasAttribute("compact");
    const parts = [];
    if (!compact) {
      const pre = el("pre", "record");
      pre.setAttribute("aria-label", "The record with findings marked");
      for (const run of view.runs) {
        if (!run.severity) {
          pre.append(document.createTextNode(run.text));
          continue;
        }
        const mark = el("mark", (run.point ? "point " : "") + run.severity, run.text);
        mark.dataset.codes = run.codes;
        mark.title = run.messages;
        if (run.point) {
          mark.setAttribute("role", "img");
          mark.setAttribute("aria-label", "something is missing here");
        }
        pre.append(mark);
      }
      parts.push(pre);
    }
    const summary = el("p", "summary", view.summary);
    summary.dataset.kind = view.kind;
    parts.push(summary);
    if (view.findings.length) {
      const list = el("ol", "findings");
      for (const f of view.findings) {
        const item = el("li", f.severity);
        item.dataset.code = f.code;
        const head = el("p", "head");
        head.append(el("span", "sev", f.label), el("code", "code", f.code));
        if (f.excerpt) head.append(" at ", el("code", "", f.excerpt));
        const help = el("p", "help");
        help.append(el("strong", "", "Fix: "), document.createTextNode(f.help));
        item.append(head, el("p", "message", f.message), help, el("p", "ref", f.reference));
        list.append(item);
      }
      parts.push(list);
    } else {
      parts.push(el("p", "clear", "No findings: receivers read this exactly as written."));
    }
    if (!compact && view.corrected) {
      parts.push(el("p", "", "Corrected record:"), el("pre", "corrected", view.corrected));
    }
    if (!compact && view.tags.length) {
      const details = el("details", "tags");
      details.append(el("summary", "", `Tags (${view.tags.length})`));
      const table = el("table");
      const head = el("tr");
      for (const h of ["Tag", "Value", "Meaning", "Default", "Effective"]) {
        const th = el("th", "", h);
        th.scope = "col";
        head.append(th);
      }
      const thead = el("thead");
      thead.append(head);
      const body = el("tbody");
      for (const t of view.tags) {
        const row = el("tr");
        row.dataset.tag = t.name;
        const name = el("th", "");
        name.scope = "row";
        name.append(el("code", "", t.name));
        const value = el("td", t.value === null ? "muted" : "");
        value.append(t.value === null ? document.createTextNode("absent") : el("code", "", t.value));
        row.append(name, value, el("td", "", t.meaning), el("td", "", t.default), el("td", "effective", t.effective));
        body.append(row);
      }
      table.append(thead, body);
      details.append(table);
      parts.push(details);
    }
    this.#output.replaceChildren(...parts);
    this.dataset.state = "ready";
  }
}

if (!customElements.get("dmarc-lens-record")) {
  customElements.define("dmarc-lens-record", DmarcLensRecord);
}
